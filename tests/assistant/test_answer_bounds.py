"""Grammar read from the twelfth tuning half: bounds and periods as asked, what a duration is, the type of document
asked for, and which document a number names."""

from __future__ import annotations

from assistant.evidence import kind_missing
from assistant.named import names_document
from assistant.periods import Period, periods_in
from assistant.proper_names import names_in, places_in
from assistant.questions import Question
from tests.assistant.test_answer_mechanisms import passage


def test_a_bound_asked_is_no_part_of_the_amounts_name_nor_a_word_the_answer_must_hold():
    area = Question("Nghị định quy định cụm công nghiệp có diện tích tối đa và tối thiểu bao nhiêu ha?")
    assert area.measured == ("dien", "tich")
    line = "Cụm công nghiệp có quy mô diện tích không vượt quá 75 ha và không dưới 10 ha."
    assert kind_missing(area, line, set(), None, line) is None
    assert Question("Công suất bình quân đạt bao nhiêu?").measured == ("cong", "suat")
    level = Question("Người quản lý vật liệu nổ phải có trình độ tối thiểu như thế nào?")
    assert not {"toi", "thieu", "toi_thieu"} & set(level.terms)
    # a bound that is part of the topic stays: the minimum wage is what is asked about
    assert "toi_thieu" in Question("Mức lương tối thiểu vùng năm 2025 tăng bao nhiêu?").terms


def test_as_of_a_months_end_is_the_months_of_the_year_so_far():
    assert periods_in("Tính đến hết tháng 3/2021, sản xuất được bao nhiêu tấn?") == [Period("cum", 3, 2021)]
    assert periods_in("tinh den het thang 6 nam 2021") == [Period("cum", 6, 2021)]


def test_how_long_is_not_answered_by_how_often():
    ahead = Question("Cơ quan công an phải thông báo trước cho doanh nghiệp bao lâu?")
    assert kind_missing(ahead, "Định kỳ 06 tháng, 01 năm, doanh nghiệp báo cáo Bộ Công an.", set(), None)
    assert kind_missing(ahead, "Định kỳ hàng quý, Công an xã báo cáo Công an huyện.", set(), None)
    assert kind_missing(ahead, "Cơ quan kiểm tra thông báo bằng văn bản trước 05 ngày làm việc.", set(), None) is None


def test_a_type_asked_for_is_answered_by_a_number_of_that_type():
    which = Question("Văn bản yêu cầu cắt giảm điều kiện kinh doanh theo nghị quyết nào của Quốc hội?")
    assert which.asked_type == "Nghị quyết"
    assert kind_missing(which, "Triển khai Kết luận số 18-KL/TW ngày 02/4/2026 của Ban Chấp hành.", set(), None)
    assert kind_missing(which, "Theo Nghị quyết số 206/2025/QH15 của Quốc hội.", set(), None) is None
    assert kind_missing(which, "Thực hiện Nghị quyết 68/NQ-HĐND.", set(), None) is None  # a body not told
    # ... of the body asked: the Government's resolution is not the Assembly's
    assert kind_missing(which, "Thực hiện Nghị quyết 68/NQ-CP của Chính phủ.", set(), None) == "document"
    assert Question("Văn bản nào quy định việc này?").asked_type is None


def test_a_number_names_its_document_by_its_issuer_when_its_symbol_opens_with_a_type():
    circular = Question("Thông tư 37/2025/TT-BNNMT quy định về nội dung gì?")
    listed = passage("17. Thông tư 37/2025/TT-BCT ngày 14/6/2025 của Bộ Công Thương.", "Danh-muc.docx")
    assert not names_document(circular, listed, listed.chunk.text)
    own = passage("Thông tư số 37/2025/TT-BNNMT quy định về khai thác khoáng sản.", "TT-37.docx")
    assert names_document(circular, own, own.chunk.text)
    letter = Question("Công văn 4280/SCT gửi những ai?")
    drafted = passage("Công văn số 4280/SCT-CN ngày 12/3/2025 của Sở Công Thương.", "CV.docx")
    assert names_document(letter, drafted, drafted.chunk.text)


def test_the_holidays_name_leaves_nguyen_to_the_names_that_end_with_it():
    named = names_in("Công ty Công nghiệp Hóa chất mỏ Tây Nguyên được kiểm tra ngày nào?", [])
    assert any(name.endswith("tay nguyen") for name in named)
    assert "tay nguyen" in names_in("Các tỉnh Tây Nguyên có bao nhiêu cụm công nghiệp?", [])
    assert names_in("Chợ Tết Nguyên đán ở Lào Cai mở khi nào?", []) == []


