"""The commands over an index: `ingest`, `docs`, `ask`, `directive`, `eval`, `serve` (the parser is cli.py).

Each takes the parsed arguments, the settings and the embedder to use (None: the configured one), and returns the
exit code; domain errors are left to cli.py's edge. Heavy modules are imported inside the commands, so that `--help`
and the light commands start at once.
"""

from __future__ import annotations

import argparse
import errno
import json
import socket
import sys
from dataclasses import asdict

from assistant.settings import Settings
from index.embedding import NamedEmbeddings

EXIT_FAILED = 1
EXIT_USAGE = 2


class PortUnavailable(Exception):
    """The web chat's address cannot be listened on (most often: another program holds the port)."""


def run_ingest(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    """Phase 1 (unless --embed-only), a line saying the archive is searchable, then phase 2; the summary."""
    from assistant.areas.book import AreaBook
    from assistant.factory import make_embedder, open_index, require_index
    from assistant.progress import ProgressBars

    if (args.archive is None) != args.embed_only:
        print("Lỗi: cần ARCHIVE_DIR, hoặc --embed-only (không kèm ARCHIVE_DIR).", file=sys.stderr)
        return EXIT_USAGE
    if args.embed_only:
        require_index(settings)
    with (
        open_index(settings, embedder or make_embedder(settings)) as index,
        ProgressBars(enabled=not args.no_progress) as bars,
    ):
        summary = index.totals() if args.embed_only else index.make_searchable(args.archive, bars.tick)
        print(format_searchable(summary.as_json()), flush=True)
        index.finish_ingest(bars.tick, summary)  # once the archive is searchable
    AreaBook(settings.index_dir).pages()  # the pages of the areas whose documents changed, built now
    report = summary.as_json()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_summary(report))
    return 0


def format_searchable(report: dict) -> str:
    """The line printed when phase 1 ends: what answers questions already, and what phase 2 has left."""
    line = (
        f"Đã tìm được theo từ khóa và số hiệu: {report['files_indexed']} tệp, {report['chunks']} đoạn"
        f" (sau {report['seconds_to_searchable']:.1f} s)."
    )
    pending = report["chunks_pending_embedding"]
    return line + (f" Đang nhúng {pending} đoạn để tìm theo nghĩa..." if pending else " Mọi đoạn đã được nhúng.")


def format_summary(report: dict) -> str:
    lines = [
        f"Tệp trong kho: {report['files_total']}  |  đã lập chỉ mục: {report['files_indexed']}"
        f"  (mới {report['files_new']}, cập nhật {report['files_updated']}, không đổi {report['files_unchanged']},"
        f" đã xóa {report['files_removed']})",
        f"Trang: {report['pages']}  |  trang OCR: {report['pages_ocr']}  |  đoạn: {report['chunks']}"
        f"  (nhúng lần này: {report['chunks_embedded']}, chờ nhúng: {report['chunks_pending_embedding']})"
        f"  |  thời gian: {report['seconds']:.1f} s"
        f" (tìm được theo từ khóa sau {report['seconds_to_searchable']:.1f} s)",
    ]
    skipped = report["files_skipped"]
    if skipped:
        lines.append(f"Bỏ qua {len(skipped)} tệp:")
        lines.extend(f"  - {s['file']}: {s['reason']}" for s in skipped)
    return "\n".join(lines)


def run_docs(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
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


def run_ask(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    from assistant.limits import check_question

    check_question(args.question, settings.max_question_chars, settings.max_question_parts)  # before any loading

    from assistant.chain import render
    from assistant.factory import open_assistant
    from assistant.metadata_filters import Filters

    filters = Filters(args.issuer, args.doc_type, args.date_from, args.date_to)
    with open_assistant(settings, embedder) as assistant:
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


def run_eval(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    from assistant.evaluation import format_report, run_evaluation

    report = run_evaluation(args.questions, args.archive, settings, baseline=args.baseline, embedder=embedder)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_report(report))
    return 0


def run_serve(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from app import CSS, build_app
    from assistant.factory import make_runtime, require_index
    from assistant.web.area_tab import warm_areas
    from assistant.web.auth import load_accounts
    from assistant.web.context import WebContext
    from assistant.web.server import create_server, serve

    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    accounts = load_accounts(settings)  # a bad users file stops here, before the port opens
    require_index(settings)  # and a missing index, before a model loads
    check_port(host, port)  # and a busy port too, before the address is announced
    sign_in = {"open": "không cần đăng nhập", "password": "đăng nhập bằng tài khoản", "header": "đăng nhập qua proxy"}
    with make_runtime(settings, embedder) as runtime, WebContext.open(settings, runtime) as ctx:
        server = create_server(build_app(ctx), ctx, css=CSS, **accounts.launch_options())
        # each area's page and checked starter questions, built behind the first page: started before the app was
        # built, its Python work shared the interpreter with the start-up (minutes of it at a million chunks)
        warm_areas(ctx)
        ctx.start_embedding()  # phase 2 of the ingests, behind the questions
        address = f"http://{host}:{port}"
        print(f"Trợ lý Kho Báo cáo: {address} ({sign_in[accounts.mode]}; Ctrl+C để dừng)", flush=True)
        with ctx.following():  # another `serve` on the same index may add or delete documents
            serve(server, host, port)
    return 0


def check_port(host: str, port: int) -> None:
    """Raise PortUnavailable, with what to do in Vietnamese, when `host:port` cannot be listened on now; else
    return at once. uvicorn would otherwise fail later, in English, after the address had been announced."""
    other = port + 1 if 0 < port < 65535 else 7861
    choose = f"Chọn cổng khác: make run PORT={other} hoặc TRO_LY_PORT={other} (hoặc serve --port {other})."
    if not 0 < port <= 65535:
        msg = f"Cổng {port} không hợp lệ (phải từ 1 đến 65535). {choose}"
        raise PortUnavailable(msg)
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: a closing socket is no bar
            probe.bind(address)
    except socket.gaierror:
        msg = f"Không nhận ra địa chỉ {host!r}. Dùng 127.0.0.1 (chỉ máy này) hoặc 0.0.0.0 (mọi địa chỉ)."
        raise PortUnavailable(msg) from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            msg = f"Cổng {port} đang được dùng bởi chương trình khác. {choose}"
        elif error.errno == errno.EACCES:
            msg = f"Không có quyền mở cổng {port} (cổng dưới 1024 cần quyền quản trị). {choose}"
        else:
            msg = f"Không mở được {host}:{port} ({error.strerror}). {choose}"
        raise PortUnavailable(msg) from None


def run_directive(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    from assistant.directives import format_directive_report, format_not_found, known_number
    from assistant.factory import open_catalog, open_registry

    open_catalog(settings).close()  # a clear error when nothing was indexed there
    registry = open_registry(settings)
    try:
        report = registry.lookup(args.number)
        example = None if report else known_number(registry)
    finally:
        registry.close()
    print(format_directive_report(report) if report else format_not_found(args.number, example))
    return 0 if report else 1
