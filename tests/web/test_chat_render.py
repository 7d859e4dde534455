"""How an answer is shown and copied: highlighted passages, source cards, the official citation text, filters."""

from __future__ import annotations

import pytest

from assistant.answers import Answer
from assistant.citations import Citation, cite
from assistant.metadata_filters import Filters
from assistant.retrieval import Passage
from assistant.web.filters import ANY, BadDate, make_filters, parse_date
from assistant.web.highlight import highlight, query_terms
from assistant.web.sources import answer_html, copy_text, official_citation, sources_html
from index.records import Chunk, DocMeta


def test_query_terms_fold_accents_and_drop_question_words() -> None:
    terms = query_terms("Kim ngạch XUẤT KHẨU quý I đạt bao nhiêu?")
    assert terms.words == {"kim", "ngach", "xuat", "khau", "quy", "dat"}
    assert query_terms("số 1389 là gì").words == {"so", "1389"}
    # "chứa" (to hold) is not the stop word "chưa" (not yet) once accents are kept
    assert query_terms("kho chứa bao nhiêu tấn").words == {"kho", "chua", "tan"}


def test_highlight_marks_words_whatever_their_accents_and_joins_phrases() -> None:
    terms = query_terms("kim ngach xuat khau")
    out = highlight("Kim ngạch xuất khẩu tăng; xuất khẩu gạo.", terms)
    assert out == "<mark>Kim ngạch xuất khẩu</mark> tăng; <mark>xuất khẩu</mark> gạo."


def test_a_syllable_of_a_two_syllable_word_is_marked_only_in_that_word() -> None:
    terms = query_terms("Sản lượng bia các loại năm 2021 đạt bao nhiêu?")
    out = highlight("Sản phẩm chủ yếu: bia các loại 43.045 ngàn lít; sản lượng điện năm 2021, năm trước.", terms)
    assert out == (
        "Sản phẩm chủ yếu: <mark>bia</mark> các <mark>loại</mark> 43.045 ngàn lít; <mark>sản lượng</mark> điện "
        "<mark>năm 2021</mark>, năm trước."
    )


def test_highlight_escapes_the_document_text() -> None:
    out = highlight('<script>alert("x")</script> kho chứa', query_terms("kho chứa"))
    assert "<script>" not in out
    assert out.endswith("<mark>kho chứa</mark>")
    assert "&lt;script&gt;" in out


def test_highlight_does_not_mark_words_only_containing_a_term() -> None:
    assert highlight("Đạtđược đạt", query_terms("đạt")) == "Đạtđược <mark>đạt</mark>"


def test_a_number_is_not_marked_inside_a_longer_number() -> None:
    out = highlight("Tăng 4,3% so với 318,4 tỷ; chi 1.389,5 tỷ trong 4 tháng, 4.", query_terms("4 tháng"))
    assert out == "Tăng 4,3% so với 318,4 tỷ; chi 1.389,5 tỷ trong <mark>4 tháng</mark>, <mark>4</mark>."


def test_a_number_or_word_is_not_marked_against_a_letter_or_digit() -> None:
    assert highlight("A4, 4a, năm2021, 2021", query_terms("4 năm 2021")) == "A4, 4a, năm2021, <mark>2021</mark>"


def test_a_decimal_number_in_the_question_is_matched_whole() -> None:
    terms = query_terms("Doanh thu 318,4 tỷ đồng là của ai?")
    assert "318,4" in terms.words
    assert "4" not in terms.words
    out = highlight("Doanh thu đạt 318,4 tỷ đồng, tăng 4,3%; 318 và 4.", terms)
    assert out == "<mark>Doanh thu</mark> đạt <mark>318,4 tỷ đồng</mark>, tăng 4,3%; 318 và 4."


CITATION = Citation(
    doc_path="bao-cao/BC 45.pdf",
    label="Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương tỉnh Vân Mộng",
    pages="tr. 2–3",
    chunk_id="bao-cao/BC 45.pdf#4",
    subject="Tình hình thương mại quý I năm 2025",
    number="45/BC-SCT",
    date="2025-04-04",
    issuer="Sở Công Thương tỉnh Vân Mộng",
)
DRAFT = Citation(
    doc_path="thong-bao/du-thao.docx",
    label="Thông báo (chưa ghi số) ngày 12/3/2025 của Sở Công Thương tỉnh Vân Mộng",
    pages="",
    chunk_id="thong-bao/du-thao.docx#0",
    subject=None,
    date="2025-03-12",
    issuer="Sở Công Thương tỉnh Vân Mộng",
)


def answer(**changes) -> Answer:
    chunk = Chunk("bao-cao/BC 45.pdf", 4, "Kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD.", (), 2, 3)
    passage = Passage(chunk, DocMeta("bao-cao/BC 45.pdf"), "pdf", 1.0)
    draft_chunk = Chunk("thong-bao/du-thao.docx", 0, "Lịch kiểm tra an toàn điện.", ())
    base = Answer(
        question="Kim ngạch xuất khẩu quý I?",
        text="Theo nguồn [1]: «Kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD.» Lịch ở [2].",
        citations=(CITATION, DRAFT),
        passages=(passage, Passage(draft_chunk, None, "docx", 0.5)),
    )
    return Answer(**{**base.__dict__, **changes})


