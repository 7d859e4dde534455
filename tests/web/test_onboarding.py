"""The onboarding tab: counts by issuer, type and year, glossary, most cited, questions from the headings."""

from __future__ import annotations

import pytest

from assistant.web import onboarding
from assistant.web.context import WebContext
from index.catalog import Catalog
from index.records import Chunk, DocMeta
from tests.web.real_index import RealIndex, read_only_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> RealIndex:
    return read_only_index(tmp_path_factory)


@pytest.fixture(scope="module")
def sections(index: RealIndex) -> tuple[str, list[str], str, str]:
    return onboarding.onboarding_sections(WebContext(index.settings, assistant=None))


def test_overview_counts_documents_by_issuer_type_and_year(index: RealIndex) -> None:
    catalog = Catalog(index.settings.index_dir / "catalog.sqlite")
    try:
        overview = onboarding.archive_overview(catalog)
    finally:
        catalog.close()
    assert overview.documents == 5
    assert overview.by_issuer == [
        ("Sở Công Thương tỉnh Hòa Bình Xanh", 2),
        ("Sở Công Thương tỉnh Sơn Lâm Xanh", 1),
        ("UBND tỉnh Hòa Bình Xanh", 1),
        (onboarding.UNKNOWN, 1),
    ]
    assert overview.by_type[0] == ("Báo cáo", 2)
    assert overview.by_year == [("2025", 1), ("2023", 2), ("2020", 1), (onboarding.UNKNOWN, 1)]


def test_sections_show_glossary_and_most_cited(sections: tuple[str, list[str], str, str]) -> None:
    overview, questions, cited, glossary = sections
    assert "Kho có **5 văn bản**" in overview
    assert "| Sở Công Thương tỉnh Hòa Bình Xanh | 2 |" in overview
    assert "| VLNCN | vật liệu nổ công nghiệp | 1 |" in glossary
    lines = cited.splitlines()
    assert lines[2].startswith("1. Quyết định số **1389/QĐ-UBND**: 2 văn bản trích dẫn — có trong kho")
    assert any(line.startswith("2. Quyết định số **9999/QĐ-UBND**: 1 văn bản trích dẫn") for line in lines)


def test_starter_questions_come_from_the_archive_headings(sections: tuple[str, list[str], str, str]) -> None:
    questions = sections[1]
    assert "Báo cáo 45/BC-SCT nói gì về tình hình thực hiện?" in questions
    assert "Báo cáo 80/BC-SCT nói gì về thương mại điện tử?" in questions
    assert not any("ghi-chu" in q for q in questions)  # a note without a number gives no question
    assert onboarding.starter_intro(questions) == "Bấm một câu hỏi để hỏi ngay ở thẻ Hỏi đáp:"
    assert onboarding.starter_intro([]).startswith("Chưa có đủ văn bản")


@pytest.mark.parametrize(
    ("heading", "topic"),
    [
        ("I. TÌNH HÌNH THỰC HIỆN", "tình hình thực hiện"),
        ("Chương II. QUẢN LÝ VLNCN TẠI ĐỊA PHƯƠNG", "quản lý VLNCN tại địa phương"),
        ("Điều 3. Giải thích từ ngữ", "giải thích từ ngữ"),
        ("b) Về điều kiện phương tiện", "điều kiện phương tiện"),
        ("1.2. Sở Công Thương tỉnh Lào Cai", "Sở Công Thương tỉnh Lào Cai"),
        ("2. Trong quá trình hoạt động khai thác", None),
        ("1. Xuất khẩu", "xuất khẩu"),
        ("a) Khác", None),  # one syllable says too little
        ("IV. 2023", None),
    ],
)
def test_heading_topics(heading: str, topic: str | None) -> None:
    assert onboarding.heading_topic(heading, keep_upper={"VLNCN"}) == topic


def test_questions_alternate_between_document_types(tmp_path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    try:
        plan = [
            ("a.txt", "Báo cáo", "1/BC-X", "2024-01-01", "I. KẾT QUẢ KIỂM TRA"),
            ("b.txt", "Báo cáo", "2/BC-X", "2024-02-01", "II. NHIỆM VỤ TRỌNG TÂM"),
            ("c.txt", "Báo cáo", "3/BC-X", "2024-03-01", "1. Tình hình thị trường"),
            ("d.txt", "Quyết định", "4/QĐ-X", "2023-01-01", "Điều 1. Phạm vi điều chỉnh"),
        ]
        for path, kind, number, date, heading in plan:
            chunks = [Chunk(path, 0, "Nội dung " * 40, (heading,), 1, 1)]
            meta = DocMeta(path, number=number, doc_type=kind, date=date)
            catalog.record_indexed(path, path, 1, "txt", meta, chunks)
        questions = onboarding.starter_questions(catalog, limit=3)
    finally:
        catalog.close()
    assert questions == [
        "Báo cáo 3/BC-X nói gì về tình hình thị trường?",
        "Quyết định 4/QĐ-X nói gì về phạm vi điều chỉnh?",
        "Báo cáo 2/BC-X nói gì về nhiệm vụ trọng tâm?",
    ]
