"""`python -m assistant serve` wires settings, sign-in, the app and the file route together."""

from __future__ import annotations

import http.client
from typing import Any

import pytest

from assistant import cli, factory
from assistant.web.auth import hash_password
from tests.conftest import HashEmbeddings

PDF = "/tep/bao-cao/BC_45-BC-SCT_04.4.2025_Bao-cao-tinh-hinh-quy-I-2025.pdf"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, web_index, tmp_path) -> dict[str, Any]:
    """Run `serve` up to the point where it would block, keeping the server it built."""
    seen: dict[str, Any] = {}
    monkeypatch.setenv("TRO_LY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRO_LY_OCR", "0")
    # the demo index was embedded with the tests' hash embedder: the real model must not read it
    real = factory.make_assistant
    monkeypatch.setattr(
        "assistant.factory.make_assistant",
        lambda settings, parts=None: real(settings, factory.open_index(settings, HashEmbeddings())),
    )
    monkeypatch.setattr("assistant.web.server.serve", lambda server, host, port: seen.update(server=server, port=port))
    seen["run"] = lambda: cli.main(["serve", "--index", str(web_index.settings.index_dir), "--port", "7999"])
    return seen


def status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def test_serve_opens_the_chat_and_the_files_without_sign_in(started, serve_asgi, capsys) -> None:
    assert started["run"]() == 0
    assert "http://127.0.0.1:7999 (không cần đăng nhập" in capsys.readouterr().out
    server = serve_asgi(started["server"])
    assert status(server.port, "/") == 200
    assert status(server.port, PDF) == 200


def test_serve_with_accounts_closes_the_files_to_strangers(started, serve_asgi, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRO_LY_USERS", f"lan:admin:{hash_password('mat-khau-cua-lan')}")
    assert started["run"]() == 0
    assert "đăng nhập bằng tài khoản" in capsys.readouterr().out
    server = serve_asgi(started["server"])
    assert status(server.port, PDF) == 401


def test_the_api_needs_the_same_sign_in(started, serve_asgi, monkeypatch) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    monkeypatch.setenv("TRO_LY_USERS", f"lan:user:{hash_password('mat-khau-cua-lan')}")
    assert started["run"]() == 0
    url = serve_asgi(started["server"]).url
    with pytest.raises(AuthenticationError):
        Client(url, verbose=False).predict("Kim ngạch xuất khẩu quý I?", api_name="/chat")
    answer = Client(url, auth=("lan", "mat-khau-cua-lan"), verbose=False).predict(
        "Kim ngạch xuất khẩu quý I?", api_name="/chat"
    )
    assert "Nguồn:" in answer
