"""The answer step on passages of our own, continued: what an amount noun asks for, a count typed without
diacritics, the direct sentence's edges, a section that names its subject once, parts that read their own passages,
legal-basis lines, and retrieval that leaves room beside a document named by number."""

from __future__ import annotations

from assistant.answerability import Judge
from assistant.decision import AnswerabilityConfig, Unit
from assistant.extractive import direct_sentence
from assistant.fusion import with_room_for_others
from assistant.parts import part_question
from assistant.questions import Question
from assistant.retrieval import _BARE_NUMBER_RE
from assistant.vietnamese import fold
from tests.assistant.test_answer_mechanisms import answer, flat_rarity, passage


def unit(text: str) -> Unit:
    return Unit(text, 0, 1.0, 1.0)


def test_a_count_typed_without_diacritics_whose_noun_is_spelt_like_glue_is_still_a_count():
    assert Question("tinh van mong hien co bao nhieu cua hang ban le xang dau").counted == ("cua", "cua_hang")
    assert Question("Có bao nhiêu của hàng").counted == ()  # "của" as typed is glue
    assert Question("xuat khau dat bao nhieu va nhap khau dat bao nhieu").counted == ()
    # so "126 vụ" is no count of shops
    report = passage("Các đoàn kiểm tra đã kiểm tra 126 vụ, phát hiện 41 vụ vi phạm.", place="Vân Mộng")
    assert answer("tinh van mong hien co bao nhieu cua hang ban le xang dau", [report]) == ""


def test_an_area_is_answered_by_a_figure_in_an_area_unit_even_with_an_ocr_mark_after_it():
    decision = [
        passage(
            "- Xét đơn xin quyền sử dụng đất ở của bà Nông Thị Ánh (Nghỉ 176).\n"
            "- Lô đất có diện tích là: Tám mươi hai phẩy năm mét vuông\n(82,5 mˆ)"
        )
    ]
    assert Question("Lô đất giao cho bà Nông Thị Ánh diện tích bao nhiêu?").asked_unit == "dien tich"
    text = answer("Lô đất giao cho bà Nông Thị Ánh diện tích bao nhiêu?", decision)
    lead = text.split("\n")[0]
    assert "82,5 mˆ" in lead and lead.startswith("Lô đất có diện tích") and "176" not in text


def test_the_direct_sentence_keeps_a_capitalised_first_word_and_cuts_only_a_heading_in_capitals():
    question = Question("Dự án xử lý nước thải đã giải ngân bao nhiêu?")
    line = "Dự án hệ thống xử lý nước thải (tổng vốn 35,8 tỷ đồng) mới giải ngân 9,6 tỷ đồng."
    assert direct_sentence(unit(line), question).startswith("Dự án hệ thống")
    headed = "KIẾN NGHỊ, ĐỀ XUẤT Đề nghị UBND tỉnh bố trí 12 tỷ đồng cho dự án xử lý nước thải."
    assert direct_sentence(unit(headed), "Đề nghị bố trí bao nhiêu tỷ đồng cho dự án xử lý nước thải?").startswith(
        "Đề nghị UBND tỉnh"
    )
    assert direct_sentence(unit("CCN Đông Phố có 12 doanh nghiệp."), "CCN Đông Phố có bao nhiêu doanh nghiệp?") == (
        "CCN Đông Phố có 12 doanh nghiệp"
    )


def test_a_bracket_the_clause_break_left_open_is_closed_around_a_figure_and_dropped_around_words():
    danger = "Bán kính vùng nguy hiểm phải tăng lên 1,5 lần (đối với người là 450 m, đối với thiết bị là 300 m)."
    lead = direct_sentence(unit(danger), "Bán kính vùng nguy hiểm đối với người là bao nhiêu m?")
    assert lead.count("(") == lead.count(")") and "450 m" in lead
    capital = "Tổng vốn đầu tư: 5.171 tỷ đồng (Bằng chữ: Năm nghìn một trăm bảy mươi mốt tỷ đồng)."
    assert direct_sentence(unit(capital), "Tổng vốn đầu tư bao nhiêu?") == "Tổng vốn đầu tư: 5.171 tỷ đồng"


def test_a_company_is_named_by_its_first_word_written_as_a_name():
    assert Question("Công ty CP XNK sợi Phương Nam được chở bao nhiêu m3?").names == ["phuong nam"]
    assert "linh linh" in Question("KCN Phú Xuân của Công ty CP công nghiệp Linh Linh: vốn góp bao nhiêu?").names


