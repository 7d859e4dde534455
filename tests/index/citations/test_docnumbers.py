"""Document numbers: each spelling of a number meets in one canonical form; text yields only numbers."""

from __future__ import annotations

import pytest

from index.citations.docnumbers import (
    DocNumber,
    canonical_number,
    find_doc_numbers,
    fold_number,
    iter_doc_numbers,
    parse_doc_number,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("1389/QĐ-UBND", "1389/QĐ-UBND"),
        ("1389/QD-UBND", "1389/QĐ-UBND"),
        ("1389 / QĐ - UBND", "1389/QĐ-UBND"),
        ("1389/qđ-ubnd", "1389/QĐ-UBND"),
        ("1389⁄QĐ-UBND", "1389/QĐ-UBND"),  # fraction slash from OCR
        ("1389/QÐ-UBND", "1389/QĐ-UBND"),  # Icelandic eth typed for Đ
        ("1389 /QĐ -UBND", "1389/QĐ-UBND"),
        ("04/2021/QĐ-UBND", "04/2021/QĐ-UBND"),
        ("01-NQ/TU", "01-NQ/TU"),
        ("18-KL/TU", "18-KL/TU"),
        ("272/TB-VPCP", "272/TB-VPCP"),
        ("120/2020/NĐ-CP", "120/2020/NĐ-CP"),
        ("120/2020/ND-CP", "120/2020/NĐ-CP"),
        ("464/TTg", "464/TTg"),
        ("464/ttg", "464/TTg"),
        ("06/2023/TT-BCT", "06/2023/TT-BCT"),
        ("3082/BCH-TM", "3082/BCH-TM"),
        ("5141/SNNMT-KS", "5141/SNNMT-KS"),
        ("5141 /SNNMT-KS", "5141/SNNMT-KS"),
        ("15/TTr-SCT", "15/TTr-SCT"),
        ("66.18/2026/NQ-CP", "66.18/2026/NQ-CP"),
        ("24/2026//NQ-CP", "24/2026/NQ-CP"),
        ("42/2024/QH15", "42/2024/QH15"),
        ("Số: 718/TB-SCT", "718/TB-SCT"),
        ("Số:718/TB-SCT", "718/TB-SCT"),
    ],
)
def test_spellings_meet_in_one_canonical_form(raw, canonical):
    assert canonical_number(raw) == canonical
    assert parse_doc_number(raw).canonical == canonical


def test_parts_of_a_number():
    assert parse_doc_number("04/2021/QĐ-UBND") == DocNumber("04", 2021, "QĐ-UBND", "04/2021/QĐ-UBND")
    assert parse_doc_number("1389/QĐ-UBND") == DocNumber("1389", None, "QĐ-UBND", "1389/QĐ-UBND")
    assert parse_doc_number("01-NQ/TU") == DocNumber("01", None, "NQ/TU", "01-NQ/TU")


def test_the_year_keeps_two_numbers_apart():
    with_year, without = parse_doc_number("04/2021/QĐ-UBND"), parse_doc_number("04/QĐ-UBND")
    assert with_year.canonical != without.canonical
    assert fold_number(with_year.canonical) != fold_number(without.canonical)


def test_fold_number_ignores_stroke_case_and_leading_zeros():
    assert fold_number("04/2021/QĐ-UBND") == fold_number("4/2021/qd-ubnd") == "4/2021/QD-UBND"
    assert fold_number("1389 / QĐ - UBND") == fold_number("1389/QD-UBND")
    assert fold_number("1389/QĐ-UBND") != fold_number("1398/QĐ-UBND")
    assert parse_doc_number("1389/qd-ubnd").key == "1389/QD-UBND"


def test_numbers_cited_in_running_text_in_order_each_once():
    text = (
        "Thực hiện Quyết định số 1389/QĐ-UBND ngày 18/9/2020 của UBND tỉnh, Nghị quyết số 26-NQ/TW "
        "ngày 03/11/2022, Chương trình số 28-CTr/TU và Thông tư số 06/2023/TT-BCT; nhắc lại Quyết định "
        "1389/QD-UBND nêu trên."
    )
    found = [n.canonical for n in find_doc_numbers(text)]
    assert found == ["1389/QĐ-UBND", "26-NQ/TW", "28-CTr/TU", "06/2023/TT-BCT"]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 18/9/2020",
        "sản lượng 2.359 m3/bãi",
        "năng suất 5 tấn/ha",
        "100/tháng",
        "QCVN 01:2019/BCT",
        "QCVN 05A:2020/BCT",
        "10.000/Rm",
        "Km61+879/QL.279",
        "bảo vệ 24/24 giờ",
        "Nghị định 45/2026 về đầu tư",
    ],
)
def test_no_number_where_there_is_none(text):
    assert find_doc_numbers(text) == []


def test_strict_mode_reads_symbols_as_printed():
    assert find_doc_numbers("số 5/ha đất") == []
    assert [n.canonical for n in find_doc_numbers("số 5/ha đất", strict=False)] == ["5/HA"]
    assert [n.canonical for n in find_doc_numbers("Quyết định 1389/qđ-ubnd", strict=False)] == ["1389/QĐ-UBND"]


def test_spans_point_into_the_original_text():
    text = "Căn cứ Công văn số 3082/BCH-TM ngày 15/6/2026 và Kết luận số 18-KL/TU."
    spans = [(n.canonical, text[start:end]) for n, start, end in iter_doc_numbers(text)]
    assert spans == [("3082/BCH-TM", "3082/BCH-TM"), ("18-KL/TU", "18-KL/TU")]


def test_broken_fonts_and_glued_footnote_marks():
    # Cyrillic capitals from a broken PDF font, and pdfium's U+FFFE for a hyphen at a line break
    assert canonical_number("24 /HDLN-BCA-BYT\ufffeВСТ") == "24/HDLN-BCA-BYT-BCT"
    assert canonical_number("Nghị định số 105/2025/NĐ-CP2, cơ quan") == "105/2025/NĐ-CP"
    assert canonical_number("Luật số 42/2024/QH151 ngày") == "42/2024/QH15"


def test_a_spaced_dash_does_not_swallow_the_next_word():
    assert canonical_number("548/BĐ- Than - Khoáng sản") == "548/BĐ-THAN"  # as a user typed it: loose
    assert [n.canonical for n in find_doc_numbers("Văn bản số 548/BĐ- Than - Khoáng sản")] == ["548/BĐ"]


def test_canonical_number_tidies_what_it_cannot_parse():
    assert canonical_number("  số  / BC - SCT ") == "số/BC-SCT"
    assert parse_doc_number("không có số hiệu") is None


def test_a_type_code_run_into_its_issuer_meets_the_dashed_spelling():
    from index.citations.docnumbers import fold_number

    assert fold_number("181/2024/NĐCP") == fold_number("181/2024/NĐ-CP")
    assert fold_number("04/2021/QĐUBND") == fold_number("04/2021/QĐ-UBND")
    assert fold_number("44/BCUBND") == fold_number("44/BC-UBND")
    assert fold_number("464/TTg") == "464/TTG"  # a symbol that is an issuer alone is left as it is
