"""A question's clauses: where one part of a question ends and the next begins ("bao nhiêu ha | tổng vốn bao
nhiêu"), read from its question words, the provinces and periods it compares, and a subject carried in brackets."""

from __future__ import annotations

import re

from assistant.grammar import is_asking
from assistant.periods import periods_in
from assistant.vietnamese import WORD, fold
from index.places import places_in

# A subject carried over from elsewhere (a follow-up's topic, rewrite.py; what a part leaves to the part before it,
# parts.py) is appended in brackets at the end; a bracket inside the user's words ("Chỉ số sản xuất công nghiệp (IIP)
# tháng 4 tăng bao nhiêu") is theirs
CARRIED = re.compile(r"\s\(([^()]*)\)\s*$")


def own_words(text: str) -> str:
    """The question without a subject carried over from elsewhere."""
    carried = CARRIED.search(text)
    return text[: carried.start()] if carried else text


# "cách kho bao xa": how far ("xa" alone, typed without marks, is also "xã", the commune)
_BAO_XA = re.compile(r"\bbao xa\b")
_CARRIED = re.compile(r"\s*\([^()]*\)\s*$")
_COMPARED_WITH = re.compile(r"\bso (?:với|voi)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"\?|[,;]\s+|\s+(?:và|còn|va|con)\s+", re.IGNORECASE)  # "va", "con": typed without accents


def question_parts(question: str) -> list[str]:
    """The parts of a question that each ask something ("bao nhiêu ha | tổng vốn bao nhiêu") or name their own
    province ("tháng 2 của Trà Vinh | và tháng 3 của Quảng Ngãi"); clauses that do neither join the next part."""
    # a subject carried over from the conversation, in brackets at the end, is every part's
    carried = _CARRIED.search(question)
    if carried:
        return [f"{part} {carried.group(0).strip()}" for part in question_parts(question[: carried.start()])]
    parts: list[str] = []
    pending = ""
    compares_places = len(places_in(question)) > 1
    # "tháng 3/2021 và tháng 3/2023 tăng bao nhiêu": two periods, each its own part (a period only compared with,
    # "so với tháng 2", stays in its clause)
    compared = [c for c in _CLAUSE_BREAK.split(question) if c and periods_in(_COMPARED_WITH.split(c)[0])]
    compares_periods = len(compared) > 1
    for clause in (c.strip() for c in _CLAUSE_BREAK.split(question)):
        if not clause:
            continue
        pending = f"{pending} {clause}".strip()
        names_own = (compares_places and places_in(clause)) or (compares_periods and clause in compared)
        asks = any(is_asking(w) for w in WORD.findall(clause)) or _BAO_XA.search(fold(clause)) is not None
        if asks or names_own:
            parts.append(pending)
            pending = ""
    if pending:
        if parts:
            parts[-1] = f"{parts[-1]} {pending}"
        else:
            parts.append(pending)
    return parts
