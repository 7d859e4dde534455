"""After generation: every document number and figure in an answer must occur in what it cites.

Evidence is the text of the cited passages plus their citation labels (built from stored metadata). A sentence
carrying a number or figure found in neither is removed and the user is told; [n] markers to passages that were not
given are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.vietnamese import FIGURE
from index.citations.docnumbers import find_doc_numbers

_MARKER = re.compile(r"\[(\d{1,2})\]")
_SENTENCE = re.compile(r"(?<=[.!?»])\s+|\n+")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Verification:
    text: str
    removed: tuple[str, ...]  # sentences taken out
    unknown_markers: tuple[int, ...]

    @property
    def notices(self) -> tuple[str, ...]:
        notes = []
        if self.removed:
            notes.append(
                f"Đã lược bỏ {len(self.removed)} câu có số hiệu văn bản hoặc số liệu "
                "không tìm thấy trong nguồn trích dẫn."
            )
        if self.unknown_markers:
            notes.append("Đã bỏ tham chiếu tới đoạn văn không có trong nguồn.")
        return tuple(notes)


def _figures(text: str) -> set[str]:
    cleaned = _MARKER.sub(" ", text)
    return {f.rstrip("%").rstrip(".,") for f in FIGURE.findall(cleaned) if _DIGITS.search(f)}


def unsupported_facts(sentence: str, evidence: str) -> list[str]:
    """Document numbers and figures of `sentence` that `evidence` does not contain."""
    missing = []
    evidence_numbers = {n.key for n in find_doc_numbers(evidence, strict=False)}
    for number in find_doc_numbers(sentence, strict=False):
        if number.key not in evidence_numbers:
            missing.append(number.canonical)
    evidence_figures = _figures(evidence)
    numbers_text = " ".join(n.canonical for n in find_doc_numbers(sentence, strict=False))
    for figure in _figures(sentence):
        if figure not in evidence_figures and figure not in _figures(numbers_text):
            missing.append(figure)
    return missing


def verify(text: str, evidence: str, allowed_markers: set[int]) -> Verification:
    """Drop sentences with unsupported numbers or figures, and markers outside `allowed_markers`."""
    unknown = sorted({int(m) for m in _MARKER.findall(text) if int(m) not in allowed_markers})
    if unknown:
        text = _MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in allowed_markers else "", text)
    kept, removed = [], []
    for sentence in _split_keep(text):
        if sentence.strip() and unsupported_facts(sentence, evidence):
            removed.append(sentence.strip())
        else:
            kept.append(sentence)
    return Verification("".join(kept).strip(), tuple(removed), tuple(unknown))


def _split_keep(text: str) -> list[str]:
    """Sentences with their trailing separators, so that joining them gives the text back."""
    pieces, last = [], 0
    for match in _SENTENCE.finditer(text):
        pieces.append(text[last : match.end()])
        last = match.end()
    pieces.append(text[last:])
    return pieces


def numbers_supported(text: str, evidence: str) -> bool:
    """True when every document number written in `text` occurs in `evidence` (the eval's validity rule)."""
    found = {n.key for n in find_doc_numbers(evidence, strict=False)}
    return all(n.key in found for n in find_doc_numbers(text, strict=False))
