"""The subject as a sentence: all-caps lines in sentence case, names keeping their capitals, garbled text
refused."""

from __future__ import annotations

import re

from index.metadata.text import PLACES, is_acronym, is_upper_line, upper_first
from index.normalise import GARBAGE_THRESHOLD, garbage_ratio
from index.vocabulary import fold

_PROPER_WORDS = {
    "VIET NAM": "Việt Nam",
    "CHINH PHU": "Chính phủ",
    "QUOC HOI": "Quốc hội",
    "CONG THUONG": "Công Thương",
}


_ROMAN_RE = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3})[,.;:)]?$")
_NUMBERED = frozenset({"QUY", "PHAN", "CHUONG", "MUC", "KHOA", "DOT", "LOAI", "NHOM", "KY", "GIAI"})


def keeps_case(word: str, previous: str = "") -> bool:
    """Whether an upper-case word stays so in sentence case: acronyms, numbers, "QUÝ II" (not "PHẠM VI")."""
    if _ROMAN_RE.match(word):
        return fold(previous) in _NUMBERED
    return is_acronym(word) or any(c.isdigit() for c in word)


# names inside a lower-cased subject that keep their capitals: "Luật Hóa chất", "Nghị định số 26/...",
# "của Bộ Xây dựng", "Bộ trưởng Bộ Công Thương"
_CAPITALISED = (
    (re.compile(r"\bluật (\w)"), lambda m: f"Luật {m.group(1).upper()}"),
    (
        re.compile(r"\b(nghị định|nghị quyết|thông tư|quyết định|chỉ thị) số"),
        lambda m: f"{upper_first(m.group(1))} số",
    ),
    (re.compile(r"\bbộ trưởng bộ (\w)"), lambda m: f"Bộ trưởng Bộ {m.group(1).upper()}"),
    (re.compile(r"\bcủa bộ (\w)"), lambda m: f"của Bộ {m.group(1).upper()}"),
)


def _sentence_case(text: str) -> str:
    """An all-caps subject in sentence case, keeping acronyms, numbers, Roman numerals and place names."""
    words = text.split()
    out = [w if keeps_case(w, words[i - 1] if i else "") else w.lower() for i, w in enumerate(words)]
    result = " ".join(out)
    for proper in _PROPER_WORDS.values():
        result = re.sub(re.escape(proper.lower()), proper, result)
    for name in PLACES.values():
        result = re.sub(rf"(?<=tỉnh ){re.escape(name.lower())}\b", name, result)
    # "Luật Hóa chất", "Nghị định số 26/...", "của Bộ Công Thương": names keep their capitals
    for pattern, replace in _CAPITALISED:
        result = pattern.sub(replace, result)
    return upper_first(result)


def clean_subject(lines: list[str]) -> str | None:
    """The subject lines as one line in sentence case; None when too short or garbled to be trusted."""
    parts = [" ".join(line.split()) for line in lines if line.strip()]
    if not parts:
        return None
    cased = [_sentence_case(p) if is_upper_line(p) else p for p in parts]
    text = cased[0]
    for raw, part in zip(parts[1:], cased[1:], strict=True):
        lower_first = is_upper_line(parts[0]) and not keeps_case(raw.split()[0])
        text += " " + (part[0].lower() + part[1:] if lower_first else part)
    text = text.strip(" .;:")
    # OCR of "Về việc": "Vềviệc", ",Vêviệc", "\ việc", "và việc"
    text = re.sub(r"^\W*(?:V[ềêe]|và|\\)?\s*việc\b", "Về việc", text)
    if len(text.split()) < 2 or looks_garbled(text):
        return None
    return text


def looks_garbled(text: str) -> bool:
    """Legacy-font or failed-OCR text: letters outside Vietnamese, words without any diacritics, "ph4m"."""
    if garbage_ratio(text) > GARBAGE_THRESHOLD:
        return True
    words = re.findall(r"[^\W_]+", text)
    if len(words) < 3:
        return False
    marked = sum(1 for w in words if any(ord(c) > 127 for c in w))
    mixed = sum(1 for w in words if re.search(r"[a-z]\d|\d[a-z]", w))
    return marked == 0 or mixed >= 2
