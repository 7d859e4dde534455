"""The demo archive script writes the promised mix of formats, readable by the libraries the loaders use; its
documents are data (scripts/demo_archive/*.toml) in a small markup the script parses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import ModuleType

import docx
import pypdf
import pytest

from tests.conftest import load_script


@pytest.fixture(scope="module")
def demo() -> ModuleType:
    return load_script("make_demo_archive")


@pytest.fixture(scope="module")
def archive(demo: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo-archive")
    demo.write_demo_archive(target)
    return target


def _flat(text: str) -> str:
    """Whitespace collapsed, so a figure wrapped across lines by the PDF layout still matches."""
    return re.sub(r"\s+", " ", text)


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        return _flat("\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return _flat("\n".join([p.text for p in document.paragraphs] + cells))
    return _flat(path.read_text(encoding="utf-8"))


def _one(archive: Path, pattern: str) -> Path:
    matches = sorted(archive.rglob(pattern))
    assert len(matches) == 1, f"{pattern}: {matches}"
    return matches[0]


def test_writes_the_promised_mix_of_formats(demo: ModuleType, archive: Path) -> None:
    files = sorted(p for p in archive.rglob("*") if p.is_file())
    suffixes = [p.suffix for p in files]
    assert len(files) == 7
    assert suffixes.count(".pdf") == 3 and suffixes.count(".docx") == 3 and suffixes.count(".txt") == 1
    spaced = [p for p in files if " " in p.name and p.name != p.name.encode("ascii", "ignore").decode()]
    assert [p.name for p in spaced] == ["Công văn 310 về bình ổn thị trường hàng hóa.docx"]
    assert [archive / d.path for d in demo.demo_documents()] == demo.write_demo_archive(archive)


def test_text_pdfs_carry_header_and_key_figures(archive: Path) -> None:
    report = _one(archive, "BC_45-*.pdf")
    assert len(pypdf.PdfReader(report).pages) == 2
    text = _text(report)
    for expected in (
        "Số: 45/BC-SCT",
        "Vân Mộng, ngày 04 tháng 4 năm 2025",
        "kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD",
        "IIP tăng 6,72%",
        "9.215,7 tỷ đồng",
        "cụm công nghiệp (CCN)",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Demo",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    plan = _text(_one(archive, "KH_112-*.pdf"))
    assert "Số: 112/KH-SCT" in plan and "tổng diện tích 486,5 ha" in plan and "35,8 tỷ đồng" in plan


def test_scanned_pdf_has_no_text_layer_only_an_image(archive: Path) -> None:
    reader = pypdf.PdfReader(_one(archive, "*_scan.pdf"))
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text().strip() == ""
    (image,) = reader.pages[0].images
    assert image.image is not None and image.image.size == (1654, 2339)  # A4 at 200 dpi


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make install)")
def test_scanned_pdf_reads_back_with_ocr(archive: Path) -> None:
    import pypdfium2
    import pytesseract

    pdf = pypdfium2.PdfDocument(_one(archive, "*_scan.pdf"))
    try:
        image = pdf[0].render(scale=200 / 72).to_pil()
    finally:
        pdf.close()
    text = _flat(pytesseract.image_to_string(image, lang="vie"))
    assert "87/TB-SCT" in text and "35,8 tỷ đồng" in text and "TÀI LIỆU MẪU - HƯ CẤU" in text


def test_docx_header_table_data_table_and_draft_number(archive: Path) -> None:
    report = docx.Document(str(_one(archive, "BC_58-*.docx")))
    header, data, _signature = report.tables
    assert header.cell(1, 0).text == "Số: 58/BC-SCT"
    assert header.cell(0, 1).text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert [c.text for c in data.rows[-1].cells] == ["", "Tổng cộng", "111,7", "430,1", "+13,4"]

    draft = _one(archive, "TB-245_12.3.2025_*.docx")
    text = _text(draft)
    assert re.search(r"Số: +/TB-SCT", text) and "245" not in text  # the number lives only in the file name


def test_documents_cite_each_other(archive: Path) -> None:
    texts = {p.name: _text(p) for p in archive.rglob("*") if p.suffix in {".pdf", ".docx", ".txt"}}
    citing_directive = [name for name, text in texts.items() if "Quyết định số 2417/QĐ-UBND ngày 15/01/2025" in text]
    assert len(citing_directive) == 2
    assert "Báo cáo số 45/BC-SCT ngày 04/4/2025" in texts["BC_58-BC-SCT_06.5.2025_Xuat-nhap-khau-thang-4.docx"]


def test_every_text_document_says_it_is_fictional(archive: Path) -> None:
    readable = [p for p in archive.rglob("*") if p.is_file() and not p.name.endswith("_scan.pdf")]
    assert len(readable) == 6
    for path in readable:
        assert "TÀI LIỆU MẪU - HƯ CẤU" in _text(path), path.name


def test_output_is_byte_for_byte_repeatable(demo: ModuleType, archive: Path, tmp_path: Path) -> None:
    assert demo.main([str(tmp_path)]) == 0
    first = {p.relative_to(archive): p.read_bytes() for p in archive.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# -- the documents as data (scripts/demo_archive/*.toml) -------------------------------------------------------------
def test_body_markup_gives_headings_wrapped_paragraphs_and_tables(demo: ModuleType) -> None:
    body = """
