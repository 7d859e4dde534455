"""References in running text: every spelling of a cited number, with type, date, issuer and description."""

from __future__ import annotations

import pytest

from index.citations.docnumbers import parse_doc_number
from index.citations.references import Reference, directive_key, document_references, extract_references, year_of
from index.records import Chunk


def only(text: str) -> Reference:
    found = extract_references(text, "bao-cao.pdf", page=3)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "number", "key", "doc_type"),
    [
        (
            "Thực hiện Quyết định số 214/QĐ-UBND ngày 18/9/2020 của UBND tỉnh.",
            "214/QĐ-UBND",
            "214/QD-UBND@2020",
            "Quyết định",
        ),
        (
            "Căn cứ Quyết định 04/2021/QĐ-UBND của UBND tỉnh;",
            "04/2021/QĐ-UBND",
            "4/2021/QD-UBND@2021",
            "Quyết định",
        ),
        ("Quán triệt Nghị quyết số 01-NQ/TU ngày 05/01/2021.", "01-NQ/TU", "1-NQ/TU@2021", "Nghị quyết"),
        ("Thực hiện Kết luận 18-KL/TU của Ban Thường vụ Tỉnh ủy.", "18-KL/TU", "18-KL/TU", "Kết luận"),
        ("Theo Thông báo số 272/TB-VPCP ngày 12/8/2022.", "272/TB-VPCP", "272/TB-VPCP@2022", "Thông báo"),
        (
            "Căn cứ Nghị định số 120/2020/NĐ-CP của Chính phủ;",
            "120/2020/NĐ-CP",
            "120/2020/ND-CP@2020",
            "Nghị định",
        ),
        ("Thực hiện Văn bản số 464/TTg ngày 02/4/2021.", "464/TTg", "464/TTG@2021", "Văn bản"),
        (
            "Căn cứ Thông tư 06/2023/TT-BCT của Bộ Công Thương;",
            "06/2023/TT-BCT",
            "6/2023/TT-BCT@2023",
            "Thông tư",
        ),
        (
            "Thực hiện Quyết định số 215/QD-UBND ngày 01/3/2021.",
            "215/QĐ-UBND",
            "215/QD-UBND@2021",
            "Quyết định",
        ),
        (
            "thực hiện quyết định số 216/qđ-ubnd ngày 3/2/2022.",
            "216/QĐ-UBND",
            "216/QD-UBND@2022",
            "Quyết định",
        ),
        (
            "Quyết định số 217 / QĐ - UBND ngày 18 / 9 / 2020.",
            "217/QĐ-UBND",
            "217/QD-UBND@2020",
            "Quyết định",
        ),
        ("Căn cứ Chỉ thị số 05/CT-UBND ngày 10 tháng 3 năm 2022;", "05/CT-UBND", "5/CT-UBND@2022", "Chỉ thị"),
        ("Theo Tờ trình số 31/TTr-SCT ngày 04/6/2024.", "31/TTr-SCT", "31/TTR-SCT@2024", "Tờ trình"),
        ("QĐ số 1584/QĐ-UBND ngày 10/10/2008.", "1584/QĐ-UBND", "1584/QD-UBND@2008", "Quyết định"),
        ("Căn cứ Luật Hóa chất số 69/2025/QH15;", "69/2025/QH15", "69/2025/QH15@2025", "Luật"),
    ],
)
def test_each_spelling_gives_number_key_and_type(text, number, key, doc_type):
    reference = only(text)
    assert (reference.number, reference.key, reference.doc_type) == (number, key, doc_type)
    assert reference.type_source == "text"
    assert (reference.doc_path, reference.page) == ("bao-cao.pdf", 3)


