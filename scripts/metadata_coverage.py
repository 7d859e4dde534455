"""How much metadata `extract_metadata` finds on the real archive: documents with each field, per folder.

    .venv/bin/python scripts/metadata_coverage.py [ARCHIVE_DIR] [--ocr] [--ocr-cache DIR] [--show]
    [--only TEXT]

ARCHIVE_DIR defaults to ../shared/archive next to the repository; the script skips cleanly (exit 0) when it is
absent. Files are read with `index.loaders.load_document`, without OCR unless `--ocr` is given (OCR of
the scans
takes a long while; `--ocr-cache` keeps the OCR text between runs). `--show` lists every file's fields.
"""

from __future__ import annotations

import argparse
import collections
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.errors import UnreadableDocument  # noqa: E402
from index.loaders import SUPPORTED_SUFFIXES, load_document  # noqa: E402
from index.metadata import extract_metadata  # noqa: E402
from index.ocr import OcrConfig  # noqa: E402
from index.records import DocMeta  # noqa: E402

FIELDS = ("number", "date", "doc_type", "issuer", "subject", "signer", "recipients")


def _filled(meta: DocMeta, field: str) -> bool:
    value = getattr(meta, field)
    return bool(value)


def _show(meta: DocMeta) -> None:
    print(f"== {meta.path}  (pages {meta.pages}, OCR {meta.pages_ocr})")
    source = f" [{meta.number_source}]" if meta.number_source else ""
    print(f"   number     {meta.number}{source}")
    for field in ("doc_type", "date", "place", "issuer", "subject", "signer", "signer_capacity"):
        print(f"   {field:10} {getattr(meta, field)}")
    print(f"   recipients {len(meta.recipients)}: {' | '.join(meta.recipients)[:200]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive", nargs="?", type=Path, default=ROOT.parent / "shared" / "archive")
    parser.add_argument("--ocr", action="store_true", help="OCR scanned pages (slow)")
    parser.add_argument("--ocr-cache", type=Path, default=None, help="directory keeping OCR text between runs")
    parser.add_argument("--show", action="store_true", help="list the fields of every file")
    parser.add_argument("--only", default="", help="only files whose path contains this text")
    args = parser.parse_args(argv)
    if not args.archive.is_dir():
        print(f"skipped: archive not found at {args.archive}")
        return 0
    logging.basicConfig(level=logging.ERROR)
    ocr = OcrConfig(enabled=args.ocr, cache_dir=args.ocr_cache)

    files = sorted(
        p
        for p in args.archive.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and args.only in p.as_posix()
    )
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    unreadable: list[tuple[str, str]] = []
    for path in files:
        rel = path.relative_to(args.archive).as_posix()
        folder = rel.split("/")[0]
        try:
            doc = load_document(path, args.archive, ocr)
        except UnreadableDocument as exc:
            unreadable.append((rel, str(exc)))
            continue
        meta = extract_metadata(doc.text, doc.path, pages=len(doc.pages), pages_ocr=doc.pages_ocr)
        for key in (folder, "ALL"):
            counts[key]["documents"] += 1
            if meta.number_source:
                counts[key][f"number:{meta.number_source}"] += 1
            counts[key].update(field for field in FIELDS if _filled(meta, field))
        if args.show:
            _show(meta)

    columns = ("documents", "number", "number:header", "number:filename", *FIELDS[1:])
    print(f"\n{'folder':28}" + "".join(f"{c.replace('number:', 'no.'):>13}" for c in columns))
    for folder in sorted(counts, key=lambda k: (k == "ALL", k)):
        row = counts[folder]
        print(f"{folder:28}" + "".join(f"{row[c]:>13}" for c in columns))
    total = counts["ALL"]["documents"]
    if total:
        share = "".join(f"{100 * counts['ALL'][c] / total:>12.0f}%" for c in columns[1:])
        print(f"{'ALL, share of documents':28}{'':>13}{share}")
    print(f"\nunreadable without {'' if args.ocr else 'OCR or '}text: {len(unreadable)} of {len(files)} files")
    for rel, reason in unreadable:
        print(f"   {rel}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
