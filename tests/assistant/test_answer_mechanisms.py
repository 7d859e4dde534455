"""The answerability decision and the extractive answer on passages of our own: periods, names over a document,
abbreviations, durations, elliptical parts, amounts in words and figures, a header date after a number."""

from __future__ import annotations

from assistant.aliases import Aliases
from assistant.answerability import Judge
from assistant.decision import Unit
from assistant.evidence import carries_kind
from assistant.extractive import ExtractiveBackend, direct_sentence
from assistant.parts import part_question
from assistant.questions import Question
from assistant.retrieval import Passage
from assistant.rewrite import carry_over
from assistant.units import is_noise, split_units
from index.records import Chunk, DocMeta


def flat_rarity(terms: list[str]) -> dict[str, float]:
    return dict.fromkeys(terms, 0.5)


def passage(text: str, path: str = "bc.docx", ordinal: int = 0, headings: tuple[str, ...] = (), **meta) -> Passage:
    return Passage(Chunk(path, ordinal, text, headings), DocMeta(path=path, **meta), "docx", 1.0)


def answer(question: str, passages: list[Passage], judge: Judge | None = None) -> str:
    draft = ExtractiveBackend(judge or Judge(flat_rarity)).draft(question, passages)
    return "" if draft.abstained else draft.text


def test_a_line_naming_its_own_month_does_not_answer_for_the_quarter_of_its_heading():
    report = passage(
        "Kim ngạch xuất khẩu tháng 3 ước đạt 140,2 triệu USD.\n"
        "Lũy kế 3 tháng đầu năm kim ngạch xuất khẩu ước đạt 402,6 triệu USD.",
        headings=("Tình hình thương mại quý I năm 2021",),
        date="2021-03-25",
    )
    text = answer("Kim ngạch xuất khẩu quý I/2021 đạt bao nhiêu?", [report])
    assert text.split("\n")[0].startswith("Lũy kế 3 tháng đầu năm") and "402,6 triệu USD" in text.split("\n")[0]
    assert "140,2" not in text


def test_a_figure_given_before_the_line_names_a_period_is_of_the_period_around_it():
    report = passage(
        "- Giá trị sản xuất công nghiệp: Ước thực hiện đạt 2.813 tỷ đồng, giảm 5,57% so tháng trước. "
        "Lũy kế 02 tháng đạt 12,83% kế hoạch.",
        headings=("I. KẾT QUẢ THỰC HIỆN THÁNG 02/2021",),
        date="2021-02-20",
    )
    assert "2.813 tỷ đồng" in answer("Giá trị sản xuất công nghiệp tháng 2/2021 ước đạt bao nhiêu?", [report])


def test_a_company_named_in_a_heading_of_the_document_is_the_one_its_other_articles_are_about():
    permit = [
        passage("Điều 2. Điều kiện sử dụng", ordinal=0, path="gp.docx", headings=("Điều 1. Cho phép Công ty An Hòa",)),
        passage(
            "Khối lượng thuốc nổ lớn nhất trong một đợt nổ không quá 195 kg.",
            ordinal=1,
            path="gp.docx",
            headings=("Điều 2. Điều kiện sử dụng",),
        ),
    ]
    assert "195 kg" in answer("Công ty An Hòa được nổ tối đa bao nhiêu thuốc nổ trong một đợt?", permit)
    assert answer("Công ty Bình Minh được nổ tối đa bao nhiêu thuốc nổ trong một đợt?", permit) == ""


def test_a_substance_asked_with_bao_nhieu_is_answered_by_its_measure():
    permit = passage(
        "Tổng khối lượng được phép sử dụng: Thuốc nổ các loại (amonit AD1; Anfo): 27.040 kg; kíp nổ: 13.600 cái."
    )
    assert "27.040 kg" in answer("Tổng khối lượng được phép sử dụng bao nhiêu thuốc nổ?", [permit])
    assert answer("Tổng khối lượng được phép sử dụng bao nhiêu dây nổ?", [permit]) == ""


