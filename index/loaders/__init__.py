"""Loading files into normalised page text: PDF (OCR for scanned pages), DOCX, legacy DOC, TXT and Markdown.

`load_document` is the only entry point the pipeline needs. Anything it cannot read raises
`UnreadableDocument` with a one-line reason in Vietnamese, which the ingest logs and counts before moving on.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.errors import DependencyError, PyPdfError

from index.errors import UnreadableDocument
from index.loaders.textdecode import decode_text, is_garbage
from index.normalise import is_stamp_core, normalise_chars, normalise_text, strip_running_lines
from index.ocr import OcrConfig, ocr_available, ocr_pdf_page
from index.records import LoadedDocument, Page

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".doc", ".txt", ".md"})

DEFAULT_MAX_PAGES = 2000
"""PDFs with more pages are refused (a 300-page law is normal; thousands of pages is a mistake)."""
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""A DOCX whose members declare more than this uncompressed is refused as a zip bomb."""
MAX_ZIP_RATIO = 100
"""A DOCX member over 1 MB that compresses better than this is refused as a zip bomb (real XML: 5-20)."""
_RATIO_MIN_BYTES = 1024 * 1024

MIN_TEXT_CHARS = 20
"""A PDF page with fewer letters and digits than this in its text layer is treated as an image (scan)."""

_ANTIWORD_TIMEOUT_S = 120
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Errors the third-party parsers raise on malformed files; all mean "this file is broken".
_PARSER_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    zlib.error,
    struct.error,
)

# A table holding the header block or the signature block of an administrative document: read as lines.
_LAYOUT_TABLE_RE = re.compile(
    r"CỘNG H[OÒÕ][AÀ] XÃ HỘI|Độc lập\s*[-–—]\s*Tự do|^\s*Nơi nhận|^\s*Kính gửi|^\s*(?:KT|TM|TL|Q)\.\s*\S",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBER_HEADER_RE = re.compile(r"^(?:s[ốô]\s*)?(?:tt|stt|thứ tự|số thứ tự)\.?$", re.IGNORECASE)
_NUMERIC_CELL_RE = re.compile(r"^[\d\s.,/%()+-]+$")
_COLUMN_INDEX_RE = re.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?(?:\s*=.*)?$")
_HEADER_CELL_MAX = 80


def load_document(
    path: Path, archive_root: Path, ocr: OcrConfig | None, *, max_pages: int = DEFAULT_MAX_PAGES
) -> LoadedDocument:
    """The normalised text of one file, page by page; raises UnreadableDocument with the reason if not."""
    # absolute, not resolved: a symlinked file inside the archive keeps its place in the archive
    rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(archive_root)).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(không có đuôi)"
        msg = f"định dạng {shown} không được hỗ trợ (chỉ đọc {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        raise UnreadableDocument(msg)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"không đọc được tệp: {exc.strerror or exc}"
        raise UnreadableDocument(msg) from exc
    if not data:
        msg = "tệp rỗng (0 byte)"
        raise UnreadableDocument(msg)

    content = _sniff(data)
    if suffix == ".pdf":
        if content != "pdf":
            raise UnreadableDocument(_not_what_it_says(content, "PDF"))
        kind, pages = "pdf", _load_pdf(data, ocr or OcrConfig(enabled=False), max_pages)
    elif suffix in (".docx", ".doc"):
        # Word files are often saved with the other extension; the content decides
        if content == "zip":
            kind, pages = "docx", (Page(1, _load_docx(data)),)
        elif content == "ole":
            kind, pages = "doc", (Page(1, _load_doc(path)),)
        else:
            raise UnreadableDocument(_not_what_it_says(content, "Word"))
    else:
        kind, pages = "txt", (Page(1, _load_text(data, markdown=suffix == ".md")),)

    if not any(page.text for page in pages):
        msg = "không trích được chữ nào từ tệp"
        if kind == "pdf" and (ocr is None or not ocr_available(ocr)):
            msg = "tệp là bản scan không có lớp chữ, mà OCR đang tắt hoặc thiếu tesseract"
        raise UnreadableDocument(msg)
    return LoadedDocument(path=rel, kind=kind, pages=pages)


def _sniff(data: bytes) -> str | None:
    """What the bytes are, whatever the file name says: "pdf", "zip", "ole", "html", "rtf" or None."""
    head = data[:1024]
    stripped = head.lstrip().lower()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in stripped:
        return "html"
    return None


