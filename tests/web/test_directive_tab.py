"""The directive lookup tab: any spelling of a number, the forms staff type ("công văn 310", "CT 07 năm 2025"),
a list to pick from when several fit, citing documents once with their pages, linked to their files, escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.directives import format_not_found, known_number
from assistant.factory import ingest_archive
from assistant.settings import Settings
from assistant.web.context import WebContext
from assistant.web.directives import chosen_markdown, directive_lookup, directive_markdown, report_markdown
from index.citations.number_query import parse_number_query
from index.citations.registry import Registry
from tests.assistant.conftest import write_archive
from tests.conftest import HashEmbeddings

# Beside the shared fictional archive: a letter 310/SCT-QLTM held, a decision 310/QĐ-UBND only cited, a directive
# 07/CT-UBND of 2025 held and one of 2024 only cited, and a report citing the letter on two pages.
EXTRA = {
    "cong-van/CV-310 quan ly thi truong.txt": """UBND TỈNH HÒA BÌNH XANH
SỞ CÔNG THƯƠNG
Số: 310/SCT-QLTM
Hòa Bình Xanh, ngày 12 tháng 5 năm 2025
V/v tăng cường kiểm tra thị trường dịp lễ
Sở Công Thương đề nghị các đơn vị tăng cường kiểm tra thị trường.
GIÁM ĐỐC
Nguyễn Văn Thử
""",
    "chi-thi/CT-07 phong chay.txt": """ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH XANH
Số: 07/CT-UBND
Hòa Bình Xanh, ngày 03 tháng 3 năm 2025
CHỈ THỊ
Về tăng cường phòng cháy, chữa cháy mùa khô
Các sở, ngành tổ chức kiểm tra phòng cháy, chữa cháy tại chợ và trung tâm thương mại.
CHỦ TỊCH
Lê Văn Mẫu
""",
    "bao-cao/BC-120 thi truong.txt": """UBND TỈNH HÒA BÌNH XANH
