"""The answer step on passages of our own, for the numbers and the carried-over words of questions: a number meets
its other spellings ("Gói thầu số 23" / "(Gói thầu 23)", "1000m" / "1.000m"), a number before glue or in a list
labels nothing, a substance's amount after a colon, a count with words between the noun's syllables, the amount
named after a unit of measure, a follow-up's own province and a carried period, an undated draft's year, the
addressees asked of several kinds of body, and a province's name inside a company's or a person's, which is no
place."""

from __future__ import annotations

from assistant.answerability import Judge
from assistant.evidence import bare_numbers
from assistant.questions import Question
from tests.assistant.test_answer_mechanisms import answer, passage
from tests.assistant.test_answer_phrasing import rarity_without

BLASTING = passage(
    "- Phương án nổ mìn số 4992/PANM-G23 (Gói thầu 23) với một số thông số cơ bản sau: Tổng khối lượng thuốc nổ dự "
    "kiến sử dụng là: 265.276kg; Khối lượng thuốc nổ lớn nhất một lần nổ là 1.200kg.\n"
    "Trong bán kính 1.000m cách vị trí cần thi công khoan nổ mìn có 32 hộ dân sinh sống.",
    path="lao-cai/PANM-G23-chinh-sua-2026.docx",
)


def test_a_number_meets_its_label_without_so_and_its_thousands_separator():
    text = answer("Gói thầu số 23 dự kiến dùng tổng cộng bao nhiêu thuốc nổ?", [BLASTING])
    assert "265.276kg" in text.split("\n")[0]
    # "1000m" is tested as a number (which meets "1.000m"), not as a word no chunk holds
    judge = Judge(rarity_without("1000m"))
    assert "32 hộ dân" in answer("Trong bán kính 1000m quanh khu vực nổ mìn có bao nhiêu hộ dân?", [BLASTING], judge)
    assert answer("Gói thầu số 24 dự kiến dùng tổng cộng bao nhiêu thuốc nổ?", [BLASTING]) == ""


def test_a_number_before_glue_or_in_a_list_labels_nothing_and_a_comma_before_words_is_punctuation():
    labels = [pattern for pattern, _ in bare_numbers(Question("Còn bao nhiêu người nhóm 1, 2 chưa được huấn luyện?"))]
    assert not any("chua" in pattern for pattern in labels)
    assert bare_numbers(Question("Theo Quyết định 1743, 1744/QĐ-BGTVT, phải xong trước ngày nào?")) == []
    assert any("1a" in p for p, _ in bare_numbers(Question("Thủy điện Ngòi Nhù 1a, giấy phép có giá trị đến khi nào?")))


def test_a_count_may_have_words_between_the_syllables_of_its_noun():
    plan = passage("Phấn đấu trung bình mỗi năm tổ chức đấu giá từ 05 mỏ khoáng sản làm vật liệu xây dựng trở lên.")
    text = answer("Mỗi năm đấu giá bao nhiêu mỏ làm vật liệu xây dựng?", [plan])
    assert "05 mỏ" in text.split("\n")[0]


def test_the_amount_named_after_a_unit_of_measure_is_what_is_asked():
    assert Question("Hai tháng đầu năm 2021 làm thêm được bao nhiêu km đường dây hạ thế?").measured == (
        "duong",
        "day",
        "ha",
    )
    # after money, the words say what for, not what was measured: the amount is named before
    assert Question("Năm 2024 thu được bao nhiêu tiền cấp quyền khai thác?").measured == ("thu",)
    grid = passage(
        "Lũy kế phát triển được 5,84km đường dây trung thế; 3,22km đường dây hạ thế, 65 trạm biến áp.",
        date="2021-02-20",
    )
    text = answer("Hai tháng đầu năm 2021 làm thêm được bao nhiêu km đường dây hạ thế?", [grid])
    assert "3,22km" in text.split("\n")[0]


def test_a_followups_own_province_replaces_the_earlier_one_and_a_carried_period_only_frames_a_document():
    assert Question("Còn tỉnh Hòa Bình thì có bao nhiêu cụm công nghiệp? (Lào Cai hiện)").places == {"hoa binh"}
    permit = Question("Giấy phép của công ty đó là số mấy? (Đợt kiểm tra cuối tháng 3/2026 Công ty Hiệp Phú)")
    assert permit.periods == []
    amount = Question("Còn nhập khẩu thì bao nhiêu? (kim ngạch xuất khẩu quý I/2025)")
    assert [p.label() for p in amount.periods] == ["quý I/2025"]


