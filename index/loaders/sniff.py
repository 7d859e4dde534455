"""What the bytes of a file are, whatever its name says, and the checks made before a parser opens them: a DOCX that
would unpack to a zip bomb is refused. Also the parser errors that mean "this file is broken".
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pypdf.errors import PyPdfError

from index.errors import UnreadableDocument

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""A DOCX whose members declare more than this uncompressed is refused as a zip bomb."""
MAX_ZIP_RATIO = 100
"""A DOCX member over 1 MB that compresses better than this is refused as a zip bomb (real XML: 5-20)."""
_RATIO_MIN_BYTES = 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Errors the third-party parsers raise on malformed files; all mean "this file is broken".
PARSER_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    zlib.error,
    struct.error,
)


def sniff(data: bytes) -> str | None:
    """What the bytes are, whatever the file name says: "pdf", "zip", "ole", "html", "rtf" or None."""
    head = data[:1024]
    stripped = head.lstrip().lower()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in stripped:
        return "html"
    return None


def not_what_it_says(content: str | None, expected: str) -> str:
    """Why a file named as `expected` ("PDF", "Word") cannot be read as one, given what its bytes are."""
    if content == "html":
        return f"tệp mang tên {expected} nhưng thực chất là trang HTML (thường là trang lỗi tải về)"
    if content == "rtf":
        return f"tệp mang tên {expected} nhưng thực chất là RTF, chưa được hỗ trợ"
    if content == "pdf":
        return f"tệp mang tên {expected} nhưng thực chất là PDF: hãy đổi đuôi thành .pdf"
    return f"tệp không phải {expected} hợp lệ (nội dung không đúng định dạng)"


def check_zip(data: bytes) -> None:
    """Refuse a DOCX that is not a zip, lacks a document part, or would unpack to a bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, struct.error, ValueError) as exc:
        msg = f"tệp Word bị hỏng (không phải zip hợp lệ: {one_line(exc)})"
        raise UnreadableDocument(msg) from exc
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        limit = MAX_UNZIPPED_BYTES // 2**20
        msg = f"tệp DOCX giải nén ra {total // 2**20} MB, vượt giới hạn {limit} MB (nghi zip bomb)"
        raise UnreadableDocument(msg)
    for info in infos:
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            msg = f"tệp DOCX có phần nén tỉ lệ {ratio}:1, vượt giới hạn {MAX_ZIP_RATIO}:1 (nghi zip bomb)"
            raise UnreadableDocument(msg)
    if "word/document.xml" not in {info.filename for info in infos}:
        msg = "tệp zip không phải tài liệu Word (thiếu word/document.xml)"
        raise UnreadableDocument(msg)


def one_line(value: object) -> str:
    """An error message on one line, at most 200 characters, for a reason the ingest logs."""
    text = " ".join(str(value).split())
    return text[:200]
