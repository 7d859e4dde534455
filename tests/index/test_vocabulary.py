"""The shared vocabulary: one table of document types and symbol codes that the metadata of a document and the
registry of the documents citing it both read, and glue words judged as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.citations.docnumbers import parse_doc_number
from index.citations.registry import Registry
from index.metadata import extract_metadata
from index.records import Chunk, DocMeta
from index.vocabulary import SYMBOL_CODES, code_type, fold, is_stopword, symbol_type


@pytest.mark.parametrize(
    ("number", "doc_type"),
    [
        ("1/QĐ-UBND", "Quyết định"),
        ("26-NQ/TW", "Nghị quyết"),
        ("5141/SNNMT-KS", "Công văn"),
        ("1/2025/QH15", "Luật"),
        ("123-CV/TU", "Công văn"),  # the Party's letters carry the code "CV"
        ("12-XY/TU", None),  # a Party symbol with no known code is no letter
        ("09/2008/NQLT-CP-UBTWMTTQVN", "Nghị quyết liên tịch"),
        ("12/GM-VPUBND", "Giấy mời"),
        ("227/PC-VPUBND", "Phiếu chuyển"),
        ("3/QyĐ-SCT", "Quy định"),
    ],
)
def test_a_symbol_names_its_type(number: str, doc_type: str | None) -> None:
    parsed = parse_doc_number(number)
    assert parsed is not None
    assert symbol_type(parsed.symbol) == doc_type


def test_codes_are_read_as_printed_before_they_are_folded() -> None:
    # Nghị định 30/2020/NĐ-CP gives "HĐ" to contracts and "HD" to guidance, "ĐA" to schemes and "DA" to projects
    assert code_type("HĐ") == "Hợp đồng"
    assert code_type("HD") == "Hướng dẫn"
    assert code_type("ĐA") == "Đề án"
    assert code_type("DA") == "Dự án"
    # a code typed without its stroke, or in another case, is still that code
    assert code_type("QD") == code_type("qđ") == "Quyết định"
    assert code_type("CD") == "Công điện"
    assert code_type("TTR") == code_type("TTr") == "Tờ trình"
    assert code_type("SCT") is None


def test_fold_drops_case_and_diacritics_and_reads_dj_as_d() -> None:
    assert fold("Quyết định số 12/QĐ-UBND") == "QUYET DINH SO 12/QD-UBND"


# A document whose header names no type (no title, no "V/v"): its type is read from its symbol.
HEADER = """UBND TỈNH HÒA BÌNH XANH
SỞ CÔNG THƯƠNG
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình Xanh, ngày 05 tháng 3 năm 2099
Kính gửi: Các phòng chuyên môn
Sở Công Thương đề nghị các phòng thực hiện nội dung trên.
"""
# One-letter codes ("L-CTN") are read only after "số" in running text, never from a header's "Số:" line. Each symbol
# has a number of its own: "HĐ" and "HD" fold alike, and the registry keys a directive by its folded number.
READABLE_CODES = sorted(code for code in SYMBOL_CODES if len(code) > 1)
SYMBOLS = [
    *(f"{10 + i}/{code}-UBND" for i, code in enumerate(READABLE_CODES)),
    *(f"{100 + i}-{code}/TU" for i, code in enumerate(READABLE_CODES)),
    "12/SCT-VP",  # a letter
    "12/2099/QH15",  # a law
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """One registry in which a report cites every symbol by its number alone."""
    path = "bao-cao/bc-1.docx"
    chunks = [
        Chunk(path, i, f"Đã thực hiện nội dung tại {number} ngày 01/02/2099 của cơ quan cấp trên.", (), 1, 1)
        for i, number in enumerate(SYMBOLS)
    ]
    registry = Registry(Path(tmp_path_factory.mktemp("registry")) / "registry.sqlite")
    registry.replace_document(path, DocMeta(path=path, number="1/BC-SCT", doc_type="Báo cáo"), chunks)
    return registry


@pytest.mark.parametrize("number", SYMBOLS)
def test_metadata_and_registry_give_a_symbol_the_same_type(number: str, registry: Registry) -> None:
    meta = extract_metadata(HEADER.format(number=number), "van-ban/vb.docx")
    report = registry.lookup(number)
    assert meta.number == parse_doc_number(number).canonical  # the header was read: the type came from the symbol
    assert report is not None and report.doc_type is not None
    assert report.doc_type.origin == "mention"  # read from the citing sentence, where only the symbol names it
    assert meta.doc_type == report.doc_type.value
    assert meta.doc_type == symbol_type(parse_doc_number(number).symbol)


@pytest.mark.parametrize(
    ("word", "glue"),
    [
        ("chưa", True),
        ("chua", True),  # typed without diacritics: it may be "chưa"
        ("Chưa", True),
        ("chứa", False),  # "kho chứa" (a store): folded it would be the glue word "chưa"
        ("đầu", False),  # "đầu tư" is no "đâu"
        ("cửa", False),  # "cửa hàng" is no "của"
        ("của", True),
        ("kho", False),
    ],
)
def test_a_word_with_diacritics_is_judged_as_written(word: str, glue: bool) -> None:
    assert is_stopword(word) is glue
