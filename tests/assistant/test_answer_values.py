"""What a "nào"/"gì" question asks of a noun and the line that gives it rather than restating the question, what a
place or a document asked is not, and the header fields asked and cited."""

from __future__ import annotations

from assistant.answerability import Judge
from assistant.coverage import gives_asked
from assistant.evidence import kind_missing
from assistant.extractive import ExtractiveBackend
from assistant.questions import Question
from tests.assistant.test_answer_mechanisms import answer, flat_rarity, passage


def test_the_noun_before_nao_or_gi_is_what_is_asked_unless_a_kind_or_grammar_names_it():
    assert Question("Doanh nghiệp cập nhật thông tin trên hệ thống nào?").asked_noun == "thong"
    assert Question("Nhãn loại 1 có nền màu gì?").asked_noun == "mau"
    assert Question("nhan loai 1 co nen mau gi").asked_noun == "mau"
    # a kind of its own, or grammar: no noun asked
    assert Question("Công ty nào được cấp phép?").asked_noun is None  # an organisation
    assert Question("Kho được bảo vệ như thế nào?").asked_noun is None
    assert Question("Quyết định 1389 là gì?").asked_noun is None
    assert Question("Điều gì khiến hồ sơ bị trả lại?").asked_noun is None


def test_a_line_gives_the_noun_asked_when_a_word_the_question_does_not_say_follows_it():
    colour = Question("Nhãn biểu trưng loại 1 có nền màu gì?")
    assert gives_asked(colour, "Biểu tượng (quả bom nổ): màu đen; nền: màu cam.")
    assert not gives_asked(colour, "Mẫu nhãn, biểu trưng hàng hóa nguy hiểm loại 1 (chất nổ).")
    procedure = Question("Nghị quyết bãi bỏ quy hoạch được xây dựng theo trình tự, thủ tục nào?")
    assert gives_asked(procedure, "Đề xuất xây dựng Nghị quyết theo trình tự, thủ tục rút gọn.")
    # glue after the noun gives nothing: "thủ tục theo quy định" only says there is one
    assert not gives_asked(procedure, "Xây dựng Nghị quyết đúng trình tự, thủ tục theo quy định của pháp luật.")


def test_the_line_giving_what_is_asked_outranks_the_lines_restating_the_question():
    asked = "Tờ trình đề xuất xây dựng nghị quyết bãi bỏ quy hoạch du lịch theo trình tự, thủ tục nào?"
    proposal = passage(
        "Tờ trình đề xuất xây dựng Nghị quyết bãi bỏ quy hoạch du lịch, đúng trình tự, thủ tục theo quy định.\n"
        "Tờ trình đề xuất xây dựng Nghị quyết bãi bỏ quy hoạch theo trình tự, thủ tục rút gọn.",
        "TTr-239.pdf",
        doc_type="Tờ trình",
    )
    assert answer(asked, [proposal]).split("\n")[0].endswith("theo trình tự, thủ tục rút gọn [1].")


def test_a_body_named_with_its_province_is_no_place():
    where = Question("Mỏ đá vôi mà doanh nghiệp được cấp phép sử dụng vật liệu nổ nằm ở đâu?")
    issued = "Giấy chứng nhận đăng ký doanh nghiệp, đăng ký thay đổi lần thứ 6 do Sở Tài chính tỉnh Lào Cai cấp."
    assert kind_missing(where, issued, set(), None) == "place"
    assert kind_missing(where, "Theo Sở Nông nghiệp và Môi trường tỉnh Lào Cai.", set(), None) == "place"
    assert kind_missing(where, "Mỏ đá vôi khu vực Huổi Quẻ, phường Trung Tâm, tỉnh Lào Cai.", set(), None) is None
    # a body's meeting is still placed where it meets
    assert kind_missing(where, "Sở Công Thương họp tại tỉnh Lào Cai.", set(), None) is None


def test_the_year_of_a_date_a_line_cites_is_not_the_year_it_speaks_of():
    asked = "Khi điều chỉnh dự toán ngân sách năm 2023, Sở Xây dựng được giảm chi quản lý hành chính bao nhiêu?"
    adjusted = passage(
        "Điều chỉnh dự toán chi ngân sách năm 2024 đối với Sở Xây dựng tại Nghị quyết số 83/NQ-HĐND ngày 07/12/2023 "
        "của HĐND tỉnh: giảm chi quản lý hành chính 339,477 triệu đồng.",
        "TTr-dieu-chinh.pdf",
    )
    assert answer(asked, [adjusted]) == ""
    assert "339,477" in answer(asked.replace("2023", "2024"), [adjusted])
    # a line naming no other year speaks of its date's
    dated = passage("Ngày 15/3/2023, Sở Xây dựng được giảm chi quản lý hành chính 120 triệu đồng.", "BC.pdf")
    assert "120 triệu" in answer(asked, [dated])


