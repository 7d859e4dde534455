"""The units an answer quotes: a line, a table row, or a sentence of a long paragraph of a retrieved passage, with the
lines a PDF wrapped put back together, and the units that never answer anything (a heading alone, "Nơi nhận", the
closing formula, a table caption) told apart. Also the document's header facts as units of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.grammar import CONSEQUENCE
from assistant.retrieval import Passage
from assistant.vietnamese import CAPITALS, FIGURE, SMALL_LETTERS, WORD, fold
from index.chunking.lines import logical_lines
from index.places import PLACE_KEYS

LONG_LINE = 320
MIN_UNIT = 12
_SENTENCE_END = re.compile(rf"(?<=[.;!?])\s+(?=[{CAPITALS}0-9\"“(-])")
# texts whose terms are kept: a question reads 10-20 passages of 20-60 units, each several times (per part, and
# again for the answer): 2,048 cover one question's (estimated at 20 MB at most). Measured on dev and archive-tune (114
# questions, the decision alone, the machine otherwise idle): mean 37 ms / p95 71-75 ms a question, against
# 46-50 / 99-101 without the caches (two runs each)
TEXTS_KEPT = 2048
# Lines that never answer a question by themselves
_HEADING_ONLY = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+\S.{0,90}$")
_CLOSING = re.compile(r"^(?:kinh bao cao|xin tran trong|tran trong|tm\.|kt\.|noi nhan|luu:|- luu|nhu tren)", re.I)
_CAPTION = re.compile(
    r"^(?:bang|bieu|phu luc)(?:\s+(?:so\s+)?[\divx]+)?[.:]?\s[^.]{0,100}$|^(?:don vi tinh|dvt)\b.{0,60}$"
)
_MARKER_ONLY = re.compile(r"^[\W\d_]+$")
# the national title and motto every document opens with (folded)
_NATIONAL_MOTTO = re.compile(r"^(?:cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc)")
# the header's place-and-date line ("Lào Cai, ngày   tháng 5 năm 2026"): a date question's answer, no other's
_PLACE_DATE = re.compile(r"^[^,.;:\d]{2,40},\s*ngay\s+(?:\d{1,2}\s+)?thang\s+(?:\d{1,2}\s+)?nam\s+\d{4}\s*$")


def split_units(text: str) -> list[str]:
    """Lines of a chunk; a long paragraph is split into sentences (table rows are never split)."""
    return [unit for unit, _ in units_in_paragraphs(text)]


def units_in_paragraphs(text: str) -> list[tuple[str, str]]:
    """Each unit of a chunk with the paragraph it comes from (itself, unless a long paragraph was split into
    sentences: "Sở đề nghị Sở Xây dựng ... | Thời hạn ... trước ngày 30/6/2026." shares its paragraph's subject)."""
    units: list[tuple[str, str]] = []
    for line in logical_lines(text):
        line = line.strip()
        if len(line) > LONG_LINE and "; " not in line[:200]:
            units.extend((s.strip(), line) for s in _SENTENCE_END.split(line))
        elif line:
            units.append((line, line))
    joined: list[tuple[str, str]] = []
    for unit, paragraph in units:
        # a sentence drawing a consequence ("Do vậy không đủ điều kiện ...") says neither why nor what "đó" is
        # alone: it is quoted with the sentence it leans on
        if joined and CONSEQUENCE.match(unit):
            before, before_paragraph = joined.pop()
            unit = f"{before} {unit}"
            paragraph = before_paragraph if before_paragraph == paragraph else unit
        joined.append((unit, paragraph))
    return [(unit, paragraph) for unit, paragraph in joined if len(unit) >= MIN_UNIT]


def is_noise(unit: str, headings: tuple[str, ...] = ()) -> bool:
    """A unit that answers nothing by itself: a heading without content, the closing formula, "Nơi nhận", the
    signature's titles, a table caption, a line of markers."""
    folded = fold(unit).strip()
    if unit.strip() in headings or _MARKER_ONLY.match(unit):
        return True
    if _CLOSING.match(folded) or _CAPTION.match(folded) or _PLACE_DATE.match(folded) or _NATIONAL_MOTTO.match(folded):
        return True
    # "II. NHẬP KHẨU", "2.1. Thị trường và tổng mức bán lẻ": a numbered title with no figure or full stop after it
    return bool(_HEADING_ONLY.match(unit) and not FIGURE.search(unit[4:]) and not unit.rstrip().endswith("."))


def terms_of(text: str) -> set[str]:
    """Folded syllables and syllable pairs: what a unit or a passage can be matched on."""
    return set(_terms(text))


@lru_cache(maxsize=TEXTS_KEPT)
def _terms(text: str) -> frozenset[str]:
    # one question reads the same passages for each of its parts, and for the answer after the decision
    words = [fold(w) for w in WORD.findall(text)]
    return frozenset(words) | {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}


def header_units(passage: Passage) -> list[str]:
    """The document's header facts as answer lines: who signed it, to whom it is addressed (Kính gửi), who gets a
    copy (Nơi nhận), what it is about. A chunk of the body rarely repeats them."""
    meta = passage.meta
    if meta is None:
        return []
    lines = []
    if meta.signer:
        lines.append("Người ký: " + " ".join(p for p in (meta.signer_capacity, meta.signer) if p))
    if meta.addressees:
        lines.append("Kính gửi: " + "; ".join(meta.addressees))
    if meta.recipients:
        lines.append("Nơi nhận: " + "; ".join(meta.recipients))
    if meta.subject:
        lines.append(f"Trích yếu: {meta.subject}")
    return lines


# The provinces and cities with their syllables glued, as file names write them ("laocai", "quangngai")
_GLUED_PLACES = {re.sub(r"[\s-]+", "", key): PLACE_KEYS[key] for key in PLACE_KEYS}


def passage_context(passage: Passage, title: str = "") -> str:
    """What a passage says with its headings and its document's metadata (and, for a document whose metadata has no
    subject, its title block: `coverage.document_titles`): where the names and terms around a unit are read."""
    return " ".join([*passage.chunk.heading_path, passage.chunk.text, meta_text(passage), title])


def meta_text(passage: Passage) -> str:
    """The document's metadata (addressees included) and file name: "GP-than-da-Suoi-Bac.docx" says whom a permit
    is for. (Not its folders: one folder may hold the reports of two provinces.)"""
    meta = passage.meta
    name = re.sub(r"[-_.]+", " ", passage.doc_path.rsplit("/", 1)[-1])
    name = re.sub(rf"(?<=[{SMALL_LETTERS}])(?=[{CAPITALS}])", " ", name)  # "moMongSon": "mo Mong Son"
    # a file name glues a province's syllables ("qht-laocai-2026-phuluc.txt"): the province, as a place is written
    name += "".join(f" {_GLUED_PLACES[word]}" for word in name.lower().split() if word in _GLUED_PLACES)
    # whom it is addressed to ("Kính gửi: Công ty X") says whom a letter is about, as its subject does
    fields = (
        [meta.doc_type, meta.number, meta.subject, meta.issuer, meta.place, meta.date, *meta.addressees] if meta else []
    )
    return " ".join(filter(None, [*fields, name]))


def answering_fields(field: str | None, headers: list[str]) -> tuple[str, ...]:
    """The header lines that answer the question's header field; "gửi ai" falls back to the copy list ("Nơi
    nhận") for a document without a "Kính gửi" line (a decision, a notice)."""
    if field is None:
        return ()
    if field == "Kính gửi" and not any(h.startswith("Kính gửi") for h in headers):
        return ("Kính gửi", "Nơi nhận")
    return (field,)
