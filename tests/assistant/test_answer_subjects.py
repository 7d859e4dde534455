"""What a follow-up and its parts ask, the names that qualify what they are about, and what an amount is of."""

from __future__ import annotations

from assistant.questions import Question
from tests.assistant.test_answer_mechanisms import answer, passage


def test_a_follow_up_asks_what_its_own_words_ask():
    # the carried earlier question asked "vì sao": this one asks a date
    asked = Question("Luật và nghị định đó có hiệu lực thi hành từ ngày nào? (Vì sao Sở trả lại hồ sơ thẩm định)")
    assert asked.wants == "date"
    # ... and what the earlier question asked when it asks nothing of its own
    assert Question("Còn tháng 6 thì sao? (kim ngạch xuất khẩu đạt bao nhiêu)").wants == "quantity"
    assert Question("Còn văn bản 12/BC-SCT thì sao? (do ai ký)").header_field == "Người ký"


def _park(name: str, place: str) -> list:
    path = "qd-kcn.pdf"
    return [
        passage(f"4. Quy mô dự án: Đầu tư kết cấu hạ tầng Khu công nghiệp {name} với quy mô 200ha.", path, 0),
        passage(f"7. Địa điểm thực hiện dự án: {place}, tỉnh Lào Cai.", path, 1),
    ]


def test_a_name_qualifying_one_the_line_writes_may_be_said_elsewhere_in_its_document():
    asked = "Khu công nghiệp Phú Xuân 1 ở xã Gia Phú có quy mô bao nhiêu ha?"
    assert "200ha" in answer(asked, _park("Phú Xuân 1", "Xã Gia Phú"))
    # the qualifier must still be said somewhere, and the name qualified in the line itself
    assert answer(asked, _park("Phú Xuân 1", "Xã Xuân Quang")) == ""
    assert (
        answer("Khu công nghiệp Phú Xuân 2 ở xã Gia Phú có quy mô bao nhiêu ha?", _park("Phú Xuân 1", "Xã Gia Phú"))
        == ""
    )


def test_a_carried_subject_opening_with_an_occasion_names_what_follows_it():
    from assistant.proper_names import names_in

    carried = "Có bao nhiêu cửa hàng? (Dịp Tết Tân Sửu 2021 đoàn kiểm tra ở Trà Vinh kiểm tra những)"
    assert names_in(carried, []) == ["tan suu"]
    assert names_in("Có bao nhiêu? (Sơn Thịnh 2, Văn Chấn)", []) == ["son thinh 2", "van chan"]


def test_a_carried_subject_holds_no_brackets_of_its_own():
    from assistant.rewrite import carry_over

    history = [{"role": "user", "content": "Luật Thanh tra năm 2025 (Luật số 84/2025/QH15) có hiệu lực từ khi nào?"}]
    asked = Question(carry_over("Thế cuộc thanh tra do Thanh tra tỉnh tiến hành kéo dài bao nhiêu ngày?", history))
    assert asked.carries_subject and "84/2025/QH15" in asked.text


def test_a_later_part_of_a_follow_up_keeps_the_subject_of_the_parts_before_it():
    from assistant.parts import part_question

    whole = Question(
        "Cuộc thanh tra do Thanh tra tỉnh tiến hành kéo dài bao nhiêu ngày, gia hạn thêm được bao lâu? (Luật Thanh tra)"
    )
    second = part_question(whole.parts[1], whole)
    assert second.text.startswith("gia hạn thêm được bao lâu (Luật Thanh tra, ")
    assert "Thanh tra tỉnh" in second.text


def test_an_adjective_of_dimension_is_no_part_of_the_amounts_name():
    from assistant.evidence import kind_missing

    asked = Question("Khu vực dự kiến nổ mìn rộng bao nhiêu ha?")
    assert asked.measured == ("du", "kien", "no", "min")
    assert kind_missing(asked, "Khu vực dự kiến nổ mìn có diện tích là 4,3ha:", set(), None) is None
    # a noun of dimension makes it the name: "chiều dài" is what the line must measure
    assert Question("Đường lên bãi thải có chiều dài bao nhiêu km?").measured == ("chieu", "dai")


def _review(title: str) -> list:
    path = "nhan-xet.docx"
    return [
        passage(
            f"{title}\nHồ sơ kho chứa vật liệu nổ thủy điện Ngòi Nhù 1A, xã Chiềng Ken\nHồ sơ được đối chiếu.", path, 0
        ),
        passage("Thiết kế kho có thẩm tra của tư vấn Sơn Thái (Văn bản số 07/2026/TTr-ST ngày 07/5/2026).", path, 5),
    ]


def test_a_name_the_title_block_says_is_the_whole_documents():
    asked = "Theo bản nhận xét hồ sơ kho thủy điện Ngòi Nhù 1A, thiết kế kho được tư vấn Sơn Thái thẩm tra theo văn bản số mấy?"
    assert "07/2026/TTr-ST" in answer(asked, _review("NHẬN XÉT, PHẢN BIỆN PHÁP LÝ"))
    # a first line that is no title in capitals says nothing of the whole document
    assert answer(asked, _review("Nhận xét, phản biện pháp lý")) == ""


def test_a_country_in_a_companys_description_is_no_part_of_its_name():
    asked = Question("Công ty vận tải Trung Quốc Thông Đạt Vận Trình Quý Châu: người đại diện theo pháp luật là ai")
    assert asked.names == ["thong dat van trinh quy chau"]


def test_a_person_is_told_by_a_name_field_or_an_honorific_and_a_province_is_no_person():
    from assistant.evidence import kind_missing

    asked = Question("Công ty Thông Đạt: người đại diện theo pháp luật là ai")
    assert (
        kind_missing(asked, "Họ và tên, chức danh người đại diện theo pháp luật: Hùng Viễn Nghĩa", set(), None) is None
    )
    assert kind_missing(asked, "Họ tên người đại diện pháp luật: (Ông) Hùng Viễn Nghĩa.", set(), None) is None
    assert kind_missing(asked, "Số: 4 /GP-BKHCN Hà Nội, ngày 2 tháng 5 năm 2024", set(), None) == "person"
    permit = passage(
        "Tên đơn vị: Công ty TNHH Vận tải Thông Đạt.\n"
        "Họ và tên, chức danh người đại diện theo pháp luật: Hùng Viễn Nghĩa\nChức danh: Giám đốc"
    )
    said = answer("Người đại diện theo pháp luật của Công ty Thông Đạt là ai?", [permit])
    assert said.split("\n")[0].startswith("Họ và tên") and "Hùng Viễn Nghĩa" in said.split("\n")[0]


def test_a_companys_name_runs_over_the_va_that_joins_its_trades():
    asked = "Giấy phép cấp cho Công ty cổ phần Tư vấn xây dựng và thương mại Tân Đạt được dùng bao nhiêu kíp nổ?"
    assert Question(asked).names == ["tu van xay dung va thuong mai tan dat"]
    # so a permit of Tiến Đạt, whose name shares the trades, does not answer for Tân Đạt
    permit = passage(
        "Điều 2. Kíp nổ các loại: 5.120 cái.",
        "GP-Tien-Dat.docx",
        headings=("Điều 1. Cho phép Công ty cổ phần Tư vấn xây dựng và thương mại Tiến Đạt",),
    )
    assert answer(asked, [permit]) == ""
    assert "5.120" in answer(asked.replace("Tân Đạt", "Tiến Đạt"), [permit])
    # two bodies joined by "và" stay two names
    assert Question("Công ty Thái Thịnh và Công ty An Phú được cấp phép gì?").names == ["thai thinh", "an phu"]
