"""Vietnamese text for the lexical index: diacritic folding and tokens that keep numbers and document numbers whole."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A document number: "1389/QĐ-UBND", "04/2021/QĐ-UBND", "01-NQ/TU", "464/TTg", with the OCR spacing "1389 / QĐ - UBND".
DOC_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5}(?:\s?/\s?\d{4})?(?:\s?[/-]\s?[A-Za-zĐđ][\wĐđ]*(?:\s?-\s?[A-Za-zĐđ][\wĐđ]*)*)+)",
)
# Figures as written in Vietnamese: "402,6", "1.939.211", "34,4%", "22,3m3" (the number part).
FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")
# "quý I/2021", "tháng 3/2021", "6 tháng đầu năm" keep their period marker as one token too.
PERIOD = re.compile(r"\b(?:quý|quy)\s+(I{1,3}|IV|[1-4])(?:\s*/\s*(\d{4}))?", re.IGNORECASE)
WORD = re.compile(r"[\wĐđ]+")


def fold(text: str) -> str:
    """Lower case without diacritics: "Quảng Ngãi" → "quang ngai", "Đường" → "duong"."""
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese diacritic (or is đ)."""
    return fold(text) != text.lower()


def canonical_doc_number(raw: str) -> str:
    """A comparison key for a document number: no spaces, folded, "QĐ"/"QD" alike: "1389/qd-ubnd"."""
    return fold(re.sub(r"\s+", "", raw))


def find_doc_numbers(text: str) -> list[str]:
    """Document numbers in `text` as comparison keys (must contain a letter after the number)."""
    keys = []
    for match in DOC_NUMBER.finditer(text):
        key = canonical_doc_number(match.group(1))
        if re.search(r"[a-z]", key):
            keys.append(key)
    return keys


def tokenize(text: str) -> list[str]:
    """Tokens for BM25: folded syllables, syllable bigrams, and whole document numbers, figures and periods."""
    tokens: list[str] = []
    for key in find_doc_numbers(text):
        tokens.append("#" + key)  # a number token never collides with a syllable
        tokens.append("#" + key.split("/")[0].split("-")[0])  # "số 1389" alone should still meet "1389/QĐ-UBND"
    for match in PERIOD.finditer(text):
        roman = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}.get(match.group(1), match.group(1).lower())
        tokens.append(f"quy_{roman}")
        if match.group(2):
            tokens.append(f"quy_{roman}_{match.group(2)}")
    for match in FIGURE.finditer(text):
        figure = match.group(0)
        if len(figure) > 1 or figure.isdigit():
            tokens.append(figure.rstrip("%"))
    words = [fold(w) for w in WORD.findall(text)]
    tokens.extend(words)
    tokens.extend(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return tokens
