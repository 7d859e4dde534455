"""Legacy Word (.doc) files as text, read by antiword as DocBook, so that tables keep their rows and cells."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from index.errors import UnreadableDocument
from index.loaders.sniff import one_line
from index.loaders.tables import Cell, clean_cell, table_lines
from index.normalise import normalise_text

_ANTIWORD_TIMEOUT_S = 120


def load_doc(path: Path) -> str:
    """The normalised text of a legacy .doc file, as one page, read by antiword (UnreadableDocument without it)."""
    exe = shutil.which("antiword")
    if exe is None:
        msg = "thiếu chương trình antiword để đọc tệp .doc (cài gói antiword)"
        raise UnreadableDocument(msg)
    # DocBook output keeps tables as rows and cells, so they get the same treatment as DOCX tables
    try:
        result = subprocess.run(
            [exe, "-x", "db", "-m", "UTF-8.txt", str(path)],
            capture_output=True,
            timeout=_ANTIWORD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        msg = f"antiword quá {_ANTIWORD_TIMEOUT_S} giây mà chưa đọc xong tệp .doc"
        raise UnreadableDocument(msg) from exc
    if result.returncode != 0 or not result.stdout.strip():
        reason = one_line(result.stderr.decode("utf-8", errors="replace")) or f"mã lỗi {result.returncode}"
        msg = f"antiword không đọc được tệp .doc: {reason}"
        raise UnreadableDocument(msg)
    try:
        root = ET.fromstring(result.stdout)
    except ET.ParseError as exc:
        msg = f"antiword trả về XML hỏng cho tệp .doc: {one_line(exc)}"
        raise UnreadableDocument(msg) from exc
    return normalise_text("\n".join(_docbook_lines(root)), reflow=False)


_DOCBOOK_SKIP = frozenset({"bookinfo", "footnote", "beginpage"})


def _docbook_text(element: ET.Element) -> str:
    """Text of a DocBook element without its footnotes and nested tables."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _DOCBOOK_SKIP and child.tag not in ("informaltable", "table"):
            parts.append(_docbook_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _docbook_table(table: ET.Element) -> list[str]:
    rows = [
        [Cell(object(), clean_cell(_docbook_text(entry))) for entry in row.iter("entry")] for row in table.iter("row")
    ]
    return table_lines(rows)


def _docbook_lines(element: ET.Element) -> Iterator[str]:
    """Paragraph lines and table lines of antiword's DocBook output, in document order."""
    for child in element:
        if child.tag in _DOCBOOK_SKIP:
            continue
        if child.tag in ("informaltable", "table"):
            yield from _docbook_table(child)
        elif child.tag in ("para", "title", "simpara"):
            yield from (line.strip() for line in _docbook_text(child).split("\n") if line.strip())
            # antiword nests tables inside paragraphs
            for table in child:
                if table.tag in ("informaltable", "table"):
                    yield from _docbook_table(table)
        else:
            yield from _docbook_lines(child)
