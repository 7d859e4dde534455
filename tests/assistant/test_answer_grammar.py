"""The answer step on passages of our own, for more of the grammar staff ask in: a noun that folds to a question
word's ("chủ lực nào" is no "lúc nào"), "ngày bao nhiêu" for a date, "từ tháng 1 đến hết tháng 4" for four months
cumulated, a plan's year, "mỗi bên" standing for things named before, how often ("bao lâu một lần"), the asker's
frame and classifiers that are no topic, a law's year ("Luật … năm 2024"), which is its name, an amount's
narrowest words ("kim ngạch xuất khẩu cà phê"), what is no place where something happens ("trên địa bàn tỉnh",
"Sở Công Thương Lào Cai", "quy định tại Điều 9"), and "biển số nào", which asks a registration plate."""

from __future__ import annotations

from assistant.answerability import Judge
from assistant.periods import Period, periods_in
from assistant.proper_names import years_in
from assistant.questions import Question
from tests.assistant.test_answer_mechanisms import answer, passage
from tests.assistant.test_answer_phrasing import rarity_without

TRADE = passage(
    "a) Xuất khẩu: kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD, đạt 26,5% kế hoạch năm (KH: 1.200 triệu USD), "
    "tăng 12,8% so với cùng kỳ năm 2024.\n"
    "b) Nhập khẩu: kim ngạch nhập khẩu quý I ước đạt 276,5 triệu USD, tăng 4,3% so với cùng kỳ.",
    headings=("I. THƯƠNG MẠI",),
    date="2025-04-04",
)


def test_a_noun_typed_with_other_diacritics_than_a_question_words_makes_no_question_word():
    assert Question("Mặt hàng xuất khẩu chủ lực nào có kim ngạch cao nhất?").wants != "date"
    assert Question("Hội nghị tổ chức lúc nào?").wants == "date"
    assert Question("hoi nghi to chuc luc nao").wants == "date"  # typed without diacritics: read folded


def test_a_word_typed_bare_among_marked_words_is_no_question_word_whose_form_has_marks():
    # "may" of "hàng may mặc" folds to "mấy" (how many): in a question typed with diacritics it is the word written
    asked = "Còn hàng may mặc thì xuất được bao nhiêu? (Hết quý I/2021 Quảng Ngãi xuất khẩu sợi)"
    assert Question(asked).counted == ()
    assert Question("Có mấy doanh nghiệp may mặc?").counted[-1] == "doanh_nghiep"
    assert Question("co may doanh nghiep may mac").counted[-1] == "doanh_nghiep"  # typed bare: read folded
    assert Question("Ai ký văn bản này?").header_field == "Người ký"  # "ai" has no marks to lack
    exports = passage(
        "- Mặt hàng xuất khẩu tăng: tinh bột mỳ ước đạt 40 triệu USD, tăng 62,5%; may mặc ước đạt 10,9 triệu USD, "
        "tăng 72,6%; sợi các loại ước đạt 27,8 triệu USD.",
        headings=("2. Thương mại",),
        date="2021-03-25",
        issuer="Sở Công Thương tỉnh Quảng Ngãi",
        subject="Tình hình sản xuất công nghiệp, thương mại quý I năm 2021",
    )
    assert "10,9 triệu USD" in answer(asked, [exports])


def test_ngay_bao_nhieu_asks_for_a_date_and_bao_nhieu_ngay_counts_days():
    assert Question("Báo cáo kết quả kiểm tra thị trường ký ngày bao nhiêu?").wants == "date"
    assert Question("Báo cáo kết quả kiểm tra thị trường ký ngày bao nhiêu?").header_field == "Ngày ban hành"
    assert Question("Đoàn kiểm tra làm việc trong bao nhiêu ngày?").wants == "quantity"


def test_from_january_to_the_end_of_a_month_is_the_months_cumulated():
    assert periods_in("Từ tháng 1 đến hết tháng 4/2025, nhập khẩu tăng bao nhiêu?") == [Period("cum", 4, 2025)]
    report = passage(
        "Kim ngạch nhập khẩu tháng 4 ước đạt 95,4 triệu USD; lũy kế 4 tháng ước đạt 371,9 triệu USD, tăng 5,1% so "
        "với cùng kỳ.",
        date="2025-05-06",
    )
    first = answer("Từ tháng 1 đến hết tháng 4/2025, kim ngạch nhập khẩu tăng bao nhiêu %?", [report]).split("\n")[0]
    assert "5,1%" in first


