"""Records passed between the indexing stages. All frozen: a stage returns new records, never edits old ones."""

from __future__ import annotations

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
    recipients: tuple[str, ...] = field(default_factory=tuple)
    pages: int = 0
    pages_ocr: int = 0


@dataclass(frozen=True)
class Chunk:
    """A passage of one document: never splits a sentence or a table row, knows its heading path and pages."""

    doc_path: str
    ordinal: int
    text: str
    heading_path: tuple[str, ...] = ()
    page_start: int = 1
    page_end: int = 1

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_path}#{self.ordinal}"

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)
