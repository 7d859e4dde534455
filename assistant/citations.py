"""Citations built in code from stored metadata — never from model text — in the form an official reply uses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from index.records import Chunk, DocMeta, quote_pages


@dataclass(frozen=True)
class Citation:
    """One cited passage: the document (by its metadata) and where in it."""

    doc_path: str
    label: str  # "Thông báo số 718/TB-SCT ngày 04/4/2023 của Sở Công Thương tỉnh Quảng Ngãi"
    pages: str  # "tr. 1" / "tr. 2–3" / "" for documents without pages
    chunk_id: str
    subject: str | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    signer: str | None = None  # "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC Nguyễn Văn A"
    chunk_ids: tuple[str, ...] = ()  # every passage of the document the answer used (chunk_id is the first)
    page: int | None = None  # the page a link opens the file at: the first quoted line's, else the first cited

    @property
    def text(self) -> str:
        return f"{self.label}, {self.pages}" if self.pages else self.label


def format_date(iso: str | None) -> str | None:
    """ "2023-04-04" → "04/4/2023" (the Vietnamese administrative style); partial dates stay partial."""
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2]):02d}/{int(parts[1])}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {int(parts[1])}/{parts[0]}"
    return f"năm {parts[0]}"


def document_label(meta: DocMeta | None, doc_path: str) -> str:
    """Type, number, date and issuer; an unnumbered draft is named by type, date and issuer, then its file.

    A number read from the file name, not the header, is said to be so (`DocMeta.number_label`): "Thông báo (dự
    thảo, số 245/TB-SCT theo tên tệp) ngày 12/3/2025 của ...", never "Thông báo số 245/TB-SCT ngày ...".
    """
    if meta is None:
        return f"Tệp {PurePosixPath(doc_path).name}"
    parts = [meta.title]
    date = format_date(meta.date)
    if date:
        parts.append(f"ngày {date}" if meta.date and len(meta.date) == 10 else date)
    if meta.issuer:
        parts.append(f"của {meta.issuer}")
    label = " ".join(parts)
    if not meta.number and not meta.issuer and not meta.date:
        label += f" — tệp {PurePosixPath(doc_path).name}"
    return label


def page_label(chunk: Chunk, kind: str | None) -> str:
    if kind not in {"pdf"}:
        return ""
    if chunk.page_start == chunk.page_end:
        return f"tr. {chunk.page_start}"
    return f"tr. {chunk.page_start}–{chunk.page_end}"


def pages_label(chunks: list[Chunk], kind: str | None) -> str:
    """The pages of several passages of one document: "tr. 2–3, 5"."""
    if kind not in {"pdf"} or not chunks:
        return ""
    return _pages_text({n for c in chunks for n in range(c.page_start, c.page_end + 1)})


def quoted_pages(chunk: Chunk, quotes: Sequence[str]) -> list[int]:
    """The pages of the lines quoted from `chunk`, in the order quoted; its whole page range without quotes."""
    if not quotes:
        return list(range(chunk.page_start, chunk.page_end + 1))
    pages: list[int] = []
    for quote in quotes:
        first, last = quote_pages(chunk, quote)
        pages.extend(n for n in range(first, last + 1) if n not in pages)
    return pages


def _pages_text(numbers: set[int]) -> str:
    pages = sorted(numbers)
    spans: list[list[int]] = []
    for n in pages:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "tr. " + ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def cite(
    chunk: Chunk,
    meta: DocMeta | None,
    kind: str | None,
    more: list[Chunk] | None = None,
    quotes: Mapping[str, Sequence[str]] | None = None,
) -> Citation:
    """One citation of a document, for the passage `chunk` and any `more` passages of the same document.

    `quotes` maps a chunk_id to the strings the answer quotes from that passage: the citation then gives the pages of
    the quoted lines ("tr. 3", not the passage's "tr. 2–3"), and `page` is the first quoted line's page. A passage
    without quotes, or a quote not found in its text, counts with its whole page range.
    """
    chunks = [chunk, *(more or [])]
    if kind not in {"pdf"}:
        pages, page = "", None
    elif quotes:
        each = [quoted_pages(c, quotes.get(c.chunk_id, ())) for c in chunks]
        quoted = [n for c, numbers in zip(chunks, each, strict=True) if quotes.get(c.chunk_id) for n in numbers]
        ordered = [n for numbers in each for n in numbers]
        pages, page = _pages_text(set(ordered)), (quoted or ordered)[0]
    else:
        pages = pages_label(chunks, kind) if more else page_label(chunk, kind)
        page = min(c.page_start for c in chunks)
    return Citation(
        doc_path=chunk.doc_path,
        label=document_label(meta, chunk.doc_path),
        pages=pages,
        page=page,
        chunk_id=chunk.chunk_id,
        chunk_ids=tuple(c.chunk_id for c in chunks),
        subject=meta.subject if meta else None,
        number=meta.number if meta else None,
        date=meta.date if meta else None,
        issuer=meta.issuer if meta else None,
        signer=" ".join(p for p in (meta.signer_capacity, meta.signer) if p) or None if meta and meta.signer else None,
    )
