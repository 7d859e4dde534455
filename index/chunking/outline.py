"""A document as units, one per non-blank line, each with its heading path from the stack of open headings: a title
running over two lines stays one heading, a paragraph cut by a page break one unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.chunking.headings import (
    ARABIC_DEEPEST,
    PLUS,
    Mark,
    classify,
    continues_title,
    heading_text,
    is_caps,
    is_table_row,
    shorten,
)
from index.records import Page

HEADING_MAX_CHARS = 120  # each heading kept in a path is shortened to this
_PARAGRAPH_ENDINGS = (".", "!", "?", ":", ";", "…")
_SIGNATURE_BLOCK = re.compile(r"nơi\s+nhận|kt\.|tm\.|tl\.|q\.", re.IGNORECASE)
_MAX_CONTINUATION_LINES = 2


@dataclass(slots=True)
class Unit:
    """One line, or one piece of a line too long for a chunk, with what the packer needs to know about it."""

    text: str
    page: int
    page_end: int  # a paragraph running over a page break ends on a later page
    path: tuple[str, ...]
    heading: bool = False
    rank: int = PLUS
    table_row: bool = False
    joiner: str = "\n"  # put before this unit when it follows another in a chunk


def read_units(pages: Sequence[Page]) -> list[Unit]:
    """Every non-blank line of a document as units, with its heading path from the stack of open headings."""
    units: list[Unit] = []
    stack: list[tuple[int, str]] = []
    path: tuple[str, ...] = ()
    open_heading: list[Unit] = []  # the units of the last heading, while its title may still continue
    open_bare = open_caps = False

    def current_path() -> tuple[str, ...]:
        return tuple(shorten(text, HEADING_MAX_CHARS) for _, text in stack)

    lines: list[tuple[int, str, bool, Mark | None]] = []
    for page in pages:
        for raw in page.text.splitlines():
            line = " ".join(raw.split())
            if line:
                table_row = is_table_row(line)
                lines.append((page.number, line, table_row, None if table_row else classify(line)))

    for position, (page_number, line, table_row, mark) in enumerate(lines):
        if mark is not None and mark.dotted:
            # "2.1. Vị trí địa lý." heads what follows; "1. Người quản lý." then "2. ..." is a list item,
            # and so is the last task before "Nơi nhận:".
            if position + 1 < len(lines):
                _, following_line, _, following = lines[position + 1]
                mark.heading = (following is None or following.rank > mark.rank) and not (
                    _SIGNATURE_BLOCK.match(following_line)
                )
            else:
                mark.heading = False
        previous = units[-1] if units else None
        if (
            previous is not None
            and page_number != previous.page_end
            and mark is None
            and not table_row
            and not previous.heading
            and not previous.table_row
            and not previous.text.endswith(_PARAGRAPH_ENDINGS)
        ):
            # A sentence cut by a page break ("... Quyết định số 155/QĐ-" | "SCT ngày ..."): one paragraph.
            previous.text = f"{previous.text}\n{line}"
            previous.page_end = page_number
            open_heading = []
            continue
        if open_heading and mark is None and not table_row and continues_title(line, open_bare, open_caps):
            rank, text = stack[-1]
            text = f"{text.rstrip('.:')}. {line}" if open_bare else f"{text} {line}"
            stack[-1] = (rank, text.rstrip(" :"))
            path = current_path()
            unit = Unit(line, page_number, page_number, path, heading=True, rank=rank)
            open_heading.append(unit)
            for earlier in open_heading:
                earlier.path = path
            units.append(unit)
            open_bare, open_caps = False, is_caps(line)
            if len(open_heading) > _MAX_CONTINUATION_LINES:
                open_heading = []
            continue
        open_heading = []
        heading = mark is not None and mark.heading
        if mark is not None:
            # A marked sentence still closes its sibling's heading ("1. ... sau:" then "2. ...").
            while stack and stack[-1][0] >= mark.rank:
                stack.pop()
            if heading:
                stack.append((mark.rank, heading_text(line, mark.rank)))
            path = current_path()
        rank = mark.rank if mark is not None else PLUS
        unit = Unit(line, page_number, page_number, path, heading=heading, rank=rank, table_row=table_row)
        units.append(unit)
        if heading and mark is not None:
            open_heading = [unit]
            open_bare = mark.bare
            open_caps = is_caps(line) and mark.rank <= ARABIC_DEEPEST
    return units
