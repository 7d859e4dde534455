"""The answer step on passages of our own, for the ways staff phrase questions: a question word opening a carried
subject is no name, a word of the carried subject is the earlier question's, a header field asked of a document named
by number, a count by classifier, an adverb of scope, an abbreviation in brackets, a plan named without "số", a body's
head as the one who chairs, a line answering two parts, and a PDF line wrapped after a preposition."""

from __future__ import annotations

from dataclasses import replace

from assistant.answerability import Judge
from assistant.questions import Question
from index.chunking.lines import logical_lines
from tests.assistant.test_answer_mechanisms import answer, passage


def rarity_without(*absent: str):
    """Rarity of an archive that holds every word but `absent` (folded syllables no chunk holds)."""

    def rarity(terms: list[str]) -> dict[str, float]:
        return {t: 1.0 if t in absent else 0.5 for t in terms}

    return rarity


def test_a_question_word_opening_a_carried_subject_is_no_name():
    assert Question("Ông ấy ký với chức vụ gì? (Ai ký báo cáo 45/BC-SCT về tình hình quý I)").names == []
    assert Question("Còn vi phạm về nhãn thì bao nhiêu vụ? (Khi kiểm tra thị trường quý I)").names == []
    assert Question("Công ty Minh Phát nộp bao nhiêu? (Ai nộp thuế)").names == ["minh phat"]


def test_a_word_only_the_carried_subject_has_is_no_key_the_archive_must_hold():
    report = passage("Vi phạm chủ yếu: không niêm yết giá (17 vụ), vi phạm về nhãn hàng hóa (9 vụ).")
    judge = Judge(rarity_without("loi"))
    followup = "Còn vi phạm về nhãn hàng hóa thì bao nhiêu vụ? (kiểm tra thị trường, lỗi vi phạm)"
    assert "9 vụ" in answer(followup, [report], judge).split("\n")[0]
    # the user's own word that no chunk holds still declines
    assert answer("Lỗi vi phạm về nhãn hàng hóa bao nhiêu vụ?", [report], judge) == ""


def test_a_header_field_asked_of_a_document_named_by_its_number_is_its_header_whatever_words_describe_the_field():
    notice = replace(
        passage(
            "Ngày 21/3/2025, Giám đốc Sở chủ trì cuộc họp về cụm công nghiệp.",
            path="tb-87.pdf",
            number="87/TB-SCT",
            doc_type="Thông báo",
            signer="Lê Văn Thử",
            signer_capacity="TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG",
        ),
        number_match="own",
    )
    judge = Judge(rarity_without("giu", "chuc", "vu"))
    text = answer("nguoi ky thong bao 87/TB-SCT giu chuc vu gi", [notice], judge)
    assert text.startswith("Người ký: TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG Lê Văn Thử")
    # not named by its number, a word no chunk holds still declines
    assert answer("nguoi ky thong bao giu chuc vu gi", [replace(notice, number_match=None)], judge) == ""


def test_a_count_by_classifier_counts_the_classifier_whatever_noun_follows():
    report = passage(
        "Vi phạm chủ yếu: không niêm yết giá (17 vụ), kinh doanh hàng không rõ nguồn gốc (15 vụ).",
        headings=("Kết quả kiểm tra quý I năm 2025",),
        date="2025-04-10",
    )
    question = "quy 1 phat hien bao nhieu vu kinh doanh hang khong ro nguon goc"
    assert Question(question).counted == ("vu", "vu_kinh")
    # "vụ kinh" is a pair the archive holds ("15 vụ), kinh doanh"): the count is still of vụ
    assert "15 vụ" in answer(question, [report]).split("\n")[0]


def test_an_adverb_of_scope_frames_the_question_and_is_no_content_word():
    question = Question("Riêng tháng 4/2025, dăm gỗ xuất khẩu được bao nhiêu triệu USD?")
    assert "rieng" not in question.terms
    assert "dam" in question.terms


def test_an_abbreviation_in_brackets_is_the_users_words_and_the_amount_it_names_is_asked():
    question = Question("Chỉ số sản xuất công nghiệp (IIP) tháng 4/2025 tăng bao nhiêu so với tháng trước?")
    assert not question.carries_subject
    assert "iip" in question.measured and "tang" in question.own_terms
    carried = Question("Còn tháng 4 thì tăng bao nhiêu? (chỉ số sản xuất công nghiệp)")
    assert carried.carries_subject and "chi" not in carried.own_terms


def test_a_plan_named_without_so_is_the_plan_the_text_numbers_with_so():
    notice = passage(
        "Ngày 21/3/2025, Giám đốc Sở Công Thương chủ trì cuộc họp về tiến độ thực hiện Kế hoạch số 112/KH-SCT.",
        path="tb-87.pdf",
    )
    other = passage("Ngày 02/4/2025, Giám đốc Sở chủ trì cuộc họp về tiến độ thực hiện Kế hoạch số 113/KH-SCT.")
    text = answer("Cuộc họp về tiến độ thực hiện Kế hoạch 112 diễn ra ngày nào?", [other, notice])
    assert text.startswith("Ngày 21/3/2025") and "02/4/2025" not in text


