"""Lines a PDF or a chunk broke in the middle of a sentence, and how to tell: a line that stops mid-sentence and the
next one that carries it on belong together: across two chunks (carry_cut_lines, when chunking) and in an answer's
units (assistant/units.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.records import Chunk
from index.vocabulary import SMALL_LETTERS

INTRO_LINE = 120  # a short line ending in a colon introduces the next one
ASIDE_LINE = 40  # a bracketed line this short glosses the line before it
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


def logical_lines(text: str) -> list[str]:
    """Lines, with a sentence that a PDF broke before a figure, a unit or a lower-case word put back together."""
    lines: list[str] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if lines and line and carries_on(lines[-1], line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def carries_on(previous: str, line: str) -> bool:
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


def carry_cut_lines(chunks: Sequence[Chunk], at_line_break: Sequence[bool], max_chars: int) -> list[Chunk]:
    """One document's chunks in order, each that opens by carrying on the chunk before ("… Thủy sản chế biến ước
    đạt" | "2.772 tấn, giảm 5,9%; …") given that chunk's last line before its own, so that the sentence is embedded,
    indexed and quoted whole: one chunk boundary in twenty of ../shared/archive falls so. Only where the chunker cut
    at a line break (`at_line_break[i]`: before chunk i; a line too long for a chunk is cut into pieces, each a
    line of its own), and only when the chunk stays within `max_chars`; the borrowed line keeps its own page."""
    carried = list(chunks)
    for index in range(1, len(carried)):
        prior, chunk = chunks[index - 1], chunks[index]
        last = prior.text.rstrip().rsplit("\n", 1)[-1].strip()
        first = chunk.text.lstrip().split("\n", 1)[0].strip()
        if not at_line_break[index] or len(last) + 1 + len(chunk.text) > max_chars or not carries_on(last, first):
            continue
        page = prior.page_at(len(prior.text.rstrip()) - 1) if prior.page_marks else prior.page_end
        shift = len(last) + 1
        marks = [(0, page)]
        for offset, on in chunk.page_marks or ((0, chunk.page_start),):
            if on != marks[-1][1]:  # the chunk's first line may be on the borrowed line's page
                marks.append((offset + shift, on))
        carried[index] = replace(
            chunk, text=f"{last}\n{chunk.text}", page_start=min(page, chunk.page_start), page_marks=tuple(marks)
        )
    return carried