def test_a_document_asked_of_a_body_is_one_that_body_issued():
    asked = Question("Giấy phép được cấp theo tờ trình số mấy của Sở Công Thương?")
    assert asked.asked_issuer == "so cong thuong"
    company = "Xét đề nghị của Công ty cổ phần Đầu tư Đô thị tại Tờ trình số 01/TTr-CT05 ngày 07/5/2026."
    assert kind_missing(asked, company, set(), None) == "document"
    assert kind_missing(asked, "Tờ trình số 15/TTr-KT ngày 04/6/2026 của Công ty ABC.", set(), None) == "document"
    # the body told by the number's code, or by the line, or not told at all
    assert kind_missing(asked, "Theo đề nghị tại Tờ trình số 3229/TTr-SCT ngày 04/6/2026.", set(), None) is None
    assert kind_missing(asked, "Tờ trình số 15/TTr-KT ngày 04/6/2026 của Sở Công Thương.", set(), None) is None
    assert kind_missing(asked, "Theo Tờ trình số 15/TTr-KT ngày 04/6/2026.", set(), None) is None


def test_sent_to_which_departments_asks_for_the_addressees():
    assert Question("Công văn được gửi tới những sở, ngành nào ngoài Sở Công Thương?").header_field == "Kính gửi"
    assert Question("Báo cáo gửi ban nào để tổng hợp?").header_field == "Kính gửi"
    assert Question("Công ty gửi bao nhiêu hồ sơ?").header_field is None


def test_a_header_answer_cites_only_the_document_whose_field_it_states():
    asked = "Giấy mời họp về hạ tầng cụm công nghiệp của Sở Công Thương gửi những cơ quan, đơn vị nào?"
    invited = passage(
        "Sở Công Thương mời họp về tiến độ hạ tầng cụm công nghiệp.",
        "giay-moi.docx",
        doc_type="Giấy mời",
        subject="Mời họp về tiến độ hạ tầng cụm công nghiệp",
        addressees=("Sở Tài chính", "Công ty Quy Mông"),
    )
    other = passage(
        "Sở Công Thương báo cáo hạ tầng cụm công nghiệp.",
        "bao-cao.docx",
        doc_type="Báo cáo",
        subject="Báo cáo hạ tầng cụm công nghiệp",
        addressees=("UBND tỉnh",),
    )
    draft = ExtractiveBackend(Judge(flat_rarity)).draft(asked, [invited, other])
    assert draft.text.startswith("Kính gửi: Sở Tài chính; Công ty Quy Mông")
    # every passage the draft uses is one its text says something from
    assert all(f"[{n + 1}]" in draft.text for n in draft.used)


def test_a_header_fact_answers_for_the_type_of_document_the_question_names():
    asked = "Kế hoạch phát triển cụm công nghiệp năm 2025 của Sở do ai ký?"
    assert Question(asked).named_type == "Kế hoạch"
    # the notice says more of the question's words than the plan does
    notice = passage(
        "Lịch kiểm tra an toàn điện, phát triển cụm công nghiệp năm 2025.",
        "TB-245.docx",
        doc_type="Thông báo",
        subject="Lịch kiểm tra an toàn điện, phát triển cụm công nghiệp năm 2025",
        signer="Nguyễn Văn Demo",
    )
    plan = passage(
        "Cụm công nghiệp trên địa bàn tỉnh.",
        "KH-112.pdf",
        doc_type="Kế hoạch",
        subject="Cụm công nghiệp trên địa bàn tỉnh năm 2025",
        signer="Trần Thị Mẫu",
    )
    assert "Trần Thị Mẫu" in answer(asked, [notice, plan]).split("\n")[0]
    # a công văn may carry a report; a document saying the type in its subject is of it ("Thông báo kết luận")
    assert Question("Báo cáo tháng 10 của Sở gửi ai?").named_type == "Báo cáo"
    assert Question("Công văn 464/TTg gửi những ai?").named_type is None  # numbered: the number says which


def test_a_street_named_after_a_person_is_no_person():
    chaired = Question("Biên bản thẩm định hồ sơ của công ty do ai chủ trì?")
    office = "Tại trụ sở Công ty (Lô F19, đường Phùng Hưng, Khu công nghiệp Đông Phố Mới, phường Lào Cai)."
    assert kind_missing(chaired, office, set(), None) == "person"
    assert kind_missing(chaired, "Ông Trần Trọng Trang, Phó Trưởng phòng - Chủ trì.", set(), None) is None
