"""`python -m assistant areas`: list the work areas with what their pages hold, and the admin's rename, merge and
split of an area (kept in INDEX_DIR/areas.json, so they outlive a re-ingest)."""

from __future__ import annotations

import argparse
import json

from assistant.areas.book import AreaBook
from assistant.areas.overrides import Overrides, with_merge, with_rename, with_split
from assistant.factory import require_index
from assistant.settings import Settings
from index.embedding import NamedEmbeddings

ORIGIN_LABELS = {"folder": "theo thư mục", "subjects": "theo trích yếu", "admin": "do quản trị tách"}


def add_areas_parser(commands: argparse._SubParsersAction, add_index: object) -> None:  # type: ignore[type-arg]
    areas = commands.add_parser("areas", help="liệt kê các lĩnh vực công tác của kho (và đổi tên, gộp, tách)")
    add_index(areas)  # type: ignore[operator]
    areas.add_argument("--json", action="store_true", help="in dạng JSON")
    areas.add_argument("--rename", nargs=2, metavar=("KHÓA", "TÊN"), help="đổi tên một lĩnh vực")
    areas.add_argument("--merge", nargs=2, metavar=("KHÓA", "VÀO_KHÓA"), help="gộp lĩnh vực KHÓA vào VÀO_KHÓA")
    areas.add_argument(
        "--split",
        nargs="+",
        metavar="KHÓA TÊN ĐƯỜNG_DẪN",
        help="tách khỏi lĩnh vực KHÓA các văn bản dưới các ĐƯỜNG_DẪN (tệp hoặc thư mục) thành lĩnh vực TÊN",
    )
    areas.set_defaults(run=run_areas)


def run_areas(args: argparse.Namespace, settings: Settings, embedder: NamedEmbeddings | None) -> int:
    require_index(settings)
    book = AreaBook(settings.index_dir)
    if args.rename or args.merge or args.split:
        overrides, areas = Overrides.load(settings.index_dir), book.areas()
        if args.rename:
            overrides = with_rename(overrides, areas, *args.rename)
        if args.merge:
            overrides = with_merge(overrides, areas, *args.merge)
        if args.split:
            if len(args.split) < 3:
                msg = "--split cần KHÓA, TÊN và ít nhất một ĐƯỜNG_DẪN."
                raise ValueError(msg)
            overrides = with_split(overrides, areas, args.split[0], args.split[1], args.split[2:])
        overrides.save(settings.index_dir)
    pages = book.pages()
    if args.json:
        rows = [{**page.area.to_json(), **page.counts()} for page in pages]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for page in pages:
        counts = page.counts()
        print(f"{page.area.name}  [{page.area.key}, {ORIGIN_LABELS.get(page.area.origin, page.area.origin)}]")
        print(
            f"    {counts['documents']} văn bản | {counts['legal_texts']} văn bản pháp lý được trích dẫn"
            f" | {counts['procedures']} quy trình ({counts['cases']} hồ sơ) | {counts['duties']} nghĩa vụ định kỳ"
        )
    print(f"{len(pages)} lĩnh vực.")
    return 0