def test_a_later_part_carries_the_subject_clause_by_clause_so_a_name_ends_where_it_ended():
    whole = Question("Công ty CP công nghiệp Linh Linh: vốn góp là bao nhiêu và dự án hoạt động trong bao lâu?")
    later = part_question(whole.parts[1], whole)
    assert later.names == ["linh linh"] and not any("von" in n for n in later.names)


def test_the_company_a_section_names_in_its_first_chunk_is_the_one_its_later_chunks_are_about():
    article = ("Điều 1. Chấp thuận chủ trương đầu tư đồng thời chấp thuận nhà đầu tư",)
    decision = [
        passage("Nhà đầu tư: Công ty Cổ phần công nghiệp Linh Linh.", path="qd.pdf", ordinal=2, headings=article),
        passage("Vốn góp của nhà đầu tư: 657.000.000.000 đồng.", path="qd.pdf", ordinal=5, headings=article),
    ]
    assert "657.000.000.000" in answer("Công ty CP công nghiệp Linh Linh góp vốn bao nhiêu đồng?", decision)
    other_section = [decision[0], passage(decision[1].chunk.text, path="qd.pdf", ordinal=5, headings=("Điều 2",))]
    assert answer("Công ty CP công nghiệp Linh Linh góp vốn bao nhiêu đồng?", other_section) == ""


def test_each_part_of_a_question_reads_the_passages_retrieved_for_it_after_the_first_ones():
    filler = [passage(f"Tình hình chung của ngành trong kỳ {n}.", path=f"x{n}.docx") for n in range(10)]
    wanted = passage("Thời hạn hoạt động của dự án: 70 năm kể từ ngày giao đất.", path="qd.pdf")
    passages = [*filler, wanted]
    question = "Dự án được hoạt động trong bao lâu và khi nào giao đất?"
    assert Judge(flat_rarity).judge(question, passages).answerable
    narrow = Judge(flat_rarity, AnswerabilityConfig(part_passages=0))
    assert not narrow.judge(question, passages).answerable


def test_a_legal_basis_line_answers_only_what_is_asked_of_the_document_it_cites():
    basis = passage(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;\nCăn cứ Nghị quyết số 35-NQ/TU "
        "ngày 29/12/2025 của Tỉnh ủy về phát triển công nghiệp theo hướng xanh, hiện đại;"
    )
    assert answer("Năm 2025 Sở tổ chức những hoạt động gì?", [basis]) == ""
    assert "theo hướng xanh" in answer("Nghị quyết số 35-NQ/TU bàn về vấn đề gì?", [basis])


def test_a_number_with_its_symbol_is_no_bare_number_and_a_named_document_leaves_room_for_others():
    assert _BARE_NUMBER_RE.findall(fold("Nghị quyết số 35-NQ/TU ngày 29/12/2025")) == []
    assert _BARE_NUMBER_RE.findall(fold("công văn 310 về bình ổn")) == ["310"]
    ranked = list(range(20))
    own = {p: "own" for p in range(12)}
    kept = with_room_for_others(ranked, own, 10)
    assert len(kept) == 10 and [p for p in kept if p >= 12] == [12, 13, 14]
    assert with_room_for_others(list(range(8)), {p: "own" for p in range(8)}, 10) == list(range(8))


def test_of_two_names_the_question_joins_with_va_one_is_enough_for_a_unit():
    question = "Hai thông báo (vụ ở huyện Tư Nghĩa và vụ ở thị xã Đức Phổ) khiếu nại quyết định bồi thường số mấy?"
    notice = passage("Ông A khiếu nại Quyết định số 7770/QĐ-UBND của UBND thị xã Đức Phổ về việc bồi thường.")
    assert "7770/QĐ-UBND" in answer(question, [notice])
    assert answer("Quyết định bồi thường của Tư Nghĩa, Đức Phổ số mấy?", [notice]) == ""


def test_may_gio_asks_a_time_of_day_and_a_ratio_of_hectares_is_no_date():
    assert Question("Xã phải gửi báo cáo trước mấy giờ?").wants == "date"
    send = [
        passage("Định kỳ hằng tuần chủ đầu tư gửi báo cáo về Sở vào ngày thứ Sáu.", path="a.docx"),
        passage("Báo cáo gửi về Sở trước 08 giờ 00 ngày 22/6/2026 để tổng hợp.", path="b.docx"),
    ]
    assert answer("Xã phải gửi báo cáo về Sở trước mấy giờ?", send).startswith("Báo cáo gửi về Sở trước 08 giờ 00")
    progress = passage("Giải phóng mặt bằng cụm công nghiệp Y Can đạt 20/75 ha.")
    assert answer("Buổi làm việc về cụm công nghiệp Y Can diễn ra lúc nào?", [progress]) == ""


