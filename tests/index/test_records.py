"""What the records compute from their own fields: the page of a quoted line, how a document's number is written."""

from __future__ import annotations

import pytest

from index.records import Chunk, DocMeta, quote_pages

# A passage over pages 2 and 3, as chunking writes it: page 3 begins at the line "2. Bán lẻ".
TEXT = (
    "1. Xuất khẩu\n"
    "Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD, tăng 12% so với cùng kỳ.\n"
    "2. Bán lẻ\n"
    "Tổng mức bán lẻ hàng hóa ước đạt 3.781 tỷ đồng. Giá cả các mặt hàng thiết yếu ổn định."
)
PAGE_THREE = TEXT.index("2. Bán lẻ")
CHUNK = Chunk("bc.pdf", 4, TEXT, (), 2, 3, ((0, 2), (PAGE_THREE, 3)))


@pytest.mark.parametrize(
    ("quote", "pages"),
    [
        ("Tổng mức bán lẻ hàng hóa ước đạt 3.781 tỷ đồng.", (3, 3)),
        # a sentence cut from a longer line, in quotation marks
        ("«Giá cả các mặt hàng thiết yếu ổn định.»", (3, 3)),
        ("Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD", (2, 2)),
        # wrapped lines joined with one space by the answer step, the page break inside
        ("tăng 12% so với cùng kỳ. 2. Bán lẻ", (2, 3)),
        ("1. Xuất khẩu   Kim ngạch", (2, 2)),
        # not in the passage: its whole range, as before page marks
        ("Kim ngạch nhập khẩu đạt 512,3 triệu USD.", (2, 3)),
        ("   ", (2, 3)),
    ],
)
def test_the_page_of_a_quote_is_where_its_text_is(quote: str, pages: tuple[int, int]) -> None:
    assert quote_pages(CHUNK, quote) == pages


def test_whitespace_in_the_passage_is_collapsed_too() -> None:
    spaced = Chunk("bc.pdf", 0, "Dòng một.\n\n  Sản lượng  điện\tđạt 482 triệu kWh.", (), 5, 6, ((0, 5), (12, 6)))
    assert quote_pages(spaced, "Sản lượng điện đạt 482 triệu kWh.") == (6, 6)
    assert quote_pages(spaced, "Dòng một. Sản lượng") == (5, 6)


def test_a_chunk_without_marks_gives_its_range() -> None:
    # a catalog row written before page marks were kept
    old = Chunk("bc.pdf", 4, TEXT, (), 2, 3)
    assert quote_pages(old, "Tổng mức bán lẻ hàng hóa ước đạt 3.781 tỷ đồng.") == (2, 3)
    assert old.page_at(PAGE_THREE) == 2


def test_page_at_reads_the_marks() -> None:
    assert [CHUNK.page_at(n) for n in (0, PAGE_THREE - 1, PAGE_THREE, len(TEXT) - 1)] == [2, 2, 3, 3]


@pytest.mark.parametrize(
    ("meta", "title"),
    [
        (
            DocMeta("a.pdf", number="718/TB-SCT", number_source="header", doc_type="Thông báo"),
            "Thông báo số 718/TB-SCT",
        ),
        (
            DocMeta("TB-245_x.docx", number="245/TB-SCT", number_source="filename", doc_type="Thông báo"),
            "Thông báo (dự thảo, số 245/TB-SCT theo tên tệp)",
        ),
        # a scan whose handwritten number OCR could not read is a signed paper, not a draft
        (
            DocMeta("464-ttg.signed.pdf", number="464/TTg-CĐS", number_source="filename", pages=3, pages_ocr=3),
            "Văn bản (số 464/TTg-CĐS theo tên tệp)",
        ),
        (DocMeta("a.docx", doc_type="Báo cáo"), "Báo cáo (chưa ghi số)"),
    ],
)
def test_a_number_from_the_file_name_is_never_written_as_the_headers(meta: DocMeta, title: str) -> None:
    assert meta.title == title