def test_a_plans_year_answers_a_question_on_the_plan_and_not_one_on_the_years_result():
    plan = answer("Kế hoạch xuất khẩu cả năm 2025 của tỉnh là bao nhiêu triệu USD?", [TRADE])
    assert "1.200 triệu USD" in plan.split("\n")[0]
    assert answer("Kim ngạch xuất khẩu cả năm 2025 đạt bao nhiêu?", [TRADE]) == ""


def test_each_of_the_things_named_before_is_no_amount_named_mỗi_bên():
    assert Question("Xuất khẩu hay nhập khẩu tăng nhanh hơn? Mỗi bên tăng bao nhiêu %?").measured == ()
    assert Question("Doanh nghiệp mới tăng bao nhiêu?").measured != ()  # "mới" (new) is no "mỗi"
    text = answer("Quý I/2025 xuất khẩu hay nhập khẩu tăng nhanh hơn? Mỗi bên tăng bao nhiêu %?", [TRADE])
    assert "12,8%" in text and "4,3%" in text


def test_how_often_is_answered_by_a_frequency_not_by_any_date():
    plan = passage(
        "2. CCN Bến Lau: hoàn thành bồi thường 12,4 ha còn lại trong tháng 4/2025.\n"
        "Phòng Quản lý công nghiệp chủ trì theo dõi; định kỳ hằng quý tổng hợp, báo cáo Giám đốc Sở kết quả thực hiện."
    )
    question = "Phòng Quản lý công nghiệp phải báo cáo Giám đốc Sở kết quả thực hiện bao lâu một lần?"
    assert Question(question).wants == "frequency"
    assert "hằng quý" in answer(question, [plan]).split("\n")[0]


def test_the_askers_frame_and_a_classifier_are_no_topic_the_archive_must_hold():
    report = passage(
        "Các đoàn kiểm tra đã kiểm tra 126 vụ; chi tiết tại Báo cáo số 51/BC-SCT ngày 10/4/2025.", date="2025-04-04"
    )
    judge = Judge(rarity_without("muon", "xem", "lan", "dap"))
    assert "51/BC-SCT" in answer("Muốn xem chi tiết kết quả kiểm tra thì xem ở văn bản nào?", [report], judge)
    # a content word no chunk holds still declines
    assert answer("Kết quả kiểm tra đáp ứng yêu cầu nào?", [report], judge) == ""


def test_a_laws_year_is_its_name_not_a_time_the_line_speaks_of():
    licences = passage(
        "Trong năm 2025, thủ tục cấp phép thực hiện theo Luật Khoáng sản năm 2010 và Luật Địa chất và khoáng sản năm "
        "2024. Ủy ban nhân dân tỉnh đã cấp 10 Giấy phép khai thác khoáng sản.",
        date="2026-01-10",
    )
    assert answer("Năm 2024 UBND tỉnh cấp bao nhiêu giấy phép khai thác khoáng sản?", [licences]) == ""
    assert "10 Giấy phép" in answer("Năm 2025 UBND tỉnh cấp bao nhiêu giấy phép khai thác khoáng sản?", [licences])
    assert years_in("Luật Đầu tư được Quốc hội thông qua năm 2020") == {"2020"}  # a time it was passed
    assert years_in("theo quy định của pháp luật năm 2023") == {"2023"}  # "pháp luật": the law in general


def test_an_amounts_last_words_are_its_narrowest_and_the_passage_must_say_them():
    exports = passage(
        "Lũy kế 3 tháng đầu năm kim ngạch xuất khẩu ước đạt 402,6 triệu USD, tăng 44,3% so với cùng kỳ.\n"
        "Mặt hàng chủ yếu: tinh bột mỳ ước đạt 40 triệu USD; dăm gỗ ước đạt 12 triệu USD.",
        date="2021-03-25",
    )
    assert answer("Kim ngạch xuất khẩu cà phê quý I/2021 đạt bao nhiêu triệu USD?", [exports]) == ""
    assert "402,6 triệu USD" in answer("Kim ngạch xuất khẩu quý I/2021 đạt bao nhiêu triệu USD?", [exports])


