"""Pure helpers: tokens, accent restoration, follow-up carry-over, answer units and question constraints."""

from __future__ import annotations

from assistant.questions import Question
from assistant.rewrite import carry_over, is_follow_up
from assistant.units import split_units
from assistant.vietnamese import DiacriticRestorer, doc_number_keys, fold, tokenize


def test_tokens_keep_numbers_figures_and_periods_whole():
    tokens = tokenize("Kim ngạch xuất khẩu quý I/2021 đạt 402,6 triệu USD theo 1389/QĐ-UBND")
    assert {"#1389/qd-ubnd", "quy_i_2021", "402,6", "kim_ngach", "xuat_khau"} <= set(tokens)
    assert tokenize("1389 / QD - UBND")[0] == "#1389/qd-ubnd"
    assert fold("Đường Quảng Ngãi") == "duong quang ngai"


def test_doc_number_keys_meet_across_spellings_but_not_across_years():
    keys = {k for s in ("1389/QĐ-UBND", "1389/qd-ubnd", "1389 / QĐ - UBND") for k in doc_number_keys(s)}
    assert keys == {"1389/QD-UBND"}
    assert doc_number_keys("04/2021/QĐ-UBND") != doc_number_keys("04/2022/QĐ-UBND")


def test_restorer_prefers_the_archive_s_own_word_pairs():
    restorer = DiacriticRestorer.learn(["Sản lượng bia tăng", "sản lượng điện", "Sàn giao dịch", "Lào Cai"] * 2)
    assert restorer.restore("san luong bia o Lao Cai") == "sản lượng bia o Lào Cai"
    assert restorer.restore("UBND 1389/QD-UBND") == "UBND 1389/QD-UBND"


def test_follow_up_carries_the_previous_subject_and_swaps_the_period():
    history = [{"role": "user", "content": "Kim ngạch xuất khẩu quý I/2021 của Quảng Ngãi đạt bao nhiêu?"}]
    rewritten = carry_over("Còn 6 tháng đầu năm thì sao?", history)
    assert "6 tháng đầu năm" in rewritten and "Kim ngạch xuất khẩu" in rewritten and "quý I" not in rewritten
    assert is_follow_up("Vậy có mấy huyện đạt chuẩn?")
    standalone = "Sở Công Thương Lào Cai cử ai tham gia hội đồng thẩm định kế hoạch ứng phó sự cố hóa chất?"
    assert carry_over(standalone, history) == standalone


def test_units_rejoin_a_sentence_a_pdf_broke_before_a_figure():
    text = "Trong đó: Tổng mức bán lẻ hàng hóa ước đạt\n22.276 tỷ đồng, tăng 9,9%.\n2. Xuất khẩu\nKim ngạch tăng."
    assert split_units(text) == [
        "Trong đó: Tổng mức bán lẻ hàng hóa ước đạt 22.276 tỷ đồng, tăng 9,9%.",
        "2. Xuất khẩu",
        "Kim ngạch tăng.",
    ]


def test_question_names_its_years_provinces_and_periods():
    question = Question("Kim ngạch xuất khẩu của tỉnh Trà Vinh tháng 02/2021 và năm 2024?")
    assert question.years == {"2021", "2024"} and question.places == {"tra vinh"}
    assert [p.label() for p in question.periods] == ["tháng 2/2021"]
    plain = Question("Sản lượng bia bao nhiêu?")
    assert not plain.years and not plain.places and not plain.periods
