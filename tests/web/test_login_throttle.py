"""Password guessing (issue 11, item 4): failed sign-ins counted per name and per address, HTTP 429 after the limit,
failures logged, and the password check kept off the event loop."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import gradio as gr
import httpx
import pytest

from assistant.settings import Settings
from assistant.web.auth import Accounts, User, hash_password
from assistant.web.context import WebContext
from assistant.web.server import create_server
from assistant.web.throttle import LoginThrottle

LOCKED = "Đăng nhập sai quá nhiều lần (5 lần trong 15 phút). Hãy thử lại sau 15 phút."
LAN = Accounts({"lan": User("lan", "admin", hash_password("mat-khau-cua-lan"))})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(throttle: LoginThrottle, keys: tuple[str, ...]) -> list[int]:
    assert throttle.begin(keys) == 0
    return throttle.end(keys, failed=True)


# -- the counts --------------------------------------------------------------------------------------------------
def test_the_sixth_attempt_within_the_window_is_refused_for_the_lock_time() -> None:
    clock = Clock()
    throttle = LoginThrottle(5, 900, clock)
    keys = ("tên:lan", "địa chỉ:10.0.0.1")
    assert [fail(throttle, keys) for _ in range(5)] == [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]
    assert throttle.begin(keys) == 900
    assert throttle.begin(("tên:lan", "địa chỉ:10.0.0.2")) == 900  # the name is locked from anywhere
    assert throttle.begin(("tên:mai", "địa chỉ:10.0.0.1")) == 900  # and the address for any name
    assert throttle.begin(("tên:mai", "địa chỉ:10.0.0.2")) == 0
    clock.now += 899
    assert throttle.begin(keys) == pytest.approx(1)
    clock.now += 1
    assert throttle.begin(keys) == 0  # the lock is over, and the count starts again


def test_failures_older_than_the_window_do_not_count() -> None:
    clock = Clock()
    throttle = LoginThrottle(5, 900, clock)
    keys = ("tên:lan", "địa chỉ:10.0.0.1")
    for _ in range(4):
        fail(throttle, keys)
        clock.now += 300  # one failure every five minutes: never five within fifteen
    assert fail(throttle, keys) == [3, 3]


def test_signing_in_clears_the_name_but_not_the_address() -> None:
    throttle = LoginThrottle(5, 900, Clock())
    keys = ("tên:lan", "địa chỉ:10.0.0.1")
    for _ in range(4):
        fail(throttle, keys)
    assert throttle.begin(keys) == 0
    assert throttle.end(keys, failed=False) == [4, 4]
    throttle.clear("tên:lan")
    assert fail(throttle, ("tên:lan", "địa chỉ:10.0.0.9")) == [1, 1]
    assert fail(throttle, ("tên:mai", "địa chỉ:10.0.0.1")) == [1, 5]  # guesses at other names still count


def test_a_burst_of_attempts_at_once_is_held_to_the_limit() -> None:
    throttle = LoginThrottle(5, 900, Clock())
    keys = ("tên:lan", "địa chỉ:10.0.0.1")
    assert [throttle.begin(keys) for _ in range(7)] == [0, 0, 0, 0, 0, 1.0, 1.0]


# -- the server --------------------------------------------------------------------------------------------------
def serve(serve_asgi, tmp_path: Path, auth, **settings: int) -> str:
    with gr.Blocks() as blocks:
        gr.Markdown("xin chào")
    ctx = WebContext(Settings(data_dir=tmp_path, index_dir=tmp_path / "index", **settings), None)
    return serve_asgi(create_server(blocks, ctx, auth=auth, auth_message="Đăng nhập")).url.rstrip("/")


def login(url: str, name: str, password: str, address: str = "10.0.0.1") -> httpx.Response:
    # uvicorn takes the client's address from X-Forwarded-For when the proxy is on loopback, as nginx would be
    return httpx.post(
        f"{url}/login", data={"username": name, "password": password}, headers={"X-Forwarded-For": address}
    )


def test_the_sixth_wrong_password_gets_429_with_the_reason_even_with_the_right_one(
    serve_asgi, tmp_path: Path, caplog
) -> None:
    url = serve(serve_asgi, tmp_path, LAN.authenticate)
    with caplog.at_level(logging.WARNING, logger="assistant.web.throttle"):
        assert [login(url, "lan", f"sai-{n}").status_code for n in range(5)] == [400] * 5
    locked = login(url, "lan", "mat-khau-cua-lan")
    assert locked.status_code == 429
    assert locked.json() == {"detail": LOCKED}
    assert 890 < int(locked.headers["Retry-After"]) <= 900
    assert login(url, "lan", "mat-khau-cua-lan", address="10.0.0.2").status_code == 429  # the name, from elsewhere
    assert login(url, "mai", "bat-ky", address="10.0.0.1").status_code == 429  # the address, for another name
    failures = [r.getMessage() for r in caplog.records]
    assert len(failures) == 5
    assert failures[0] == "failed sign-in: name 'lan' from 10.0.0.1 (1/5 for this name, 1/5 from this address)"
    assert failures[-1].endswith("(5/5 for this name, 5/5 from this address); locked")


def test_the_limit_and_the_lock_are_settings(serve_asgi, tmp_path: Path) -> None:
    url = serve(serve_asgi, tmp_path, LAN.authenticate, login_max_fails=2, login_lock_minutes=3)
    assert [login(url, "lan", "sai").status_code for _ in range(3)] == [400, 400, 429]
    assert login(url, "lan", "sai").json() == {
        "detail": "Đăng nhập sai quá nhiều lần (2 lần trong 3 phút). Hãy thử lại sau 3 phút."
    }


def test_a_right_password_still_signs_in_below_the_limit(serve_asgi, tmp_path: Path) -> None:
    url = serve(serve_asgi, tmp_path, LAN.authenticate)
    for _ in range(4):
        assert login(url, "lan", "sai").status_code == 400
    with httpx.Client(headers={"X-Forwarded-For": "10.0.0.1"}) as client:
        signed_in = client.post(f"{url}/login", data={"username": "lan", "password": "mat-khau-cua-lan"})
        assert signed_in.status_code == 200
        assert client.get(f"{url}/config").json()["username"] == "lan"
    assert login(url, "lan", "sai", address="10.0.0.3").status_code == 400  # the name's count started again


def test_the_page_states_the_rule(serve_asgi, tmp_path: Path) -> None:
    url = serve(serve_asgi, tmp_path, LAN.authenticate)
    detail = httpx.get(f"{url}/gradio_api/login_check").json()["detail"]
    assert detail["auth_message"] == (
        "Đăng nhập. Sai mật khẩu 5 lần trong 15 phút thì phải chờ 15 phút mới đăng nhập lại được."
    )


def test_the_password_check_runs_off_the_event_loop(serve_asgi, tmp_path: Path) -> None:
    checking = threading.Event()

    def slow_check(name: str, password: str) -> bool:
        checking.set()
        time.sleep(2.0)  # a blocking check, as scrypt is
        return False

    url = serve(serve_asgi, tmp_path, slow_check)
    attempt = threading.Thread(target=login, args=(url, "lan", "sai"))
    attempt.start()
    assert checking.wait(5.0)
    began = time.perf_counter()
    assert httpx.get(f"{url}/").status_code == 200
    assert time.perf_counter() - began < 1.0  # on the event loop it would wait for the check to end
    attempt.join()
