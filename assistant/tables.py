"""Which row of a table a superlative question asks for: "mặt hàng nào có kim ngạch cao nhất", "huyện nào ít nhất".

The loaders write a table row as "Label: value; Label: value; …" (index/loaders), one row a line. Rows of one table
have the same labels. A question whose answer is the highest or lowest row is answered by comparing the rows of the
table the answerability decision found, on the column the question's period or words name, leaving out the rows a
table adds up (a total, "các mặt hàng khác", "trong đó"): they are no item of the list. The row is quoted whole, so
the figure and the item it belongs to are the archive's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.decision import Unit
from assistant.evidence import TABLE_ROW
from assistant.periods import matches as period_matches
from assistant.periods import periods_for
from assistant.questions import Question
from assistant.retrieval import Passage
from assistant.units import terms_of
from assistant.vietnamese import fold

_CELL = re.compile(r"\s*([^:;]{1,40}):\s([^;]*)")
# a number as the reports write it: "21,7", "1.234,5", "+8,1", "-3,4" (a sign, thousands dots, a decimal comma)
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^[+-]?\d+(?:,\d+)?$")
# rows that add up others or hold the rest, not an item (folded): "Tổng cộng", "Cộng", "Toàn tỉnh", "Mặt hàng khác",
# "Trong đó", "Các loại khác"
_NOT_AN_ITEM = re.compile(r"^(tong|cong|toan (tinh|quoc|nganh|huyen|thanh pho))\b|\bkhac$|^trong do\b")
# labels that number the rows ("TT", "STT", "Số TT"): never the item nor the figure compared
_ROW_NUMBER = re.compile(r"^(s(o )?)?tt$")


@dataclass(frozen=True)
class _Row:
    line: str
    cells: dict[str, str]

    def number(self, label: str) -> float | None:
        value = self.cells.get(label, "").strip().replace(" ", "")
        if not _NUMBER.match(value):
            return None
        return float(value.replace(".", "").replace(",", "."))


def extreme_row(question: Question, passages: list[Passage], support: list[Unit]) -> Unit | None:
    """The unit quoting the table row a superlative question asks for, or None when the question asks for none, the
    decision found no table row, or the table does not say which column to compare."""
    if question.extreme is None:
        return None
    for unit in support:
        if not TABLE_ROW.search(unit.text):
            continue
        table = _table_of(unit.text.strip(), passages[unit.passage].chunk.text)
        column = _compared_column(question, table)
        if column is None:
            return None
        items = [r for r in table if r.number(column) is not None and not _is_total(r, column)]
        if len(items) < 2:
            return None
        pick = max if question.extreme == "max" else min
        best = pick(items, key=lambda r: r.number(column) or 0.0)
        return replace(unit, text=best.line)
    return None


def row_sentence(question: Question, line: str) -> str:
    """A table row said for the question: its item and the column of figures the question asks ("Mặt hàng: Dăm gỗ
    nguyên liệu giấy; Tháng 4/2025: 21,7"), verbatim; the whole row when the question names no one column."""
    row = _parse(line)
    column = _compared_column(question, [row])
    if column is None:
        return line
    kept = (f"{k}: {v}" for k, v in row.cells.items() if k == column or _is_item_label(row, k))
    return "; ".join(kept)


def _is_item_label(row: _Row, label: str) -> bool:
    return row.number(label) is None and not _ROW_NUMBER.match(fold(label))


def _table_of(row_line: str, passage_text: str) -> list[_Row]:
    """The rows of the passage that share the given row's labels: its table."""
    rows = [_parse(line.strip()) for line in passage_text.splitlines() if TABLE_ROW.search(line)]
    labels = set(_parse(row_line).cells)
    return [r for r in rows if set(r.cells) - {_row_label(r)} <= labels and len(r.cells) >= 2]


def _parse(line: str) -> _Row:
    return _Row(line, {m.group(1).strip(): m.group(2).strip() for m in _CELL.finditer(line)})


def _row_label(row: _Row) -> str:
    return next((label for label in row.cells if _ROW_NUMBER.match(fold(label))), "")


def _compared_column(question: Question, table: list[_Row]) -> str | None:
    """The column of figures the question compares: the one of the period it asks, else the one whose label shares
    its words, else the only column of figures; None when that leaves a choice."""
    labels = [label for label in dict.fromkeys(k for r in table for k in r.cells) if not _ROW_NUMBER.match(fold(label))]
    numeric = [label for label in labels if sum(r.number(label) is not None for r in table) * 2 > len(table)]
    if question.periods:
        dated = [c for c in numeric if any(period_matches(p, periods_for(c, False)) for p in question.periods)]
        if len(dated) == 1:
            return dated[0]
        numeric = dated or numeric
    terms = set(question.terms)
    named = [c for c in numeric if terms & terms_of(c)]
    if len(named) == 1:
        return named[0]
    return numeric[0] if len(numeric) == 1 else None


def _is_total(row: _Row, column: str) -> bool:
    """Whether the row adds up or holds the rest: its item (the first cell of words) says so."""
    item = next((v for k, v in row.cells.items() if k != column and _is_item_label(row, k) and v), "")
    return not item or bool(_NOT_AN_ITEM.search(fold(item)))
