"""DOCX files as text, in document order: paragraphs (with runs python-docx would skip), text boxes, content controls
and tables (`tables`). The zip is checked before it is opened (`sniff.check_zip`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from index.errors import UnreadableDocument
from index.loaders.sniff import PARSER_ERRORS, check_zip, one_line
from index.loaders.tables import Cell, clean_cell, table_lines
from index.normalise import normalise_text


def load_docx(data: bytes) -> str:
    """The normalised text of a DOCX, as one page: python-docx numbers no pages."""
    import docx  # python-docx pulls in lxml: loaded when a DOCX is read
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.element.body, document))
    except (
        PackageNotFoundError,
        SyntaxError,
        *PARSER_ERRORS,
    ) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        msg = f"tệp DOCX bị hỏng, không đọc được ({type(exc).__name__}: {one_line(exc)})"
        raise UnreadableDocument(msg) from exc
    return normalise_text("\n".join(lines), reflow=False)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = _W + "txbxContent"


def _paragraph_text(paragraph: object) -> tuple[str, list[object]]:
    """Text of a w:p element and the text boxes anchored in it.

    Walks the XML itself: python-docx's `Paragraph.text` skips runs wrapped in w:smartTag, w:customXml or
    w:ins (e.g. "VIỆT <smartTag>NAM</smartTag>" in the national motto).
    """
    parts: list[str] = []
    boxes: list[object] = []

    def walk(element: object) -> None:
        for child in element:  # type: ignore[attr-defined]
            tag = child.tag
            if tag == _W + "t":
                parts.append(_run_text(child))
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _TEXT_BOX:
                boxes.append(child)
            elif tag != _MC_FALLBACK:  # the VML copy of a drawing that mc:Choice already holds
                walk(child)

    walk(paragraph)
    return "".join(parts), boxes


def _run_text(text_element: object) -> str:
    """The text of a w:t, whole. The parser resolves no entity (python-docx's lxml parser has resolve_entities off,
    so nothing named in a DOCTYPE is ever read from disk or the network): an entity reference stays a node inside
    the w:t, and the text after it is that node's tail, which `.text` alone would drop."""
    return "".join([text_element.text or ""] + [node.tail or "" for node in text_element])  # type: ignore[attr-defined]


def _docx_lines(container: object, parent: object) -> Iterator[str]:
    """Paragraphs (one line each, keeping manual line breaks) and tables of a DOCX body, in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table

    for child in container:  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            text, boxes = _paragraph_text(child)
            yield from text.split("\n")
            for box in boxes:
                yield from _docx_lines(box, parent)
        elif child.tag == qn("w:tbl"):
            yield from _docx_table_lines(Table(child, parent))  # type: ignore[arg-type]
        elif child.tag == qn("w:sdt"):
            # content controls (cover pages, form fields) wrap ordinary paragraphs and tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content, parent)


def _docx_table_lines(table: object) -> list[str]:
    from docx.oxml.ns import qn

    rows: list[list[Cell]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = [Cell(object(), "") for _ in range(row.grid_cols_before)]
        cells += [Cell(cell._tc, _docx_cell_text(cell)) for cell in row.cells]
        rows.append(cells)
    if not rows:
        return []
    first_tr = table.rows[0]._tr  # type: ignore[attr-defined]
    trPr = first_tr.trPr
    marked = trPr is not None and trPr.find(qn("w:tblHeader")) is not None
    runs = [
        run
        for cell in table.rows[0].cells  # type: ignore[attr-defined]
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]
    bold = bool(runs) and all(run.bold for run in runs)
    return table_lines(rows, marked_header=marked, bold_first_row=bold)


def _docx_cell_text(cell: object) -> str:
    from docx.table import Table

    parts = []
    for block in cell.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            parts.extend(_docx_table_lines(block))
        else:
            text, boxes = _paragraph_text(block._p)
            parts.append(text)
            parts.extend(line for box in boxes for line in _docx_lines(box, cell))
    return clean_cell("\n".join(parts))