def test_date_issuer_and_description_of_a_full_citation():
    reference = only(
        "Thực hiện Quyết định số 214/QĐ-UBND ngày 18/9/2020 của UBND tỉnh về phê duyệt Kế hoạch phát triển "
        "thương mại điện tử giai đoạn 2021 - 2025; các sở, ngành đã triển khai."
    )
    assert reference.date == "2020-09-18"
    assert reference.issuer == "UBND tỉnh"
    assert reference.subject == "phê duyệt Kế hoạch phát triển thương mại điện tử giai đoạn 2021 - 2025"


def test_date_in_words_and_issuers_written_in_several_ways():
    first = only("Căn cứ Thông báo số 272/TB-VPCP ngày 12 tháng 8 năm 2022 của Văn phòng Chính phủ về kết luận họp;")
    assert (first.date, first.issuer, first.subject) == ("2022-08-12", "Văn phòng Chính phủ", "kết luận họp")
    second = only("Thực hiện Văn bản số 464/TTg ngày 02/4/2021 của Thủ tướng Chính phủ về việc rà soát dự án.")
    assert (second.issuer, second.subject) == ("Thủ tướng Chính phủ", "rà soát dự án")
    third = only(
        "Căn cứ Quyết định số 05/2025/QĐ-UBND ngày 01/7/2025 của Ủy ban nhân dân tỉnh Hòa Sơn ban hành quy chế;"
    )
    assert third.issuer == "Ủy ban nhân dân tỉnh Hòa Sơn"
    assert third.subject == "ban hành quy chế"
    fourth = only("Theo Quyết định số 40/QĐ-HC ngày 28/02/2025 của Cục trưởng Cục Hóa chất.")
    assert fourth.issuer == "Cục trưởng Cục Hóa chất"


def test_issuer_stops_before_what_the_body_did():
    reference = only("Căn cứ Nghị định số 120/2020/NĐ-CP ngày 07/10/2020 của Chính phủ quy định về đơn vị sự nghiệp;")
    assert reference.issuer == "Chính phủ"
    assert reference.subject == "quy định về đơn vị sự nghiệp"


def test_number_split_across_lines_and_sentence_wrapped_by_a_pdf():
    text = (
        "- Tổ chức rà soát các chỉ tiêu được giao tại Quyết định số 218/QĐ-\nUBND ngày 18/9/2020 của\n"
        "UBND tỉnh về phê duyệt Đề án hỗ trợ."
    )
    reference = only(text)
    assert reference.number == "218/QĐ-UBND"
    assert (reference.date, reference.issuer, reference.subject) == (
        "2020-09-18",
        "UBND tỉnh",
        "phê duyệt Đề án hỗ trợ",
    )
    assert reference.sentence.endswith("của UBND tỉnh về phê duyệt Đề án hỗ trợ.")
    assert only("theo Quyết định số 219/\nQĐ-UBND ngày 02/3/2021.").number == "219/QĐ-UBND"


def test_number_without_type_word_takes_its_type_from_the_symbol():
    found = extract_references(
        "Trung tâm được thành lập tại các Quyết định số: 1127/QĐ-UBND ngày 08/5/2008; "
        "1646/QĐ-UBND ngày 11/6/2019; "
        "2483/KH-UBND ngày 25/10/2022.",
        "a.docx",
    )
    assert [(r.key, r.doc_type, r.type_source) for r in found] == [
        ("1127/QD-UBND@2008", "Quyết định", "text"),
        ("1646/QD-UBND@2019", "Quyết định", "symbol"),
        ("2483/KH-UBND@2022", "Kế hoạch", "symbol"),
    ]


def test_two_documents_with_one_number_in_different_years_stay_apart():
    older = only("Theo Quyết định số 12/QĐ-UBND ngày 01/02/2019 của UBND tỉnh.")
    newer = only("Theo Quyết định số 12/QĐ-UBND ngày 03/04/2023 của UBND tỉnh.")
    assert older.base == newer.base == "12/QD-UBND"
    assert (older.key, newer.key) == ("12/QD-UBND@2019", "12/QD-UBND@2023")


