"""Who may use the web app, and who may change the archive.

Accounts come from a users file (TOML or JSON at TRO_LY_USERS_FILE) and/or TRO_LY_USERS, with scrypt-hashed
passwords and a role (`admin` or `user`). Three modes follow from the settings:

- header: TRO_LY_AUTH_HEADER is set; the reverse proxy (nginx) signs people in and passes the name in that header.
  Trusted only because the app then listens on loopback behind the proxy, which overwrites the header.
- password: accounts exist; Gradio's login page checks them (`launch(auth=accounts.authenticate)`).
- open: no accounts; anyone who reaches the app may chat, nobody may upload or delete (`OPEN_MODE_MESSAGE`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import logging
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.settings import Settings

log = logging.getLogger(__name__)

ROLES = ("admin", "user")
HASH_SCHEME = "scrypt"
# scrypt cost: about 16 MiB and 50 ms per check, which slows guessing without slowing a login noticeably
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_CHARS = 8

OPEN_MODE_MESSAGE = (
    "Chưa cấu hình tài khoản: ai vào được trang này đều hỏi đáp được, nhưng tải lên và xóa văn bản bị tắt. "
    "Hãy tạo tài khoản quản trị (python -m assistant users add TÊN --admin) rồi đặt TRO_LY_USERS_FILE "
    "(xem README, mục “Đăng nhập và quản trị”)."
)
NOT_SIGNED_IN_MESSAGE = "Bạn chưa đăng nhập: chỉ quản trị viên đã đăng nhập mới được tải lên hoặc xóa văn bản."
NOT_ADMIN_MESSAGE = "Tài khoản “{name}” không có quyền quản trị: chỉ quản trị viên mới được tải lên hoặc xóa văn bản."


class UsersFileError(ValueError):
    """The users file or TRO_LY_USERS cannot be read; the message says where and why."""


@dataclass(frozen=True)
class User:
    name: str
    role: str = "user"
    password_hash: str | None = None  # None: may sign in only through the proxy header

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Accounts:
    """The configured users and how people sign in."""

    users: Mapping[str, User] = field(default_factory=dict)
    header: str | None = None

    @property
    def mode(self) -> str:
        """ "header", "password" or "open" (module docstring)."""
        if self.header:
            return "header"
        return "password" if any(u.password_hash for u in self.users.values()) else "open"

    def authenticate(self, username: str, password: str) -> bool:
        """Gradio's `auth` callable: True when the name exists and the password matches its hash."""
        user = self.users.get((username or "").strip())
        if user is None or not user.password_hash:
            # hash anyway, so that a wrong name takes as long as a wrong password and names cannot be probed
            verify_password(password or "", _dummy_hash())
            return False
        return verify_password(password or "", user.password_hash)

    def role_of(self, name: str | None) -> str | None:
        """The role of a signed-in name; a proxy-authenticated name not listed is an ordinary user."""
        if not name:
            return None
        user = self.users.get(name)
        if user:
            return user.role
        return "user" if self.mode == "header" else None

    def launch_options(self) -> dict[str, Any]:
        """Keyword arguments for `Blocks.launch` (or `mount_gradio_app`) that enforce this mode."""
        if self.mode == "header":
            return {"auth_dependency": header_user(self.header or "")}
        if self.mode == "password":
            return {"auth": self.authenticate, "auth_message": "Đăng nhập Trợ lý Kho Báo cáo"}
        return {}


# -- passwords ---------------------------------------------------------------------------------------------------
def hash_password(password: str, salt: bytes | None = None) -> str:
    """ "scrypt$N$r$p$salt$key" with a random salt; the only form a password is ever stored in."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join((HASH_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)))


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of a password against `hash_password`'s output; False for a malformed hash."""
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != HASH_SCHEME:
            return False
        expected = base64.urlsafe_b64decode(key)
        actual = _scrypt(password, base64.urlsafe_b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=64 * 2**20)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


@functools.cache
def _dummy_hash() -> str:
    return hash_password("không-phải-mật-khẩu", salt=b"\0" * SALT_BYTES)


# -- loading -----------------------------------------------------------------------------------------------------
def load_accounts(settings: Settings) -> Accounts:
    """Users from TRO_LY_USERS_FILE, then TRO_LY_USERS (which wins for a name in both), and the header mode."""
    users: dict[str, User] = {}
    if settings.users_file:
        users.update(read_users_file(settings.users_file))
    if settings.users:
        users.update(parse_users_env(settings.users))
    return Accounts(users, settings.auth_header)


