"""Units packed into chunks: greedily, breaking early at headings, never leaving a heading at a chunk's end; a small
tail folded into the chunk before it when both belong to one section.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from index.chunking.headings import MAJOR
from index.chunking.outline import Unit
from index.chunking.sentences import split_line
from index.records import Chunk

TAIL_MERGE_FACTOR = 1.3  # a small tail may grow its section's last chunk up to this many max_chars


@dataclass(slots=True)
class Group:
    """The units of one chunk to be, and the length of their text joined."""

    units: list[Unit]
    length: int


def pack(units: list[Unit], max_chars: int, min_chars: int) -> list[Group]:
    """Greedy packing of whole lines, breaking early at headings, never leaving a heading at a chunk's end.

    A line longer than a chunk is cut here, so that its first piece fits behind the headings leading to it.
    """
    groups: list[Group] = []
    current: list[Unit] = []
    length = 0

    def flush(units: list[Unit]) -> None:
        if units:
            groups.append(Group(units, _length(units)))

    for unit in units:
        if current and unit.heading and not _has_body(current) and not _within(unit, current[-1]):
            flush(current)  # headings with no text of their own ("B. ..." right before "PHỤ LỤC IV")
            current, length = [], 0
        if current:
            has_body = _has_body(current)
            at_heading = unit.heading and has_body and (length >= min_chars or unit.rank <= MAJOR)
            if not at_heading and length + len(unit.joiner) + len(unit.text) <= max_chars:
                current.append(unit)
                length += len(unit.joiner) + len(unit.text)
                continue
            if has_body:
                # Headings at the end of the chunk being closed belong to what follows them.
                kept = len(current)
                while kept > 1 and current[kept - 1].heading:
                    kept -= 1
                carried = current[kept:]
                fits = len(unit.text) > max_chars or _length(carried) + 1 + len(unit.text) <= max_chars
                if carried and fits:
                    flush(current[:kept])
                    current, length = carried, _length(carried)
                else:
                    flush(current)
                    current, length = [], 0
        # current is now empty, or holds the headings that lead into this unit
        room = max_chars - length - 1 if current else max_chars
        pieces = split_line(unit.text, unit.table_row, max_chars, room)
        for index, piece in enumerate(pieces):
            part = unit
            if len(pieces) > 1:
                part = replace(unit, text=piece, heading=unit.heading and index == 0)
                part.joiner = unit.joiner if index == 0 else " "
            if current and length + len(part.joiner) + len(piece) > max_chars:
                flush(current)
                current, length = [], 0
            if current:
                current.append(part)
                length += len(part.joiner) + len(piece)
            else:
                current, length = [part], len(piece)
    flush(current)
    return groups


def _length(units: list[Unit]) -> int:
    return len(units[0].text) + sum(len(u.joiner) + len(u.text) for u in units[1:]) if units else 0


def _has_body(units: list[Unit]) -> bool:
    return any(not u.heading for u in units)


def _within(unit: Unit, heading: Unit) -> bool:
    """Whether unit sits under heading (its path extends the heading's)."""
    return unit.path[: len(heading.path)] == heading.path


def _common_path(units: list[Unit]) -> tuple[str, ...]:
    """The sections whose text the units hold; heading lines are in the text and do not widen the path."""
    body = [u for u in units if not u.heading] or units
    path = body[0].path
    for unit in body[1:]:
        if unit.path[: len(path)] != path:
            size = 0
            while size < len(path) and size < len(unit.path) and path[size] == unit.path[size]:
                size += 1
            path = path[:size]
    return path


def merge_tails(groups: list[Group], min_chars: int, merged_max: int) -> list[Group]:
    """Fold a chunk smaller than min_chars into the previous one when both belong to the same section."""
    out: list[Group] = []
    for group in groups:
        if out and group.length < min_chars:
            previous = out[-1]
            size = previous.length + len(group.units[0].joiner) + group.length
            if size <= merged_max and _same_section(previous.units, group.units):
                out[-1] = Group(previous.units + group.units, size)
                continue
        out.append(group)
    return out


def _same_section(previous: list[Unit], tail: list[Unit]) -> bool:
    if not tail[0].heading:
        return True  # the chunk was cut for size, so it carries on the section the previous one ends in
    before, after = _common_path(previous), _common_path(tail)
    return bool(before) and bool(after) and before[0] == after[0]  # a small subsection joins its sibling


def to_chunk(doc_path: str, ordinal: int, units: list[Unit]) -> Chunk:
    """The chunk of packed units: their text joined, the sections they share, their pages and page marks."""
    text = units[0].text + "".join(u.joiner + u.text for u in units[1:])
    return Chunk(
        doc_path=doc_path,
        ordinal=ordinal,
        text=text,
        heading_path=_common_path(units),
        page_start=min(u.page for u in units),
        page_end=max(u.page_end for u in units),
        page_marks=_page_marks(units),
    )


def _page_marks(units: list[Unit]) -> tuple[tuple[int, int], ...]:
    """(offset, page) where each page's units begin in the chunk text; a unit over a page break is on its first."""
    marks: list[tuple[int, int]] = []
    offset = 0
    for index, unit in enumerate(units):
        if index:
            offset += len(unit.joiner)
        if not marks or unit.page != marks[-1][1]:
            marks.append((offset, unit.page))
        offset += len(unit.text)
    return tuple(marks)