def test_year_of_the_number_wins_over_a_mistyped_date():
    reference = only("Căn cứ Nghị định số 94/2024/NĐ-CP ngày 24 tháng 7 năm 2025 của Chính phủ;")
    assert reference.year == 2024
    assert reference.date == "2025-07-24"


def test_description_ends_with_its_clause_and_before_the_next_reference():
    found = extract_references(
        "Căn cứ Nghị định số 1/2020/NĐ-CP của Chính phủ quy định về kiểm tra, "
        "Nghị định số 2/2021/NĐ-CP của Chính phủ quy định về thanh tra; Sở đã thực hiện.",
        "a.docx",
    )
    assert [r.subject for r in found] == ["quy định về kiểm tra", "quy định về thanh tra"]


def test_date_closing_a_description_is_the_documents_date():
    reference = only("Căn cứ Luật số 42/2024/QH15 về Quản lý vũ khí ngày 29/6/2024;")
    assert (reference.subject, reference.date) == ("Quản lý vũ khí", "2024-06-29")


def test_a_law_named_before_its_number_is_described_by_its_name():
    assert only("Căn cứ Luật Hóa chất số 69/2025/QH15;").subject == "Luật Hóa chất"
    long_name = only("Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số 42/2024/QH15;")
    assert long_name.subject == "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ"


def test_the_citing_sentence_is_only_the_sentence_holding_the_number():
    reference = only("Năm qua có nhiều kết quả. Theo Quyết định số 214/QĐ-UBND về việc giao chỉ tiêu. Sở đã làm tốt.")
    assert reference.sentence == "Theo Quyết định số 214/QĐ-UBND về việc giao chỉ tiêu."
    assert reference.subject == "giao chỉ tiêu"


@pytest.mark.parametrize(
    "text",
    [
        "SỞ CÔNG THƯƠNG\nSố: 718/TB-SCT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",  # the document's own number
        "Máy nổ mìn mã số 4638/TBĐ, kiểm định ngày 16/9/2025.",  # an inspection code
        "Lập báo cáo theo Mẫu số 01/BC-SCT kèm theo.",  # a form
        "đáp ứng QCVN 01: 2019/BCT của Bộ Công Thương;",  # a technical standard
        "năng suất lúa đạt 5 tấn/ha, thu nhập 100 triệu/người.",  # units, not numbers, in lower case
        "Giấy chứng nhận số 480/VC/2026/HT do Công ty cấp.",  # a numbering scheme that would be read in part
    ],
)
def test_what_is_no_citation(text):
    assert extract_references(text, "a.docx") == []


def test_keys_and_years():
    assert directive_key("1389/QD-UBND", 2020) == "1389/QD-UBND@2020"
    assert directive_key("18-KL/TU", None) == "18-KL/TU"
    assert year_of(parse_doc_number("04/2021/QĐ-UBND"), "2022-01-05") == 2021
    assert year_of(parse_doc_number("1389/QĐ-UBND"), "2020-09") == 2020
    assert year_of(parse_doc_number("1389/QĐ-UBND"), None) is None


def test_a_reference_inside_a_description_belongs_to_it_and_the_next_body_is_not_swallowed():
    first, second, third = extract_references(
        "Căn cứ Nghị định số 127/2005/NĐ-CP ngày 10/10/2005 của Chính phủ hướng dẫn thực hiện Nghị quyết số "
        "23/2003/QH11 ngày 26/11/2003 của Quốc hội và Nghị quyết số 755/2005/NQ-UBTVQH11 ngày 02/4/2005;",
        "a.docx",
    )
    assert first.subject == "hướng dẫn thực hiện Nghị quyết số 23/2003/QH11 ngày 26/11/2003 của Quốc hội"
    assert (second.key, second.issuer) == ("23/2003/QH11@2003", "Quốc hội")
    assert third.key == "755/2005/NQ-UBTVQH11@2005"