def read_users_file(path: Path) -> dict[str, User]:
    """A users file: `[users.NAME]` tables (TOML) or {"users": {NAME: {...}}} (JSON), each with role and password."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        msg = f"Không đọc được tệp tài khoản {path}: {error.strerror or error}"
        raise UsersFileError(msg) from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        msg = f"Tệp tài khoản {path} sai cú pháp: {error}"
        raise UsersFileError(msg) from None
    # no "users" table at all is an error, not "no accounts": a misspelt table must not silently open the app
    entries = data.get("users") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        msg = f"Tệp tài khoản {path}: cần bảng “users” (xem README, mục “Đăng nhập và quản trị”)"
        raise UsersFileError(msg)
    return {name: parse_user(name, entry, str(path)) for name, entry in entries.items()}


def parse_users_env(text: str) -> dict[str, User]:
    """TRO_LY_USERS: "name:role:hash" entries separated by ";" (a hash holds no ":" or ";")."""
    users = {}
    for item in text.split(";"):
        if not item.strip():
            continue
        parts = item.strip().split(":")
        if len(parts) != 3:
            msg = "TRO_LY_USERS: mỗi mục phải có dạng tên:vai_trò:mã_băm, cách nhau bởi dấu ;"
            raise UsersFileError(msg)
        name, role, hashed = (p.strip() for p in parts)
        users[name] = parse_user(name, {"role": role, "password": hashed}, "TRO_LY_USERS")
    return users


def parse_user(name: str, entry: object, where: str) -> User:
    if not isinstance(entry, dict):
        msg = f"{where}: tài khoản “{name}” phải là một bảng có role và password"
        raise UsersFileError(msg)
    role = str(entry.get("role", "user")).strip().lower()
    if role not in ROLES:
        msg = f"{where}: vai trò của “{name}” phải là admin hoặc user, nhận được {role!r}"
        raise UsersFileError(msg)
    hashed = entry.get("password")
    if hashed is not None and not str(hashed).startswith(HASH_SCHEME + "$"):
        # a plaintext password in the file is refused rather than silently accepted
        msg = f"{where}: mật khẩu của “{name}” phải là mã băm scrypt; tạo bằng: python -m assistant users add " + name
        raise UsersFileError(msg)
    if not name.strip() or any(c in name for c in ":;") or name != name.strip():
        msg = f"{where}: tên tài khoản {name!r} không hợp lệ (không để trống, không chứa : hay ;)"
        raise UsersFileError(msg)
    return User(name, role, str(hashed) if hashed else None)


# -- writing (the `users` command) -------------------------------------------------------------------------------
def save_users_file(path: Path, users: Mapping[str, User]) -> None:
    """Write the users file in the format its suffix names (JSON or TOML), replacing it atomically."""
    entries = {
        u.name: {"role": u.role, **({"password": u.password_hash} if u.password_hash else {})}
        for u in sorted(users.values(), key=lambda u: u.name)
    }
    if path.suffix.lower() == ".json":
        text = json.dumps({"users": entries}, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [
            "# Tài khoản Trợ lý Kho Báo cáo: tạo bằng `python -m assistant users add TÊN [--admin]`",
            "[users]",
            "",
        ]
        for name, entry in entries.items():
            # a JSON string is a valid TOML basic string, so names with any character stay readable
            lines.append(f"[users.{json.dumps(name, ensure_ascii=False)}]")
            lines.extend(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in entry.items())
            lines.append("")
        text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o600)  # hashes are not passwords, but there is no reason to let others try to crack them
    temporary.replace(path)


# -- requests ----------------------------------------------------------------------------------------------------
def header_user(header: str) -> Callable[[Any], str | None]:
    """Gradio's `auth_dependency`: the name the proxy put in `header`, or None (Gradio then answers 401)."""

    def user_from(request: Any) -> str | None:
        value = (request.headers.get(header) or "").strip()
        return value or None

    return user_from


def current_user(request: Any) -> str | None:
    """The signed-in name of a Gradio request (from the login page or the proxy header), or None."""
    return (getattr(request, "username", None) or None) if request is not None else None


def is_admin(request: Any, accounts: Accounts) -> bool:
    return accounts.role_of(current_user(request)) == "admin"


def admin_refusal(request: Any, accounts: Accounts) -> str | None:
    """Why this request may not change the archive (in Vietnamese), or None when it may."""
    if accounts.mode == "open":
        return OPEN_MODE_MESSAGE
    name = current_user(request)
    if not name:
        return NOT_SIGNED_IN_MESSAGE
    if accounts.role_of(name) != "admin":
        return NOT_ADMIN_MESSAGE.format(name=name)
    return None