SỞ CÔNG THƯƠNG
Số: 120/BC-SCT
Hòa Bình Xanh, ngày 20 tháng 6 năm 2025
BÁO CÁO
Kết quả kiểm tra thị trường
\f
Thực hiện Công văn số 310/SCT-QLTM ngày 12/5/2025 của Sở Công Thương, các đoàn đã kiểm tra 45 cơ sở.
Thực hiện Chỉ thị số 07/CT-UBND ngày 03/3/2025 của UBND tỉnh, đã kiểm tra phòng cháy tại 12 chợ.
\f
Theo Quyết định số 310/QĐ-UBND ngày 02/02/2021 của UBND tỉnh, Công văn 310/SCT-QLTM được thực hiện nghiêm.
Chỉ thị số 07/CT-UBND ngày 10/4/2024 về an toàn lao động tiếp tục được triển khai.
GIÁM ĐỐC
Trần Thị Mẫu
""",
}


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> WebContext:
    base: Path = tmp_path_factory.mktemp("directive-tab")
    write_archive(base / "kho", EXTRA)
    settings = Settings(data_dir=base / "data", index_dir=base / "data/index", cache_dir=base / "cache", ocr=False)
    ingest_archive(settings, base / "kho", HashEmbeddings())
    return WebContext(settings, assistant=None)


@pytest.mark.parametrize("spelling", ["1389/QĐ-UBND", "1389/QD-UBND", "1389 / qđ - ubnd", "QĐ 1389 năm 2020"])
def test_any_spelling_finds_the_decision_its_copy_and_its_citing_documents(ctx: WebContext, spelling: str) -> None:
    shown = directive_markdown(ctx, spelling)
    assert shown.startswith("### Quyết định số 1389/QĐ-UBND (năm 2020)")
    assert "**Có trong kho:** [Quyết định số 1389/QĐ-UBND](tep/quyet-dinh/QD-1389.txt) (18/9/2020)" in shown
    assert "**Được trích dẫn trong 2 văn bản của kho**" in shown
    first = shown.index("1. [Báo cáo số 80/BC-SCT](tep/bao-cao/BC-80%20sau%20thang.txt), 25/6/2023 — tr. [1](")
    second = shown.index("2. [Báo cáo số 45/BC-SCT](tep/bao-cao/BC-45%20tinh%20hinh%20quy%20I.txt), 04/4/2023")
    assert first < second
    assert "“Thực hiện Quyết định số 1389/QĐ-UBND ngày 18/9/2020" in shown
    assert "bao-cao/BC-80 sau thang.txt" not in shown  # documents are named and linked, not shown by path


@pytest.mark.parametrize(
    "typed", ["công văn 310", "cong van so 310", "CV 310/SCT", "CV 310/SCT-QLTM", "Công văn 310 năm 2025"]
)
def test_a_letter_typed_with_its_type_word_and_number_is_found(ctx: WebContext, typed: str) -> None:
    found = directive_lookup(ctx, typed)
    assert found.choices == ()
    assert found.markdown.startswith("### Công văn số 310/SCT-QLTM (năm 2025)")
    assert (
        "[Công văn số 310/SCT-QLTM](tep/cong-van/CV-310%20quan%20ly%20thi%20truong.txt) (12/5/2025)" in found.markdown
    )


def test_a_bare_number_lists_every_document_with_it_to_pick_from(ctx: WebContext) -> None:
    found = directive_lookup(ctx, "310")
    assert "Có 2 văn bản khớp với “310”" in found.markdown
    labels = dict(found.choices)
    assert set(labels.values()) == {"310/SCT-QLTM@2025", "310/QD-UBND@2021"}
    letter = next(label for label, key in found.choices if key == "310/SCT-QLTM@2025")
    assert letter.startswith("Công văn 310/SCT-QLTM ngày 12/5/2025 — ")
    assert letter.endswith("(có trong kho; 1 văn bản trích dẫn)")
    decision = chosen_markdown(ctx, "310/QD-UBND@2021")
    assert decision.startswith("### Quyết định số 310/QĐ-UBND (năm 2021)")
    assert "**Chưa có trong kho:**" in decision


def test_a_document_citing_twice_is_listed_once(ctx: WebContext) -> None:
    with ctx.registry() as registry:
        report = registry.lookup("310/SCT-QLTM")
    assert report is not None
    assert [m.doc_path for m in report.citations] == ["bao-cao/BC-120 thi truong.txt"] * 2
    shown = report_markdown(report)
    assert "**Được trích dẫn trong 1 văn bản của kho**" in shown
    assert "1. [Báo cáo số 120/BC-SCT](tep/bao-cao/BC-120%20thi%20truong.txt), 20/6/2025 — tr. [1](" in shown
    assert "2. " not in shown


def test_each_citing_pdf_is_linked_at_the_pages_it_cites_on(ctx: WebContext) -> None:
    with ctx.registry() as registry:
        report = registry.lookup("1389/QĐ-UBND")
    assert report is not None
    cited = report.citations[0]
    on_pages = (
        replace(cited, doc_path="bc/Báo cáo 9.pdf", page=3, citing_title="Báo cáo số 9/BC-SCT"),
        replace(cited, doc_path="bc/Báo cáo 9.pdf", page=2, citing_title="Báo cáo số 9/BC-SCT"),
        replace(cited, doc_path="bc/Báo cáo 9.pdf", page=3, citing_title="Báo cáo số 9/BC-SCT"),
    )
    shown = report_markdown(replace(report, citations=on_pages))
    url = "tep/bc/B%C3%A1o%20c%C3%A1o%209.pdf"
    assert f"1. [Báo cáo số 9/BC-SCT]({url}#page=2), 25/6/2023 — tr. [2]({url}#page=2), [3]({url}#page=3)" in shown
    assert "**Được trích dẫn trong 1 văn bản của kho**" in shown


@pytest.mark.parametrize("typed", ["Chỉ thị 07", "CT 07"])
def test_a_directive_of_two_years_without_a_year_offers_both(ctx: WebContext, typed: str) -> None:
    found = directive_lookup(ctx, typed)
    assert {key for _, key in found.choices} == {"7/CT-UBND@2025", "7/CT-UBND@2024"}


@pytest.mark.parametrize("typed", ["CT 07 năm 2025", "chi thi so 7 nam 2025", "07/CT-UBND năm 2025"])
def test_a_year_picks_one_directive(ctx: WebContext, typed: str) -> None:
    found = directive_lookup(ctx, typed)
    assert found.choices == ()
    assert found.markdown.startswith("### Chỉ thị số 07/CT-UBND (năm 2025)")
    assert "[Chỉ thị số 07/CT-UBND](tep/chi-thi/CT-07%20phong%20chay.txt) (03/3/2025)" in found.markdown


def test_a_type_that_does_not_fit_finds_nothing(ctx: WebContext) -> None:
    assert "Không tìm thấy văn bản số “Thông báo 310”" in directive_markdown(ctx, "Thông báo 310")
    assert "Không tìm thấy văn bản số “CT 07 năm 2019”" in directive_markdown(ctx, "CT 07 năm 2019")


@pytest.mark.parametrize(
    ("typed", "number", "doc_type", "tail", "year"),
    [
        ("công văn 310", "310", "Công văn", None, None),
        ("310", "310", None, None, None),
        ("CV 310/SCT", "310", "Công văn", "SCT", None),
        ("Chỉ thị 07", "7", "Chỉ thị", None, None),
        ("CT 07 năm 2025", "7", "Chỉ thị", None, 2025),
        ("QĐ 1389 năm 2020", "1389", "Quyết định", None, 2020),
        ("qd so 1389/qđ-ubnd ngày 18/9/2020", "1389", "Quyết định", "QD-UBND", 2020),
        ("04/2021/QĐ-UBND", "4", None, "2021/QD-UBND", 2021),
    ],
)
def test_the_typed_forms_are_parsed(typed: str, number: str, doc_type: str | None, tail: str | None, year) -> None:
    query = parse_number_query(typed)
    assert query is not None
    assert (query.number, query.doc_type, query.tail, query.year) == (number, doc_type, tail, year)


def test_text_without_a_number_is_no_query() -> None:
    assert parse_number_query("công văn") is None
    assert parse_number_query("báo cáo tình hình") is None


def test_a_directive_only_cited_is_reported_as_not_held(ctx: WebContext) -> None:
    shown = directive_markdown(ctx, "9999/QĐ-UBND")
    assert shown.startswith("### Quyết định số 9999/QĐ-UBND")
    assert "**Chưa có trong kho:**" in shown
    assert "1. [ghi-chu-la.txt](tep/khac/ghi-chu-la.txt)" in shown


def test_unknown_and_empty_numbers_get_a_hint(ctx: WebContext) -> None:
    shown = directive_markdown(ctx, "123/ABC-XYZ")
    assert "Không tìm thấy văn bản số “123/ABC-XYZ”" in shown
    example = shown.split("ví dụ một số hiệu có trong kho: ")[1].removesuffix(").")
    assert directive_markdown(ctx, example).startswith(f"### Quyết định số {example}")  # the example is found
    assert "Nhập số hiệu" in directive_markdown(ctx, "  ")


def test_the_not_found_example_is_one_the_demo_archive_knows(web_index) -> None:
    # the demo holds no 1389/QĐ-UBND: the suggestion is its own most cited document
    shown = directive_markdown(web_index.context(), "1389/QĐ-UBND")
    assert shown.endswith("(ví dụ một số hiệu có trong kho: 112/KH-SCT).")
    assert directive_markdown(web_index.context(), "112/KH-SCT").startswith("### Kế hoạch số 112/KH-SCT")


def test_an_archive_citing_nothing_is_told_the_form_of_a_number(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "registry.sqlite")  # empty: no number to give as an example
    try:
        assert known_number(registry) is None
    finally:
        registry.close()
    message = format_not_found("12/XYZ", None)
    assert message.endswith("Hãy kiểm tra lại số hiệu (dạng “số/ký hiệu”, có thể kèm năm).")
    assert re.findall(r"\d+", message) == ["12"]  # no number the archive might not hold


def test_before_any_ingest_the_tab_says_what_to_run(tmp_path) -> None:
    empty = WebContext(Settings(index_dir=tmp_path / "chua-co"), assistant=None)
    assert "python -m assistant ingest" in directive_markdown(empty, "1389/QĐ-UBND")
    assert not (tmp_path / "chua-co" / "registry.sqlite").exists()


def test_document_text_in_the_report_is_escaped(ctx: WebContext) -> None:
    registry = Registry(ctx.settings.index_dir / "registry.sqlite")
    try:
        report = registry.lookup("1389/QĐ-UBND")
    finally:
        registry.close()
    assert report is not None
    hostile = replace(
        report.citations[0], sentence="<script>x</script> [bấm](http://x) | cột", citing_title="*Báo cáo*"
    )
    shown = report_markdown(replace(report, citations=(hostile,)))
    assert "“&lt;script&gt;x&lt;/script&gt; \\[bấm\\](http://x) \\| cột”" in shown
    assert "[\\*Báo cáo\\*](tep/" in shown


@pytest.mark.browser
def test_in_the_browser_a_bare_number_offers_a_list_and_the_pick_links_to_its_file(
    ctx: WebContext, serve_asgi, chromium_page
) -> None:
    import gradio as gr

    from assistant.web.directives import build_directive_tab
    from assistant.web.server import create_server

    with gr.Blocks(analytics_enabled=False) as blocks:
        build_directive_tab(ctx)
    url = serve_asgi(create_server(blocks, ctx)).url
    page = chromium_page
    page.goto(url)
    page.locator("#directive-number textarea, #directive-number input").first.fill("310")
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_text("Có 2 văn bản khớp").wait_for()
    page.locator("#directive-choices").get_by_text("Công văn 310/SCT-QLTM ngày 12/5/2025", exact=False).click()
    link = page.locator("#directive-result a", has_text="Công văn số 310/SCT-QLTM")
    link.wait_for()
    href = link.get_attribute("href")
    assert href is not None
    assert href == "tep/cong-van/CV-310%20quan%20ly%20thi%20truong.txt", href
    response = page.request.get(url + href)  # relative: it works under a proxy sub-path too
    assert response.status == 200
    assert "tăng cường kiểm tra thị trường" in response.text()