def _not_what_it_says(content: str | None, expected: str) -> str:
    if content == "html":
        return f"tệp mang tên {expected} nhưng thực chất là trang HTML (thường là trang lỗi tải về)"
    if content == "rtf":
        return f"tệp mang tên {expected} nhưng thực chất là RTF, chưa được hỗ trợ"
    if content == "pdf":
        return f"tệp mang tên {expected} nhưng thực chất là PDF: hãy đổi đuôi thành .pdf"
    return f"tệp không phải {expected} hợp lệ (nội dung không đúng định dạng)"


# ---------------------------------------------------------------- PDF


def classify_page(text: str) -> str | None:
    """Why a PDF page's text layer must be OCRed: "image-only", "stamp-only", "garbage"; None if usable."""
    if sum(c.isalnum() for c in text) < MIN_TEXT_CHARS:
        return "image-only"
    # the stamp brings a few lines of its own (agency, email, time): a page that is only that is a scan
    stamped = any(is_stamp_core(line) for line in normalise_chars(text).split("\n"))
    if stamped and sum(c.isalnum() for c in normalise_text(text)) < MIN_TEXT_CHARS:
        return "stamp-only"
    if is_garbage(text):
        return "garbage"
    return None


def open_pdf(data: bytes, max_pages: int = DEFAULT_MAX_PAGES) -> pypdf.PdfReader:
    """A pypdf reader over PDF bytes, decrypted if its password is empty; UnreadableDocument otherwise."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError as exc:
                msg = "PDF mã hóa AES: cần cài gói cryptography để mở"
                raise UnreadableDocument(msg) from exc
            if decrypted == pypdf.PasswordType.NOT_DECRYPTED:
                msg = "PDF được bảo vệ bằng mật khẩu, không mở được"
                raise UnreadableDocument(msg)
        n_pages = len(reader.pages)
    except _PARSER_ERRORS as exc:
        msg = f"tệp PDF bị hỏng, không đọc được ({type(exc).__name__}: {_one_line(exc)})"
        raise UnreadableDocument(msg) from exc
    if n_pages == 0:
        msg = "tệp PDF không có trang nào"
        raise UnreadableDocument(msg)
    if n_pages > max_pages:
        msg = f"PDF có {n_pages} trang, vượt giới hạn {max_pages} trang"
        raise UnreadableDocument(msg)
    return reader


def pdf_text_layer(reader: pypdf.PdfReader) -> list[str]:
    """The raw text layer of each page ("" for a page pypdf cannot read)."""
    texts = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except _PARSER_ERRORS as exc:
            log.warning("không trích được chữ trang %d: %s", number, _one_line(exc))
            texts.append("")
    return texts


def _load_pdf(data: bytes, ocr: OcrConfig, max_pages: int) -> tuple[Page, ...]:
    reader = open_pdf(data, max_pages)
    texts = pdf_text_layer(reader)
    ocred = [False] * len(texts)
    reasons = [classify_page(text) for text in texts]
    needing = [i for i, reason in enumerate(reasons) if reason]
    sha = hashlib.sha256(data).hexdigest()
    for i in needing if ocr.enabled else []:
        text = ocr_pdf_page(data, i + 1, ocr, sha)
        if text and text.strip():
            texts[i], ocred[i] = text, True
    if needing and not any(ocred):
        log.warning("%d trang cần OCR (%s) mà không OCR được: giữ lớp chữ sẵn có", len(needing), _summary(reasons))
    stripped = strip_running_lines(texts)
    return tuple(Page(number=i + 1, text=normalise_text(text), ocr=ocred[i]) for i, text in enumerate(stripped))


def _summary(reasons: list[str | None]) -> str:
    counts: dict[str, int] = {}
    for reason in reasons:
        if reason:
            counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


# ---------------------------------------------------------------- tables (DOCX and DOC)


@dataclass(frozen=True)
class _Cell:
    """One grid position of a table; merged cells share the same `key` in every position they cover."""

    key: object
    text: str


def _clean_cell(text: str) -> str:
    return "\n".join(line for line in normalise_chars(text).split("\n") if line)


def _flat(text: str) -> str:
    return " ".join(text.split("\n"))


def _distinct(row: list[_Cell]) -> list[_Cell]:
    seen: list[object] = []
    out = []
    for cell in row:
        if any(cell.key is k for k in seen):
            continue
        seen.append(cell.key)
        out.append(cell)
    return out


def _header_like(row: list[_Cell]) -> bool:
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


def _has_numeric_column(body: list[list[_Cell]]) -> bool:
    """A column of figures under a text first row: a small data table ("Đơn vị | Số trạm"), not a layout table."""
    width = min((len(row) for row in body), default=0)
    for col in range(1, width):
        values = [row[col].text for row in body if row[col].text]
        if values and sum(bool(_NUMERIC_CELL_RE.match(v)) for v in values) >= 0.6 * len(body):
            return True
    return False


def _is_column_index_row(row: list[_Cell]) -> bool:
    texts = [c.text for c in _distinct(row) if c.text]
    return len(texts) >= 2 and all(_COLUMN_INDEX_RE.match(t) for t in texts)


def _header_rows(rows: list[list[_Cell]], marked_header: bool, bold_first_row: bool) -> int:
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


def table_lines(rows: list[list[_Cell]], *, marked_header: bool = False, bold_first_row: bool = False) -> list[str]:
    """Lines of one table: a row under a header becomes "Header: value; ..."; layout tables become lines."""
    rows = [row for row in rows if any(cell.text for cell in row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [_Cell(object(), "") for _ in range(width - len(row))] for row in rows]
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


# ---------------------------------------------------------------- DOCX


def _check_zip(data: bytes) -> None:
    """Refuse a DOCX that is not a zip, lacks a document part, or would unpack to a bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, struct.error, ValueError) as exc:
        msg = f"tệp Word bị hỏng (không phải zip hợp lệ: {_one_line(exc)})"
        raise UnreadableDocument(msg) from exc
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        limit = MAX_UNZIPPED_BYTES // 2**20
        msg = f"tệp DOCX giải nén ra {total // 2**20} MB, vượt giới hạn {limit} MB (nghi zip bomb)"
        raise UnreadableDocument(msg)
    for info in infos:
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            msg = f"tệp DOCX có phần nén tỉ lệ {ratio}:1, vượt giới hạn {MAX_ZIP_RATIO}:1 (nghi zip bomb)"
            raise UnreadableDocument(msg)
    if "word/document.xml" not in {info.filename for info in infos}:
        msg = "tệp zip không phải tài liệu Word (thiếu word/document.xml)"
        raise UnreadableDocument(msg)