def test_an_amount_whose_head_is_counted_in_money_is_answered_in_money():
    value = Question("Tháng 3/2021 giá trị sản xuất công nghiệp ước đạt bao nhiêu?")
    assert value.asked_unit == "tien"
    assert kind_missing(value, "Cải tạo đường dây 110kV Vũng Liêm, hỗ trợ sản xuất công nghiệp.", set(), None)
    line = "Giá trị sản xuất công nghiệp: ước thực hiện đạt 2.813 tỷ đồng."
    assert kind_missing(value, line, set(), None) is None
    exports = Question("Kim ngạch xuất khẩu quý I đạt bao nhiêu?")
    assert kind_missing(exports, "Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD.", set(), None) is None
    # a change or a share of the plan is asked in percent
    assert Question("Giá trị sản xuất công nghiệp tăng bao nhiêu so với cùng kỳ?").asked_unit is None


def test_a_document_that_names_itself_by_its_type_holds_its_title():
    from assistant.answerability import Judge
    from tests.assistant.test_answer_mechanisms import flat_rarity

    question = Question("Luật Hóa chất số 69/2025/QH15 có hiệu lực thi hành từ ngày nào?")
    law = passage(
        "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.\n"
        "2. Quy định về dịch vụ tồn trữ hóa chất có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.",
        "Luat-69.docx",
        doc_type="Luật",
        number="69/2025/QH15",
        subject="Hóa chất",
    )
    best = next(u for u in Judge(flat_rarity).units(question, [law]) if u.failed is None)
    assert best.text.startswith("1. Luật này")


def test_a_number_cited_names_its_issuer_by_its_code():
    from assistant.named import missing_named

    question = Question(
        "Công văn yêu cầu cắt giảm ngành nghề kinh doanh có điều kiện theo nghị quyết nào của Quốc hội?"
    )
    cited = passage("Cắt giảm ngành, nghề đầu tư kinh doanh có điều kiện theo Nghị quyết số 206/2025/QH15.")
    assert missing_named(question, cited) == []
    other = passage("Cắt giảm ngành, nghề đầu tư kinh doanh có điều kiện theo Nghị quyết số 68/NQ-CP.")
    assert missing_named(question, other)


def test_gui_kem_encloses_a_paper_and_names_no_recipient():
    asked = Question("Công văn 2265/BCT-ATMT gửi kèm thủ tục hành chính được công bố tại quyết định nào?")
    assert asked.header_field is None and asked.wants == "document"
    assert Question("Nơi nhận của báo cáo này gồm những đơn vị nào?").header_field == "Nơi nhận"


def test_the_last_number_of_a_list_is_a_label_as_the_others_are():
    from assistant.evidence import bare_numbers

    assert bare_numbers(Question("Giấy phép vận chuyển hàng nguy hiểm loại 1, 2, 3, 4, 9 gửi kèm gì?")) == []


def test_a_province_in_a_company_name_typed_without_diacritics_is_no_place():
    assert places_in("bien ban kiem tra mo da cua cty cp xd giao thong yen bai ghi dien tich bao nhieu") == set()
    assert places_in("cong ty co phan xi mang lao cai co tru so tai ha noi") == {"ha noi"}


def test_a_subject_typed_without_diacritics_is_carried_whole():
    from assistant.parts import part_question

    whole = Question("cong ty tnhh vat tu xang dau an khang co nguoi dai dien la ai, tru so o duong nao")
    second = part_question(whole.parts[1], whole)
    assert "vat tu xang dau an khang" in second.text


def test_dau_typed_without_diacritics_asks_only_where_it_is_placed():
    from assistant.clauses import question_parts

    # "xang dau" is a word: its clause asks nothing of its own and joins the next
    assert question_parts("kinh doanh xang dau, gas tai lao cai co bao nhieu cua hang") == [
        "kinh doanh xang dau gas tai lao cai co bao nhieu cua hang"
    ]
    assert question_parts("cong ty xang dau an khang tru so o dau, co bao nhieu cua hang") == [
        "cong ty xang dau an khang tru so o dau",
        "co bao nhieu cua hang",
    ]


def test_a_carried_subject_opening_with_glue_names_nothing_by_it():
    assert names_in("Được gia hạn thế nào? (Theo Nghị định 217/2025/NĐ-CP, Sở Công Thương kiểm tra bao lâu)", []) == []


def test_a_deadline_gives_its_day_without_the_word_ngay():
    asked = Question("Binh chủng Hóa học báo cáo Bộ trưởng trước ngày nào?")
    line = "Tổng hợp, báo cáo Bộ trưởng Bộ Quốc phòng số lượng hóa chất cấm trước 30 tháng 01 hằng năm."
    assert kind_missing(asked, line, set(), None) is None
    assert kind_missing(asked, "Sổ theo dõi được lưu trong 12 tháng kể từ khi lập.", set(), None)
