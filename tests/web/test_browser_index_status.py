"""The chat page in a real Chromium while documents wait for their vectors: the status line, and answers."""

from __future__ import annotations

import pytest

from tests.assistant.conftest import DOCS
from tests.web.test_background_embedding import phase_one_context
from tests.web.test_browser_chat import ask

pytestmark = pytest.mark.browser
STATUS = "#tl-index-status"


def test_the_chat_says_how_far_embedding_has_come_and_answers_meanwhile(live_app, tmp_path, chromium_page) -> None:
    ctx = phase_one_context(tmp_path)
    try:
        shows_progress_then_nothing(live_app(ctx), ctx, chromium_page)
    finally:
        ctx.close()  # the worker stopped, the index closed


def shows_progress_then_nothing(app, ctx, page) -> None:
    page.goto(app.url)
    n = len(DOCS)
    status = page.locator(STATUS)
    status.get_by_text(f"Đã tìm được theo từ khóa: {n}/{n} tệp; đã hiểu nghĩa: 0/{n} tệp").wait_for()

    answer = ask(page, "Sản lượng bia quý I ước đạt bao nhiêu?")
    assert "43.045" in answer.inner_text() and "45/BC-SCT" in answer.locator(".tl-sources").inner_text()

    ctx.start_embedding()
    page.wait_for_function(  # the line goes once every document has its vectors (the page asks every few seconds)
        "(selector) => !document.querySelector(selector).innerText.includes('đã hiểu nghĩa')", arg=STATUS
    )
    assert ctx.embedding_state().complete  # type: ignore[union-attr]
