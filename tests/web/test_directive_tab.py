"""The directive lookup tab: any spelling of a number, archive copy, citing documents newest first, escaped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.settings import Settings
from assistant.web.context import WebContext
from assistant.web.directives import directive_markdown, escaped_report
from index.citations.registry import Registry
from tests.web.real_index import RealIndex, read_only_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> RealIndex:
    return read_only_index(tmp_path_factory)


@pytest.fixture(scope="module")
def ctx(index: RealIndex) -> WebContext:
    return WebContext(index.settings, assistant=None)


@pytest.mark.parametrize("spelling", ["1389/QĐ-UBND", "1389/QD-UBND", "1389 / qđ - ubnd", "QĐ 1389/QĐ-UBND năm 2020"])
def test_any_spelling_finds_the_decision_its_copy_and_its_citations(ctx: WebContext, spelling: str) -> None:
    shown = directive_markdown(ctx, spelling)
    assert shown.startswith("### Quyết định số 1389/QĐ-UBND (năm 2020)")
    assert "Có trong kho:\n- quyet-dinh/QD-1389.txt (Quyết định, 18/9/2020)" in shown
    assert "Được trích dẫn 2 lần trong 2 văn bản" in shown
    first = shown.index("1. bao-cao/BC-80 sau thang.txt, tr. 1 (Báo cáo số 80/BC-SCT, 25/6/2023)")
    second = shown.index("2. bao-cao/BC-45 tinh hinh quy I.txt, tr. 1 (Báo cáo số 45/BC-SCT, 04/4/2023)")
    assert first < second
    assert "“Thực hiện Quyết định số 1389/QĐ-UBND ngày 18/9/2020" in shown


def test_a_directive_only_cited_is_reported_as_not_held(ctx: WebContext) -> None:
    shown = directive_markdown(ctx, "9999/QĐ-UBND")
    assert shown.startswith("### Quyết định số 9999/QĐ-UBND")
    assert "Chưa có trong kho" in shown
    assert "khac/ghi-chu-la.txt, tr. 1" in shown


def test_unknown_and_empty_numbers_get_a_hint(ctx: WebContext) -> None:
    assert "Không tìm thấy văn bản số “123/ABC-XYZ”" in directive_markdown(ctx, "123/ABC-XYZ")
    assert "Nhập số hiệu" in directive_markdown(ctx, "  ")


def test_before_any_ingest_the_tab_says_what_to_run(tmp_path) -> None:
    empty = WebContext(Settings(index_dir=tmp_path / "chua-co"), assistant=None)
    assert "python -m assistant ingest" in directive_markdown(empty, "1389/QĐ-UBND")
    assert not (tmp_path / "chua-co" / "registry.sqlite").exists()


def test_document_text_in_the_report_is_escaped(index: RealIndex) -> None:
    registry = Registry(index.settings.index_dir / "registry.sqlite")
    try:
        report = registry.lookup("1389/QĐ-UBND")
    finally:
        registry.close()
    assert report is not None
    hostile = replace(
        report.citations[0], sentence="<script>x</script> [bấm](http://x) | cột", citing_title="*Báo cáo*"
    )
    escaped = escaped_report(replace(report, citations=(hostile,)))
    assert escaped.citations[0].sentence == "&lt;script&gt;x&lt;/script&gt; \\[bấm\\](http://x) \\| cột"
    assert escaped.citations[0].citing_title == "\\*Báo cáo\\*"
    assert escaped.archive[0].path == "quyet-dinh/QD-1389.txt"  # nothing to escape: unchanged
