"""A line too long for a chunk cut into pieces: at sentence ends (not after "TP." or an initial), at cell ends for a
table row, and between words only as a last resort.
"""

from __future__ import annotations

import re

TABLE_ROW_SPLIT_FACTOR = 3  # a table row is kept whole unless longer than this many max_chars

# Sentence ends: ". ", "! ", "? ", "; " (closing quotes allowed) when a capital letter or digit follows.
_SENTENCE_END = re.compile(r"[.!?…;][\"”’)\]]*(\s+)")
_ABBREVIATIONS = frozenset(
    ("TP", "Tp", "tp", "TX", "Tx", "TT", "Tr", "tr", "KT", "TM", "TL", "Q", "P", "ThS", "Ths", "Th.S")
    + ("TS", "PGS", "GS", "BS", "KS", "CN", "v.v", "V.v", "NXB", "Nxb", "STT", "Stt", "St", "Mr", "Mrs")
    + ("Ms", "Dr", "Đ/c", "đ/c")
)
_CELL_END = re.compile(r"(?:;| \|)(\s+)")
_WORD = re.compile(r"\S+")


def _sentence_spans(text: str) -> list[str]:
    """Sentences of a paragraph, each with its final punctuation; a space separates consecutive ones."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        after = m.end()
        if after >= len(text):
            break
        nxt = text[after]
        if nxt in '"“(«' and after + 1 < len(text):
            nxt = text[after + 1]
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        if text[m.start()] == ".":
            word_start = max(start, text.rfind(" ", start, m.start()) + 1)
            word = text[word_start : m.start()].lstrip('("“')
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue  # "TP. Lào Cai", "Nguyễn V. An"
        sentences.append(text[start : m.start(1)])
        start = after
    sentences.append(text[start:])
    return sentences


def _split_words(text: str, max_chars: int, first_limit: int | None = None) -> list[str]:
    """The last resort for a sentence longer than a chunk: cut between words (inside a word if need be)."""
    words: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group()
        while len(word) > max_chars:
            words.append(word[:max_chars])
            word = word[max_chars:]
        words.append(word)
    return _pack_pieces(words, max_chars, first_limit)


def _pack_pieces(pieces: list[str], max_chars: int, first_limit: int | None = None) -> list[str]:
    """Join consecutive pieces with single spaces into strings of at most max_chars (longer pieces alone).

    The first string is held to first_limit instead, to fit behind headings already in a chunk.
    """
    out: list[str] = []
    current = ""
    limit = max_chars if first_limit is None else first_limit
    for piece in pieces:
        if not current:
            current = piece
        elif len(current) + 1 + len(piece) <= limit:
            current = f"{current} {piece}"
        else:
            out.append(current)
            current, limit = piece, max_chars
    if current:
        out.append(current)
    return out


def split_line(line: str, table_row: bool, max_chars: int, first_limit: int | None = None) -> list[str]:
    """A line as pieces of at most max_chars, cut at sentence (or cell) ends, then words; join with " "."""
    if len(line) <= max_chars or (table_row and len(line) <= TABLE_ROW_SPLIT_FACTOR * max_chars):
        return [line]
    if table_row:
        spans, start = [], 0
        for m in _CELL_END.finditer(line):
            spans.append(line[start : m.start(1)])
            start = m.end()
        spans.append(line[start:])
    else:
        spans = _sentence_spans(line)
    fitting: list[str] = []
    for index, span in enumerate(spans):
        if len(span) > max_chars:  # cut between words anyway, so the first cut may as well fit first_limit
            fitting.extend(_split_words(span, max_chars, first_limit if index == 0 else None))
        else:
            fitting.append(span)
    return _pack_pieces(fitting, max_chars, first_limit)
