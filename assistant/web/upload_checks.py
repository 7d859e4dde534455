"""What an uploaded file must be before it reaches the archive: a plain name that stays in the upload folder, an
allowed format whose first bytes match it, and a size within the limit. Refusals say why, in Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ALLOWED_SUFFIXES = (".pdf", ".docx", ".doc", ".txt")
MAX_NAME_CHARS = 120
# The first bytes each format must start with: a wrong extension is caught before the file reaches the archive.
_MAGIC = {".pdf": (b"%PDF",), ".docx": (b"PK\x03\x04",), ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)}
_UNSAFE_CHARS = re.compile(r"[^\w\s.,()\-]")


class UploadRejected(Exception):
    """The file or the request is refused; the message (Vietnamese) says why and what to do."""


def safe_file_name(name: str) -> str:
    """The uploaded name reduced to a plain file name: no folders, no "..", no hidden dot, readable Vietnamese."""
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", name or "")[-1])
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = " ".join(_UNSAFE_CHARS.sub("_", "".join(c for c in stem if c.isprintable())).split())
    stem = stem.strip(" ._-")[:MAX_NAME_CHARS] or "tai-lieu"
    suffix = re.sub(r"[^a-z0-9]", "", suffix.lower())
    return f"{stem}.{suffix}" if suffix else stem


def check_file(path: Path, max_mb: int) -> None:
    """Refuse what can be judged without reading: wrong extension, empty, too big, contents of another format."""
    suffix = path.suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "(không có đuôi)"
        raise UploadRejected(f"Định dạng {shown} không được nhận. Chỉ nhận tệp PDF, DOCX, DOC hoặc TXT.")
    size = path.stat().st_size
    if size == 0:
        raise UploadRejected("Tệp rỗng (0 byte).")
    if size > max_mb * 1024 * 1024:
        raise UploadRejected(f"Tệp nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn {max_mb} MB.")
    with path.open("rb") as handle:
        head = handle.read(1024)
    magics = _MAGIC.get(suffix)
    # "%PDF" may follow a few junk bytes in real PDFs; readers accept it within the first kilobyte
    if magics and not any((head.find(m) >= 0) if suffix == ".pdf" else head.startswith(m) for m in magics):
        raise UploadRejected(
            f"Nội dung tệp không phải {suffix[1:].upper()} dù có đuôi {suffix}: tệp hỏng hoặc sai đuôi."
        )
