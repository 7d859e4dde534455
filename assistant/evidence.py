"""What a line carries: an amount (in the unit asked, of the noun counted), a date, a person, a place; and the bare
numbers a question names. The answerability decision's tests of the kind of thing asked."""

from __future__ import annotations

import re

from assistant.questions import STOPWORDS, UNIT_SPELLINGS, Question
from assistant.vietnamese import FIGURE, fold
from index.docnumbers import iter_doc_numbers
from index.places import places_in

_HAS_DATE = re.compile(
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|ngày\s+\d{1,2}\s+tháng|\d{1,2}h\d{0,2}|\d{1,2}\s*giờ|"
    r"(?:tháng|quý)\s+[\dIV]+\s*/\s*\d{4}|(?:tháng|quý)\s+[\dIV]+\s+năm\s+\d{4}|\bnăm\s+\d{4}",
    re.I,
)
_PERSON_NAME = re.compile(r"(?:ông|bà|đồng chí)?\s*[A-ZĐ][a-zà-ỹđ]+(?:\s+[A-ZĐ][a-zà-ỹđ]+){1,3}")
_HAS_PLACE = re.compile(r"\b(?:tại|địa điểm|hội trường|phòng họp|trụ sở|địa chỉ|thôn|xã|phường|huyện)\b", re.I)
# What is not a quantity although it is written in digits: dates, periods, list markers
_NOT_QUANTITY = re.compile(
    r"(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2})?(?:\s+năm\s+\d{4})?|"
    r"(?:tháng|quý|năm)\s+[\dIV]+(?:\s*/\s*\d{4})?|\b(?:[1-9]|1[0-2])\s+tháng|^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s",
    re.I,
)
_BARE_NUMBER = re.compile(r"(?<![\d/.,])\d{1,4}[A-Za-z]?(?![\d/.,%])")
# a table row as the loaders write it: "TT: 3; Mặt hàng: Tinh bột sắn; Tháng 4/2025: 14,2"
TABLE_ROW = re.compile(r"(?:^|;\s)[^:;]{1,40}:\s[^;]*;\s[^:;]{1,40}:\s[^;]*;\s[^:;]{1,40}:\s")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def has_quantity(text: str) -> bool:
    """Whether a line states an amount: a figure that is not a date, a period, a list marker or a document number."""
    cleaned = _NOT_QUANTITY.sub(" ", _without_doc_numbers(text))
    return any(any(c.isdigit() for c in f) for f in FIGURE.findall(cleaned))


def _without_doc_numbers(text: str) -> str:
    """`text` with every document number blanked out (its digits are no amount)."""
    pieces, last = [], 0
    for _, start, end in iter_doc_numbers(text, strict=False):
        pieces.append(text[last:start] + " ")
        last = end
    return "".join(pieces) + text[last:]


def carries_kind(q: Question, text: str, own: set[str], counted: str | None, context: str = "") -> bool:
    """Whether the unit carries the kind of thing the question asks for (`context`: its passage, where a table's
    caption states the unit its bare cells are in)."""
    if q.wants == "quantity":
        if not has_quantity(text):
            return False
        # "bao nhiêu tấn": a figure in USD does not answer; a table row's bare figures take the caption's unit
        in_caption = bool(TABLE_ROW.search(text)) and _in_unit_words(context, q.asked_unit or "")
        if q.asked_unit and not _in_unit(text, q.asked_unit) and not in_caption:
            return False
        return counted is None or counted in own  # "bao nhiêu doanh nghiệp": the count is of doanh nghiệp
    if q.wants == "date":
        return bool(_HAS_DATE.search(text))
    if q.wants == "person":
        return bool(_PERSON_NAME.search(text))
    if q.wants == "place":
        return bool(_HAS_PLACE.search(text)) or bool(places_in(text))
    return True


def _in_unit_words(text: str, unit: str) -> bool:
    """Whether `text` names `unit` at all ("(triệu USD)" in a caption)."""
    spellings = "|".join(re.escape(u) for u in UNIT_SPELLINGS.get(unit, (unit,)))
    return bool(re.search(rf"(?<!\w)(?:{spellings})(?!\w)", fold(text)))


def _in_unit(text: str, unit: str) -> bool:
    """Whether a figure of `text` is written in `unit` (any of its spellings), within two words after the figure."""
    spellings = "|".join(re.escape(u) for u in UNIT_SPELLINGS.get(unit, (unit,)))
    return bool(re.search(rf"\d(?:[\d.,]*)\s*(?:\w+\s+){{0,2}}?(?:{spellings})(?!\w)", fold(text)))


def bare_numbers(q: Question) -> list[str]:
    """Numbers the question names that are not years, periods or document numbers ("RON 95", "CCN số 2")."""
    text = _NOT_QUANTITY.sub(" ", _without_doc_numbers(q.text))
    found = [n for n in _BARE_NUMBER.findall(text) if not _YEAR.fullmatch(n)]
    return [n for n in found if fold(n) not in STOPWORDS]
