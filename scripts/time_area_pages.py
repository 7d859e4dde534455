"""How long the work-area pages take: the first build over an index (no cache), a rebuild after one document
changed, and opening each area's page from the cache as the Làm quen tab does (pages + Markdown).

    .venv/bin/python scripts/time_area_pages.py --index data/index [--copy-to /tmp/area-timing]

The index is copied first (the cache file is written beside the catalogue), so a read-only index can be timed.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.areas.book import CACHE_FILE, AreaBook  # noqa: E402
from assistant.web.area_pages import area_markdown  # noqa: E402
from index.catalog import Catalog  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--copy-to", type=Path, default=None)
    args = parser.parse_args()
    target = args.copy_to or Path(tempfile.mkdtemp(prefix="area-timing-"))
    target.mkdir(parents=True, exist_ok=True)
    for name in ("catalog.sqlite", "registry.sqlite"):
        shutil.copy2(args.index / name, target / name)
    (target / CACHE_FILE).unlink(missing_ok=True)

    started = time.perf_counter()
    pages = AreaBook(target).pages()
    print(f"first build: {len(pages)} areas in {time.perf_counter() - started:.1f} s")

    with closing(Catalog(target / "catalog.sqlite")) as catalog:
        records = catalog.indexed_documents()
        titles = {r.path: r.meta.title for r in records if r.meta and (r.meta.doc_type or r.meta.number)}
    # one document changed: only its area is built again
    changed = pages[0].area.paths[0]
    with closing(Catalog(target / "catalog.sqlite")) as catalog:
        record = catalog.files()[changed]
        catalog._db.execute("UPDATE files SET sha256 = ? WHERE path = ?", ("0" * 64, changed))  # noqa: SLF001
        catalog._db.commit()  # noqa: SLF001
        del record
    started = time.perf_counter()
    AreaBook(target).pages()
    print(f"after one document of “{pages[0].area.name}” changed: {time.perf_counter() - started:.2f} s")

    book = AreaBook(target)
    opened = []
    for page in pages:
        started = time.perf_counter()
        fresh = book.page(page.area.key)
        assert fresh is not None
        area_markdown(fresh, titles)
        opened.append(time.perf_counter() - started)
    opened.sort()
    print(
        f"opening a page from the cache ({len(opened)} areas): median {statistics.median(opened) * 1000:.0f} ms,"
        f" max {opened[-1] * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