def test_an_abbreviation_the_archive_defines_meets_its_expansion():
    question = Question("Tổng khối lượng VLNCN được sử dụng là bao nhiêu?")
    line = passage("Tổng khối lượng vật liệu nổ công nghiệp được sử dụng là 9.000 kg.")
    plain = Judge(flat_rarity).units(question, [line])[0]
    aware = Judge(flat_rarity, aliases=Aliases({"VLNCN": ("vật liệu nổ công nghiệp", 3)})).units(question, [line])[0]
    assert "vlncn" in aware.terms and "vlncn" not in plain.terms
    assert aware.coverage > plain.coverage


def test_bao_lau_asks_a_span_of_time_not_any_date():
    assert Question("Giấy phép có thời hạn bao lâu?").wants == "duration"
    lasting = passage("Giấy phép vận chuyển có thời hạn 24 tháng kể từ ngày ký.")
    signed = passage("Giấy phép vận chuyển được ký ngày 01 tháng 7 năm 2026 tại Sở Công Thương.")
    assert "24 tháng" in answer("Giấy phép vận chuyển có thời hạn bao lâu?", [lasting])
    assert answer("Giấy phép vận chuyển có thời hạn bao lâu?", [signed]) == ""


def test_a_later_part_without_a_subject_carries_the_one_before_it():
    whole = Question("Khu công nghiệp Bản Qua có quy mô bao nhiêu ha, tổng vốn bao nhiêu?")
    second = part_question(whole.parts[1], whole)
    assert second.text.startswith("tổng vốn bao nhiêu (") and "khu công nghiệp Bản Qua quy mô" in second.text
    # the carried words may raise the part's coverage, never lower it
    line = passage("Tổng vốn đầu tư: 1.360 tỷ đồng.")
    judge = Judge(flat_rarity)
    assert judge.units(second, [line])[0].coverage >= judge.units(Question(whole.parts[1]), [line])[0].coverage


def test_an_amount_in_words_keeps_its_figures_on_the_next_line():
    units = split_units(
        "- Lô đất có diện tích là: Tám mươi hai phẩy năm mét vuông\n(82,5 m2)\n- Địa điểm tại: lô số 16"
    )
    assert units[0] == "- Lô đất có diện tích là: Tám mươi hai phẩy năm mét vuông (82,5 m2)"


def test_the_issue_date_is_cut_from_a_line_that_begins_with_the_number():
    unit = Unit("Số: 45/2026/NĐ-CP Hà Nội, ngày 26 tháng 01 năm 2026", 0, 1.0, 1.0)
    assert direct_sentence(unit, "Nghị định 45/2026/NĐ-CP được ban hành ngày nào?") == (
        "Hà Nội, ngày 26 tháng 01 năm 2026"
    )


def test_a_sentence_cut_from_a_long_paragraph_keeps_its_paragraphs_subject():
    paragraph = (
        "Sở Công Thương kính đề nghị UBND tỉnh xem xét chỉ đạo Sở Xây dựng có ý kiến kết luận rõ ràng bằng văn bản "
        "gửi Sở Công Thương về việc hồ sơ thiết kế của mỏ đá Đồng Khê đã được thực hiện đúng và đầy đủ trình tự "
        "thẩm định, phê duyệt theo quy định hay chưa. Tuyệt đối không dẫn chiếu các văn bản hướng dẫn chung chung "
        "để bảo đảm có cơ sở tham mưu cấp phép cho doanh nghiệp. Thời hạn hoàn thành trước ngày 30/6/2026."
    )
    text = answer("Sở Xây dựng phải có kết luận về mỏ đá Đồng Khê bằng văn bản trước ngày nào?", [passage(paragraph)])
    assert text.startswith("Thời hạn hoàn thành trước ngày 30/6/2026")