# I. XUẤT KHẨU
Kim ngạch xuất khẩu tháng 4
ước đạt 111,7 triệu USD.
| TT | Mặt hàng  |
|    | Tổng cộng |
Bảng trên là số ước tính.

b) Nhập khẩu: 95,4 triệu USD.
"""
    blocks = demo.parse_body(body)
    assert [(b.kind, b.text, b.rows) for b in blocks] == [
        ("heading", "I. XUẤT KHẨU", ()),
        ("para", "Kim ngạch xuất khẩu tháng 4 ước đạt 111,7 triệu USD.", ()),
        ("table", "", (("TT", "Mặt hàng"), ("", "Tổng cộng"))),
        ("para", "Bảng trên là số ước tính.", ()),
        ("para", "b) Nhập khẩu: 95,4 triệu USD.", ()),
    ]


def _folder(tmp_path: Path, document: str, shared: str = 'issuer = ["A", "B"]\n') -> Path:
    (tmp_path / "archive.toml").write_text(shared, encoding="utf-8")
    (tmp_path / "01_X.toml").write_text(document, encoding="utf-8")
    return tmp_path


DOCUMENT = """path = "x.txt"
number_line = "Số: 1/BC"
date_line = "ngày 1"
subject = ["Tie\u0302\u0301t"]
recipients = []
signer_capacity = []
signer = "S"
motto = []
note = "N"
author = "T"
body = "Thu\u031b\u0323c hiện."
"""


def test_a_document_file_takes_the_shared_fields_and_any_unicode_form_becomes_nfc(demo: ModuleType, tmp_path) -> None:
    (doc,) = demo.demo_documents(_folder(tmp_path, DOCUMENT))
    assert doc.issuer == ("A", "B") and doc.doc_type is None  # a công văn: no document type given
    assert doc.subject == ("Tiết",) and doc.blocks[0].text == "Thực hiện."  # decomposed in the file, NFC here


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('body = "Thu', 'body = "| a | b |\\n| c |"\n#', "different numbers of cells"),
        ("signer = ", 'singer = "S"\n#', "unexpected keyword argument 'singer'"),
        ("path = ", "#", "missing 1 required .*'path'"),
        ('signer = "S"', "signer = 3", "must be str"),
    ],
)
def test_a_bad_document_file_is_named_with_the_reason(demo: ModuleType, tmp_path, old, new, complaint) -> None:
    document = DOCUMENT.replace(old, new)
    assert document != DOCUMENT
    with pytest.raises(ValueError, match=complaint) as error:
        demo.demo_documents(_folder(tmp_path, document))
    assert "01_X.toml" in str(error.value)


def test_the_seven_documents_have_distinct_files_and_numbers(demo: ModuleType) -> None:
    documents = demo.demo_documents()
    assert len({d.path for d in documents}) == len({d.number_line for d in documents}) == 7
    assert [d.path.rsplit(".", 1)[1] for d in documents] == ["pdf", "pdf", "docx", "docx", "pdf", "txt", "docx"]
