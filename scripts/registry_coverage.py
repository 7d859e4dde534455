"""How many references, directives and abbreviations the registry finds in an existing index.

Usage: python scripts/registry_coverage.py [INDEX_DIR] [--sample N] [--seed S]

Reads INDEX_DIR/catalog.sqlite read-only (an ingest may be writing it), builds a registry in a temporary
directory and prints: references found, canonical directives, directives the archive holds, the 15 most cited,
the glossary size. `--sample N` prints N extracted references drawn at random (seeded) with their
sentence, for a person to judge precision by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.citations.registry import Registry  # noqa: E402
from index.records import Chunk, DocMeta  # noqa: E402

DEFAULT_INDEX = Path(__file__).resolve().parents[1] / "data" / "shared-index"


def _read_catalog(catalog: Path) -> tuple[dict[str, DocMeta], dict[str, list[Chunk]]]:
    db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        metas = {}
        for path, meta in db.execute("SELECT path, meta FROM files WHERE status = 'indexed'"):
            data = json.loads(meta) if meta else {"path": path}
            data["recipients"] = tuple(data.get("recipients") or ())
            metas[path] = DocMeta(**data)
        chunks: dict[str, list[Chunk]] = defaultdict(list)
        rows = db.execute(
            "SELECT doc_path, ordinal, text, heading, page_start, page_end FROM chunks ORDER BY doc_path, ordinal"
        )
        for doc_path, ordinal, text, heading, page_start, page_end in rows:
            chunks[doc_path].append(Chunk(doc_path, ordinal, text, tuple(json.loads(heading)), page_start, page_end))
    finally:
        db.close()
    return metas, chunks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", nargs="?", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--sample", type=int, default=0, help="print N random extracted references")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    catalog = args.index_dir / "catalog.sqlite"
    if not catalog.is_file():
        print(f"Không có chỉ mục tại {args.index_dir} (thiếu catalog.sqlite): bỏ qua.")
        return 0
    metas, chunks = _read_catalog(catalog)
    with tempfile.TemporaryDirectory() as tmp:
        registry = Registry(Path(tmp) / "registry.sqlite")
        registry.sync(metas, lambda path: chunks.get(path, []))
        stats = registry.stats()
        print(f"documents: {stats.documents}  chunks: {sum(len(c) for c in chunks.values())}")
        print(f"references found: {stats.mentions}")
        print(f"canonical directives: {stats.directives}")
        print(f"resolved to archive documents: {stats.resolved}")
        print(f"glossary: {stats.abbreviations} abbreviations")
        print("\nmost cited (citing documents / mentions):")
        for s in registry.most_cited(15):
            held = "  [in archive]" if s.archive_paths else ""
            counts = f"{s.citing_documents:3d} / {s.mentions:3d}"
            print(f"  {counts}  {s.doc_type or '?'} {s.number}  ({s.key}){held}")
            if s.subject:
                print(f"             {s.subject[:100]}")
        if args.sample:
            # the references as stored: the document's own number is already left out
            mentions = registry.mentions()
            rng = random.Random(args.seed)
            for i, m in enumerate(rng.sample(mentions, min(args.sample, len(mentions))), 1):
                print(f"\n[{i}] {m.key} | {m.doc_type} ({m.type_source}) | date {m.date} | issuer {m.issuer}")
                print(f"     subject: {m.subject}")
                print(f"     {m.doc_path} p.{m.page}: {m.sentence}")
        registry.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