def test_a_scan_whose_number_only_its_file_name_spells_is_the_document_named():
    scan = passage(
        "XÁC THỰC VĂN BẢN HỢP NHẤT\nKT. BỘ TRƯỞNG - THỨ TRƯỞNG\nVăn bản hợp nhất được xác thực: Thượng tướng Nguyễn Văn Gấu",
        path="trung-uong/46-bqp-vbhn.signed.pdf",
    )
    assert "Nguyễn Văn Gấu" in answer("Văn bản hợp nhất 46/VBHN-BQP do ai ký xác thực?", [scan])
    assert answer("Văn bản hợp nhất 47/VBHN-BQP do ai ký xác thực?", [scan]) == ""


def test_which_provision_and_why_are_kinds_of_their_own():
    assert Question("Sở trả hồ sơ là căn cứ điều khoản nào?").wants == "provision"
    assert Question("Vì sao hồ sơ bị trả lại?").wants == "reason"
    lines = [
        passage(
            "V/v chấm dứt thẩm định và trả hồ sơ thiết kế đập số 1 của mỏ Sin Quyền.\n"
            "Căn cứ khoản 5 Điều 76 Nghị định số 217/2026/NĐ-CP, Sở Công Thương chấm dứt thẩm định, trả hồ sơ."
        )
    ]
    text = answer("Sở chấm dứt thẩm định, trả hồ sơ đập số 1 của mỏ Sin Quyền là căn cứ điều khoản nào?", lines)
    assert text.startswith("Căn cứ khoản 5 Điều 76")
    refusal = [
        passage(
            "Sở Công Thương nhận được hồ sơ đề nghị huấn luyện của Hợp tác xã Văn Thịnh.\n"
            "Chuyên ngành đào tạo của ông Bùi Đình Đăng không thuộc danh mục ngành kỹ thuật nên không đủ điều kiện."
        )
    ]
    assert "không thuộc danh mục" in answer("Vì sao ông Bùi Đình Đăng của Hợp tác xã Văn Thịnh bị từ chối?", refusal)


def test_a_company_typed_without_diacritics_is_still_read_whole_after_its_legal_form():
    assert Question("giay phep cap cho cong ty tnhh thai thinh phat ap dung cho xe nao").names == ["thai thinh phat"]
    assert Question("cong ty nao duoc cap phep").names == []


def test_dieu_gi_is_the_question_word_and_a_capitals_heading_is_cut_from_the_answer():
    assert "dieu" not in Question("Báo cáo 45/BC-SCT kiến nghị UBND tỉnh điều gì?").terms
    unit = Unit(
        "III. KIẾN NGHỊ, ĐỀ XUẤT Đề nghị UBND tỉnh chỉ đạo các sở, ngành đẩy nhanh thủ tục đất đai.", 0, 1.0, 1.0
    )
    assert direct_sentence(unit, "Báo cáo kiến nghị UBND tỉnh điều gì?") == (
        "Đề nghị UBND tỉnh chỉ đạo các sở, ngành đẩy nhanh thủ tục đất đai"
    )


def test_whom_a_letter_is_addressed_to_is_whom_its_lines_are_about():
    letter = passage(
        "- Chứng chỉ thợ nổ mìn của ông Hoàng Văn Bảy đã hết hạn.",
        addressees=("Công ty TNHH đá cẩm thạch An Phú",),
        subject="V/v bổ sung hồ sơ đề nghị cấp Giấy phép dịch vụ nổ mìn",
    )
    question = "Hồ sơ xin giấy phép dịch vụ nổ mìn của Công ty TNHH đá cẩm thạch An Phú có chứng chỉ thợ nổ mìn của ai hết hạn?"
    assert "Hoàng Văn Bảy" in answer(question, [letter])
    assert answer(question.replace("An Phú", "An Phúc"), [letter]) == ""