def test_what_follows_a_description_is_no_part_of_it():
    amended = extract_references(
        "Nghị định số 13/2020/NĐ-CP hướng dẫn chi tiết Luật Chăn nuôi được sửa đổi, bổ sung bởi Nghị định số "
        "32/2026/NĐ-CP.",
        "a.docx",
    )[0]
    assert amended.subject == "hướng dẫn chi tiết Luật Chăn nuôi"
    follows = only("Sửa đổi Nghị định số 96/2024/NĐ-CP của Chính phủ quy định chi tiết Luật Kinh doanh như sau:")
    assert follows.subject == "quy định chi tiết Luật Kinh doanh"
    glued = only("Nghị định số 44/2015/NĐ-CP quy định về quy hoạch xây dựng Sửa đổi, bổ sung khoản 4 Điều 10")
    assert glued.subject == "quy định về quy hoạch xây dựng"
    purpose = only("Theo văn bản số 502/UBND-KT về việc triển khai kế hoạch và để đảm bảo tiến độ, Sở đã họp.")
    assert purpose.subject == "triển khai kế hoạch"
    numbered = only("Thông tư số 26/2026/TT-BCT về việc cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 1")
    assert numbered.subject == "cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 1"


def test_issuer_in_a_title_written_in_capitals():
    reference = only(
        "SỬA ĐỔI MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 29/2017/NĐ-CP NGÀY 20 THÁNG 3 NĂM 2017 CỦA CHÍNH PHỦ QUY ĐỊNH"
    )
    assert (reference.key, reference.date, reference.issuer) == (
        "29/2017/ND-CP@2017",
        "2017-03-20",
        "CHÍNH PHỦ",
    )


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("Căn cứ Nghị định số 189/2025/NĐ-CP của Chính phủ Quy định chi tiết một số điều;", "Chính phủ"),
        (
            "Theo Thông báo số 17/TB-NM của Công ty cổ phần Xây dựng giao thông Hòa Sơn.",
            "Công ty cổ phần Xây dựng giao thông Hòa Sơn",
        ),
        (
            "Văn bản số 5/SGTVT của Sở Giao thông vận tải giao Sở Công Thương rà soát.",
            "Sở Giao thông vận tải",
        ),
        (
            "Nghị quyết số 1/2005/NQ-CP của Bộ Tài chính và Bộ Công Thương về việc thuế.",
            "Bộ Tài chính và Bộ Công Thương",
        ),
        (
            "Giấy chứng nhận số 149.01/GCN-CĐ1 của Phòng Cảnh sát QLHC về TTXH - Công an tỉnh.",
            "Phòng Cảnh sát QLHC về TTXH - Công an tỉnh",
        ),
    ],
)
def test_where_the_name_of_a_body_ends(text, issuer):
    assert only(text).issuer == issuer


def test_a_documents_references_carry_their_chunk_page_and_the_year_given_before():
    first = Chunk(
        "bc.docx",
        0,
        "Mở đầu báo cáo.\nThực hiện Quyết định số 1389/QĐ-UBND ngày 18/9/2020 của UBND tỉnh.",
        (),
        1,
        2,
        page_marks=((0, 1), (16, 2)),
    )
    second = Chunk("bc.docx", 1, "Tiếp tục thực hiện Quyết định số 1389/QĐ-UBND nêu trên.", (), 3, 3)
    found = document_references([first, second])
    assert [(ordinal, r.number, r.year, r.page) for ordinal, r in found] == [
        (0, "1389/QĐ-UBND", 2020, 2),  # on the chunk's second page, where the number is
        (1, "1389/QĐ-UBND", 2020, 3),  # cited again without a date: the year given before
    ]
    # cited with two years in one document, an undated mention takes neither
    third = Chunk("bc.docx", 2, "Quyết định số 1389/QĐ-UBND ngày 02/01/2021 của UBND tỉnh.", (), 4, 4)
    assert [r.year for _, r in document_references([first, second, third])] == [2020, None, 2021]
