"""A question's clauses: where one part of a question ends and the next begins ("bao nhiêu ha | tổng vốn bao
nhiêu"), read from its question words, the provinces and periods it compares, and a subject carried in brackets."""

from __future__ import annotations

import re

from assistant.grammar import asks_at
from assistant.periods import periods_in, strip_periods
from assistant.vietnamese import WORD, fold
from index.places import PLACE_PATTERN, fold_lower, places_in

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
        if _asks(clause) or names_own:
            parts.append(pending)
            pending = ""
    if pending:
        if parts:
            parts[-1] = f"{parts[-1]} {pending}"
        else:
            parts.append(pending)
    return _asked_of_each(parts)


# the sentences of a part: "về hóa chất cuối tháng 5. | Mỗi đợt làm việc với bao nhiêu đơn vị"
_SENTENCE_BREAK = re.compile(r"(?<=[.:!])\s+")
# a place named after its preposition and its kind of unit ("của tỉnh Quảng Ngãi", "ở Trà Vinh"), folded
_PLACE_LEAD = re.compile(r"(?:\b(?:cua|o|tai)\s+)?(?:\b(?:tinh|thanh pho|tp\.?)\s+)?$")


def _asked_of_each(parts: list[str]) -> list[str]:
    """Parts that name their own period or province but ask nothing ("hai đợt kiểm tra: về VLNCN cuối tháng 3 | và
    về hóa chất cuối tháng 5. Mỗi đợt làm việc với bao nhiêu đơn vị") ask what the next part that asks does: its
    asking sentence, without that part's own periods and provinces, is added to them."""
    asks = [_asks(part) for part in parts]
    for i, part in enumerate(parts):
        later = next((p for p, a in zip(parts[i + 1 :], asks[i + 1 :], strict=True) if a), None)
        if asks[i] or later is None:
            continue
        asked = next(s for s in reversed(_SENTENCE_BREAK.split(later)) if _asks(s))
        # its own periods go, not a period both are compared with ("tăng bao nhiêu so với tháng 2")
        compared = _COMPARED_WITH.search(asked)
        cut = compared.start() if compared else len(asked)
        asked = _without_places(f"{strip_periods(asked[:cut])} {asked[cut:]}".strip())
        words = WORD.findall(asked)
        if len(words) > 1 and not words[1][:1].isupper():  # a sentence's capital, not a name's: "Mỗi đợt ..."
            asked = asked[:1].lower() + asked[1:]
        parts[i] = f"{part.rstrip(' .,:;')} {asked}"
    return parts


def _asks(text: str) -> bool:
    words = WORD.findall(text)
    return any(asks_at(words, i) for i in range(len(words))) or _BAO_XA.search(fold(text)) is not None


def _without_places(text: str) -> str:
    """`text` as written without the provinces it names, nor their "của tỉnh" before them."""
    folded = fold_lower(text)
    if len(folded) != len(text):
        return text  # not in composed form: spans of the folded text would not fit
    for found in reversed(list(PLACE_PATTERN.finditer(folded))):
        start = _PLACE_LEAD.search(folded[: found.start()]).start()  # type: ignore[union-attr]  # always matches
        text = text[:start] + " " + text[found.end() :]
    return " ".join(text.split())
