"""PDF pages as text: the text layer where it is usable, OCR (`index.ocr`) for the pages that are scans, stamps or
garbage.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pypdf
from pypdf.errors import DependencyError

from index.errors import UnreadableDocument
from index.loaders.sniff import PARSER_ERRORS, one_line
from index.loaders.textdecode import is_garbage
from index.normalise import is_stamp_core, normalise_chars, normalise_text
from index.ocr import OcrConfig, ocr_pdf_page
from index.page_furniture import strip_running_lines
from index.records import Page

log = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 2000
"""PDFs with more pages are refused (a 300-page law is normal; thousands of pages is a mistake)."""
MIN_TEXT_CHARS = 20
"""A PDF page with fewer letters and digits than this in its text layer is treated as an image (scan)."""


# Measured on every PDF page of ../shared/archive with 40 words or more: the 29 pages whose legacy font came out as
# ASCII look-alikes have no marked word at all (0.00); every other page has 45 % of its words marked or more.
MIN_WORDS_FOR_MARKS = 40
MIN_MARKED_SHARE = 0.10
_LONG_WORD = re.compile(r"[^\W\d_]{2,}")


def classify_page(text: str) -> str | None:
    """Why a PDF page's text layer must be OCRed: "image-only", "stamp-only", "garbage", "unmarked"; None if
    usable."""
    if sum(c.isalnum() for c in text) < MIN_TEXT_CHARS:
        return "image-only"
    # the stamp brings a few lines of its own (agency, email, time): a page that is only that is a scan
    stamped = any(is_stamp_core(line) for line in normalise_chars(text).split("\n"))
    if stamped and sum(c.isalnum() for c in normalise_text(text)) < MIN_TEXT_CHARS:
        return "stamp-only"
    if is_garbage(text):
        return "garbage"
    if unmarked(text):
        return "unmarked"
    return None


def unmarked(text: str) -> bool:
    """Whether a page of Vietnamese prose carries (next to) no diacritics: a legacy font whose letters the text layer
    gives as ASCII look-alikes and digits ("CQNG HOA XA HQI", "C6ng ty c6 phAn M6ng Son")."""
    words = _LONG_WORD.findall(text)
    if len(words) < MIN_WORDS_FOR_MARKS:
        return False
    marked = sum(1 for w in words if unicodedata.normalize("NFD", w) != w or "đ" in w.lower())
    return marked / len(words) < MIN_MARKED_SHARE


def open_pdf(data: bytes, max_pages: int = DEFAULT_MAX_PAGES) -> pypdf.PdfReader:
    """A pypdf reader over PDF bytes, decrypted if its password is empty; UnreadableDocument otherwise."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError as exc:
                msg = "PDF mã hóa AES: cần cài gói cryptography để mở"
                raise UnreadableDocument(msg) from exc
            if decrypted == pypdf.PasswordType.NOT_DECRYPTED:
                msg = "PDF được bảo vệ bằng mật khẩu, không mở được"
                raise UnreadableDocument(msg)
        n_pages = len(reader.pages)
    except PARSER_ERRORS as exc:
        msg = f"tệp PDF bị hỏng, không đọc được ({type(exc).__name__}: {one_line(exc)})"
        raise UnreadableDocument(msg) from exc
    if n_pages == 0:
        msg = "tệp PDF không có trang nào"
        raise UnreadableDocument(msg)
    if n_pages > max_pages:
        msg = f"PDF có {n_pages} trang, vượt giới hạn {max_pages} trang"
        raise UnreadableDocument(msg)
    return reader


def pdf_text_layer(reader: pypdf.PdfReader) -> list[str]:
    """The raw text layer of each page ("" for a page pypdf cannot read)."""
    texts = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except PARSER_ERRORS as exc:
            log.warning("không trích được chữ trang %d: %s", number, one_line(exc))
            texts.append("")
    return texts


def load_pdf(data: bytes, ocr: OcrConfig, max_pages: int) -> tuple[Page, ...]:
    """The normalised pages of a PDF: each page's text layer, or its OCR text when `classify_page` finds it unusable."""
    reader = open_pdf(data, max_pages)
    texts = pdf_text_layer(reader)
    ocred = [False] * len(texts)
    reasons = [classify_page(text) for text in texts]
    needing = [i for i, reason in enumerate(reasons) if reason]
    sha = hashlib.sha256(data).hexdigest()
    to_read = needing if ocr.enabled else []
    with ThreadPoolExecutor(max_workers=max(1, ocr.workers), thread_name_prefix="ocr") as pool:
        read = list(pool.map(lambda i: ocr_pdf_page(data, i + 1, ocr, sha), to_read))
    for i, text in zip(to_read, read, strict=True):
        if text and text.strip():
            texts[i], ocred[i] = text, True
    if needing and not any(ocred):
        log.warning("%d trang cần OCR (%s) mà không OCR được: giữ lớp chữ sẵn có", len(needing), _summary(reasons))
    stripped = strip_running_lines(texts)
    return tuple(Page(number=i + 1, text=normalise_text(text), ocr=ocred[i]) for i, text in enumerate(stripped))


def _summary(reasons: list[str | None]) -> str:
    counts: dict[str, int] = {}
    for reason in reasons:
        if reason:
            counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
