"""The answerability decision: the same questions get the same decision on a 7-document archive and on one of
several hundred documents, and each kind of question the archive cannot answer is declined, with its reason."""

from __future__ import annotations

import random

import pytest

from assistant.answerability import Judge
from assistant.chain import describe_filters
from assistant.decision import Unit
from assistant.evidence import has_quantity
from assistant.extractive import direct_sentence
from assistant.metadata_filters import Filters
from assistant.periods import Period, periods_in
from assistant.vietnamese import FIGURE
from tests.assistant.conftest import SmallIndex

ANSWERABLE = {
    "Kim ngạch xuất khẩu quý I ước đạt bao nhiêu?": "402,6 triệu USD",
    "Kim ngạch xuất khẩu 3 tháng đầu năm 2023 đạt bao nhiêu?": "402,6 triệu USD",  # quý I named another way
    "kim ngach xuat khau 6 thang dau nam 2023 dat bao nhieu": "815,2 triệu USD",
    "Có bao nhiêu doanh nghiệp tham gia sàn thương mại điện tử của tỉnh?": "120 doanh nghiệp",
    "Kho chứa của Công ty Mỏ Đá Xanh có sức chứa bao nhiêu tấn?": "210 tấn",
}
UNANSWERABLE = {
    "Kim ngạch xuất khẩu tháng 5/2023 đạt bao nhiêu?": "period",  # only quý I and 6 tháng are reported
    "Kim ngạch xuất khẩu quý I năm 2019 đạt bao nhiêu?": "named",  # a year no document is about
    "Kim ngạch xuất khẩu quý I của tỉnh Cà Mau đạt bao nhiêu?": "named",  # a province no document is about
    "Giá xăng RON 95 tháng 6/2026 là bao nhiêu?": None,  # a topic the archive never covers
    "Kho chứa của Công ty Mỏ Đá Vàng có sức chứa bao nhiêu tấn?": "named",  # a near-miss company
    "Quyết định 4321/QĐ-UBND phê duyệt gì?": None,  # a document number that exists nowhere
    "Có bao nhiêu doanh nghiệp tham gia bình ổn thị trường dịp Tết?": None,  # counts no document gives
}

_TOPICS = (
    ("Sản lượng điện thương phẩm", "triệu kWh"),
    ("Tổng mức bán lẻ hàng hóa", "tỷ đồng"),
    ("Sản lượng xi măng", "nghìn tấn"),
    ("Số vụ vi phạm hành chính về quản lý thị trường", "vụ"),
)
_PROVINCES = ("Lạng Sơn", "Nghệ An", "Bình Định", "Sóc Trăng", "Hà Giang")


def filler_documents(n: int, seed: int = 7) -> dict[str, str]:
    """Reports of other provinces, years and topics: many documents none of which answers the questions above."""
    rng = random.Random(seed)
    docs = {}
    for i in range(n):
        topic, unit = rng.choice(_TOPICS)
        province, year = rng.choice(_PROVINCES), rng.choice((2015, 2016, 2017))
        month = rng.randint(1, 12)
        docs[f"them/bc-{i:03d}.txt"] = (
            f"UBND TỈNH {province.upper()}\nSỞ CÔNG THƯƠNG\nSố: {100 + i}/BC-SCT\n"
            f"{province}, ngày {rng.randint(1, 28)} tháng {month} năm {year}\nBÁO CÁO\n"
            f"Tình hình sản xuất, kinh doanh tháng {month} năm {year} của tỉnh {province}\n"
            f"1. {topic}\n{topic} tháng {month} ước đạt {rng.randint(10, 999)},{rng.randint(1, 9)} {unit}, "
            f"tăng {rng.randint(1, 20)},{rng.randint(1, 9)}% so với cùng kỳ.\n"
            f"2. Nhiệm vụ tháng tới\nTiếp tục theo dõi tình hình {topic.lower()} trên địa bàn tỉnh {province}.\n"
            "GIÁM ĐỐC\nNguyễn Văn Mẫu\n"
        )
    return docs


@pytest.fixture(scope="module")
def large_index(tmp_path_factory) -> SmallIndex:
    from tests.conftest import HashEmbeddings

    return SmallIndex(tmp_path_factory.mktemp("large"), HashEmbeddings(), extra=filler_documents(300))


@pytest.mark.parametrize("size", ["small_index", "large_index"])
def test_the_same_questions_get_the_same_decision_on_a_tiny_and_a_large_archive(size, request):
    index = request.getfixturevalue(size)
    assert len(index.lexical) > (200 if size == "large_index" else 0)
    assistant = index.assistant()
    for question, figure in ANSWERABLE.items():
        answer = assistant.ask(question)
        assert not answer.abstained, question
        assert figure in answer.text.split("\n")[0], (question, answer.text)  # the direct sentence carries it
    for question, reason in UNANSWERABLE.items():
        answer = assistant.ask(question)
        assert answer.abstained and not answer.citations, (question, answer.text)
        if reason:
            decision = assistant.judge.judge(question, assistant.retrieve(question))
            assert decision.reason == reason, (question, decision.reason)