def test_an_undated_drafts_year_is_the_one_its_file_name_gives():
    draft = passage(
        "Do quy mô một đợt nổ lớn hơn khối lượng thuốc nổ tức thời lớn nhất cho phép (403kg), Công ty áp dụng nổ "
        "mìn vi sai.",
        path="lao-cai/PANM-Mong-Son-chinh-sua-2026.docx",
    )
    question = "Phương án nổ mìn chỉnh sửa năm {} giới hạn khối lượng thuốc nổ tức thời lớn nhất là bao nhiêu?"
    assert "403kg" in answer(question.format(2026), [draft])
    assert answer(question.format(2025), [draft]) == ""


def test_addressees_asked_of_several_kinds_of_body_are_the_kinh_gui_field():
    question = Question("Công văn mời họp của Sở Công Thương gửi những cơ quan, đơn vị nào?")
    assert question.header_field == "Kính gửi"


def test_a_province_inside_a_company_or_a_persons_name_is_no_place():
    parks = passage(
        "Hiện có 05 cụm công nghiệp đã có nhà đầu tư quan tâm. Cụm công nghiệp Phú Thịnh 4: diện tích 75ha; Nhà "
        "đầu tư quan tâm: Công ty cổ phần Đầu tư phát triển Công nghiệp Hòa Bình.",
        issuer="Sở Công Thương tỉnh Lào Cai",
    )
    assert answer("Tỉnh Hòa Bình có bao nhiêu cụm công nghiệp đã có nhà đầu tư quan tâm?", [parks]) == ""
    assert "05 cụm" in answer("Tỉnh Lào Cai có bao nhiêu cụm công nghiệp đã có nhà đầu tư quan tâm?", [parks])
    # a company the question names by a province's name asks nothing of that province
    assert (
        Question("Gói thầu 13 (Công ty cổ phần Xây dựng giao thông Yên Bái) dùng bao nhiêu thuốc nổ?").places == set()
    )
    assert Question("Ông Nguyễn Hòa Bình ký văn bản nào?").places == set()


def test_what_is_counted_is_narrowed_by_the_words_after_its_noun():
    assert Question("Năm 2025 tỉnh Lào Cai đã cấp bao nhiêu giấy phép bán lẻ rượu?").counted_phrase == (
        "giay",
        "phep",
        "ban",
        "le",
    )
    # four syllables at most: past them a verb's object begins ("doanh nghiệp tham gia | chương trình")
    assert Question("Có bao nhiêu doanh nghiệp tham gia chương trình?").counted_phrase[-2:] == ("tham", "gia")
    # ended by a glue word, a clause, a place's level; the counted noun itself may be spelt as glue without accents
    assert Question("lao cai co bao nhieu cua hang tien loi dang hoat dong").counted_phrase == (
        "cua",
        "hang",
        "tien",
        "loi",
    )
    assert Question("bổ sung mấy dự án điện gió, tổng công suất bao nhiêu").counted_phrase == (
        "du",
        "an",
        "dien",
        "gio",
    )
    assert Question("có bao nhiêu cụm công nghiệp tỉnh Lào Cai").counted_phrase == ("cum", "cong", "nghiep")
    mining = passage(
        "Năm 2025 tỉnh Lào Cai có 178 giấy phép khai thác khoáng sản còn hiệu lực, 12 cửa hàng tự chọn/tiện ích."
    )
    assert not answer("Năm 2025 Lào Cai cấp bao nhiêu giấy phép bán lẻ rượu?", [mining])
    assert not answer("Lào Cai hiện có bao nhiêu cửa hàng tiện lợi?", [mining])
    liquor = passage(
        "Năm 2025, Sở Công Thương tỉnh Lào Cai cấp 12 giấy phép bán lẻ rượu cho các hộ kinh doanh.", date="2025-12-20"
    )
    assert "12 giấy phép bán lẻ rượu" in answer("Năm 2025 Lào Cai cấp bao nhiêu giấy phép bán lẻ rượu?", [liquor])


def test_what_is_counted_ends_at_a_relation_or_a_rate():
    assert Question("Công ty còn bao nhiêu người thuộc nhóm 1, 2 chưa được huấn luyện?").counted_phrase == ("nguoi",)
    assert Question("doanh nghiep duoc phep dung bao nhieu kip no moi nam").counted_phrase == ("kip", "no")
    assert Question("Mỏ được dùng bao nhiêu kíp nổ một năm?").counted_phrase == ("kip", "no")
