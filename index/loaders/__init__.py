"""Loading files into normalised page text: PDF (OCR for scanned pages), DOCX, legacy DOC, TXT and Markdown.

`load_document` is the only entry point the pipeline needs. Anything it cannot read raises
`UnreadableDocument` with a one-line reason in Vietnamese, which the ingest logs and counts before moving on.
What the bytes are is sniffed first (`sniff`), whatever the file name says; then one module per format reads
them: `pdf`, `docx`, `doc` (both with `tables`), and `textdecode` for plain text in any legacy encoding.
"""

from __future__ import annotations

import os
from pathlib import Path

from index.errors import UnreadableDocument
from index.loaders.doc import load_doc
from index.loaders.docx import load_docx
from index.loaders.pdf import DEFAULT_MAX_PAGES, load_pdf
from index.loaders.sniff import not_what_it_says, sniff
from index.loaders.textdecode import decode_text
from index.normalise import normalise_text
from index.ocr import OcrConfig, ocr_available
from index.records import LoadedDocument, Page

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".doc", ".txt", ".md"})


def load_document(
    path: Path, archive_root: Path, ocr: OcrConfig | None, *, max_pages: int = DEFAULT_MAX_PAGES
) -> LoadedDocument:
    """The normalised text of one file, page by page; raises UnreadableDocument with the reason if not."""
    # absolute, not resolved: a symlinked file inside the archive keeps its place in the archive
    rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(archive_root)).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(không có đuôi)"
        msg = f"định dạng {shown} không được hỗ trợ (chỉ đọc {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        raise UnreadableDocument(msg)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"không đọc được tệp: {exc.strerror or exc}"
        raise UnreadableDocument(msg) from exc
    if not data:
        msg = "tệp rỗng (0 byte)"
        raise UnreadableDocument(msg)

    content = sniff(data)
    if suffix == ".pdf":
        if content != "pdf":
            raise UnreadableDocument(not_what_it_says(content, "PDF"))
        kind, pages = "pdf", load_pdf(data, ocr or OcrConfig(enabled=False), max_pages)
    elif suffix in (".docx", ".doc"):
        # Word files are often saved with the other extension; the content decides
        if content == "zip":
            kind, pages = "docx", (Page(1, load_docx(data)),)
        elif content == "ole":
            kind, pages = "doc", (Page(1, load_doc(path)),)
        else:
            raise UnreadableDocument(not_what_it_says(content, "Word"))
    else:
        kind, pages = "txt", (Page(1, _load_text(data, markdown=suffix == ".md")),)

    if not any(page.text for page in pages):
        msg = "không trích được chữ nào từ tệp"
        if kind == "pdf" and (ocr is None or not ocr_available(ocr)):
            msg = "tệp là bản scan không có lớp chữ, mà OCR đang tắt hoặc thiếu tesseract"
        raise UnreadableDocument(msg)
    return LoadedDocument(path=rel, kind=kind, pages=pages)


def _load_text(data: bytes, *, markdown: bool) -> str:
    # plain text from OCR or pdftotext is wrapped at the page width; Markdown paragraphs are already lines
    return normalise_text(decode_text(data), reflow=not markdown)
