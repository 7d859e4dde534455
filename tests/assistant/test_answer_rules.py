"""The extractive answer's question analysis and the rule-based follow-up rewrite, on sentences of our own."""

from __future__ import annotations

from assistant.answerability import Judge
from assistant.extractive import ExtractiveBackend
from assistant.questions import focus_terms, question_parts
from assistant.retrieval import Passage
from assistant.rewrite import carry_over, subject_of
from assistant.units import header_units, split_units
from index.records import Chunk, DocMeta


def test_a_question_in_two_parts_is_split_where_each_asks():
    parts = question_parts("Khu công nghiệp Hòa Bình có quy mô bao nhiêu ha, tổng vốn bao nhiêu?")
    assert parts == ["Khu công nghiệp Hòa Bình có quy mô bao nhiêu ha", "tổng vốn bao nhiêu"]


def test_a_clause_that_asks_nothing_joins_the_next_part():
    parts = question_parts("Theo thông báo 12 của Sở Công Thương Lào Cai, kỳ thi bắt đầu lúc nào và tổ chức ở đâu?")
    assert parts == ["Theo thông báo 12 của Sở Công Thương Lào Cai kỳ thi bắt đầu lúc nào", "tổ chức ở đâu"]


def test_two_provinces_make_two_parts_even_without_a_question_word_in_the_first():
    parts = question_parts("Chỉ số công nghiệp tháng 2 của Trà Vinh và tháng 3 của Quảng Ngãi tăng thế nào?")
    assert len(parts) == 2 and "Trà Vinh" in parts[0] and "Quảng Ngãi" in parts[1]
    # the first part asks what the second does, without the second's period and province
    assert parts[0] == "Chỉ số công nghiệp tháng 2 của Trà Vinh tăng thế nào"


def test_a_part_naming_its_own_period_asks_what_the_next_sentence_asks_of_each():
    parts = question_parts(
        "Năm 2026 Sở có hai đợt kiểm tra: về VLNCN cuối tháng 3 và về hóa chất cuối tháng 5. Mỗi đợt làm việc với "
        "bao nhiêu đơn vị?"
    )
    assert parts[0] == "Năm 2026 Sở có hai đợt kiểm tra: về VLNCN cuối tháng 3 mỗi đợt làm việc với bao nhiêu đơn vị"
    assert parts[1].endswith("Mỗi đợt làm việc với bao nhiêu đơn vị") and "tháng 3" not in parts[1]


def test_focus_is_the_words_next_to_the_question_word_not_the_subject():
    focus = focus_terms("Doanh nghiệp Minh Khai được phép sử dụng tối đa bao nhiêu thuốc nổ mỗi năm?")
    assert {"toi", "thuoc", "no"} <= focus
    assert "khai" not in focus and "doanh" not in focus


def test_a_line_ending_in_a_colon_is_quoted_with_the_line_it_introduces():
    units = split_units("2. Số lượng được phép sử dụng:\nThuốc nổ: 9.000 kg/năm; kíp nổ: 500 cái/năm.")
    assert units == ["2. Số lượng được phép sử dụng: Thuốc nổ: 9.000 kg/năm; kíp nổ: 500 cái/năm."]


def test_header_facts_become_answer_lines_and_can_answer_who_signed():
    meta = DocMeta(
        path="a.docx",
        doc_type="Công văn",
        signer="Trần Văn Bình",
        signer_capacity="GIÁM ĐỐC",
        recipients=("UBND tỉnh", "Sở Tài chính"),
        subject="V/v kiểm tra an toàn hóa chất",
    )
    passage = Passage(
        Chunk("a.docx", 0, "Sở Công Thương đề nghị các đơn vị báo cáo trước ngày 12/6/2026."), meta, "docx", 1.0
    )
    assert header_units(passage) == [
        "Người ký: GIÁM ĐỐC Trần Văn Bình",
        "Nơi nhận: UBND tỉnh; Sở Tài chính",
        "Trích yếu: V/v kiểm tra an toàn hóa chất",
    ]
    backend = ExtractiveBackend(Judge(lambda terms: dict.fromkeys(terms, 0.5)))
    draft = backend.draft("Công văn kiểm tra an toàn hóa chất do ai ký?", [passage])
    assert draft.text.startswith("Người ký: GIÁM ĐỐC Trần Văn Bình [1].")
    assert "Người ký" not in backend.draft("Công văn kiểm tra an toàn hóa chất yêu cầu gì?", [passage]).text


