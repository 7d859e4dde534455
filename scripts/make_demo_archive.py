"""Write a small demo archive of fictional Vietnamese administrative documents for a fresh clone to index.

Usage: python scripts/make_demo_archive.py TARGET_DIR

Seven documents of an invented "Sở Công Thương tỉnh Vân Mộng", shaped like the real ones the assistant is
built for: header block (issuing body left, national motto right, "Số: 45/BC-SCT", place and date), title and
trích yếu, headings "I." / "1." / "1.1." / "a)", figures, a data table, citations of other documents (two
cite the same Quyết định, several cite each other), abbreviations defined in the text, signer block and
"Nơi nhận:".
Formats: two PDFs with a text layer, three DOCX (one with a header table and a data table, one draft whose
number is blank in the header and given only in the file name, one with a Vietnamese file name with spaces),
one image-only scanned PDF that needs OCR, and one TXT.

The words of the documents are data, in scripts/demo_archive/*.toml; this script renders them (the drawing code is
in scripts/demo_archive/pdf.py and word.py). Every document says "TÀI LIỆU MẪU - HƯ CẤU": the province, people
and figures are invented. The output is the same byte for byte on every run (fixed dates in the PDF and DOCX
metadata, fixed ZIP timestamps), so running the script again does not make an incremental ingest re-index anything.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

# scripts/ is not a package: the demo_archive folder beside this file is found through the path.
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from demo_archive.documents import DemoDoc, demo_documents, parse_body  # noqa: E402
from demo_archive.pdf import FONT_BOLD, FONT_REGULAR, render_pdf, render_scan  # noqa: E402
from demo_archive.word import render_docx, render_txt  # noqa: E402

__all__ = ["DemoDoc", "demo_documents", "main", "parse_body", "write_demo_archive"]

log = logging.getLogger("make_demo_archive")


def write_demo_archive(target: Path) -> list[Path]:
    """Write the demo archive under `target` (created if needed); return the files written, in order."""
    for font in (FONT_REGULAR, FONT_BOLD):
        if not font.is_file():
            msg = f"font not found: {font} (Debian package fonts-dejavu-core; run `make install`)"
            raise FileNotFoundError(msg)
    written: list[Path] = []
    for doc in demo_documents():
        path = target / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".txt":
            render_txt(doc, path)
        elif path.suffix == ".docx":
            # The Vietnamese-named công văn uses plain paragraphs for its header, the others a header table.
            render_docx(doc, path, header_table=doc.doc_type is not None)
        elif path.stem.endswith("_scan"):
            render_scan(doc, path)
        else:
            render_pdf(doc, path)
        log.info("wrote %s", path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", metavar="TARGET_DIR", type=Path, help="folder to write the demo archive into")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)  # our progress only: fontTools logs every subsetting step at INFO
    files = write_demo_archive(args.target)
    log.info("%d demo documents in %s", len(files), args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
