"""Citations from stored metadata: the pages of the quoted lines, and a draft's number never shown as official."""

from __future__ import annotations

import pytest

from assistant.answers import Answer
from assistant.chain import render
from assistant.citations import cite, document_label
from index.chunking import chunk_document
from index.loaders import load_document
from index.ocr import OcrConfig
from index.records import Chunk, DocMeta
from tests.data.fixtures import make_text_pdf

RETAIL = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng quý I ước đạt 3.781 tỷ đồng."
PRICES = "Giá các mặt hàng thiết yếu ổn định, không có biến động lớn trong quý."
TASKS = "Tiếp tục theo dõi diễn biến thị trường, bảo đảm cung ứng hàng hóa thiết yếu."
PAGES = [
    "BÁO CÁO\nTình hình thương mại quý I năm 2023\nI. KẾT QUẢ\n"
    "Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD, tăng 12% so với cùng kỳ.",
    RETAIL,
    f"II. GIÁ CẢ VÀ NHIỆM VỤ\n{PRICES}",
    TASKS,
]

DRAFT = DocMeta(
    "thong-bao/TB-245_12.3.2025_Lich-kiem-tra.docx",
    number="245/TB-SCT",
    number_source="filename",
    doc_type="Thông báo",
    date="2025-03-12",
    issuer="Sở Công Thương tỉnh Vân Mộng",
    subject="Lịch kiểm tra an toàn điện",
)


@pytest.fixture(scope="module")
def chunks(tmp_path_factory: pytest.TempPathFactory) -> list[Chunk]:
    """A real four-page text PDF, chunked small: passages over pages 1–2 and 3–4."""
    base = tmp_path_factory.mktemp("pdf")
    loaded = load_document(make_text_pdf(base / "bc.pdf", PAGES), base, OcrConfig(enabled=False))
    found = chunk_document(loaded.pages, loaded.path, max_chars=1000, min_chars=200)
    passages = [c for c in found if RETAIL in c.text or TASKS in c.text]  # the title is a chunk of its own
    assert [(c.page_start, c.page_end) for c in passages] == [(1, 2), (3, 4)]
    return passages


def test_without_quotes_a_citation_gives_the_passage_pages(chunks: list[Chunk]) -> None:
    citation = cite(chunks[0], None, "pdf")
    assert (citation.pages, citation.page) == ("tr. 1–2", 1)


def test_quotes_give_the_pages_of_the_quoted_lines(chunks: list[Chunk]) -> None:
    first, second = chunks
    citation = cite(first, None, "pdf", quotes={first.chunk_id: [RETAIL]})
    assert (citation.pages, citation.page) == ("tr. 2", 2)
    # a sentence cut short, its wrapped line joined with spaces, from the second page of the other passage
    cut = "Tiếp tục theo dõi diễn biến\n  thị trường"
    citation = cite(second, None, "pdf", quotes={second.chunk_id: [cut]})
    assert (citation.pages, citation.page) == ("tr. 4", 4)


def test_quotes_from_several_passages_of_one_document(chunks: list[Chunk]) -> None:
    first, second = chunks
    quotes = {first.chunk_id: [RETAIL], second.chunk_id: [PRICES, TASKS]}
    citation = cite(first, None, "pdf", [second], quotes=quotes)
    assert (citation.pages, citation.page) == ("tr. 2–4", 2)
    # the first quoted line's page opens the file, even when a later passage is on an earlier page
    citation = cite(second, None, "pdf", [first], quotes={second.chunk_id: [TASKS], first.chunk_id: [RETAIL]})
    assert (citation.pages, citation.page) == ("tr. 2, 4", 4)


def test_a_quote_not_in_the_passage_cites_its_whole_range(chunks: list[Chunk]) -> None:
    citation = cite(chunks[0], None, "pdf", quotes={chunks[0].chunk_id: ["Người ký: Nguyễn Văn A"]})
    assert (citation.pages, citation.page) == ("tr. 1–2", 1)


def test_files_without_pages_have_no_page_to_open() -> None:
    chunk = Chunk("cv.docx", 0, TASKS, (), 1, 1, ((0, 1),))
    citation = cite(chunk, None, "docx", quotes={chunk.chunk_id: [TASKS]})
    assert (citation.pages, citation.page) == ("", None)


def test_a_number_from_the_file_name_is_labelled_as_such() -> None:
    label = document_label(DRAFT, DRAFT.path)
    assert label == "Thông báo (dự thảo, số 245/TB-SCT theo tên tệp) ngày 12/3/2025 của Sở Công Thương tỉnh Vân Mộng"
    official = DocMeta("a.pdf", number="245/TB-SCT", number_source="header", doc_type="Thông báo", date="2025-03-12")
    assert document_label(official, "a.pdf") == "Thông báo số 245/TB-SCT ngày 12/3/2025"
    unnumbered = DocMeta("b.docx", doc_type="Báo cáo", date="2025-03-12")
    assert document_label(unnumbered, "b.docx") == "Báo cáo (chưa ghi số) ngày 12/3/2025"


def test_the_cli_answer_names_the_draft_by_its_file_name_number() -> None:
    chunk = Chunk(DRAFT.path, 0, "Lịch kiểm tra an toàn điện từ ngày 20/3/2025.", ())
    citation = cite(chunk, DRAFT, "docx")
    shown = render(Answer("Lịch kiểm tra?", "Theo nguồn [1]: «Lịch kiểm tra an toàn điện.»", (citation,)))
    assert "[1] Thông báo (dự thảo, số 245/TB-SCT theo tên tệp) ngày 12/3/2025" in shown
    assert "số 245/TB-SCT ngày" not in shown