def test_a_period_the_archive_does_not_hold_is_declined_saying_what_it_holds(small_index):
    answer = small_index.assistant().ask("Kim ngạch xuất khẩu tháng 5/2023 đạt bao nhiêu?")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("Không tìm thấy số liệu tháng 5/2023 trong kho văn bản. Kho có số liệu")
    assert "Báo cáo số 80/BC-SCT" in answer.text and "6 tháng đầu năm" in answer.text
    assert not set(FIGURE.findall(answer.text)) & {"402,6", "815,2"}  # never a figure for what was asked


def test_a_filter_that_leaves_nothing_says_so(small_index):
    filters = Filters(doc_type="Thông báo", date_from="2024")
    answer = small_index.assistant().ask("Kim ngạch xuất khẩu quý I ước đạt bao nhiêu?", filters=filters)
    assert answer.abstained and answer.text == "Không tìm thấy văn bản nào khớp bộ lọc (Loại: Thông báo; từ 2024)."
    assert describe_filters(Filters(issuer="Lào Cai")) == "Cơ quan ban hành: Lào Cai"


def test_a_unit_of_another_kind_does_not_answer():
    judge = Judge(lambda terms: dict.fromkeys(terms, 0.5))
    assert has_quantity("Kim ngạch ước đạt 402,6 triệu USD") and not has_quantity(
        "Theo Quyết định 1389/QĐ-UBND ngày 18/9/2020"
    )
    assert not has_quantity("1. Phối hợp tổ chức hội nghị trong tháng 6/2025.")
    assert judge.config.min_similarity is None  # no similarity level unless the model is known


def test_periods_meet_in_any_wording():
    quarter = periods_in("quý I/2021")
    assert quarter == periods_in("3 tháng đầu năm 2021") == periods_in("lũy kế đến hết tháng 3 năm 2021")
    assert periods_in("nửa đầu năm 2025") == periods_in("6 tháng đầu năm 2025") == [Period("cum", 6, 2025)]
    assert periods_in("tháng 02/2021") == [Period("month", 2, 2021)]
    assert periods_in("ngày 15 tháng 3 năm 2021") == []  # a date, not a period
    assert Period("month", 4, 2025) not in periods_in("lũy kế 4 tháng")


@pytest.mark.parametrize(
    "line",
    [
        "a) Xuất khẩu: kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD, đạt 26,5% kế hoạch năm (KH: 1.200 triệu USD), tăng 12,8% so với cùng kỳ năm 2024. Mặt hàng chủ lực: dăm gỗ ước đạt 64,9 triệu USD.",
        "Thị trường ổn định, không xảy ra sốt giá. Tổng mức bán lẻ hàng hóa quý I ước đạt 9.215,7 tỷ đồng, tăng 8,9%.",
        "TT: 3; Mặt hàng: Tinh bột sắn; Tháng 4/2025: 14,2; 4 tháng 2025: 55,5",
    ],
)
def test_the_direct_sentence_is_cut_from_the_quote_and_carries_no_other_figure(line):
    question = "Kim ngạch xuất khẩu quý I ước đạt bao nhiêu?"
    sentence = direct_sentence(Unit(line, 0, 1.0, 1.0), question)
    assert sentence.rstrip(".").lower() in line.lower() or sentence[:1].lower() + sentence[1:] in line
    assert set(FIGURE.findall(sentence)) <= set(FIGURE.findall(line))
    assert any(ch.isdigit() for ch in sentence)


def test_a_count_is_a_number_before_its_noun_and_a_rate_is_a_percentage():
    from assistant.evidence import carries_kind
    from assistant.questions import Question

    question = Question("Có bao nhiêu doanh nghiệp tham gia chương trình?")
    assert carries_kind(question, "Đã có 120 doanh nghiệp tham gia.", set(), "doanh_nghiep")
    assert carries_kind(question, "Số doanh nghiệp tham gia: 45", set(), "doanh_nghiep")
    assert not carries_kind(
        question, "Cấp 16 giấy chứng nhận; các doanh nghiệp hoạt động ổn định.", set(), "doanh_nghiep"
    )
    rate = Question("Tỷ lệ lấp đầy các cụm công nghiệp là bao nhiêu?")
    assert rate.asked_unit == "%"
    assert not carries_kind(rate, "Có 23 cụm công nghiệp đang hoạt động.", set(), None)
    assert carries_kind(rate, "Tỷ lệ lấp đầy bình quân đạt 61,5%.", set(), None)
    assert Question("Chỉ số tăng bao nhiêu so với cùng kỳ?").counted == ()
