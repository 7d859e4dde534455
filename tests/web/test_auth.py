"""Accounts: hashed passwords, users file and environment, the three sign-in modes, the `users add` command."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import httpx
import pytest
from starlette.datastructures import Headers

from assistant.cli import main
from assistant.settings import Settings
from assistant.web.auth import (
    NOT_SIGNED_IN_MESSAGE,
    OPEN_MODE_MESSAGE,
    Accounts,
    User,
    UsersFileError,
    admin_refusal,
    current_user,
    hash_password,
    header_user,
    is_admin,
    load_accounts,
    parse_users_env,
    read_users_file,
    verify_password,
)

LAN_HASH = hash_password("mat-khau-cua-lan")
MAI_HASH = hash_password("mat-khau-cua-mai")


def _accounts(header: str | None = None) -> Accounts:
    return Accounts({"lan": User("lan", "admin", LAN_HASH), "mai": User("mai", "user", MAI_HASH)}, header)


def test_hash_is_salted_and_verifies_only_the_right_password() -> None:
    other = hash_password("mat-khau-cua-lan")
    assert other != LAN_HASH  # a fresh salt each time
    assert "mat-khau-cua-lan" not in LAN_HASH
    assert verify_password("mat-khau-cua-lan", LAN_HASH)
    assert verify_password("mat-khau-cua-lan", other)
    assert not verify_password("mat-khau-cua-lam", LAN_HASH)
    assert not verify_password("mat-khau-cua-lan", "scrypt$1$2$3$khong$hop-le")
    assert not verify_password("mat-khau-cua-lan", "mat-khau-cua-lan")


def test_toml_and_json_users_files_give_the_same_accounts(tmp_path: Path) -> None:
    toml = tmp_path / "users.toml"
    toml.write_text(
        f'[users.lan]\nrole = "admin"\npassword = "{LAN_HASH}"\n\n[users."Nguyễn Mai"]\npassword = "{MAI_HASH}"\n',
        encoding="utf-8",
    )
    as_json = tmp_path / "users.json"
    as_json.write_text(
        json.dumps({"users": {"lan": {"role": "admin", "password": LAN_HASH}, "Nguyễn Mai": {"password": MAI_HASH}}}),
        encoding="utf-8",
    )
    for path in (toml, as_json):
        users = read_users_file(path)
        assert users == {
            "lan": User("lan", "admin", LAN_HASH),
            "Nguyễn Mai": User("Nguyễn Mai", "user", MAI_HASH),
        }


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('[users.lan]\nrole = "admin"\npassword = "mat-khau-ro"\n', "mã băm"),
        ('[users.lan]\nrole = "chu"\n', "vai trò"),
        ("[nguoi_dung]\n", "users"),
        ("[users\n", "cú pháp"),
    ],
)
def test_a_bad_users_file_is_refused_with_the_reason(tmp_path: Path, body: str, complaint: str) -> None:
    path = tmp_path / "users.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UsersFileError, match=complaint):
        read_users_file(path)


def test_environment_users_join_the_file_and_win_for_the_same_name(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    path.write_text(f'[users.lan]\nrole = "user"\npassword = "{LAN_HASH}"\n', encoding="utf-8")
    settings = Settings(users_file=path, users=f"lan:admin:{LAN_HASH}; mai:user:{MAI_HASH}")
    accounts = load_accounts(settings)
    assert accounts.role_of("lan") == "admin"
    assert accounts.role_of("mai") == "user"
    assert accounts.mode == "password"
    with pytest.raises(UsersFileError, match="tên:vai_trò:mã_băm"):
        parse_users_env("lan=admin")


def test_settings_read_the_auth_variables() -> None:
    settings = Settings.from_env(
        {
            "TRO_LY_USERS_FILE": "/etc/tro-ly/users.toml",
            "TRO_LY_AUTH_HEADER": "X-Remote-User",
            "TRO_LY_UPLOAD_MAX_MB": "7",
        }
    )
    assert settings.users_file == Path("/etc/tro-ly/users.toml")
    assert settings.auth_header == "X-Remote-User"
    assert settings.upload_max_mb == 7
    assert Settings.from_env({}).users_file is None


def test_password_mode_checks_name_and_password() -> None:
    accounts = _accounts()
    assert accounts.authenticate("lan", "mat-khau-cua-lan")
    assert accounts.authenticate(" lan ", "mat-khau-cua-lan")
    assert not accounts.authenticate("lan", "mat-khau-cua-mai")
    assert not accounts.authenticate("khach", "mat-khau-cua-lan")
    assert accounts.launch_options()["auth"]("mai", "mat-khau-cua-mai")


def test_roles_decide_who_may_change_the_archive() -> None:
    accounts = _accounts()
    lan, mai, nobody = gr.Request(username="lan"), gr.Request(username="mai"), gr.Request()
    assert current_user(lan) == "lan"
    assert current_user(None) is None
    assert is_admin(lan, accounts)
    assert not is_admin(mai, accounts)
    assert admin_refusal(lan, accounts) is None
    assert "mai" in (admin_refusal(mai, accounts) or "")
    assert admin_refusal(nobody, accounts) == NOT_SIGNED_IN_MESSAGE
    # a name no longer in the accounts (removed while signed in) loses its rights at once
    assert admin_refusal(gr.Request(username="cu"), accounts) is not None


def test_open_mode_lets_nobody_change_the_archive() -> None:
    accounts = Accounts({})
    assert accounts.mode == "open"
    assert accounts.launch_options() == {}
    assert admin_refusal(gr.Request(username="lan"), accounts) == OPEN_MODE_MESSAGE


def test_header_mode_trusts_the_proxy_header_and_the_listed_roles() -> None:
    accounts = _accounts(header="X-Remote-User")
    assert accounts.mode == "header"
    user_of = accounts.launch_options()["auth_dependency"]
    assert user_of(SimpleNamespace(headers=Headers({"x-remote-user": "lan"}))) == "lan"
    assert user_of(SimpleNamespace(headers=Headers({"x-other": "lan"}))) is None
    assert user_of(SimpleNamespace(headers=Headers({"x-remote-user": "  "}))) is None
    assert header_user("X-Remote-User")(SimpleNamespace(headers=Headers({"X-REMOTE-USER": "mai"}))) == "mai"
    assert accounts.role_of("lan") == "admin"
    assert accounts.role_of("khach") == "user"  # signed in by the proxy, not listed: an ordinary user


def test_users_add_writes_a_hash_never_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "users.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-rat-dai\n"))
    assert main(["users", "add", "lan", "--admin", "--file", str(path)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-cua-mai\n"))
    assert main(["users", "add", "mai", "--file", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "mat-khau-rat-dai" not in text
    accounts = load_accounts(Settings(users_file=path))
    assert accounts.authenticate("lan", "mat-khau-rat-dai")
    assert accounts.role_of("lan") == "admin"
    assert accounts.role_of("mai") == "user"
    assert path.stat().st_mode & 0o077 == 0

    monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
    assert main(["users", "add", "lan", "--file", str(path)]) == 1  # too short: the old entry stays
    assert load_accounts(Settings(users_file=path)).role_of("lan") == "admin"
    assert main(["users", "remove", "mai", "--file", str(path)]) == 0
    assert load_accounts(Settings(users_file=path)).role_of("mai") is None


def test_users_add_without_a_file_prints_the_entry(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-rat-dai\n"))
    assert main(["users", "add", "lan", "--admin"]) == 0
    out = capsys.readouterr().out
    entry = next(line for line in out.splitlines() if line.startswith("hoặc")).rsplit(" ", 1)[-1]
    assert parse_users_env(entry)["lan"].role == "admin"
    assert verify_password("mat-khau-rat-dai", parse_users_env(entry)["lan"].password_hash or "")


@pytest.fixture
def served():
    """A tiny Blocks launched on loopback with given launch options; yields its base URL."""
    launched = []

    def serve(options: dict) -> str:
        with gr.Blocks() as demo:
            gr.Markdown("xin chào")
        demo.launch(server_name="127.0.0.1", server_port=None, prevent_thread_lock=True, quiet=True, **options)
        launched.append(demo)
        return demo.local_url.rstrip("/")

    yield serve
    for demo in launched:
        demo.close()


def test_gradio_login_accepts_only_the_right_password(served) -> None:
    url = served(_accounts().launch_options())
    assert httpx.get(f"{url}/config").status_code == 401
    assert httpx.post(f"{url}/login", data={"username": "lan", "password": "sai-mat-khau"}).status_code == 400
    with httpx.Client() as client:
        assert client.post(f"{url}/login", data={"username": "lan", "password": "mat-khau-cua-lan"}).status_code == 200
        config = client.get(f"{url}/config")
        assert config.status_code == 200
        assert config.json()["username"] == "lan"


def test_header_mode_refuses_requests_without_the_header(served) -> None:
    url = served(_accounts(header="X-Remote-User").launch_options())
    assert httpx.get(f"{url}/config").status_code == 401
    answered = httpx.get(f"{url}/config", headers={"X-Remote-User": "mai"})
    assert answered.status_code == 200
    assert answered.json()["username"] == "mai"