def test_copy_text_is_the_answer_then_full_citations() -> None:
    text = copy_text(answer())
    assert text.splitlines() == [
        "Theo nguồn [1]: «Kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD.» Lịch ở [2].",
        "",
        "Nguồn:",
        "[1] Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương tỉnh Vân Mộng, tr. 2–3"
        " — Tình hình thương mại quý I năm 2025.",
        "[2] Thông báo (chưa ghi số) ngày 12/3/2025 của Sở Công Thương tỉnh Vân Mộng.",
    ]
    assert "<" not in text  # plain text, no markup to clean up after pasting


def test_copy_text_of_an_abstention_is_just_the_sentence() -> None:
    assert copy_text(answer(text="Không tìm thấy thông tin này trong kho văn bản.", abstained=True, citations=())) == (
        "Không tìm thấy thông tin này trong kho văn bản."
    )


def test_official_citation_keeps_one_final_full_stop() -> None:
    assert official_citation(Citation("a.txt", "Công văn số 1/X", "", "a.txt#0", subject="V/v kiểm tra.")) == (
        "Công văn số 1/X — V/v kiểm tra."
    )


def test_source_cards_link_the_file_at_its_page_and_show_every_field() -> None:
    html = sources_html(answer())
    assert 'href="tep/bao-cao/BC%2045.pdf#page=2"' in html
    assert "Mở tệp tại trang 2" in html
    for shown in ("Báo cáo số 45/BC-SCT", "Tình hình thương mại quý I năm 2025", "Sở Công Thương tỉnh Vân Mộng"):
        assert shown in html
    assert "04/4/2025" in html and "2–3" in html
    assert "<mark>Kim ngạch xuất khẩu quý</mark>" in html
    # the draft without a number is named by type, date and issuer, and a Word file is downloaded
    assert "Thông báo (chưa ghi số) ngày 12/3/2025" in html
    assert 'href="tep/thong-bao/du-thao.docx"' in html and "Tải tệp về" in html
    assert "\n\n" not in answer_html(answer())  # one HTML block for the chat's Markdown


def test_an_abstention_shows_no_sources() -> None:
    shown = answer_html(answer(text="Không tìm thấy thông tin này trong kho văn bản.", abstained=True, citations=()))
    assert "tl-sources" not in shown


def test_long_passages_are_cut_around_the_first_match() -> None:
    chunk = Chunk("a.pdf", 0, "mở đầu " * 200 + "sức chứa 210 tấn " + "kết thúc " * 200, (), 1, 1)
    long = answer(
        question="sức chứa bao nhiêu tấn",
        citations=(Citation("a.pdf", "Công văn số 77", "tr. 1", "a.pdf#0"),),
        passages=(Passage(chunk, None, "pdf", 1.0),),
    )
    html = sources_html(long)
    assert "<mark>sức chứa</mark> 210 <mark>tấn</mark>" in html
    assert html.count("mở đầu") < 60 and "…" in html


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("", None), ("2023", "2023"), ("4/2023", "2023-04"), ("04/4/2023", "2023-04-04"), ("2023-4-5", "2023-04-05")],
)
def test_parse_date_takes_the_forms_staff_type(typed: str, iso: str | None) -> None:
    assert parse_date(typed) == iso


@pytest.mark.parametrize("typed", ["hôm qua", "13/2023", "32/1/2023", "2023/04/05"])
def test_parse_date_refuses_other_text(typed: str) -> None:
    with pytest.raises(BadDate):
        parse_date(typed)


def test_make_filters_treats_any_and_blanks_as_no_filter() -> None:
    assert make_filters(ANY, ANY, "", " ") == Filters()
    assert make_filters("Lào Cai", "Báo cáo", "2021", "6/2023") == Filters("Lào Cai", "Báo cáo", "2021", "2023-06")


def test_cards_open_the_quoted_page_and_name_a_file_name_number_as_such() -> None:
    meta = DocMeta(
        "thong-bao/TB-245_12.3.2025_Lich-kiem-tra.pdf",
        number="245/TB-SCT",
        number_source="filename",
        doc_type="Thông báo",
        date="2025-03-12",
        issuer="Sở Công Thương tỉnh Vân Mộng",
        subject="Lịch kiểm tra an toàn điện",
    )
    text = "1. Thời gian\nTừ ngày 20/3/2025.\n2. Địa điểm\nCác trạm biến áp của Điện lực Vân Mộng."
    chunk = Chunk(meta.path, 0, text, (), 2, 3, ((0, 2), (text.index("2. Địa điểm"), 3)))
    quoted = "Các trạm biến áp của Điện lực Vân Mộng."
    citation = cite(chunk, meta, "pdf", quotes={chunk.chunk_id: [quoted]})
    shown = answer(
        text=f"Theo nguồn [1]: «{quoted}»",
        citations=(citation,),
        passages=(Passage(chunk, meta, "pdf", 1.0),),
    )

    html = sources_html(shown)
    assert 'href="tep/thong-bao/TB-245_12.3.2025_Lich-kiem-tra.pdf#page=3"' in html and "Mở tệp tại trang 3" in html
    assert "<dt>Trang</dt><dd>3</dd>" in html
    copied = copy_text(shown)
    for channel in (html, copied):
        assert "Thông báo (dự thảo, số 245/TB-SCT theo tên tệp) ngày 12/3/2025" in channel
        assert "số 245/TB-SCT ngày" not in channel
    assert copied.splitlines()[-1] == (
        "[1] Thông báo (dự thảo, số 245/TB-SCT theo tên tệp) ngày 12/3/2025 của Sở Công Thương tỉnh Vân Mộng, tr. 3"
        " — Lịch kiểm tra an toàn điện."
    )