def test_the_head_of_a_body_chairing_answers_who_and_one_line_answering_two_parts_is_quoted_once():
    notice = passage("Ngày 21/3/2025, Giám đốc Sở Công Thương chủ trì cuộc họp về tiến độ đầu tư cụm công nghiệp.")
    text = answer("Cuộc họp về tiến độ đầu tư cụm công nghiệp diễn ra ngày nào và ai chủ trì?", [notice])
    lead, quotes = text.split("\n\n")[0], text.split("\n\n")[1]
    assert "21/3/2025" in lead.split("\n")[0] and "Giám đốc Sở Công Thương chủ trì" in lead.split("\n")[1]
    assert quotes.count("«") == 1
    # the head a report is sent to is no one who chairs
    plan = passage("Phòng Quản lý công nghiệp theo dõi, đôn đốc, báo cáo Giám đốc Sở kết quả thực hiện.")
    assert answer("Ai chủ trì đôn đốc thực hiện?", [plan]) == ""


def test_a_pdf_line_wrapped_after_a_preposition_is_one_line_whatever_the_next_one_opens_with():
    text = "1. Phối hợp với UBND các huyện tháo gỡ vướng mắc về mặt bằng tại\nCCN Bến Lau.\n2. Theo dõi thị trường."
    assert logical_lines(text) == [
        "1. Phối hợp với UBND các huyện tháo gỡ vướng mắc về mặt bằng tại CCN Bến Lau.",
        "2. Theo dõi thị trường.",
    ]
    # a list item after it stays a line of its own
    assert logical_lines("Kế hoạch gồm nội dung của\n- Mục A") == ["Kế hoạch gồm nội dung của", "- Mục A"]


def test_a_period_things_date_from_is_no_period_reported_on():
    assert Question("Vì sao từ tháng 7/2025 Sở từ chối thẩm định?").periods == []
    assert Question("Kể từ quý II, giá bán lẻ thay đổi thế nào?").periods == []
    assert [p.label() for p in Question("Từ tháng 7 đến tháng 9 đạt bao nhiêu?").periods] == ["tháng 7", "tháng 9"]
    # from January, the months cumulated: quý I (tests/assistant/test_answer_grammar.py)
    assert [p.label() for p in Question("Từ tháng 1 đến tháng 3 đạt bao nhiêu?").periods] == ["quý I"]
    assert [p.label() for p in Question("Xuất khẩu từ đầu năm đến hết tháng 4 đạt bao nhiêu?").periods] == [
        "4 tháng đầu năm"
    ]


def test_a_followup_naming_things_of_its_own_asks_about_them_and_one_naming_none_keeps_the_earlier_names():
    switched = Question("Thế còn mỏ đá hoa Mông Sơn V thì công ty nào nộp? (hồ sơ mỏ đá hoa Làng Lạnh II)")
    assert switched.names == ["mong son v"]
    assert Question("Tổng vốn bao nhiêu? (dự án Nhà máy Minh Phát)").names == ["minh phat"]


def test_a_word_whose_diacritics_say_it_is_no_question_word_asks_nothing():
    place = Question("Mỏ đá hoa ở xã Bảo Ái do công ty nào khai thác?")
    assert place.wants == "organisation" and place.header_field is None
    assert Question("bao ai ky quyet dinh nay").header_field == "Người ký"  # typed without marks: "ai" may be who


def test_a_part_typed_with_diacritics_carries_the_words_glue_only_folds_to():
    from assistant.parts import part_question

    whole = Question(
        "Công ty Tiến Đạt thi công gói thầu 31 được dùng bao nhiêu thuốc nổ, và giấy phép có giá trị đến ngày nào?"
    )
    second = part_question(whole.parts[1], whole)
    assert "thi công" in second.text and "tien dat" in second.names
    assert all("goi" not in name for name in second.names)  # the company's name ends at "thi công"


def test_a_number_with_a_capital_after_it_is_a_name_not_an_amount():
    from assistant.evidence import has_quantity

    assert not has_quantity('Kho phục vụ Dự án "Thủy điện Ngòi Nhù 1A" tại xã Chiềng Ken.')
    assert has_quantity("Tổng mức đầu tư: 550.000.000 đồng.") and has_quantity("Khoảng cách 300m.")


def test_a_line_names_the_amount_asked_with_half_its_name_at_least():
    report = passage(
        "Kim ngạch xuất khẩu tháng 4 ước đạt 111,7 triệu USD, tăng 6,2% so với tháng trước.\n"
        "Chỉ số sản xuất công nghiệp (IIP) tháng 3 tăng 4,15% so với tháng trước.",
        date="2025-05-06",
    )
    asked = "Chỉ số sản xuất công nghiệp (IIP) tháng 4/2025 tăng bao nhiêu so với tháng trước?"
    assert answer(asked, [report]) == ""  # tháng 4 is exports only; IIP is of tháng 3
    assert "4,15%" in answer(asked.replace("tháng 4/2025", "tháng 3/2025"), [report]).split("\n")[0]


def test_a_count_the_question_describes_its_document_by_may_be_said_anywhere_in_the_document():
    heading = passage("Kết luận về 02 Chương trình MTQG tại cuộc họp ngày 12/11/2024.", path="kl.pdf", ordinal=0)
    task = passage(
        "6. UBND các huyện chịu trách nhiệm phân bổ vốn đối ứng ngân sách huyện (tối thiểu 5%).",
        path="kl.pdf",
        ordinal=3,
    )
    asked = "Theo kết luận về 02 Chương trình MTQG, huyện phải phân bổ vốn đối ứng tối thiểu bao nhiêu?"
    assert "5%" in answer(asked, [task, heading]).split("\n")[0]
    # a number labelling one thing must be the line's own: gói thầu 31 is not gói thầu 13
    package = passage("Gói thầu số 13 được dùng 9.787 kg thuốc nổ.", path="gp.docx")
    assert answer("Gói thầu 31 được dùng bao nhiêu kg thuốc nổ?", [package]) == ""
