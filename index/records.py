"""Records passed between the indexing stages. All frozen: a stage returns new records, never edits old ones."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page of a loaded document; DOCX/TXT have a single page 1."""

    number: int
    text: str
    ocr: bool = False


@dataclass(frozen=True)
class LoadedDocument:
    """The text of one file, page by page, with the path relative to the archive root (POSIX separators)."""

    path: str
    kind: str  # "pdf" | "docx" | "doc" | "txt"
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def pages_ocr(self) -> int:
        return sum(1 for p in self.pages if p.ocr)


@dataclass(frozen=True)
class DocMeta:
    """What the header block of a Vietnamese administrative document says about it."""

    path: str
    number: str | None = None  # số hiệu as written, normalised: "718/TB-SCT"
    number_source: str | None = None  # "header" | "filename" | None
    doc_type: str | None = None  # "Báo cáo", "Thông báo", "Quyết định", ...
    date: str | None = None  # "2023-04-04", or partial "2023-04" / "2023"
    place: str | None = None
    issuer: str | None = None  # cơ quan ban hành: "Sở Công Thương tỉnh Quảng Ngãi"
    subject: str | None = None  # trích yếu
    signer: str | None = None
    signer_capacity: str | None = None  # "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    recipients: tuple[str, ...] = field(default_factory=tuple)  # "Nơi nhận": who gets a copy
    addressees: tuple[str, ...] = ()  # "Kính gửi": whom the document is addressed to
    pages: int = 0
    pages_ocr: int = 0

    @property
    def number_label(self) -> str:
        """The number as a citation writes it after the type, never passing a file name's number off as the
        header's: "số 718/TB-SCT" (read in the header); "(dự thảo, số 245/TB-SCT theo tên tệp)" (the header's
        "Số:" was blank or missing: a draft); "(số 464/TTg-CĐS theo tên tệp)" for a scan, whose handwritten or
        stamped number OCR could not read, since a signed paper is no draft; "(chưa ghi số)" without a number."""
        if not self.number:
            return "(chưa ghi số)"
        if self.number_source == "filename":
            draft = "" if self.pages_ocr else "dự thảo, "
            return f"({draft}số {self.number} theo tên tệp)"
        return f"số {self.number}"

    @property
    def title(self) -> str:
        """Type and number: "Thông báo số 718/TB-SCT", "Thông báo (dự thảo, số 245/TB-SCT theo tên tệp)"."""
        return f"{self.doc_type or 'Văn bản'} {self.number_label}"


@dataclass(frozen=True)
class Chunk:
    """A passage of one document: never splits a sentence or a table row, knows its heading path and pages."""

    doc_path: str
    ordinal: int
    text: str
    heading_path: tuple[str, ...] = ()
    page_start: int = 1
    page_end: int = 1
    # (offset in text, page) where the text of each page begins, the first at offset 0; a line running over a
    # page break counts as its first page. () when not known (a catalog written before marks were kept).
    page_marks: tuple[tuple[int, int], ...] = ()

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_path}#{self.ordinal}"

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)

    def page_at(self, offset: int) -> int:
        """The page the character at `offset` of the text is on (page_start when the marks are not known)."""
        if not self.page_marks:
            return self.page_start
        index = bisect.bisect_right(self.page_marks, offset, key=lambda mark: mark[0]) - 1
        return self.page_marks[max(index, 0)][1]


def quote_pages(chunk: Chunk, quote: str) -> tuple[int, int]:
    """The first and last page of the text `quote` cites from `chunk`.

    Whitespace is compared collapsed (an answer joins wrapped lines with one space) and the quote may be any part of
    the text (a sentence cut from a longer line); surrounding quotation marks and ellipses are ignored. When the quote
    is not in the text, or the chunk's page marks are not known, the chunk's own page range is returned.
    """
    found = _find_collapsed(chunk.text, quote.strip().strip('«»"“”…').strip())
    if found is None or not chunk.page_marks:
        return chunk.page_start, chunk.page_end
    start, end = found
    return chunk.page_at(start), chunk.page_at(end - 1)


def _find_collapsed(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` is in `text` (start, end offsets in `text`), every run of whitespace in both read as one space."""
    needle = " ".join(quote.split())
    if not needle:
        return None
    collapsed: list[str] = []
    origin: list[int] = []  # offset in `text` of each character of `collapsed`
    in_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            if not in_space and collapsed:
                collapsed.append(" ")
                origin.append(offset)
            in_space = True
            continue
        in_space = False
        collapsed.append(char)
        origin.append(offset)
    at = "".join(collapsed).find(needle)
    if at < 0:
        return None
    return origin[at], origin[at + len(needle) - 1] + 1
