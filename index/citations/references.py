"""References to other documents in running text: what is cited, by which number, of when, by whom, on what.

Reports cite other documents all the time: "Thực hiện Quyết định số 1389/QĐ-UBND ngày 18/9/2020 của UBND
tỉnh về phê duyệt Kế hoạch ...". Each number found by `docnumbers` becomes a `Reference` with what the
words around it say: the type (the word before the number, "Quyết định", "Luật Hóa chất số ...", "QĐ số ...",
else the type code of the symbol), the date right after it, the issuing body ("của UBND tỉnh Lào Cai") and
the description ("về việc ...", "về ...", or a clause opening with "quy định", "ban hành", "phê duyệt" ...),
and the sentence it stands in (read by `context`, the issuing body by `bodies`).

A directive's key is its folded number and its year (`1389/QD-UBND@2020`): the year of the number itself
("04/2021/QĐ-UBND"), else the year of the date the text gives. Two documents that share a number in different
years keep apart; a number cited without any year has a key without "@".

Lower-case numbers ("quyết định số 1389/qđ-ubnd") are read only after a cue ("số", a type word), where they
cannot be a unit such as "tấn/ha". Numbers on the "Số:" line of a header are the document's own, no citation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from index.citations.context import attributes_after, clause_start, sentence_around, type_before
from index.citations.docnumbers import DocNumber, fold_number, iter_doc_numbers
from index.records import Chunk
from index.vocabulary import fold, symbol_type

# Words before "số" that make the number something else than a document: an inspection code, a form.
_NOT_DOCUMENT = ("MA", "MAU", "MA SO", "PHU LUC")
_STANDARD_BEFORE_RE = re.compile(r"(?:QCVN|TCVN|QCĐP|QCĐ|TCCS|ISO)[\s\w.-]{0,12}:\s*$", re.IGNORECASE)
_PLAN_TYPES = frozenset({"Kế hoạch", "Chương trình", "Đề án", "Hướng dẫn", "Phương án"})


@dataclass(frozen=True)
class Reference:
    """One mention of a document in the text of an archive document."""

    doc_path: str  # the citing document
    page: int | None
    number: str  # canonical: "1389/QĐ-UBND"
    year: int | None  # of the number, else of the date; None when the text gives neither
    doc_type: str | None  # "Quyết định", ...
    type_source: str | None  # "text" (the word before it) | "symbol" (its type code) | None
    date: str | None  # ISO, or "2020-09" / "2020"
    issuer: str | None  # "UBND tỉnh"
    subject: str | None  # "phê duyệt Kế hoạch phát triển thương mại điện tử ..."
    sentence: str
    start: int = 0  # offsets of the number in the text it was read from
    end: int = 0

    @property
    def base(self) -> str:
        """The folded number without the year: "1389/QD-UBND"."""
        return fold_number(self.number)

    @property
    def key(self) -> str:
        """The directive's key: "1389/QD-UBND@2020", or "1389/QD-UBND" without a year."""
        return directive_key(self.base, self.year)


def directive_key(base: str, year: int | None) -> str:
    """The key of a directive, "1389/QD-UBND@2020"; the bare folded number when the year is unknown."""
    return f"{base}@{year}" if year else base


def year_of(number: DocNumber | None, date: str | None) -> int | None:
    """The year of a document: the one in its number, else the one of its date ("2020-09-18" -> 2020)."""
    if number is not None and number.year:
        return number.year
    if date and re.fullmatch(r"(?:19|20)\d{2}(?:-\d{2}){0,2}", date):
        return int(date[:4])
    return None


def extract_references(text: str, doc_path: str, page: int | None = None) -> list[Reference]:
    """Every reference to a document in `text` (a chunk of `doc_path`), in order of appearance."""
    scan = _join_broken_numbers(text)
    found = list(iter_doc_numbers(scan, strict=True))
    taken = [(start, end) for _, start, end in found]
    for number, start, end in iter_doc_numbers(scan, strict=False):
        if not any(s < end and start < e for s, e in taken) and _cued(scan, start):
            found.append((number, start, end))
    found.sort(key=lambda item: item[1])
    references = []
    previous_end = 0
    for number, start, end in found:
        reference = _reference(scan, number, start, end, previous_end, doc_path, page)
        previous_end = end
        if reference is not None:
            references.append(reference)
    return references


