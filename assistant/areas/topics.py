"""A document's headings read as topics to ask about ("I. TÌNH HÌNH THỰC HIỆN" → "tình hình thực hiện"): for the
starter questions of the archive and of each work area."""

from __future__ import annotations

import re
from collections.abc import Iterable

# "Chương II.", "Mục 1.", "Điều 3.", "II.", "1.2.", "a)": numbering, not topic
_NUMBERING = re.compile(
    r"^\s*(?:(?:Chương|Mục|Phần|Điều|Khoản|Phụ lục)\s+[\dIVXLC]+[a-zđ]?\s*[.:\-–]?\s*"
    r"|[IVXLC]+\s*[.)\-–]\s*|\d+(?:\.\d+)*\s*[.)\-–]?\s+|[a-zđ]\s*[.)]\s*)",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^[IVXLC]+$")
# a heading that opens with one of these is a sentence cut short ("Trong quá trình ..."), not a topic; a leading
# "Về" ("Về điều kiện phương tiện") is dropped instead
_FRAGMENT_OPENERS = {
    "trong",
    "trước",
    "sau",
    "đối",
    "của",
    "và",
    "hoặc",
    "nếu",
    "khi",
    "để",
    "do",
    "tại",
    "theo",
    "với",
    "từ",
    "như",
}
MIN_TOPIC_WORDS, MAX_TOPIC_WORDS = 2, 12


def heading_topic(heading: str, keep_upper: Iterable[str] = ()) -> str | None:
    """A heading as a topic to ask about: numbering dropped, capitals tamed; None when it says too little."""
    text = _NUMBERING.sub("", " ".join(heading.split())).strip(" .:;,-–")
    words = text.split()
    if words and words[0].lower() == "về":
        words = words[1:]
        text = " ".join(words)
    if words and words[0].lower() in _FRAGMENT_OPENERS:
        return None
    if not (MIN_TOPIC_WORDS <= len(words) <= MAX_TOPIC_WORDS) or not any(c.isalpha() for c in text):
        return None
    acronyms = set(keep_upper)
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.8 * len(letters):
        # an all-capitals heading: lower case, except abbreviations the archive defines and roman numerals
        words = [w if w in acronyms or _ROMAN.match(w) or any(c.isdigit() for c in w) else w.lower() for w in words]
    elif words[0][:1].isupper() and words[0][1:].islower() and words[1][:1].islower():
        words[0] = words[0].lower()  # "Kết quả thẩm định" -> "kết quả thẩm định"; "Sở Công Thương" stays
    return " ".join(words)
