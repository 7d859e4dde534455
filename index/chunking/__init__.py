"""Structure-aware chunking of Vietnamese administrative documents.

Page text arrives normalised: one paragraph or one table row per line. Each line is classified as a
heading of some level (Phần, Chương, Mục, "A.", "I.", Điều, "1.", "1.1.", "a)", "* ...", a bullet ending
with ":") or as body text; a stack of open headings gives every line its heading path. Lines are then packed
into chunks of at most `max_chars` characters, preferring to start a chunk at a heading, never splitting a
sentence or a table row, and not overlapping: the context a chunk lacks comes from its heading path,
which the embedder prepends. A chunk that opens in the middle of a sentence a line break cut (a PDF's wrapped
line, a figure on the line after its subject) repeats the line before it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from index.chunking.headings import shorten
from index.chunking.lines import carry_cut_lines
from index.chunking.outline import read_units
from index.chunking.packing import TAIL_MERGE_FACTOR, merge_tails, pack, to_chunk
from index.records import Chunk, Page

log = logging.getLogger(__name__)

CONTEXT_MAX_CHARS = 200  # the context line in front of the text the embedder sees


def chunk_document(pages: Sequence[Page], doc_path: str, max_chars: int = 1000, min_chars: int = 200) -> list[Chunk]:
    """Split a document's pages into ordered chunks that keep their heading path and page range."""
    if max_chars < 20:
        msg = f"max_chars must be at least 20, got {max_chars}"
        raise ValueError(msg)
    if not 0 <= min_chars < max_chars:
        msg = f"min_chars must be between 0 and max_chars ({max_chars}), got {min_chars}"
        raise ValueError(msg)
    units = read_units(pages)
    groups = pack(units, max_chars, min_chars)
    groups = merge_tails(groups, min_chars, int(max_chars * TAIL_MERGE_FACTOR))
    chunks = [to_chunk(doc_path, ordinal, group.units) for ordinal, group in enumerate(groups)]
    line_breaks = [group.units[0].joiner == "\n" for group in groups]
    chunks = carry_cut_lines(chunks, line_breaks, int(max_chars * TAIL_MERGE_FACTOR))
    log.debug("%s: %d lines/pieces → %d chunks", doc_path, len(units), len(chunks))
    return chunks


def chunk_text_for_embedding(chunk: Chunk, title: str | None) -> str:
    """The text the embedder sees: a context line (title > heading path) and then the chunk text."""
    parts = [" ".join(title.split())] if title and title.strip() else []
    context = _context_line(parts, list(chunk.heading_path))
    return f"{context}\n{chunk.text}" if context else chunk.text


def _context_line(title: list[str], path: list[str]) -> str:
    """Title > heading > ... within CONTEXT_MAX_CHARS, dropping outer headings before inner ones."""
    line = " > ".join(title + path)
    if len(line) <= CONTEXT_MAX_CHARS:
        return line
    title = [shorten(t, 80) for t in title]
    path = [shorten(p, 60) for p in path]
    elided: list[str] = []
    while len(path) > 1 and len(" > ".join(title + elided + path)) > CONTEXT_MAX_CHARS:
        path, elided = path[1:], ["…"]
    return shorten(" > ".join(title + elided + path), CONTEXT_MAX_CHARS)
