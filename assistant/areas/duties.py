"""Recurring duties stated in an area's documents: periodic reports ("định kỳ 6 tháng", "hằng năm") and deadlines
("trước ngày 05 tháng 02"), each with whom the report goes to when the sentence says, and where it is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.vietnamese import fold
from index.records import Chunk

DUTIES_SHOWN = 12
SENTENCE_MAX_CHARS = 420
_PERIOD = re.compile(
    r"định kỳ(?:\s+(?:hằng|hàng))?\s+(?:(?:0?6|sáu)\s+tháng|năm|quý|tháng)|(?:hằng|hàng)\s+(?:năm|quý|tháng)"
    r"|(?:0?6|sáu)\s+tháng\s+(?:một|1)\s+lần",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"(?:trước|chậm nhất(?: là)?|không muộn hơn)\s+(?:ngày\s+)?\d{1,2}(?:\s+tháng\s+\d{1,2}|/\d{1,2})"
    r"(?:(?:\s+năm\s+|/)\d{4})?",
    re.IGNORECASE,
)
_DUTY_WORDS = re.compile(r"báo cáo|gửi", re.IGNORECASE)
# a penalty for not reporting names the duty without setting it
_NOT_A_DUTY = re.compile(
    r"phạt tiền|hành vi|không báo cáo|không thực hiện|không đúng thời hạn|muộn hơn|chậm hơn|quá thời hạn", re.IGNORECASE
)
# the body a report goes to: its leading word, then the words of its name up to one that starts what follows
_RECIPIENT = re.compile(
    r"(?:gửi|về|báo cáo)\s+(?:về\s+)?((?:Sở|Bộ|Ủy ban|UBND|Cục|Phòng|Công an|Chi cục|Thanh tra|Văn phòng|Tổng cục)"
    r"(?:\s+[^\s,.;:()]+){0,5})"
)
_NAME_ENDS = {
    "về", "để", "theo", "trước", "trong", "và", "hoặc", "nơi", "qua", "tổng", "kết", "báo", "danh", "tình", "số",
    "các", "chậm", "định", "hằng", "hàng", "biết", "xem", "thẩm", "phê", "có", "đúng", "khi", "sau", "tại", "bằng",
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.;])\s+|\n+")


@dataclass(frozen=True)
class Duty:
    sentence: str
    period: str | None  # "định kỳ 6 tháng", "hằng năm"
    deadline: str | None  # "trước ngày 15 tháng 12"
    recipient: str | None
    doc_path: str
    page: int


def recurring_duties(
    paths: Sequence[str], chunks_of: Callable[[str], list[Chunk]], limit: int | None = DUTIES_SHOWN
) -> list[Duty]:
    """Sentences that set a periodic report or a deadline to report or send, one per wording, those that say both
    when and to whom first."""
    found: dict[str, Duty] = {}
    for path in paths:
        for chunk in chunks_of(path):
            offset = 0
            for sentence in _SENTENCE_END.split(chunk.text):
                at = chunk.text.find(sentence, offset)
                offset = max(offset, at)
                duty = duty_in(sentence, path, chunk.page_at(max(at, 0)))
                if duty:
                    found.setdefault(fold(duty.sentence)[:160], duty)
    ranked = sorted(
        found.values(),
        key=lambda d: (-(bool(d.period) + bool(d.deadline) + bool(d.recipient)), d.doc_path, d.page),
    )
    return ranked[:limit]


def duty_in(sentence: str, path: str, page: int) -> Duty | None:
    text = " ".join(sentence.split()).lstrip("-–•+* ")
    if len(text) > SENTENCE_MAX_CHARS or not _DUTY_WORDS.search(text) or _NOT_A_DUTY.search(text):
        return None
    period, deadline = _PERIOD.search(text), _DEADLINE.search(text)
    if not period and not deadline:
        return None
    recipient = _RECIPIENT.search(text)
    return Duty(
        sentence=text,
        period=period.group().lower() if period else None,
        deadline=deadline.group() if deadline else None,
        recipient=_body_name(recipient.group(1)) if recipient else None,
        doc_path=path,
        page=page,
    )


def _body_name(words: str) -> str:
    """ "Sở Xây dựng để tổng hợp" → "Sở Xây dựng": the name stops at a word that starts what follows it."""
    kept: list[str] = []
    for word in words.split():
        if kept and word.lower() in _NAME_ENDS:
            break
        kept.append(word)
    return " ".join(kept)
