"""The document list: metadata per document, diacritic-insensitive search, sorting, and the citation links."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.web import browse
from assistant.web.context import WebContext
from index.catalog import Catalog
from tests.web.real_index import RealIndex, read_only_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> RealIndex:
    return read_only_index(tmp_path_factory)


@pytest.fixture(scope="module")
def ctx(index: RealIndex) -> WebContext:
    return WebContext(index.settings, assistant=None)  # the list never asks the assistant


@pytest.fixture(scope="module")
def rows(index: RealIndex) -> list[browse.DocumentRow]:
    catalog = Catalog(index.settings.index_dir / "catalog.sqlite")
    try:
        return browse.document_rows(catalog)
    finally:
        catalog.close()


def test_each_document_shows_its_extracted_metadata(rows: list[browse.DocumentRow]) -> None:
    by_path = {row.path: row for row in rows}
    decision = by_path["quyet-dinh/QD-1389.txt"]
    assert decision.cells() == [
        "1389/QĐ-UBND",
        "Quyết định",
        "18/09/2020",
        "UBND tỉnh Hòa Bình Xanh",
        "Về việc phê duyệt Kế hoạch phát triển thương mại điện tử tỉnh Hòa Bình Xanh giai đoạn 2021 - 2025",
        1,
        "quyet-dinh/QD-1389.txt",
    ]
    assert len(rows) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quyet dinh", {"quyet-dinh/QD-1389.txt"}),
        ("QUYẾT ĐỊNH", {"quyet-dinh/QD-1389.txt"}),
        ("son lam", {"cong-van/CV-77 vat lieu no.txt"}),
        ("bao cao 2023", {"bao-cao/BC-45 tinh hinh quy I.txt", "bao-cao/BC-80 sau thang.txt"}),
        ("80/bc-sct", {"bao-cao/BC-80 sau thang.txt"}),
        ("dien tu hoa binh", {"quyet-dinh/QD-1389.txt"}),
        ("khong co van ban nao", set()),
    ],
)
def test_search_ignores_accents_and_case(rows: list[browse.DocumentRow], query: str, expected: set[str]) -> None:
    assert {row.path for row in browse.search_rows(rows, query)} == expected


def test_sorting_puts_missing_values_last_in_both_directions(rows: list[browse.DocumentRow]) -> None:
    newest = [row.date for row in browse.sort_rows(rows, "date", descending=True)]
    oldest = [row.date for row in browse.sort_rows(rows, "date", descending=False)]
    assert newest == ["2025-03-10", "2023-06-25", "2023-04-04", "2020-09-18", None]
    assert oldest == ["2020-09-18", "2023-04-04", "2023-06-25", "2025-03-10", None]
    numbers = [row.number for row in browse.sort_rows(rows, "number", descending=False)]
    assert numbers[:4] == ["1389/QĐ-UBND", "45/BC-SCT", "77/SCT-KTAT", "80/BC-SCT"]


def test_the_table_follows_search_and_sort(ctx: WebContext) -> None:
    data, counted = browse.document_table(ctx, "bao cao", "Ngày ban hành", False)
    assert [row[browse.PATH_COLUMN] for row in data] == [
        "bao-cao/BC-45 tinh hinh quy I.txt",
        "bao-cao/BC-80 sau thang.txt",
    ]
    assert counted == "2 / 5 văn bản"
    everything, counted = browse.document_table(ctx, "", "Tệp", False)
    assert len(everything) == 5 and counted == "5 văn bản"
    assert everything[0][browse.PATH_COLUMN] == "bao-cao/BC-45 tinh hinh quy I.txt"


@pytest.mark.parametrize(
    ("iso", "shown"), [("2020-09-18", "18/09/2020"), ("2023-4-4", "04/04/2023"), ("2023-04", "04/2023"), (None, "")]
)
def test_the_table_shows_dates_day_first(iso: str | None, shown: str) -> None:
    assert browse.table_date(iso) == shown


def test_a_search_by_the_iso_date_still_finds_the_document(rows: list[browse.DocumentRow]) -> None:
    assert {row.path for row in browse.search_rows(rows, "2020-09")} == {"quyet-dinh/QD-1389.txt"}
    assert {row.path for row in browse.search_rows(rows, "18/09/2020")} == {"quyet-dinh/QD-1389.txt"}


def test_the_card_shows_metadata_a_link_to_the_file_and_who_cites_it(ctx: WebContext) -> None:
    decision = browse.document_details(ctx, "quyet-dinh/QD-1389.txt")
    assert decision.startswith("### Quyết định số 1389/QĐ-UBND\n[Tải tệp về: QD-1389.txt](tep/quyet-dinh/QD-1389.txt)")
    assert "- Số hiệu: 1389/QĐ-UBND\n" in decision
    assert "**Được trích dẫn trong 2 văn bản của kho**" in decision
    # newest citing document first, named by its number, linked
    first = decision.index("1. [Báo cáo số 80/BC-SCT](tep/bao-cao/BC-80%20sau%20thang.txt), 25/6/2023 — tr. [1](")
    assert first < decision.index("2. [Báo cáo số 45/BC-SCT](")
    assert "không nhắc đến văn bản nào khác" in decision
    report = browse.document_details(ctx, "bao-cao/BC-45 tinh hinh quy I.txt")
    held = "Quyết định số **1389/QĐ-UBND** — có trong kho: [Quyết định số 1389/QĐ-UBND](tep/quyet-dinh/QD-1389.txt)"
    assert held in report
    assert "chưa văn bản nào trong kho nhắc đến" in report
    assert "Không có văn bản" in browse.document_details(ctx, "khong/co.txt")


def clone_with_meta(index: RealIndex, tmp_path, path: str, **changes) -> RealIndex:
    """A clone of the index whose document `path` has its metadata changed as given."""
    clone = index.clone(tmp_path / "ban-sao")
    catalog = Catalog(clone.settings.index_dir / "catalog.sqlite")
    try:
        record = catalog.files()[path]
        meta = replace(record.meta, **changes)
        chunks = catalog.chunks_of(record.path)
        catalog.record_indexed(
            record.path, record.sha256, record.size, record.kind or "txt", meta, chunks, record.version
        )
    finally:
        catalog.close()
    return clone


def test_document_text_is_escaped_in_details(index: RealIndex, tmp_path) -> None:
    subject = "<img src=x onerror=alert(1)> [bấm vào](http://x) **đậm**"
    clone = clone_with_meta(index, tmp_path, "quyet-dinh/QD-1389.txt", subject=subject)
    shown = browse.document_details(WebContext(clone.settings, None), "quyet-dinh/QD-1389.txt")
    assert "<img" not in shown and "&lt;img" in shown
    assert "\\[bấm vào\\]" in shown and "\\*\\*đậm\\*\\*" in shown


def test_a_number_from_the_file_name_says_so_in_the_table_and_the_details(index: RealIndex, tmp_path) -> None:
    clone = clone_with_meta(index, tmp_path, "bao-cao/BC-80 sau thang.txt", number_source="filename")
    catalog = Catalog(clone.settings.index_dir / "catalog.sqlite")
    try:
        rows = {row.path: row for row in browse.document_rows(catalog)}
    finally:
        catalog.close()
    draft = rows["bao-cao/BC-80 sau thang.txt"]
    assert draft.cells()[0] == "(dự thảo, số 80/BC-SCT theo tên tệp)"
    assert draft.number == "80/BC-SCT"  # sorted by the number itself
    assert rows["bao-cao/BC-45 tinh hinh quy I.txt"].cells()[0] == "45/BC-SCT"
    shown = browse.document_details(WebContext(clone.settings, None), "bao-cao/BC-80 sau thang.txt")
    assert shown.startswith("### Báo cáo (dự thảo, số 80/BC-SCT theo tên tệp)\n")


@pytest.mark.browser
def test_in_the_browser_file_names_wrap_by_word_and_a_row_opens_its_card(ctx: WebContext, serve_asgi, chromium_page):
    import gradio as gr

    from assistant.web.server import create_server

    with gr.Blocks(analytics_enabled=False) as blocks:
        browse.build_browse_tab(ctx)
    url = serve_asgi(create_server(blocks, ctx)).url
    page = chromium_page
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(url)
    name = page.locator("#browse-table .body-cell span", has_text="bao-cao/BC-45 tinh hinh quy I.txt")
    name.wait_for()
    style = "e => [getComputedStyle(e).wordBreak, getComputedStyle(e).overflowWrap]"
    assert name.evaluate(style) == ["normal", "normal"]  # breaks at spaces and "-", never inside a word
    subject = page.locator("#browse-table .body-cell span", has_text="Tình hình thương mại quý I năm 2023")
    assert subject.evaluate(style) == ["break-word", "break-word"]  # only the file column is changed
    assert page.locator("#browse-table .body-cell span", has_text="04/04/2023").count() == 1
    name.click()
    link = page.locator("#browse-details a", has_text="Tải tệp về: BC-45 tinh hinh quy I.txt")
    link.wait_for()
    assert link.get_attribute("href") == "tep/bao-cao/BC-45%20tinh%20hinh%20quy%20I.txt"
    assert page.locator("#browse-details").get_by_text("Quyết định số 1389/QĐ-UBND", exact=True).count() == 1