def test_a_follow_up_carries_the_subject_of_the_previous_question_not_what_it_asked():
    assert subject_of("Trà Vinh có bao nhiêu xã đạt tiêu chí số 4 về điện?") == "Trà Vinh"
    subject = subject_of("Giấy phép cho thủy điện Nậm Pung cho phép dùng bao nhiêu thuốc nổ của Công ty Sông Đà?")
    assert subject.startswith("Giấy phép cho thủy điện Nậm Pung") and "Sông Đà" in subject
    assert "thuốc nổ" not in subject and "bao nhiêu" not in subject
    history = [{"role": "user", "content": "Lũy kế quý I/2021 kim ngạch xuất khẩu của Quảng Ngãi được bao nhiêu?"}]
    assert carry_over("Còn 6 tháng đầu năm thì sao?", history) == (
        "Còn 6 tháng đầu năm thì sao? (kim ngạch xuất khẩu của Quảng Ngãi)"
    )


def test_pages_of_several_passages_are_merged_into_spans():
    from assistant.citations import pages_label

    chunks = [
        Chunk("a.pdf", 0, "x", page_start=2, page_end=3),
        Chunk("a.pdf", 4, "y", page_start=5, page_end=5),
        Chunk("a.pdf", 1, "z", page_start=3, page_end=3),
        Chunk("a.pdf", 7, "w", page_start=8, page_end=9),
    ]
    assert pages_label(chunks, "pdf") == "tr. 2–3, 5, 8–9"
    assert pages_label(chunks, "docx") == ""


def test_a_figure_keeps_the_unit_a_pdf_pushed_to_the_next_line():
    units = split_units("Kim ngạch nhập khẩu tháng 4 ước đạt 166,2 triệu\nUSD, tăng 5,1% so với cùng kỳ.\n2. Bán lẻ")
    assert units[0] == "Kim ngạch nhập khẩu tháng 4 ước đạt 166,2 triệu USD, tăng 5,1% so với cùng kỳ."


def test_a_line_opening_with_a_marked_capital_starts_anew_and_a_small_one_carries_on():
    # "Được", "Ở", "Ủy" open with capitals that lie inside the range "à-ỹ"; "được" is small and carries on
    units = split_units("Chức danh: Giám đốc\nĐược phép vận chuyển: theo Phụ lục.\nỦy ban nhân dân tỉnh\nđề nghị thêm.")
    assert units == ["Chức danh: Giám đốc", "Được phép vận chuyển: theo Phụ lục.", "Ủy ban nhân dân tỉnh đề nghị thêm."]
    sentences = "Một câu rất dài nói về kim ngạch. " * 12 + "Ước đạt 5 triệu USD. ước tính còn tăng"
    assert split_units(sentences)[-2:] == [
        "Một câu rất dài nói về kim ngạch.",
        "Ước đạt 5 triệu USD. ước tính còn tăng",
    ]


def test_a_chunk_that_carries_on_its_previous_chunk_repeats_that_chunks_last_line():
    from index.chunking import chunk_document
    from index.chunking.lines import carry_cut_lines
    from index.records import Chunk, Page

    cut = "1.2. Sản phẩm\n- Một số sản phẩm giảm so với cùng kỳ: Thủy sản chế biến ước đạt"
    chunks = [
        Chunk("bc.pdf", 0, cut, page_start=1, page_end=2, page_marks=((0, 1), (14, 2))),
        Chunk("bc.pdf", 1, "2.772 tấn, giảm 5,9%; sữa ước đạt 9.413 ngàn lít.\n2. Thương mại", (), 3, 3, ((0, 3),)),
        Chunk("bc.pdf", 2, "Chỉ số giá tiêu dùng tháng 3 giảm 1,53%.", (), 3, 3),
    ]
    carried = carry_cut_lines(chunks, [True, True, True], 1000)
    whole = carried[1]
    assert split_units(whole.text)[0] == (
        "- Một số sản phẩm giảm so với cùng kỳ: Thủy sản chế biến ước đạt 2.772 tấn, giảm 5,9%; sữa ước đạt 9.413 ngàn lít."
    )
    assert whole.page_start == 2 and whole.page_at(0) == 2 and whole.page_at(whole.text.index("2. Thương")) == 3
    assert carried[0] == chunks[0] and carried[2] == chunks[2]  # a chunk opening a sentence of its own stays as it is
    # not where a line too long for one chunk was cut into pieces, nor past the size a chunk may have
    assert carry_cut_lines(chunks, [True, False, True], 1000)[1] == chunks[1]
    assert carry_cut_lines(chunks, [True, True, True], 100)[1] == chunks[1]
    # the chunker does it: a page of lines packed into chunks of 120 characters, one boundary inside a sentence
    lines = ["Sản lượng điện sản xuất trong tháng tăng so với cùng kỳ năm trước ước đạt"] + [
        "450 triệu kWh, tăng 12% so với cùng kỳ năm trước và vượt kế hoạch đề ra."
    ]
    found = chunk_document([Page(1, "\n".join(lines))], "bc.pdf", max_chars=120, min_chars=10)
    assert len(found) == 2 and found[1].text == "\n".join(lines)
    assert split_units(found[1].text)[0].endswith(
        "ước đạt 450 triệu kWh, tăng 12% so với cùng kỳ năm trước và vượt kế hoạch đề ra."
    )


