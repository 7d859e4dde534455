"""The demo documents as DOCX (python-docx, with fixed ZIP timestamps) and as UTF-8 text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from demo_archive.documents import FIXED_DATE, DemoDoc

ZIP_DATE = FIXED_DATE.timetuple()[:6]  # every member of a DOCX gets this time, not the time of the run

# --- DOCX ---------------------------------------------------------------------------------------------------


def render_docx(doc: DemoDoc, path: Path, *, header_table: bool) -> None:
    """Write `doc` as DOCX; with `header_table` the header block is a 2-column table, as Word templates do."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    def para(
        text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None, size: float | None = None
    ) -> None:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    if header_table:
        left, right = doc.header_left, doc.header_right
        grid = document.add_table(rows=2, cols=2)
        # Row 1: issuing body | motto; row 2: number | place and date (the blank spacer line is dropped).
        header_cells = ((left[:2], right[:2]), (left[2:], right[3:]))
        for r, row_lines in enumerate(header_cells):
            for c, lines in enumerate(row_lines):
                cell = grid.cell(r, c)
                for i, line in enumerate(lines):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    run = paragraph.add_run(line)
                    run.bold = r == 0 and (c == 1 or i == 1)
                    run.font.size = Pt(12)
                    paragraph.alignment = center
    else:
        for line in doc.header_left:
            para(line, bold=line == doc.issuer[1], align=center, size=12)
        for line in doc.header_right:
            if line:
                para(line, bold=line in doc.motto, align=center, size=12)

    for line in doc.extra_header:
        para(line, align=center if line == "Kính gửi:" else None)
    for line in doc.title:
        para(line, bold=True, align=center)

    for block in doc.blocks:
        if block.kind == "table":
            grid = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            grid.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = grid.cell(r, c)
                    run = cell.paragraphs[0].add_run(value)
                    run.bold = r == 0 or row[1] == "Tổng cộng"
                    run.font.size = Pt(11)
            continue
        para(block.text, bold=block.kind == "heading", align=None if block.kind == "heading" else justify)

    signature = document.add_table(rows=1, cols=2)
    recipients_cell, signer_cell = signature.cell(0, 0), signature.cell(0, 1)
    recipients_cell.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in doc.recipients:
        recipients_cell.add_paragraph().add_run(line).font.size = Pt(11)
    for i, line in enumerate((*doc.signer_capacity, "", "", doc.signer)):
        paragraph = signer_cell.paragraphs[0] if i == 0 else signer_cell.add_paragraph()
        paragraph.add_run(line).bold = True
        paragraph.alignment = center

    para(doc.note, size=9)

    props = document.core_properties
    props.author = doc.author
    props.last_modified_by = "make_demo_archive"
    props.title = doc.title[1] if doc.title else doc.subject[0]
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps: python-docx stamps each member with the current time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# --- TXT ----------------------------------------------------------------------------------------------------


def render_txt(doc: DemoDoc, path: Path) -> None:
    """Write `doc` as UTF-8 text, the two header columns side by side as a text export of a PDF shows them."""
    left, right = doc.header_left, doc.header_right
    lines = [f"{a:<34}{b}".rstrip() for a, b in zip(left + ("",) * (len(right) - len(left)), right, strict=True)]
    lines += ["", *doc.title, ""]
    for block in doc.blocks:
        if block.kind == "table":
            lines += [" | ".join(row) for row in block.rows]
        else:
            lines.append(block.text)
        lines.append("")
    lines += ["Nơi nhận:", *doc.recipients, "", *doc.signer_capacity, "", "", doc.signer, "", doc.note]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