def test_a_bodys_area_its_name_or_a_provision_is_no_place_where_something_happens():
    plan = passage(
        "Tổ chức kiểm tra kỹ thuật an toàn phù hợp với nội dung kiểm tra quy định tại Điều 9 Nghị định số "
        "181/2024/NĐ-CP trên địa bàn tỉnh Lào Cai của Sở Công Thương Lào Cai.",
        date="2026-04-23",
    )
    assert answer("Buổi kiểm tra kỹ thuật an toàn được tổ chức ở đâu?", [plan]) == ""
    venue = passage("Địa điểm kiểm tra: Hội trường Sở Công Thương, số 165 đường Lý Thường Kiệt.", date="2026-04-23")
    assert "Lý Thường Kiệt" in answer("Buổi kiểm tra kỹ thuật an toàn được tổ chức ở đâu?", [plan, venue])


def test_bien_so_nao_asks_a_registration_plate():
    permit = passage(
        "Hôm nay, vào hồi 16 giờ 00 phút, ngày 17 tháng 6 năm 2026, Đoàn kiểm tra tiến hành kiểm tra thực tế điều "
        "kiện vận chuyển hàng hóa nguy hiểm loại 3 của Công ty An Khang.\n"
        "Phương tiện vận chuyển: xe ô tô xi téc biển số đăng ký 21C-060.83, dung tích 16 m3.",
        date="2026-06-17",
    )
    assert Question("giay phep van chuyen cua cong ty an khang cap cho xe bien so nao").wants == "plate"
    assert "21C-060.83" in answer("Giấy phép vận chuyển của Công ty An Khang cấp cho xe biển số nào?", [permit])


def test_o_tinh_nao_asks_a_place_and_a_line_without_one_does_not_answer_it():
    permit = passage(
        "Tên cơ quan, tổ chức, cá nhân: Công ty TNHH Hóa chất Minh An.\n"
        "Địa chỉ: Khu 3, xã Phù Ninh, tỉnh Phú Thọ.\n"
        "Được phép vận chuyển hàng hóa nguy hiểm: theo Phụ lục kèm theo Giấy phép này."
    )
    for question in ("Công ty Minh An đăng ký ở tỉnh nào?", "cong ty minh an o nhung huyen, thanh pho nao"):
        assert Question(question).wants == "place", question
    assert Question("Giấy mời kính gửi những lãnh đạo tỉnh nào?").wants != "place"  # people of the province
    assert "Phú Thọ" in answer("Giấy phép cấp cho Công ty Minh An, công ty đăng ký ở tỉnh nào?", [permit])


def test_khi_nao_is_answered_by_the_day_an_event_fixes_but_ngay_nao_is_not():
    decree = passage(
        "Điều 80. Hướng dẫn chuyển tiếp\nTrong thời gian từ ngày 01 tháng 7 năm 2025 đến ngày Nghị định này có hiệu "
        "lực thi hành, các dự án tiếp tục thực hiện.\nĐiều 81. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành "
        "kể từ ngày ký ban hành."
    )
    assert "kể từ ngày ký" in answer("Nghị định về đối tác công tư có hiệu lực thi hành từ khi nào?", [decree])
    assert "kể từ ngày ký" not in answer("Nghị định về đối tác công tư ký ngày nào?", [decree])


def test_a_share_of_a_like_amount_measures_the_amount_asked():
    rule = passage(
        "9.1.1. Kho chứa hóa chất ăn mòn ở dạng lỏng phải có hệ thống thu gom hóa chất. Hệ thống thu gom phải có "
        "dung tích tối thiểu bằng 110% dung tích phương tiện chứa lớn nhất.\nTỷ lệ kho đạt yêu cầu tăng 12% so với "
        "năm trước."
    )
    said = answer("Hệ thống thu gom ở kho chứa hóa chất ăn mòn dạng lỏng có dung tích tối thiểu bao nhiêu?", [rule])
    assert "110%" in said and "12%" not in said