def test_a_carried_subject_brings_no_lone_letter_and_no_sentence_capital_as_a_name():
    whole = Question("Buổi làm việc về CCN Y Can diễn ra lúc nào, và xã Quy Mông phải gửi báo cáo trước mấy giờ?")
    assert part_question(whole.parts[1], whole).names == ["quy mong"]


def test_a_scan_may_misread_one_letter_of_a_long_name_but_not_a_number_or_a_short_name():
    question = "Ông Trần Văn Bình ở huyện Tư Nghĩa khiếu nại quyết định số mấy?"
    line = "Ông Trần Văn Bình (huyện Tư Ngiĩa) khiếu nại Quyết định số 7362/QĐ-UBND của UBND huyện."
    assert "7362/QĐ-UBND" in answer(question, [passage(line, pages_ocr=1)])
    assert answer(question, [passage(line)]) == ""  # a text layer spells what it means
    cluster = passage("Cụm công nghiệp Bảo Hưng 1 có 12 doanh nghiệp.", pages_ocr=1)
    assert answer("Cụm công nghiệp Bảo Hưng 3 có bao nhiêu doanh nghiệp?", [cluster]) == ""


def test_a_station_is_counted_not_read_as_a_hundred_and_lũy_kế_in_a_monthly_report_is_to_its_month():
    question = Question("Hai tháng đầu năm 2021 Trà Vinh phát triển thêm bao nhiêu trạm biến áp?")
    assert question.asked_unit is None and question.counted[0] == "tram"
    assert Question("Tỷ lệ hộ dùng điện đạt bao nhiêu phần trăm?").asked_unit == "%"
    report = passage(
        "- Phát triển 17 trạm biến áp. Lũy kế phát triển được 65 trạm biến áp (dung lượng 19.204kV).",
        subject="Tình hình sản xuất công nghiệp tháng 02/2021",
        place="Trà Vinh",
    )
    assert "65 trạm biến áp" in answer(question.text, [report])


def test_a_figure_in_the_unit_an_amount_noun_implies_names_that_amount():
    line = passage("Tham mưu đưa 3 dự án năng lượng mặt trời tại Khu kinh tế Dung Quất vào quy hoạch (2700MWp).")
    assert "2700MWp" in answer("3 dự án năng lượng mặt trời ở Dung Quất tổng công suất bao nhiêu?", [line])


def test_a_number_written_like_a_date_is_no_date_and_the_number_of_a_branch_is_its_own():
    letters = [
        passage("Sở nhận được Văn bản số 09/3/2026 của Công ty Duy Hiếu về phương án nổ mìn.", path="a.docx"),
        passage("Ý kiến của Quý sở về phương án nổ mìn đề nghị gửi về Sở trước ngày 14/3/2026.", path="b.docx"),
    ]
    lead = answer("Sở đề nghị gửi ý kiến về phương án nổ mìn trước ngày nào?", letters).split("\n")[0]
    assert "14/3/2026" in lead and "09/3/2026" not in lead
    minutes = passage("Tại trụ sở Chi nhánh số 1 - Công ty cổ phần Sợi Phương Nam, có 02 xe bồn được cấp phép.")
    assert answer("Chi nhánh số 2 - Công ty cổ phần Sợi Phương Nam được cấp phép mấy xe?", [minutes]) == ""


def test_a_line_opening_with_can_cu_that_cites_no_document_states_a_fact():
    letter = passage(
        "Căn cứ kết quả kiểm tra thực tế ngày 29/6/2026, kho bảo quản VLNCN Làng Mới bảo đảm quy định tại QCVN."
    )
    assert "29/6/2026" in answer("Kho VLNCN Làng Mới được kiểm tra thực tế ngày nào?", [letter])


def test_bao_xa_asks_a_part_of_its_own_and_xa_alone_is_the_commune():
    assert len(Question("Bể nước dung tích bao nhiêu, nhà bảo vệ cách kho bao xa?").parts) == 2
    assert len(Question("kho o xa Bao Thang, be nuoc dung tich bao nhieu?").parts) == 1
