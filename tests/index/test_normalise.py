"""Normalising: look-alikes, tone marks, rejoined lines, running headers, stamps, garbage detection."""

from __future__ import annotations

import unicodedata

import pytest

from index.normalise import (
    GARBAGE_THRESHOLD,
    drop_signature_stamps,
    garbage_ratio,
    normalise_chars,
    normalise_text,
    normalise_tone_marks,
    rejoin_lines,
)
from index.page_furniture import strip_running_lines


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("khoẻ", "khỏe"),
        ("thuỷ", "thủy"),
        ("Thuỷ lợi", "Thủy lợi"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("Hoá chất", "Hóa chất"),
        ("uỷ ban", "ủy ban"),
        ("tuỳ theo", "tùy theo"),
        ("toà án", "tòa án"),
        ("xoè", "xòe"),
        ("luỹ kế", "lũy kế"),
        ("nguỵ", "ngụy"),
        ("oà khóc", "òa khóc"),
        # already old style, or not an open oa/oe/uy: unchanged
        ("hòa", "hòa"),
        ("quý", "quý"),
        ("quà", "quà"),
        ("hoàng", "hoàng"),
        ("quyết", "quyết"),
        ("huỳnh", "huỳnh"),
        ("thuyền", "thuyền"),
        ("hoài", "hoài"),
        ("khuỷu", "khuỷu"),
        ("hoạch", "hoạch"),
        ("thuế", "thuế"),
        # a tone wrongly put on the "u" of "qu" moves to the vowel
        ("qúy", "quý"),
        ("qùa", "quà"),
    ],
)
def test_tone_marks_take_the_old_style(raw: str, expected: str) -> None:
    assert normalise_tone_marks(raw) == expected


def test_tone_marks_are_fixed_inside_running_text() -> None:
    text = "Ủy ban nhân dân tỉnh Hoà Bình Xanh giao Sở Công Thương phối hợp tuỳ tình hình, quý I."
    assert normalise_tone_marks(text) == (
        "Ủy ban nhân dân tỉnh Hòa Bình Xanh giao Sở Công Thương phối hợp tùy tình hình, quý I."
    )


def test_decomposed_text_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Quảng Ngãi")
    assert decomposed != "Quảng Ngãi"
    assert normalise_chars(decomposed) == "Quảng Ngãi"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("718\u2044TB-SCT", "718/TB-SCT"),  # fraction slash from OCR
        ("718\u2215TB-SCT", "718/TB-SCT"),  # division slash
        ("718\uff0fTB-SCT", "718/TB-SCT"),  # fullwidth solidus
        ("Số:\u00a0123", "Số: 123"),  # no-break space
        ("Số:\u202f\u2003123", "Số: 123"),  # narrow and em spaces collapse to one
        ("công\u00adnghiệp", "côngnghiệp"),  # soft hyphen is invisible
        ("Sở\u200b Công\ufeff Thương", "Sở Công Thương"),  # zero-width characters
        ("Độc lập \u2013 Tự do \u2014 Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
        ("TB\u2010SCT", "TB-SCT"),
        ("\u201cKho xăng\u201d và \u2018bến\u2019", "\"Kho xăng\" và 'bến'"),
        ("Th\u01a3\u01a1ng m\u1ea1i", "Thương mại"),  # font maps "ư" to "ƣ"
        ("a\tb", "a b"),
        ("dòng một\r\ndòng hai", "dòng một\ndòng hai"),
    ],
)
def test_look_alike_characters_are_mapped(raw: str, expected: str) -> None:
    assert normalise_chars(raw) == expected


def test_soft_hyphen_at_line_end_glues_the_word() -> None:
    assert normalise_chars("docu\u00ad\nment") == "document"


def test_wrapped_lines_are_rejoined() -> None:
    text = "Tính chung 3 tháng đầu năm, chỉ số sản xuất công nghiệp tăng 1,8% so với\ncùng kỳ năm trước."
    assert rejoin_lines(text) == (
        "Tính chung 3 tháng đầu năm, chỉ số sản xuất công nghiệp tăng 1,8% so với cùng kỳ năm trước."
    )


def test_list_items_and_headings_keep_their_lines() -> None:
    text = "\n".join(
        [
            "Căn cứ kết quả kiểm tra, Sở đề nghị các đơn vị thực hiện như sau",
            "1. Rà soát hồ sơ",
            "a) hồ sơ pháp lý",
            "- kiểm tra kho",
            "+ kho chứa",
            "Điều 3. Tổ chức thực hiện",
            "II. NHIỆM VỤ",
        ]
    )
    assert rejoin_lines(text) == text


def test_sentence_end_and_blank_lines_stop_joining() -> None:
    text = "Kết quả đạt được là tốt.\nnội dung khác\n\ntiếp theo sau dòng trống"
    assert rejoin_lines(text) == text


