"""`python -m assistant serve` wires settings, sign-in, the app and the file route together."""

from __future__ import annotations

import http.client
from collections.abc import Callable
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
        argv = ["serve", "--index", str(web_index.settings.index_dir), "--port", "7999"]
        seen["code"] = cli.main(argv, embedder=HashEmbeddings())
        return seen

    return run


def status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def test_serve_opens_the_chat_and_the_files_without_sign_in(serve_and, capsys) -> None:
    seen = serve_and(lambda port: {"page": status(port, "/"), "file": status(port, PDF)})
    assert seen == {"code": 0, "page": 200, "file": 200}
    assert "http://127.0.0.1:7999 (không cần đăng nhập" in capsys.readouterr().out


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