def test_a_name_written_with_an_abbreviation_meets_its_spelled_out_form():
    permit = [
        passage(
            "Điều 2. Điều kiện sử dụng",
            ordinal=0,
            path="gp.pdf",
            headings=("Điều 1. Cho phép Công ty Cổ phần Khai thác vật liệu xây dựng Miền Bắc",),
        ),
        passage(
            "Thuốc nổ các loại: 63.000 kg/năm; kíp nổ: 11.090 cái/năm.",
            ordinal=1,
            path="gp.pdf",
            headings=("Điều 2. Điều kiện sử dụng",),
        ),
    ]
    question = "Công ty CP Khai thác VLXD Miền Bắc được dùng bao nhiêu thuốc nổ một năm?"
    aware = Judge(flat_rarity, aliases=Aliases({"VLXD": ("vật liệu xây dựng", 2)}))
    assert "63.000 kg/năm" in answer(question, permit, aware)
    assert answer(question, permit) == ""  # without the archive's glossary the name is not the same


def test_a_consequence_is_quoted_with_the_sentence_it_leans_on_and_that_sentence_is_the_reason():
    letter = passage(
        "Sở Công Thương nhận được Văn bản số 10/DH của Công ty An Phú đề nghị huấn luyện cho người quản lý của Công "
        "ty. Ngày 20/3/2026, Sở đã tổ chức huấn luyện theo đề nghị của Công ty, tuy nhiên Công ty không cử người "
        "lao động tham gia huấn luyện, kiểm tra. Do vậy không đủ điều kiện để cấp giấy chứng nhận theo quy định. Sở "
        "Công Thương thông báo cho Công ty An Phú được biết và thực hiện theo đúng các quy định hiện hành của pháp luật."
    )
    units = split_units(letter.chunk.text)
    assert any(u.startswith("Ngày 20/3/2026") and u.endswith("theo quy định.") for u in units)
    assert not any(u.startswith("Do vậy") for u in units)
    text = answer("Vì sao Công ty An Phú không được cấp giấy chứng nhận huấn luyện?", [letter])
    assert text.split("\n")[0].startswith("Ngày 20/3/2026") and "không cử người lao động" in text.split("\n")[0]


def test_a_consequence_on_its_own_line_joins_the_line_before():
    units = split_units(
        "Ngày 08/8/2025, Công ty có văn bản đề nghị rút lại hồ sơ đã trình thẩm định.\n"
        "Trên cơ sở đó, Sở Công Thương chấm dứt việc thẩm định hồ sơ."
    )
    assert units == [
        "Ngày 08/8/2025, Công ty có văn bản đề nghị rút lại hồ sơ đã trình thẩm định. "
        "Trên cơ sở đó, Sở Công Thương chấm dứt việc thẩm định hồ sơ."
    ]