def test_lines_that_answer_nothing_are_never_quoted():
    from assistant.units import is_noise

    for line in (
        "II. NHẬP KHẨU",
        "2.1. Thị trường và tổng mức bán lẻ hàng hóa",
        "Nơi nhận:",
        "Kính báo cáo./.",
        "Bảng 1. Kim ngạch xuất khẩu một số mặt hàng chủ lực (triệu USD)",
        "Đơn vị tính: triệu đồng",
    ):
        assert is_noise(line), line
    assert not is_noise("1. Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD.")


def test_to_whom_a_letter_is_sent_is_its_kinh_gui_line_not_its_copy_list():
    meta = DocMeta(
        path="cv.docx",
        doc_type="Công văn",
        subject="V/v báo cáo tình hình kinh doanh xăng dầu",
        addressees=("Các thương nhân kinh doanh xăng dầu trên địa bàn tỉnh",),
        recipients=("Như trên", "UBND tỉnh (b/c)", "Lưu: VT"),
    )
    passage = Passage(
        Chunk("cv.docx", 0, "Đề nghị các thương nhân báo cáo trước ngày 05 hằng tháng."), meta, "docx", 1.0
    )
    backend = ExtractiveBackend(Judge(lambda terms: dict.fromkeys(terms, 0.5)))
    sent_to = backend.draft("Công văn báo cáo tình hình kinh doanh xăng dầu gửi ai?", [passage]).text
    assert sent_to.startswith("Kính gửi: Các thương nhân kinh doanh xăng dầu trên địa bàn tỉnh [1].")
    copies = backend.draft("Nơi nhận của công văn báo cáo tình hình kinh doanh xăng dầu gồm những ai?", [passage]).text
    assert copies.startswith("Nơi nhận: Như trên; UBND tỉnh (b/c); Lưu: VT [1].")


def test_a_part_of_a_question_the_passages_do_not_answer_is_named(small_index):
    answer = small_index.assistant().ask(
        "Kim ngạch xuất khẩu quý I năm 2023 đạt bao nhiêu, và giá xăng RON 95 là bao nhiêu?"
    )
    assert not answer.abstained and "402,6 triệu USD" in answer.text
    assert "Không tìm thấy trong kho văn bản thông tin cho phần «giá xăng RON 95 là bao nhiêu»" in answer.text


def test_the_date_a_named_document_bears_is_its_place_and_date_line():
    meta = DocMeta(path="bc.docx", doc_type="Báo cáo", number="58/BC-SCT", subject="Tình hình xuất nhập khẩu tháng 4")
    text = "Số: 58/BC-SCT\nSơn Lâm, ngày 06 tháng 5 năm 2025\nKim ngạch xuất khẩu tháng 4 ước đạt 111,7 triệu USD."
    passage = Passage(Chunk("bc.docx", 0, text), meta, "docx", 1.0, number_match="own")
    backend = ExtractiveBackend(Judge(lambda terms: dict.fromkeys(terms, 0.5)))
    draft = backend.draft("Báo cáo 58/BC-SCT ban hành ngày nào?", [passage])
    assert draft.text.startswith("Sơn Lâm, ngày 06 tháng 5 năm 2025 [1].")


def test_a_name_may_open_with_a_marked_capital():
    # "Ánh", "Ứng", "Ủy" are capitals outside "A-ZĐ": a name or a person opening with one is still a name
    from assistant.evidence import carries_kind
    from assistant.proper_names import names_in
    from assistant.questions import Question
    from assistant.rewrite import subject_of

    assert "anh duong" in names_in("Sản lượng của Công ty Ánh Dương năm 2025 là bao nhiêu?", [])
    who = Question("Ai ký văn bản này?")
    assert carries_kind(who, "Người ký: Lê Ánh Tuyết.", set(), None)
    assert not carries_kind(who, "Người ký: lê ánh tuyết.", set(), None)
    assert "Ứng Hòa" in subject_of("Dự án điện mặt trời ở Ứng Hòa có công suất bao nhiêu?")