def _load_docx(data: bytes) -> str:
    import docx  # python-docx pulls in lxml: loaded when a DOCX is read
    from docx.opc.exceptions import PackageNotFoundError

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.element.body, document))
    except (
        PackageNotFoundError,
        SyntaxError,
        *_PARSER_ERRORS,
    ) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        msg = f"tệp DOCX bị hỏng, không đọc được ({type(exc).__name__}: {_one_line(exc)})"
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

    rows: list[list[_Cell]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = [_Cell(object(), "") for _ in range(row.grid_cols_before)]
        cells += [_Cell(cell._tc, _docx_cell_text(cell)) for cell in row.cells]
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
    return _clean_cell("\n".join(parts))


# ---------------------------------------------------------------- DOC (antiword)


def _load_doc(path: Path) -> str:
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
        reason = _one_line(result.stderr.decode("utf-8", errors="replace")) or f"mã lỗi {result.returncode}"
        msg = f"antiword không đọc được tệp .doc: {reason}"
        raise UnreadableDocument(msg)
    try:
        root = ET.fromstring(result.stdout)
    except ET.ParseError as exc:
        msg = f"antiword trả về XML hỏng cho tệp .doc: {_one_line(exc)}"
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
        [_Cell(object(), _clean_cell(_docbook_text(entry))) for entry in row.iter("entry")] for row in table.iter("row")
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


# ---------------------------------------------------------------- TXT / Markdown (decoding: textdecode.py)


def _load_text(data: bytes, *, markdown: bool) -> str:
    # plain text from OCR or pdftotext is wrapped at the page width; Markdown paragraphs are already lines
    return normalise_text(decode_text(data), reflow=not markdown)


def _one_line(value: object) -> str:
    text = " ".join(str(value).split())
    return text[:200]