def test_full_width_line_joins_a_capitalised_continuation_but_a_short_line_does_not() -> None:
    long_line = "Lượng hàng hóa tiêu dùng phục vụ Tết phong phú, lưu thông thuận lợi trên địa bàn tỉnh"
    filler = "Sở Công Thương phối hợp với các sở ngành liên quan theo dõi chặt chẽ diễn biến thị trường."
    text = f"{filler}\n{long_line}\nHòa Bình Xanh và các tỉnh lân cận.\nBÁO CÁO\nTình hình chung"
    assert rejoin_lines(text).split("\n") == [
        filler,
        f"{long_line} Hòa Bình Xanh và các tỉnh lân cận.",
        "BÁO CÁO",
        "Tình hình chung",
    ]


def test_latin_hyphenation_is_undone_but_vietnamese_dash_kept() -> None:
    assert rejoin_lines("hệ thống infor-\nmation") == "hệ thống information"
    assert rejoin_lines("phát triển kinh tế-\nxã hội") == "phát triển kinh tế-xã hội"


def _pages_with_running_lines() -> list[str]:
    return [
        "SỞ CÔNG THƯƠNG - BÁO CÁO QUÝ I\nNội dung trang một.\nCó 12 cơ sở.\n- 1 -",
        "SỞ CÔNG THƯƠNG - BÁO CÁO QUÝ I\nNội dung trang hai.\n2\nkết thúc đoạn.\nTrang 2/3",
        "SỞ CÔNG THƯƠNG - BÁO CÁO QUÝ I\nNội dung trang ba.\n3",
    ]


def test_running_headers_and_page_numbers_are_removed() -> None:
    stripped = strip_running_lines(_pages_with_running_lines())
    assert stripped == [
        "Nội dung trang một.\nCó 12 cơ sở.",
        "Nội dung trang hai.\n2\nkết thúc đoạn.",
        "Nội dung trang ba.",
    ]


def test_running_lines_need_most_pages_and_the_motto_always_stays() -> None:
    pages = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nMẫu số 01",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nMẫu số 02",
        "Phụ lục riêng\nchỉ một trang có dòng này",
    ]
    assert strip_running_lines(pages) == pages


def test_a_number_far_from_the_page_position_is_not_a_page_number() -> None:
    pages = ["Bảng tổng hợp\nTổng số cơ sở\n210", "Trang sau\nnội dung"]
    assert strip_running_lines(pages)[0].endswith("210")


def test_signature_stamp_lines_are_dropped() -> None:
    lines = [
        "Ký bởi: Sở Công Thương tỉnh Hòa Bình Xanh",
        "Cơ quan: Tỉnh Hòa Bình Xanh",
        "Email: sct@hoabinhxanh.gov.vn",
        "Thời gian ký: 26/01/2025 11:12:09",
        "27.01.2025 07:10:01 +07:00",
        "THÔNG BÁO",
    ]
    assert drop_signature_stamps(lines) == ["THÔNG BÁO"]


def test_agency_and_email_lines_far_from_a_stamp_are_body_text() -> None:
    lines = ["Cơ quan: Sở Công Thương", "Email: lienhe@example.vn", "Nội dung"]
    assert drop_signature_stamps(lines) == lines


def test_normalise_text_does_everything_and_keeps_paragraph_breaks() -> None:
    raw = (
        "Ký bởi: Sở Công Thương\nThời gian ký: 01/02/2023 08:00:00\n"
        "Số: 718⁄TB-SCT\nSở  hoà   giải\nvới  các\u00a0bên.\n\n\n\nĐoạn mới."
    )
    assert normalise_text(raw) == "Số: 718/TB-SCT\nSở hòa giải với các bên.\n\nĐoạn mới."


def test_normalise_text_without_reflow_keeps_every_line() -> None:
    assert normalise_text("Đoạn một\ntiếp tục", reflow=False) == "Đoạn một\ntiếp tục"


def test_garbage_ratio_separates_legacy_font_text_from_vietnamese() -> None:
    good = "Sở Công Thương tỉnh Hòa Bình Xanh báo cáo tình hình sản xuất công nghiệp quý I năm 2023."
    bad = "6Ӣ CÔNG THѬѪNG TӌNH HÒA BÌNH XANH NgÆy 03 thÆng 4 nĂm 2023, GiÆm ÿӕc SӢ chӫ trÕ hӑp"
    assert garbage_ratio(good) == 0.0
    assert garbage_ratio(bad) > 3 * GARBAGE_THRESHOLD
    assert garbage_ratio("12/2023 - 45%") == 0.0


def test_garbage_ratio_tolerates_a_few_symbols_and_ignores_chinese() -> None:
    formula = "Nồng độ khí N2O đo được là 5 μg/m³ theo tiêu chuẩn, trong phạm vi cho phép của quy chuẩn."
    assert 0 < garbage_ratio(formula) < GARBAGE_THRESHOLD
    assert garbage_ratio("Hiệp định 中华人民共和国 và Việt Nam") == 0.0
    assert garbage_ratio("[7] СП 1.13130.2020 Системы противопожарной защиты, tài liệu tham khảo") == 0.0
    assert garbage_ratio("Tọa độ X = 21º30' Y = 104º15' của khu công nghiệp") == 0.0


def test_document_number_broken_after_its_dash_is_rejoined():
    text = "Thực hiện Quyết định số 163/QĐ-\nBCT ngày 19/01/2021 của Bộ Công Thương về việc"
    assert "163/QĐ-BCT ngày 19/01/2021" in rejoin_lines(text)
