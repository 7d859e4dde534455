"""A document number as staff type it in a search box: "công văn 310", "310", "CV 310/SCT", "CT 07 năm 2025".

A type word or abbreviation (the names, abbreviations and symbol codes of `index.vocabulary`), "số", a number, an
optional symbol tail ("/SCT", "/QĐ-UBND", "/2021/QĐ-UBND") and an optional year ("năm 2025", "ngày 18/9/2020",
"2020"). `matches` says whether a number the registry holds fits what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.vocabulary import ABBREVIATED_TYPES, DOCUMENT_TYPES, code_type, fold, symbol_type

# Longest names first: "Nghị quyết liên tịch" before "Nghị quyết".
_NAMES = sorted(((fold(t.name), t.name) for t in DOCUMENT_TYPES), key=lambda pair: -len(pair[0]))
_FOLDED_ABBREVIATIONS = {fold(a): name for a, name in ABBREVIATED_TYPES.items()}
_GENERIC = "Văn bản"  # names any document: no filter
_NUMBER_RE = re.compile(
    r"^(?:SO\s*:?\s*)?(?P<num>\d{1,5})(?:\s*/\s*(?P<tail>[A-Z0-9&/\s-]*?))?"
    r"(?:\s*,?\s*(?:NGAY\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*|NAM\s+)?(?P<year>(?:19|20)\d{2}))?\s*$"
)


@dataclass(frozen=True)
class NumberQuery:
    """What a typed number asks for: the number without leading zeros, and what else was given (folded)."""

    number: str  # "310", "7"
    doc_type: str | None = None  # "Công văn", as the vocabulary names it
    tail: str | None = None  # "SCT", "QD-UBND", "2021/QD-UBND": folded, upper case, Đ as D
    year: int | None = None

    def matches(self, key: str, doc_type: str | None, year: int | None) -> bool:
        """Whether a registry number (its folded `key`, "310/SCT-QLTM"), type and year fit the query."""
        number, symbol = _split(key)
        if number != self.number:
            return False
        if self.tail and not _tail_fits(self.tail, symbol):
            return False
        if self.year is not None and year is not None and year != self.year:
            return False
        if self.doc_type and self.doc_type != _GENERIC:
            named = {doc_type, symbol_type(symbol) if symbol else None}
            return self.doc_type in named
        return True


def parse_number_query(text: str) -> NumberQuery | None:
    """The query in `text`, or None when it holds no number to look for."""
    folded = " ".join(fold(text).split())
    doc_type = None
    for name_folded, name in _NAMES:
        if folded.startswith(name_folded) and _boundary(folded, len(name_folded)):
            doc_type, folded = name, folded[len(name_folded) :]
            break
    else:
        word = re.match(r"^([A-Z&]+)\.?\s*", folded)
        if word and not folded[: word.end()].strip().isdigit():
            named = _FOLDED_ABBREVIATIONS.get(word.group(1)) or code_type(word.group(1))
            if named:
                doc_type, folded = named, folded[word.end() :]
    match = _NUMBER_RE.match(folded.strip())
    if match is None:
        return None
    tail = re.sub(r"\s*([/-])\s*", r"\1", (match.group("tail") or "").strip(" /-"))
    year = int(match.group("year")) if match.group("year") else None
    tail_year = re.match(r"^((?:19|20)\d{2})(?:/|$)", tail)
    if tail_year and year is None:
        year = int(tail_year.group(1))  # "04/2021/QĐ-UBND": the year is part of the number
    return NumberQuery(match.group("num").lstrip("0") or "0", doc_type, tail or None, year)


def _boundary(text: str, end: int) -> bool:
    return end == len(text) or not text[end].isalpha()


def _split(key: str) -> tuple[str, str]:
    """ "310/SCT-QLTM@2025" -> ("310", "SCT-QLTM"); "1-NQ/TU" -> ("1", "NQ/TU")."""
    base = key.split("@")[0]
    match = re.match(r"^(\d+(?:\.\d+)?)[/-](.*)$", base)
    return (match.group(1), match.group(2)) if match else (base, "")


def _tail_fits(tail: str, symbol: str) -> bool:
    """A typed tail fits a symbol when its parts appear there in order, each whole: "SCT" fits "SCT-QLTM"."""
    parts = [p for p in re.split(r"[/-]", symbol) if p]
    wanted = [p for p in re.split(r"[/-]", tail) if p]
    i = 0
    for part in parts:
        if i < len(wanted) and part == wanted[i]:
            i += 1
    return i == len(wanted)
