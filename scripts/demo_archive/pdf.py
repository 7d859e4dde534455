"""The demo documents as PDFs: A4 in DejaVu Sans with a real text layer, or a scanned page that only OCR can read."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFont

from demo_archive.documents import FIXED_DATE, DemoDoc

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
SCAN_DPI = 200

# --- PDF with a text layer ----------------------------------------------------------------------------------

# Which lines of each header column are bold: the issuing body's second line ("SỞ CÔNG THƯƠNG") on the left, the
# national motto on the right.
LEFT_BOLD, RIGHT_BOLD = {1}, {0, 1}


class DemoPDF(FPDF):
    """A4 in DejaVu Sans, with the fiction note and page number in the footer of every page."""

    def __init__(self, note: str = "", *, text_layer: bool = True) -> None:
        super().__init__(format="A4", unit="mm")
        self.note = note
        self.text_layer = text_layer
        self.set_creation_date(FIXED_DATE)
        self.set_margins(25, 20, 20)
        self.set_auto_page_break(auto=text_layer, margin=22)
        if text_layer:  # a scan carries no fonts at all, as a scanner's PDF does not
            self.add_font("DejaVu", "", str(FONT_REGULAR))
            self.add_font("DejaVu", "B", str(FONT_BOLD))

    def footer(self) -> None:
        if not self.text_layer:
            return
        self.set_y(-16)
        self.set_font("DejaVu", "", 7.5)
        self.multi_cell(0, 3.5, f"{self.note} Trang {self.page_no()}", align="C")

    def line_at(self, x: float, width: float, height: float, text: str, *, bold: bool, size: float,
                align: str = "C") -> None:  # fmt: skip
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_x(x)
        self.cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(doc: DemoDoc, path: Path) -> None:
    """Write `doc` as an A4 PDF with a real text layer."""
    pdf = DemoPDF(doc.note)
    pdf.set_title(doc.title[1] if doc.title else doc.subject[0])
    pdf.set_author(" - ".join(doc.issuer))
    pdf.add_page()

    # Header block: issuing body and number on the left, motto and date on the right, drawn column by column.
    top = pdf.get_y()
    for x, width, lines, bold_lines in (
        (15, 80, doc.header_left, LEFT_BOLD),
        (95, 105, doc.header_right, RIGHT_BOLD),
    ):
        pdf.set_y(top)
        for i, line in enumerate(lines):
            pdf.line_at(x, width, 5.5, line, bold=i in bold_lines, size=11)
    pdf.set_y(top + 5.5 * max(len(doc.header_left), len(doc.header_right)) + 6)

    for line in doc.extra_header:
        pdf.line_at(25, 165, 6, line, bold=False, size=11, align="C" if line == "Kính gửi:" else "L")
    for i, line in enumerate(doc.title):
        pdf.line_at(25, 165, 6.5, line, bold=True, size=13 if i == 0 else 11.5)
    pdf.ln(4)

    for block in doc.blocks:
        if block.kind == "table":
            pdf.set_font("DejaVu", "", 9.5)
            with pdf.table(text_align="CENTER", line_height=5.5) as grid:
                for row in block.rows:
                    grid.row(row)
            pdf.ln(2)
            continue
        heading = block.kind == "heading"
        pdf.set_font("DejaVu", "B" if heading else "", 11)
        pdf.multi_cell(0, 6, block.text, align="L" if heading else "J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)

    _pdf_signature(pdf, doc)
    pdf.output(str(path))


def _pdf_signature(pdf: DemoPDF, doc: DemoDoc) -> None:
    """ "Nơi nhận:" on the left and the signer on the right, kept together on one page."""
    needed = 10 + 5.5 * max(len(doc.recipients) + 1, len(doc.signer_capacity) + 5)
    if pdf.get_y() + needed > pdf.h - 25:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_y(top)
    pdf.line_at(20, 75, 5, "Nơi nhận:", bold=True, size=9.5, align="L")
    for line in doc.recipients:
        pdf.line_at(20, 75, 4.5, line, bold=False, size=8.5, align="L")
    pdf.set_y(top)
    for line in doc.signer_capacity:
        pdf.line_at(105, 90, 5.5, line, bold=True, size=11)
    pdf.set_y(pdf.get_y() + 22)  # room for the signature and the seal
    pdf.line_at(105, 90, 5.5, doc.signer, bold=True, size=11)


# --- scanned PDF: the page is only an image -----------------------------------------------------------------


def render_scan(doc: DemoDoc, path: Path) -> None:
    """Write `doc` as a scanned page: text drawn on a 200-dpi grayscale image, in a PDF with no text layer."""
    pdf = DemoPDF(text_layer=False)
    pdf.add_page()
    pdf.image(_scan_image(doc), x=0, y=0, w=210, h=297)
    pdf.output(str(path))


def _px(mm: float) -> int:
    return round(mm / 25.4 * SCAN_DPI)


def _scan_image(doc: DemoDoc) -> Image.Image:
    width, height = _px(210), _px(297)
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    # About 12 pt at 200 dpi: large enough for Tesseract to read the diacritics reliably.
    body = ImageFont.truetype(str(FONT_REGULAR), 33)
    bold = ImageFont.truetype(str(FONT_BOLD), 33)
    small = ImageFont.truetype(str(FONT_REGULAR), 26)
    small_bold = ImageFont.truetype(str(FONT_BOLD), 26)
    ink, line_gap = 25, 50

    def centered(text: str, center_x: int, y: int, font: ImageFont.FreeTypeFont) -> None:
        draw.text((center_x - draw.textlength(text, font=font) / 2, y), text, fill=ink, font=font)

    top = _px(18)
    for center_x, lines, bold_lines in (
        (_px(55), doc.header_left, LEFT_BOLD),
        (_px(140), doc.header_right, RIGHT_BOLD),
    ):
        for i, line in enumerate(lines):
            centered(line, center_x, top + i * line_gap, bold if i in bold_lines else body)
    y = top + line_gap * (max(len(doc.header_left), len(doc.header_right)) + 1)
    for line in doc.title:
        centered(line, width // 2, y, bold)
        y += line_gap
    y += line_gap // 2

    left, right = _px(25), width - _px(20)
    for block in doc.blocks:
        font = bold if block.kind == "heading" else body
        text = block.text if block.kind != "table" else "\n".join(" | ".join(r) for r in block.rows)
        for line in _wrap(text, functools.partial(draw.textlength, font=font), right - left):
            draw.text((left, y), line, fill=ink, font=font)
            y += line_gap
        y += line_gap // 3

    y += line_gap // 2
    draw.text((left, y), "Nơi nhận:", fill=ink, font=small_bold)
    for i, line in enumerate(doc.recipients, start=1):
        draw.text((left, y + i * 38), line, fill=ink, font=small)
    for i, line in enumerate(doc.signer_capacity):
        centered(line, _px(150), y + i * line_gap, bold)
    centered(doc.signer, _px(150), y + (len(doc.signer_capacity) + 3) * line_gap, bold)

    note_y = height - _px(20)
    for i, line in enumerate(_wrap(doc.note, functools.partial(draw.textlength, font=small), right - left)):
        centered(line, width // 2, note_y + i * 36, small)
    return image


def _wrap(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """Greedy word wrap by rendered width; newlines in `text` are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if current and measure(candidate) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines
