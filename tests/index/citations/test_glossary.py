"""Abbreviations defined in the text, read the Vietnamese way, and questions expanded with them."""

from __future__ import annotations

import pytest

from index.citations.glossary import expand_query, find_definitions, usual_expansions


@pytest.mark.parametrize(
    ("text", "definition"),
    [
        ("Quản lý vật liệu nổ công nghiệp (VLNCN) trên địa bàn.", ("VLNCN", "vật liệu nổ công nghiệp")),
        ("Đầu tư hạ tầng các cụm công nghiệp (CCN) năm 2025.", ("CCN", "cụm công nghiệp")),
        ("Phát triển thương mại điện tử (TMĐT) tỉnh Hòa Sơn.", ("TMĐT", "thương mại điện tử")),
        ("Ý kiến của Sở Tài nguyên và Môi trường (TNMT).", ("TNMT", "Tài nguyên và Môi trường")),
        ("Ứng dụng khoa học và công nghệ (KH&CN) vào sản xuất.", ("KH&CN", "khoa học và công nghệ")),
        ("Lực lượng phòng cháy, chữa cháy (PCCC) cơ sở.", ("PCCC", "phòng cháy, chữa cháy")),
        (
            "Nộp tại Trung tâm Phục vụ Hành chính công tỉnh (TTPVHCC).",
            ("TTPVHCC", "Trung tâm Phục vụ Hành chính công tỉnh"),
        ),
        ("Danh sách CCN (cụm công nghiệp) đã thành lập.", ("CCN", "cụm công nghiệp")),
        (
            "Kho vật liệu nổ công nghiệp (sau đây gọi tắt là VLNCN) phải có.",
            ("VLNCN", "vật liệu nổ công nghiệp"),
        ),
    ],
)
def test_definitions(text, definition):
    assert find_definitions(text) == [definition]


@pytest.mark.parametrize(
    "text",
    [
        "Theo Quyết định số 12 (QĐ-UBND) đã ban hành.",  # a symbol, no abbreviation
        "Thửa đất số Y (SY) tại bản đồ.",  # single letters are no words
        "Kế hoạch năm nay (ABC) chưa thực hiện.",  # initials do not spell it
        "Căn cứ (Nghị định) hiện hành.",  # nothing abbreviated
    ],
)
def test_no_definition(text):
    assert find_definitions(text) == []


def test_several_definitions_in_order():
    text = "Các khu công nghiệp (KCN) và cụm công nghiệp (CCN) sử dụng vật liệu nổ công nghiệp (VLNCN)."
    assert [a for a, _ in find_definitions(text)] == ["KCN", "CCN", "VLNCN"]


GLOSSARY = {
    "VLNCN": ("vật liệu nổ công nghiệp", 3),
    "CCN": ("cụm công nghiệp", 5),
    "TMĐT": ("thương mại điện tử", 2),
    "BAN": ("bảng an ninh", 1),
}


def test_expand_query_appends_expansions_of_abbreviations_used():
    assert expand_query("Có bao nhiêu giấy phép VLNCN?", GLOSSARY) == (
        "Có bao nhiêu giấy phép VLNCN? (vật liệu nổ công nghiệp)"
    )
    assert expand_query("CCN và VLNCN", GLOSSARY) == "CCN và VLNCN (cụm công nghiệp; vật liệu nổ công nghiệp)"


def test_expand_query_reads_abbreviations_typed_without_stroke_or_in_lower_case():
    assert expand_query("kết quả TMDT năm 2024", GLOSSARY) == "kết quả TMDT năm 2024 (thương mại điện tử)"
    assert expand_query("tình hình ccn", GLOSSARY) == "tình hình ccn (cụm công nghiệp)"


def test_expand_query_leaves_words_and_written_out_expansions_alone():
    assert expand_query("ban chỉ đạo họp", GLOSSARY) == "ban chỉ đạo họp"  # "ban" is a word, not BAN
    assert expand_query("cụm công nghiệp CCN", GLOSSARY) == "cụm công nghiệp CCN"
    assert expand_query("báo cáo năm 2024", GLOSSARY) == "báo cáo năm 2024"


def test_usual_expansion_counts_spellings_together_and_shows_the_usual_one():
    definitions = [
        ("CCN", "Cụm công nghiệp"),
        ("CCN", "cụm công nghiệp"),
        ("CCN", "cụm công nghiệp"),
        ("CCN", "cụm chế biến nông sản"),
        ("VLNCN", "vật liệu nổ công nghiệp"),
    ]
    assert usual_expansions(definitions) == {
        "CCN": ("cụm công nghiệp", 4),  # "Cụm công nghiệp" counts with it; the other expansion is outvoted
        "VLNCN": ("vật liệu nổ công nghiệp", 1),
    }
    assert usual_expansions([]) == {}