def test_a_body_named_by_its_level_and_place_is_not_where_something_is():
    permit = passage(
        "Xét đề nghị của Doanh nghiệp Bản Mới tại Giấy đề nghị cấp giấy phép sử dụng vật liệu nổ công nghiệp mỏ đá "
        "vôi số 06/GĐT ngày 28/4/2026;\n"
        "Điều 2. Điều kiện sử dụng\n5. Giao Sở Công Thương, Công an tỉnh Lào Cai, UBND phường Trung Tâm căn cứ chức "
        "năng, nhiệm vụ giám sát việc sử dụng vật liệu nổ công nghiệp của mỏ đá vôi.\n"
        "Điều 1. Mỏ đá vôi Bản Mới được sử dụng vật liệu nổ công nghiệp để khai thác.\n"
        "Mỏ đá vôi Bản Mới thuộc khu vực Huổi Quẻ, tổ dân phố Cầu Thia, phường Nghĩa Lộ."
    )
    said = answer("Mỏ đá vôi Bản Mới được phép sử dụng vật liệu nổ công nghiệp nằm ở đâu?", [permit])
    assert "Huổi Quẻ" in said and not said.startswith(("Xét đề nghị", "Giao Sở"))  # a paper, bodies: no places


def test_a_direct_sentence_answering_two_parts_is_said_once():
    decision = passage(
        "a) Công ty Minh An phải nộp tiền phạt tại Kho bạc Nhà nước khu vực I hoặc nộp vào tài khoản số 7111 của Sở "
        "Tài chính; cơ quan ra Quyết định xử phạt: Cục Hóa chất (mã số: 112166) trong thời hạn 10 ngày, kể từ ngày "
        "nhận được Quyết định này.",
        headings=("Điều 3. Quyết định này được",),
        issuer="Cục Hóa chất",
        doc_type="Quyết định",
        subject="Xử phạt vi phạm hành chính Công ty Minh An",
    )
    question = (
        "Công ty đó phải nộp tiền phạt trong thời hạn bao lâu, nếu chậm thì mỗi ngày phải nộp thêm bao nhiêu? "
        "(Cục Hóa chất xử phạt Công ty Minh An về những hành vi)"
    )
    direct = answer(question, [decision]).split("\n\n")[0]
    assert direct == "Cục Hóa chất (mã số: 112166) trong thời hạn 10 ngày [1]."  # not twice, once for each part


def test_a_type_word_before_another_capitalised_word_opens_a_name():
    # "Văn" opens "Văn bản" but also the districts "Văn Yên", "Văn Bàn": a plant of Văn Yên is not one of Bảo Yên
    assert "van yen" in Question("Nhà máy tinh dầu quế Văn Yên của Công ty X có công suất bao nhiêu?").names
    assert Question("Văn bản 123/UBND-KT giao nhiệm vụ gì?").names == []
    assert Question("Biên bản kiểm tra kho ở Biên Hòa lập ngày nào?").names == ["bien hoa"]


def test_a_province_glued_in_a_file_name_is_the_documents_place():
    from assistant.units import meta_text

    table = passage(
        "TT | Tên khu công nghiệp | Địa điểm | Nhu cầu nước (m3/ha) | Ghi chú\n"
        "5 | KCN Tằng Loỏng | Xã Tằng Loỏng | 18.000 | Đã thành lập\n"
        "6 | KCN Y Can | Xã Lương Thịnh, xã Quy Mông | 15.750 | Quy hoạch giai đoạn 2026-2030",
        path="quy-hoach/qht-laocai-2026-phuluc.txt",
        headings=("Phụ lục 46. Nhu cầu nước các khu công nghiệp (m3/ha)",),
    )
    assert "Lào Cai" in meta_text(table)
    asked = "Phụ lục quy hoạch tỉnh Lào Cai ghi nhu cầu nước của KCN Y Can là bao nhiêu m3/ha?"
    assert "15.750" in answer(asked, [table])


def test_an_items_letter_is_no_unit_of_money_for_a_table_row():
    # "bao nhiêu tiền": a row of figures answers only if its table's caption says money; "d)" opening the list is
    # an item's letter, not "đ" (đồng)
    from assistant.evidence import kind_missing

    row = "TT: 1; Tên gọi và Mô tả: Xăng; Số hiệu UN: 1203; Loại nhóm hàng: 3; Số hiệu nguy hiểm: 33"
    listed = f"d) Danh mục hàng hóa nguy hiểm đề nghị cấp phép vận chuyển: {row}"
    asked = Question("Lệ phí cấp giấy phép vận chuyển hàng nguy hiểm loại 3 là bao nhiêu tiền?")
    assert kind_missing(asked, row, set(), None, listed) == "unit"
    assert kind_missing(asked, row, set(), None, f"Lệ phí (đồng)\n{row}") is None
