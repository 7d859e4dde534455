"""Builders of small fictional Vietnamese test files (PDF, scan, DOCX, zip bomb...), written at test time.

Plain functions, so that every test module (loaders, pipeline, metadata) makes the files it needs in
`tmp_path`.
All text is invented; nothing is copied from the real archive.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

SAMPLE_HEADER_LEFT = ["UBND TỈNH HÒA BÌNH XANH", "SỞ CÔNG THƯƠNG", "Số: 123/BC-SCT"]
SAMPLE_HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hòa Bình Xanh, ngày 05 tháng 4 năm 2023",
]
SCAN_LINES = [
    "SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH",
    "Số: 718/TB-SCT",
    "THÔNG BÁO",
    "Kết luận cuộc họp giao ban quý I năm 2023",
    "Ngày 03 tháng 4 năm 2023, Giám đốc Sở chủ trì họp giao ban.",
    "Các phòng chuyên môn báo cáo kết quả thực hiện nhiệm vụ.",
    "Sở giao phòng Quản lý thương mại theo dõi thị trường xăng dầu.",
]
# What a legacy TCVN3 font's text layer looks like once extracted: mostly Cyrillic and Latin-1 look-alikes.
GARBAGE_LAYER = [
    "6Ӣ CÔNG THѬѪNG TӌNH HÒA BÌNH XANH",
    "THÔNG BÁO KӂT LUҰN CUӜC HӐP GIAO BAN",
    "NgÆy 03 thÆng 4 nĂm 2023, GiÆm ÿӕc SӢ chӫ trÕ hӑp giao ban",
    "CÆc phÔng chuyÊn mÔn bÆo cÆo kӃt quҧ thӵc hiӋn nhiӋm vө",
]


def make_text_pdf(
    path: Path,
    pages: list[str],
    *,
    running_header: str | None = "SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH - BÁO CÁO QUÝ I",
    page_numbers: str | None = "- {n} -",
    font_size: int = 11,
) -> Path:
    """A text PDF (DejaVu Sans) with one string per page; paragraphs ("\\n"-separated) wrap at the page width.

    `page_numbers` is a format with {n} (page) and {total}, e.g. "Trang {n}/{total}", or None.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_auto_page_break(False)
    for n, text in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=9)
        if running_header:
            pdf.set_xy(20, 10)
            pdf.cell(170, 6, running_header, align="C")
        pdf.set_font("DejaVu", size=font_size)
        pdf.set_xy(20, 25)
        for paragraph in text.split("\n"):
            pdf.set_x(20)
            pdf.multi_cell(170, 6, paragraph)
        if page_numbers:
            pdf.set_font("DejaVu", size=9)
            pdf.set_xy(20, 280)
            pdf.cell(170, 6, page_numbers.format(n=n, total=len(pages)), align="C")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def render_lines(lines: list[str], *, dpi: int = 200, width_in: float = 5.8, font_pt: float = 12) -> Image.Image:
    """A white page image with black text lines, as a scanner would give at `dpi`."""
    scale = dpi / 72
    font = ImageFont.truetype(str(FONT), int(font_pt * scale))
    line_height = int(font_pt * scale * 1.6)
    margin = int(0.5 * dpi)
    height = 2 * margin + line_height * len(lines)
    image = Image.new("L", (int(width_in * dpi), height), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_height), line, font=font, fill=0)
    return image


def make_scanned_pdf(path: Path, lines: list[str] = SCAN_LINES, *, dpi: int = 200, pages: int = 1) -> Path:
    """An image-only PDF (no text layer) showing `lines` on each of `pages` pages."""
    image = render_lines(lines, dpi=dpi).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PDF", resolution=dpi, save_all=pages > 1, append_images=[image] * (pages - 1))
    return path


def make_garbage_layer_pdf(
    path: Path, lines: list[str] = SCAN_LINES, garbage: list[str] = GARBAGE_LAYER, *, dpi: int = 200
) -> Path:
    """A PDF whose image reads `lines` but whose text layer is legacy-font garbage hidden under the image."""
    from fpdf import FPDF

    image = render_lines(lines, dpi=dpi)
    width_mm, height_mm = image.width / dpi * 25.4, image.height / dpi * 25.4
    pdf = FPDF(unit="mm", format=(width_mm, height_mm))
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for i, line in enumerate(garbage):
        pdf.set_xy(10, 10 + 6 * i)
        pdf.cell(0, 6, line)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf.image(buffer, x=0, y=0, w=width_mm, h=height_mm)  # drawn last: covers the garbage text
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, source: Path, password: str = "mat-khau") -> Path:
    """A copy of `source` encrypted with a user password (RC4, so no extra crypto package is needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=password, owner_password=password + "-chu", algorithm="RC4-128")
    with path.open("wb") as out:
        writer.write(out)
    return path


def make_docx(
    path: Path,
    paragraphs: list[str],
    table: list[list[str]] | None = None,
    *,
    header_block: tuple[list[str], list[str]] | None = None,
    after_table: list[str] | None = None,
) -> Path:
    """A DOCX: optional 2-column header block, paragraphs, optional table (rows of cells), paragraphs."""
    import docx

    document = docx.Document()
    if header_block is not None:
        left, right = header_block
        block = document.add_table(rows=1, cols=2)
        for cell, lines in zip(block.rows[0].cells, (left, right), strict=True):
            cell.text = "\n".join(lines)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
    for text in after_table or []:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_zip_bomb_docx(path: Path, *, unpacked_mb: int = 210, member: str = "word/media/image1.bin") -> Path:
    """A tiny DOCX-shaped zip with a member of `unpacked_mb` MB of zeros (about 1/1000 of that on disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open(member, "w", force_zip64=True) as out:
            for _ in range(unpacked_mb):
                out.write(chunk)
    return path
