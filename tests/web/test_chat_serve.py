"""`python -m assistant serve` wires settings, sign-in, the app and the file route together."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from assistant import cli
from assistant.web.auth import hash_password
from tests.conftest import HashEmbeddings
from tests.web.conftest import ServerThread

PDF = "/tep/bao-cao/BC_45-BC-SCT_04.4.2025_Bao-cao-tinh-hinh-quy-I-2025.pdf"


Check = Callable[[int], dict[str, Any]]


@pytest.fixture
def serve_and(monkeypatch: pytest.MonkeyPatch, web_index, tmp_path) -> Callable[[Check], dict[str, Any]]:
    """Run `serve` with the tests' hash embedder (the demo index was embedded with it: the real model must not read
    it); where it would block, serve its app on a free port and run `check(port)`. What the check saw is returned,
    with the exit code under "code"."""
    monkeypatch.setenv("TRO_LY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRO_LY_OCR", "0")

    def run(check: Check) -> dict[str, Any]:
        seen: dict[str, Any] = {}

        def serve(server: Any, host: str, port: int) -> None:
            thread = ServerThread(server).start()
            try:
                seen.update(check(thread.port))
            finally:
                thread.stop()

        monkeypatch.setattr("assistant.web.server.serve", serve)
        argv = ["serve", "--index", str(web_index.settings.index_dir), "--port", str(ANNOUNCED)]
        seen["code"] = cli.main(argv, embedder=HashEmbeddings())
        return seen

    return run


# The port `serve` is told to use: free here (it checks before announcing), then replaced by the test server's.
ANNOUNCED = 7999


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another program listens on while the test runs."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.fixture
def serve_never_runs(monkeypatch: pytest.MonkeyPatch, web_index, tmp_path) -> list[int]:
    """`serve`'s settings on the demo index, its server replaced by a recorder of the ports it would listen on."""
    monkeypatch.setenv("TRO_LY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRO_LY_OCR", "0")
    monkeypatch.setenv("TRO_LY_INDEX_DIR", str(web_index.settings.index_dir))
    served: list[int] = []
    monkeypatch.setattr("assistant.web.server.serve", lambda server, host, port: served.append(port))
    return served


def status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def test_serve_opens_the_chat_and_the_files_without_sign_in(serve_and, capsys) -> None:
    seen = serve_and(lambda port: {"page": status(port, "/"), "file": status(port, PDF)})
    assert seen == {"code": 0, "page": 200, "file": 200}
    assert f"http://127.0.0.1:{ANNOUNCED} (không cần đăng nhập" in capsys.readouterr().out


def test_a_busy_port_is_named_in_vietnamese_before_anything_is_announced(serve_never_runs, busy_port, capsys) -> None:
    code = cli.main(["serve", "--port", str(busy_port)], embedder=HashEmbeddings())
    out, err = capsys.readouterr()
    assert code == 1 and serve_never_runs == []
    assert f"Cổng {busy_port} đang được dùng bởi chương trình khác" in err
    assert f"make run PORT={busy_port + 1} hoặc TRO_LY_PORT={busy_port + 1}" in err
    assert "Trợ lý Kho Báo cáo: http" not in out and "Errno" not in err and "Traceback" not in err


def test_the_port_comes_from_the_environment_unless_given(serve_never_runs, busy_port, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRO_LY_PORT", str(busy_port))
    assert cli.main(["serve"], embedder=HashEmbeddings()) == 1
    assert f"Cổng {busy_port} đang được dùng" in capsys.readouterr().err
    with socket.socket() as probe:  # a port free a moment ago: --port wins over the busy one of the environment
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert cli.main(["serve", "--port", str(free)], embedder=HashEmbeddings()) == 0
    assert serve_never_runs == [free]
    assert f"http://127.0.0.1:{free} (" in capsys.readouterr().out


def test_serve_with_accounts_closes_the_files_to_strangers(serve_and, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRO_LY_USERS", f"lan:admin:{hash_password('mat-khau-cua-lan')}")
    seen = serve_and(lambda port: {"file": status(port, PDF)})
    assert seen == {"code": 0, "file": 401}
    assert "đăng nhập bằng tài khoản" in capsys.readouterr().out


@pytest.mark.slow  # a live server and several scrypt sign-ins: ~10 s, in `make test` only
def test_the_api_needs_the_same_sign_in(serve_and, monkeypatch) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    def ask(port: int) -> dict[str, Any]:
        url = f"http://127.0.0.1:{port}/"
        try:
            Client(url, verbose=False).predict("Kim ngạch xuất khẩu quý I?", api_name="/chat")
            stranger = "answered"
        except AuthenticationError:
            stranger = "refused"
        answer = Client(url, auth=("lan", "mat-khau-cua-lan"), verbose=False).predict(
            "Kim ngạch xuất khẩu quý I?", api_name="/chat"
        )
        return {"stranger": stranger, "answer": answer}

    monkeypatch.setenv("TRO_LY_USERS", f"lan:user:{hash_password('mat-khau-cua-lan')}")
    seen = serve_and(ask)
    assert seen["code"] == 0 and seen["stranger"] == "refused"
    assert "Nguồn:" in seen["answer"]
