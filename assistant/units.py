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
from index.places import PLACE_KEYS

LONG_LINE = 320
INTRO_LINE = 120  # a short line ending in a colon introduces the next one
MIN_UNIT = 12
ASIDE_LINE = 40  # a bracketed line this short glosses the line before it
_SENTENCE_END = re.compile(rf"(?<=[.;!?])\s+(?=[{CAPITALS}0-9\"“(-])")
# a line that stops mid-sentence and a next line that carries on (a figure, or a lower-case word) belong together
# not a list marker "a) ", "(2) "; a bracket opening the line carries on ("Thuốc nổ các loại" | "(amonit ...): 63 kg")
_CONTINUES = re.compile(rf"^(?:[{SMALL_LETTERS}](?![.)]\s)|\d(?![.)]\s|\d*[.)]\s)|\((?![\w]{{1,3}}\)\s))")
# a figure whose unit a PDF pushed to the next line ("166,2 triệu" | "USD, tăng 5%"): units of measure and currency
_UNIT_START = re.compile(r"^(?:USD|VNĐ|VND|đồng|triệu|tỷ|nghìn|ngàn|tấn|kg|ha|km|m2|m3|m²|m³|lít|kWh|MW|%)(?=\W|$)")
_ENDS_SENTENCE = re.compile(r"[.;:!?»)]$")
# a line ending in a preposition or conjunction stops mid-sentence whatever the next line opens with ("... vướng mắc về
# mặt bằng tại" | "CCN Bến Lau."): grammar, the words no Vietnamese sentence ends with
_OPEN_ENDING = re.compile(r"\s(?:tại|của|và|với|cho|về|ở|từ|đến|các|những|là|trong|theo|để|nhằm|hoặc|mà|bởi|gồm)$")
# a list item's marker: "- ", "• ", "2. ", "1.2) ", "b) ", "IV. "
LIST_MARKER = re.compile(r"^\s*(?:[-+•*–]\s*|(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+)")
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


def logical_lines(text: str) -> list[str]:
    """Lines, with a sentence that a PDF broke before a figure, a unit or a lower-case word put back together."""
    lines: list[str] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if lines and line and _carries_on(lines[-1], line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _carries_on(previous: str, line: str) -> bool:
    """Whether `line` continues `previous`: a sentence cut mid-way, a figure's unit pushed to the next line, or
    a short line ending in a colon ("2. Chủng loại, số lượng VLNCN được phép sử dụng:") introducing it."""
    if not previous:
        return False
    # a sentence cut after a word or a comma ("... ghi nhận 14/45 trường hợp; nhắc nhở," | "cho cam kết ...")
    cut = (previous[-1:].isalpha() or previous.endswith(",")) and bool(_CONTINUES.match(line))
    unit = not _ENDS_SENTENCE.search(previous) and bool(_UNIT_START.match(line))
    # "Lô đất có diện tích là: Tám mươi hai phẩy năm mét vuông" | "(82,5 m²)": an amount in words, then in figures
    aside = bool(re.match(r"^\(\s*\d", line)) and line.endswith(")") and len(line) <= ASIDE_LINE
    cut = cut or (bool(_OPEN_ENDING.search(previous)) and not LIST_MARKER.match(line))
    return cut or unit or aside or (previous.endswith(":") and len(previous) < INTRO_LINE)


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