def test_the_national_motto_is_never_quoted_and_its_tu_do_is_no_reason():
    assert is_noise("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and is_noise("Độc lập - Tự do - Hạnh phúc")
    why = Question("Vì sao Sở chấm dứt thẩm định hồ sơ?")
    assert not carries_kind(why, "Độc lập - Tự do - Hạnh phúc", set(), None)
    assert carries_kind(why, "Do Công ty rút hồ sơ nên Sở chấm dứt thẩm định.", set(), None)


def test_the_amount_asked_is_named_before_its_question_word_in_its_clause():
    cases = {
        "Hội chợ Công Thương năm 2021 đạt doanh thu bao nhiêu?": ("doanh", "thu"),
        "Tổng vốn đầu tư của dự án là bao nhiêu?": ("tong", "von", "dau", "tu"),  # "tư" is no "từ"
        "Theo kết luận giao ban của Sở, chỉ số sản xuất công nghiệp quý I/2023 giảm bao nhiêu?": (
            "san",
            "xuat",
            "cong",
            "nghiep",
        ),
        "Bao nhiêu doanh nghiệp tham gia?": (),
        "Thế tính cả hai tháng đầu năm thì được bao nhiêu? (sản lượng điện)": (),
    }
    for question, measured in cases.items():
        assert Question(question).measured == measured, question


def test_a_figure_of_another_amount_does_not_answer():
    report = passage(
        "11. Tổ chức hoạt động kỷ niệm 70 năm Ngày Truyền thống ngành Công Thương (14/5/1951 - 14/5/2021).\n"
        "10. Tổ chức Hội chợ Công Thương năm 2021 tại thành phố."
    )
    assert answer("Hội chợ Công Thương năm 2021 đạt doanh thu bao nhiêu?", [report]) == ""
    fair = passage("Hội chợ Công Thương năm 2021 đạt doanh thu 12,5 tỷ đồng với 200 gian hàng.")
    assert "12,5 tỷ đồng" in answer("Hội chợ Công Thương năm 2021 đạt doanh thu bao nhiêu?", [fair])


def test_an_item_under_a_heading_naming_the_body_asked_about_answers_and_the_kinh_gui_line_does_not():
    letter = [
        passage(
            "Kính gửi: Các Sở, ngành: Công Thương, Nội vụ, Công an tỉnh\n"
            "h) Tổ chức nổ mìn phải thông báo cho Ủy ban nhân dân cấp xã nơi thực hiện nổ mìn trước 24h.",
            path="cv.pdf",
            ordinal=0,
        ),
        passage(
            "a) Tăng cường tuyên truyền pháp luật về an toàn lao động.\n"
            "b) Chủ trì tổ chức huấn luyện an toàn, vệ sinh lao động cho người lao động.",
            path="cv.pdf",
            ordinal=1,
            headings=("3. Sở Nội vụ",),
        ),
    ]
    text = answer("Sở Nội vụ được giao chủ trì việc gì?", letter)
    assert text.startswith("Chủ trì tổ chức huấn luyện"), text
    assert "Kính gửi" not in text and "nơi thực hiện" not in text


def test_a_header_fact_is_of_the_period_its_document_reports_on_not_the_month_it_is_dated():
    report = passage(
        "Sở Công Thương báo cáo tình hình thực hiện trong tháng 10 như sau:\n- Đã hỗ trợ 12 doanh nghiệp.",
        path="bc.docx",
        date="2021-11-16",
        addressees=("Sở Kế hoạch và Đầu tư",),
        subject="V/v báo cáo tháo gỡ khó khăn cho doanh nghiệp",
    )
    text = answer("Báo cáo tháng 10/2021 về tháo gỡ khó khăn cho doanh nghiệp kính gửi cơ quan nào?", [report])
    assert "Sở Kế hoạch và Đầu tư" in text.split("\n")[0]


def test_the_year_inside_a_document_number_is_not_the_year_a_line_speaks_of():
    report = passage(
        "Các cụm có tỷ lệ lấp đầy cao như Đầm Hồng (100%), Bắc Văn Yên (88,05%); Sở đang rà soát theo Nghị định "
        "số 32/2024/NĐ-CP.",
        subject="Tình hình triển khai cụm công nghiệp",
    )
    assert answer("Năm 2024 tỷ lệ lấp đầy các cụm công nghiệp là bao nhiêu?", [report]) == ""
    assert "88,05%" in answer("Tỷ lệ lấp đầy cụm Bắc Văn Yên là bao nhiêu?", [report])


def test_two_periods_compared_are_two_parts_and_a_period_compared_with_is_not():
    assert Question(
        "Chỉ số sản xuất công nghiệp tháng 3/2021 và tháng 3/2023 tăng bao nhiêu so với tháng 2?"
    ).parts == [
        "Chỉ số sản xuất công nghiệp tháng 3/2021 tăng bao nhiêu so với tháng 2",  # it asks what the second part asks
        "tháng 3/2023 tăng bao nhiêu so với tháng 2",
    ]
    assert len(Question("Kim ngạch xuất khẩu quý I/2021 tăng bao nhiêu so với cùng kỳ?").parts) == 1


def test_a_later_part_keeps_the_number_of_the_document_the_question_names():
    whole = Question("Công văn 813 của Cục Hóa chất gửi cơ quan nào, trả lời những công văn nào?")
    later = part_question(whole.parts[1], whole)
    assert "813" in later.text.split("(")[1]


def test_a_subject_carried_from_the_conversation_is_every_parts_and_its_names_stay_apart():
    question = carry_over(
        "Hội nghị đó tổ chức lúc nào, ở đâu?",
        [{"role": "user", "content": "UBND tỉnh cử ai đi dự Hội nghị đánh giá Chương trình MTQG khu vực Tây Nguyên?"}],
    )
    parts = Question(question).parts
    assert len(parts) == 2 and all("Hội nghị đánh giá" not in p or p.endswith(")") for p in parts)
    assert all("(UBND tỉnh cử" in p for p in parts)
    assert "hoi chuong" not in " ".join(Question(question).names)


def test_that_document_of_a_followup_is_the_one_the_last_answer_named_by_its_number():
    asked = {"role": "user", "content": "Luật Xây dựng mới thông qua cuối năm 2025 là luật số mấy?"}
    answered = {"role": "assistant", "content": "Đó là Luật Xây dựng số 135/2025/QH15, thông qua ngày 10/12/2025."}
    question = carry_over("Luật đó có hiệu lực từ khi nào?", [asked, answered])
    assert question.endswith("135/2025/QH15)") and "135/2025/QH15" in Question(question).doc_numbers
    # no demonstrative after a document's type, or a question that named its document itself: nothing added
    assert "135/2025" not in carry_over("Còn năm 2024 thì sao?", [asked, answered])
    named = {"role": "user", "content": "Luật số 62/2020/QH14 sửa đổi luật nào?"}
    assert "135/2025" not in carry_over("Luật đó có hiệu lực khi nào?", [named, answered])


def test_a_content_word_whose_folded_form_is_glue_stays_a_term_when_typed_with_its_marks():
    terms = Question("Kho chứa của công ty đã có sức chứa bao nhiêu, chưa được cấp phép?").terms
    assert "chua" in terms and "suc_chua" in terms  # "chứa" is no "chưa"
    assert "dau_tu" in Question("Tổng vốn đầu tư bao nhiêu?").terms  # "tư" is no "từ"
    assert "chua" not in Question("Dự án đã được cấp phép chưa?").terms
    assert "tu" not in Question("tong von dau tu bao nhieu").terms  # typed without marks: judged folded, as glue


def test_a_span_of_dates_is_the_period_it_covers():
    from assistant.periods import Period, periods_in

    assert periods_in("từ ngày 01/01/2025 đến ngày 31/3/2025") == periods_in("quý I/2025")
    assert periods_in("từ ngày 01 tháng 4 năm 2025 đến hết ngày 30 tháng 6 năm 2025") == [Period("quarter", 2, 2025)]
    assert periods_in("từ 01/5/2025 đến 31/5/2025") == [Period("month", 5, 2025)]
    # a span may start after its period's first day (when a rule took effect), not in its second month
    assert periods_in("giai đoạn từ ngày 17/01/2026 đến ngày 30/06/2026") == periods_in("nửa đầu năm 2026")
    assert periods_in("từ ngày 29/05/2026 đến ngày 30/06/2026") == []
    assert periods_in("từ ngày 01/01/2025 đến ngày 15/3/2025") == []  # not to a month's end
    report = passage(
        "Đối với hóa chất nhóm 2: trong giai đoạn từ ngày 17/01/2026 đến ngày 30/06/2026, Sở Công Thương chưa tiếp "
        "nhận và thực hiện cấp giấy phép xuất khẩu hóa chất nhóm 2.",
        date="2026-07-02",
    )
    text = answer("Nửa đầu năm 2026 Sở Công Thương có cấp giấy phép xuất khẩu hóa chất nhóm 2 nào không?", [report])
    assert "chưa tiếp nhận" in text
    assert not answer("Tháng 3/2026 Sở Công Thương có cấp giấy phép xuất khẩu hóa chất nhóm 2 nào không?", [report])


def test_a_labelled_detail_of_the_kind_asked_answers_for_what_its_passage_describes():
    notice = passage(
        "Sở Công Thương thông báo tổ chức kiểm tra kỹ thuật an toàn vật liệu nổ công nghiệp cho thợ mìn như sau:\n"
        "1. Thời gian: Từ 09h30 ngày 22/6/2026 (thứ hai).\n"
        "2. Địa điểm: Hội trường tầng 3, số 165 Lý Thường Kiệt, phường Yên Bái.\n"
        "3. Thành phần: các học viên có tên trong danh sách kèm theo.",
        date="2026-06-15",
    )
    # words every notice has are common in an archive: "tổ chức", "năm", "buổi" weigh less than a topic's
    everyday = {"to", "chuc", "to_chuc", "nam", "nay", "buoi", "dien", "ra", "cho"}
    judge = Judge(lambda terms: {t: 0.2 if t in everyday else 0.8 for t in terms})
    where = answer("Buổi kiểm tra kỹ thuật an toàn vật liệu nổ công nghiệp cho thợ mìn tổ chức ở đâu?", [notice], judge)
    assert where.split("\n")[0] == "Địa điểm: Hội trường tầng 3, số 165 Lý Thường Kiệt, phường Yên Bái [1]."
    when = answer(
        "Buổi kiểm tra kỹ thuật an toàn vật liệu nổ công nghiệp cho thợ mìn diễn ra lúc nào?", [notice], judge
    )
    assert when.split("\n")[0].startswith("Thời gian: Từ 09h30 ngày 22/6/2026")
    assert "Địa điểm" not in when and "09h30" not in where.split("\n")[0]  # a label answers its own kind only
    # and only for what its passage is about
    assert not answer("Giải bóng đá thiếu niên năm nay tổ chức ở đâu?", [notice], judge)


def test_a_year_named_before_its_figure_is_the_whole_year():
    plan = passage(
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ xã hội năm 2025 đạt 85 nghìn tỷ đồng, gấp 1,89 lần năm 2020.\n"
        "Kim ngạch xuất khẩu đạt 120 triệu USD, tăng 5% so với năm 2024.",
        date="2026-03-01",
    )
    text = answer("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ xã hội cả năm 2025 được bao nhiêu?", [plan])
    assert "85 nghìn tỷ đồng" in text
    # a year written after the figure is one compared with, not the year the figure is of
    assert not answer("Kim ngạch xuất khẩu cả năm 2024 đạt bao nhiêu?", [plan])


def test_the_document_a_question_asks_for_is_of_the_period_its_text_names():
    report = passage(
        "Kết quả tháo gỡ khó khăn cho doanh nghiệp bị ảnh hưởng bởi dịch COVID-19 trong tháng 10/2021.\n"
        "Thực hiện Công văn số 01/TCT ngày 28/10/2021 của Tổ Công tác đặc biệt về tháo gỡ khó khăn cho doanh nghiệp, "
        "Sở Công Thương báo cáo như sau.",
        date="2021-11-05",
        doc_type="Báo cáo",
    )
    question = "Báo cáo tháo gỡ khó khăn cho doanh nghiệp tháng 10/2021 thực hiện theo công văn số mấy của Tổ công tác?"
    assert "01/TCT" in answer(question, [report]).split("\n")[0]


def test_a_name_opening_a_carried_subject_keeps_its_first_word():
    whole = Question("Cụm công nghiệp Sơn Thịnh 2 ở xã Văn Chấn rộng bao nhiêu ha, tỷ lệ lấp đầy bao nhiêu?")
    second = part_question(whole.parts[1], whole)
    assert second.text.startswith("tỷ lệ lấp đầy bao nhiêu (Sơn Thịnh 2")
    assert "son thinh 2" in second.names and "thinh 2" not in second.names  # "Phú Thịnh 2" is another cluster
    assert Question("Còn quý II thì sao? (Kim ngạch xuất khẩu quý I)").names == []  # a capital opening it is no name
    table = passage(
        "TT: 6; Cụm công nghiệp: Sơn Thịnh; Diện tích (ha): 58,76; Tỷ lệ lấp đầy (%): 37,88\n"
        "TT: 7; Cụm công nghiệp: Phú Thịnh 2; Diện tích (ha): 75; Tỷ lệ lấp đầy (%): 0"
    )
    assert not answer(whole.text, [table])