def _chunk_references(chunk: Chunk) -> Iterable[tuple[int, Reference]]:
    for reference in extract_references(chunk.text, chunk.doc_path, chunk.page_start):
        # the page the number is on, which may be a later one than the chunk's first
        yield chunk.ordinal, replace(reference, page=chunk.page_at(reference.start))


def document_references(chunks: Sequence[Chunk]) -> list[tuple[int, Reference]]:
    """(chunk ordinal, reference) for each reference the chunks of one document make, in order. A number cited again
    without its date ("Quyết định 1389/QĐ-UBND nêu trên") takes the year the document gave it before."""
    references = [item for chunk in chunks for item in _chunk_references(chunk)]
    years: dict[str, set[int]] = defaultdict(set)
    for _, r in references:
        if r.year is not None:
            years[r.base].add(r.year)
    out = []
    for ordinal, r in references:
        if r.year is None and len(years[r.base]) == 1:
            r = replace(r, year=next(iter(years[r.base])))
        out.append((ordinal, r))
    return out


def _join_broken_numbers(text: str) -> str:
    """`text` with a line break inside a number ("1389/QĐ-" | "UBND") read as a space; offsets unchanged."""
    chars = list(text)
    for match in re.finditer(r"\n", text):
        i = match.start()
        before = text[max(0, i - 20) : i].rstrip(" \t")
        after = text[i + 1 : i + 20].lstrip(" \t")
        if (before.endswith(("/", "-")) and before[-2:-1].isalnum() and after[:1].isalnum()) or (
            after.startswith("/") and before[-1:].isdigit()
        ):
            chars[i] = " "
    return "".join(chars)


def _cued(text: str, start: int) -> bool:
    """Whether a number read in any case follows "số" or a type word (so it is no unit like "tấn/ha")."""
    before = fold(text[max(0, start - 40) : start]).rstrip(" :\t")
    return before.endswith(" SO") or before == "SO" or type_before(text[max(0, start - 40) : start]) is not None


def _reference(
    text: str, number: DocNumber, start: int, end: int, previous_end: int, doc_path: str, page: int | None
) -> Reference | None:
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    # the header's "Số: 718/TB-SCT" (or "Luật số: 69/2025/QH15") is the document's own number
    if re.fullmatch(r"\s*(?:[^\W\d_]+\s+)?số\s*:\s*|\s*số\s*", prefix, re.IGNORECASE):
        return None
    if _STANDARD_BEFORE_RE.search(text, max(0, start - 30), start):
        return None  # "QCVN 01: 2019/BCT" is a technical standard, no document
    if re.match(r"/\w", text[end : end + 2]):
        return None  # "480/VC/2026/HT": a numbering scheme read in part would give a wrong number
    window = text[max(previous_end, start - 200, clause_start(text, start)) : start]
    folded_before = fold(window).rstrip(" :\t")
    if any(folded_before.endswith(f" {word} SO") or folded_before == f"{word} SO" for word in _NOT_DOCUMENT):
        return None
    typed = type_before(window)
    doc_type, type_source, name = (
        (typed[0], "text", typed[1]) if typed else (symbol_type(number.symbol), "symbol", None)
    )
    date, issuer, subject = attributes_after(text, end, doc_type in _PLAN_TYPES)
    if subject is None and name and doc_type in ("Luật", "Bộ luật", "Pháp lệnh"):
        subject = f"{doc_type} {name}"  # "Luật Hóa chất số 69/2025/QH15": the law's name is what it is about
    return Reference(
        doc_path=doc_path,
        page=page,
        number=number.canonical,
        year=year_of(number, date),
        doc_type=doc_type,
        type_source=type_source if doc_type else None,
        date=date,
        issuer=issuer,
        subject=subject,
        sentence=sentence_around(text, start, end),
        start=start,
        end=end,
    )
