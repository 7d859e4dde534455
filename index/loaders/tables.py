"""Tables of DOCX and DOC files as lines of text: a row under a column header becomes "Header: value; ...", the
header and signature blocks laid out in tables become lines, other tables rows of cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.normalise import normalise_chars

# A table holding the header block or the signature block of an administrative document: read as lines.
_LAYOUT_TABLE_RE = re.compile(
    r"CỘNG H[OÒÕ][AÀ] XÃ HỘI|Độc lập\s*[-–—]\s*Tự do|^\s*Nơi nhận|^\s*Kính gửi|^\s*(?:KT|TM|TL|Q)\.\s*\S",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBER_HEADER_RE = re.compile(r"^(?:s[ốô]\s*)?(?:tt|stt|thứ tự|số thứ tự)\.?$", re.IGNORECASE)
_NUMERIC_CELL_RE = re.compile(r"^[\d\s.,/%()+-]+$")
_COLUMN_INDEX_RE = re.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?(?:\s*=.*)?$")
_HEADER_CELL_MAX = 80


@dataclass(frozen=True)
class Cell:
    """One grid position of a table; merged cells share the same `key` in every position they cover."""

    key: object
    text: str


def clean_cell(text: str) -> str:
    """A cell's text with its characters normalised and its blank lines dropped."""
    return "\n".join(line for line in normalise_chars(text).split("\n") if line)


def _flat(text: str) -> str:
    return " ".join(text.split("\n"))


def _distinct(row: list[Cell]) -> list[Cell]:
    seen: list[object] = []
    out = []
    for cell in row:
        if any(cell.key is k for k in seen):
            continue
        seen.append(cell.key)
        out.append(cell)
    return out


def _header_like(row: list[Cell]) -> bool:
    cells = _distinct(row)
    filled = [c.text for c in cells if c.text]
    if len(filled) < 2 or len(filled) < 0.75 * len(cells):
        return False
    return all(
        len(text) <= _HEADER_CELL_MAX
        and text.count("\n") <= 3
        and not _NUMERIC_CELL_RE.match(text)
        and not text.endswith((":", ";", "."))
        for text in filled
    )


def _has_numeric_column(body: list[list[Cell]]) -> bool:
    """A column of figures under a text first row: a small data table ("Đơn vị | Số trạm"), not a layout table."""
    width = min((len(row) for row in body), default=0)
    for col in range(1, width):
        values = [row[col].text for row in body if row[col].text]
        if values and sum(bool(_NUMERIC_CELL_RE.match(v)) for v in values) >= 0.6 * len(body):
            return True
    return False


def _is_column_index_row(row: list[Cell]) -> bool:
    texts = [c.text for c in _distinct(row) if c.text]
    return len(texts) >= 2 and all(_COLUMN_INDEX_RE.match(t) for t in texts)


def _header_rows(rows: list[list[Cell]], marked_header: bool, bold_first_row: bool) -> int:
    """How many leading rows are the table's column header (0, 1 or 2)."""
    if len(rows) < 2:
        return 0
    first = rows[0]
    n_distinct = len(_distinct(first))
    number_column = bool(first[0].text) and bool(_NUMBER_HEADER_RE.match(_flat(first[0].text)))
    # a two-level header: the first row groups columns (a cell spanning several), the second names them
    spans = n_distinct < len(first)
    two_level = spans and len(rows) >= 3 and _header_like(rows[1]) and not _is_column_index_row(rows[1])
    if not (
        number_column
        or (marked_header and n_distinct >= 2)
        or (
            _header_like(first)
            and (
                n_distinct >= 3
                or bold_first_row
                or two_level
                or _is_column_index_row(rows[1])
                or _has_numeric_column(rows[1:])
            )
        )
    ):
        return 0
    return 2 if two_level else 1


def table_lines(rows: list[list[Cell]], *, marked_header: bool = False, bold_first_row: bool = False) -> list[str]:
    """Lines of one table: a row under a header becomes "Header: value; ..."; layout tables become lines."""
    rows = [row for row in rows if any(cell.text for cell in row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [Cell(object(), "") for _ in range(width - len(row))] for row in rows]
    all_text = "\n".join(cell.text for row in rows for cell in row)

    if width == 1 or _LAYOUT_TABLE_RE.search(all_text):
        # header/signature blocks: each column top to bottom, so "UBND TỈNH ..." stays above "SỞ ..."
        lines: list[str] = []
        seen: list[object] = []
        for col in range(width):
            for row in rows:
                cell = row[col]
                if any(cell.key is k for k in seen):
                    continue
                seen.append(cell.key)
                lines.extend(line for line in cell.text.split("\n") if line)
        return lines

    n_header = _header_rows(rows, marked_header, bold_first_row)
    if n_header == 0:
        return [" | ".join(_flat(c.text) for c in _distinct(row) if c.text) for row in rows]

    headers = []
    for col in range(width):
        parts: list[str] = []
        for row in rows[:n_header]:
            text = _flat(row[col].text)
            if text and text not in parts:
                parts.append(text)
        headers.append(" - ".join(parts))
    header_texts = [_flat(c.text) for c in rows[0]]

    lines = []
    for row in rows[n_header:]:
        if _is_column_index_row(row) or [_flat(c.text) for c in row] == header_texts:
            continue  # "(1) (2) (3)" column numbers, or the header repeated after a page break
        parts = []
        seen = []
        for col, cell in enumerate(row):
            if any(cell.key is k for k in seen):
                continue
            seen.append(cell.key)
            value = _flat(cell.text)
            if value:
                parts.append(f"{headers[col]}: {value}" if headers[col] else value)
        if parts:
            lines.append("; ".join(parts))
    return lines
