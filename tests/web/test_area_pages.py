"""The area pages' Markdown, “Văn bản này là gì?”, the starter questions and the area filter, over the fictional
foldered archive really ingested."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from assistant.answers import Answer
from assistant.areas.book import AreaBook, AreaPage
from assistant.areas.doctypes import explain_type
from assistant.areas.starters import STARTERS_SHOWN, answered, candidate_questions, checked_questions
from assistant.citations import Citation
from assistant.metadata_filters import Filters
from assistant.settings import Settings
from assistant.web.area_pages import area_markdown
from assistant.web.browse import document_details
from assistant.web.context import WebContext
from assistant.web.doc_explain import explain, explainer
from assistant.web.sources import answer_html
from index.catalog import Catalog
from index.records import DocMeta
from tests.assistant.areas_archive import index_archive

CHEMICALS = "so-ct-lao-cai/hc-vn"
PLAN = f"{CHEMICALS}/vi-du/KH-501 kiem tra hoa chat.txt"
REPORT = f"{CHEMICALS}/vi-du/BC-560 ket qua kiem tra.txt"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return index_archive(tmp_path_factory.mktemp("area-pages"))


@pytest.fixture(scope="module")
def pages(settings: Settings) -> list[AreaPage]:
    return AreaBook(settings.index_dir).pages()


def test_the_page_cites_every_fact(pages: list[AreaPage]) -> None:
    chemicals = next(p for p in pages if p.area.key == CHEMICALS)
    text = area_markdown(chemicals, {PLAN: "Kế hoạch số 501/KH-SCT"})
    assert text.startswith("## Hóa chất")
    assert "**Nghị định số 88/2030/NĐ-CP** (05/1/2030" in text
    assert "3/4 văn bản của lĩnh vực trích dẫn" in text
    assert "**Nghị định số 12/2020/NĐ-CP**" in text and "chưa có trong kho" in text
    assert "⚠️ **Có thể đã hết hiệu lực hoặc bị thay thế** — theo [ND-88-2030.txt]" in text
    assert "**Kế hoạch → Quyết định → Báo cáo** (1 hồ sơ)" in text
    assert "[Kế hoạch số 501/KH-SCT](tep/so-ct-lao-cai/hc-vn/vi-du/KH-501%20kiem%20tra%20hoa%20chat.txt)" in text
    assert "khoảng 8 ngày sau bước trước" in text and "khoảng 20 ngày sau bước trước" in text
    assert "**định kỳ hằng năm; trước ngày 15 tháng 12; gửi Sở Công Thương**" in text
    assert "| Quyết định | Trần Văn Quyết | GIÁM ĐỐC | 1 |" in text
    assert "| SCHC | Sự cố hóa chất |" in text


def test_what_a_document_is(pages: list[AreaPage]) -> None:
    found = explain(REPORT, "Báo cáo", pages)
    assert found.type_text == explain_type("Báo cáo")
    assert found.area == "Hóa chất"
    assert found.places == ("Là bước 3/3 của hồ sơ ví dụ cho quy trình Kế hoạch → Quyết định → Báo cáo.",)
    assert explain_type("Biên bản thẩm định hồ sơ") != explain_type("Biên bản")  # the longer entry wins
    assert explain_type("Văn bản lạ") is None


def test_the_browse_card_says_what_a_document_is(settings: Settings) -> None:
    card = document_details(WebContext(settings), REPORT)
    assert "#### Văn bản này là gì?" in card
    assert explain_type("Báo cáo") in card
    assert "Thuộc lĩnh vực “Hóa chất”." in card
    assert "Là bước 3/3 của hồ sơ ví dụ cho quy trình Kế hoạch → Quyết định → Báo cáo." in card


def test_a_source_card_says_what_its_document_is_behind_a_closed_summary(settings: Settings) -> None:
    answer = Answer("q", "Kết quả kiểm tra.", citations=(Citation(REPORT, "Báo cáo 560", "tr. 1", f"{REPORT}#0"),))
    card = answer_html(answer, explainer(WebContext(settings)))
    what = card[card.index('<details class="tl-what">') :]
    assert what.startswith('<details class="tl-what"><summary>Văn bản này là gì?</summary>')  # closed: no "open"
    assert "<p>Thuộc lĩnh vực “Hóa chất”.</p>" in what
    assert "Là bước 3/3 của hồ sơ ví dụ cho quy trình Kế hoạch → Quyết định → Báo cáo." in what
    assert card.index("tl-what") > card.index("Tải tệp về")  # on the line of the card's action
    assert "tl-what" not in answer_html(answer)


@contextmanager
def chemicals_catalog(settings: Settings, pages: list[AreaPage]) -> Iterator[tuple[AreaPage, dict, Catalog]]:
    """The chemicals area's page, the archive's metadata by path, and the catalogue, open for the block."""
    chemicals = next(p for p in pages if p.area.key == CHEMICALS)
    with closing(Catalog(settings.index_dir / "catalog.sqlite")) as catalog:
        yield chemicals, {r.path: r.meta for r in catalog.indexed_documents() if r.meta}, catalog


def test_starters_are_kept_only_when_answered(settings: Settings, pages: list[AreaPage]) -> None:
    with chemicals_catalog(settings, pages) as (chemicals, metas, catalog):
        candidates = candidate_questions(chemicals.area.paths, metas, catalog.chunks_of)
    assert "Ai ký Báo cáo 560/BC-SCT?" in candidates
    asked: list[tuple[str, Filters]] = []

    def ask(question: str, filters: Filters) -> Answer:
        asked.append((question, filters))
        if "Quyết định" in question:  # a chain that declines questions on the decision
            return Answer(question, "Không tìm thấy", abstained=True, declined="kind")
        cited = "elsewhere.txt" if "Kế hoạch" in question else REPORT  # and answers those on the plan from outside
        return Answer(question, "…", citations=(Citation(cited, "nhãn", "tr. 1", f"{cited}#0"),))

    kept = checked_questions(candidates, "Hóa chất", chemicals.area.paths, ask)
    assert kept == [  # the declined decision and the plan answered from outside are replaced by other questions
        "Ai ký Báo cáo 560/BC-SCT?",
        "Báo cáo 560/BC-SCT ban hành ngày nào?",
        "Báo cáo 560/BC-SCT về việc gì?",
        "Ai ký Nghị định 88/2030/NĐ-CP?",
        "Nghị định 88/2030/NĐ-CP ban hành ngày nào?",
    ]
    assert {q for q, _ in asked} >= {"Ai ký Kế hoạch 501/KH-SCT?", "Ai ký Quyết định 520/QĐ-SCT?"}
    assert all(f.area_paths == chemicals.area.paths and f.area == "Hóa chất" for _, f in asked)
    assert not answered(Answer("q", "…"), chemicals.area.paths)  # nothing cited


def test_a_declined_kind_of_question_leaves_room_for_the_others(settings: Settings, pages: list[AreaPage]) -> None:
    with chemicals_catalog(settings, pages) as (chemicals, metas, catalog):
        candidates = candidate_questions(chemicals.area.paths, metas, catalog.chunks_of)
        assert candidate_questions(chemicals.area.paths, metas, catalog.chunks_of, limit=4) == candidates[:4]

    def ask(question: str, filters: Filters) -> Answer:  # a chain that never says who signed
        if question.startswith("Ai ký"):
            return Answer(question, "Không tìm thấy", abstained=True)
        return Answer(question, "…", citations=(Citation(REPORT, "nhãn", "tr. 1", f"{REPORT}#0"),))

    kept = checked_questions(candidates, "Hóa chất", chemicals.area.paths, ask)
    assert len(kept) == STARTERS_SHOWN
    assert not any(q.startswith("Ai ký") for q in kept)
    assert {q.split(" 5")[0].split(" 8")[0] for q in kept} >= {"Báo cáo", "Quyết định"}  # several documents asked


def test_a_document_without_a_number_is_asked_about_by_its_subject() -> None:
    metas = {
        "a.docx": DocMeta(
            "a.docx",
            doc_type="Báo cáo",
            date="2026-06",
            subject="Tình hình triển khai các cụm công nghiệp",
            signer="Hoàng Chí Hiền",
        ),
        "b.docx": DocMeta("b.docx", doc_type="Thông báo", number="46/TB-UBND", date="2025-01", subject="V/v thụ lý"),
        "c.docx": DocMeta("c.docx", doc_type="Biên bản", subject="Làm"),  # too little to name it by
    }
    assert candidate_questions(list(metas), metas, lambda path: []) == [  # a round of each kind, then the next
        "Ai ký Báo cáo về tình hình triển khai các cụm công nghiệp?",
        "Thông báo 46/TB-UBND ban hành ngày nào?",  # the numbered document before the other in its kind
        "Thông báo 46/TB-UBND về việc gì?",
        "Báo cáo về tình hình triển khai các cụm công nghiệp ban hành ngày nào?",
    ]


def test_the_area_filter_admits_only_its_documents() -> None:
    area = Filters(area="Hóa chất", area_paths=("a.txt",))
    assert area.active()
    assert area.admits(DocMeta(path="a.txt"))
    assert not area.admits(DocMeta(path="b.txt"))
    assert not Filters().active()


def test_page_loads_come_from_the_cache(settings: Settings, tmp_path: Path) -> None:
    import shutil

    index = tmp_path / "index"
    shutil.copytree(settings.index_dir, index)
    built = AreaBook(index).pages()
    (index / "registry.sqlite").unlink()  # a page built again now would find no citations
    reopened = AreaBook(index).pages()  # as a new process would: the pages come back from the cache file
    assert [p.legal for p in reopened] == [p.legal for p in built]
    assert next(p for p in reopened if p.area.key == CHEMICALS).legal
