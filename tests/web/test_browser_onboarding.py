"""Làm quen in a real Chromium: a suggested question is a button that asks it in the chat tab."""

from __future__ import annotations

import pytest

from tests.web.conftest import separate_data_dir
from tests.web.test_browser_chat import ANSWERS, SOURCES

pytestmark = pytest.mark.browser


def test_a_suggested_question_is_asked_in_the_chat_tab(live_app, web_index, tmp_path, chromium_page) -> None:
    app = live_app(settings=separate_data_dir(web_index, tmp_path))
    page = chromium_page
    page.goto(app.url)
    page.get_by_role("tab", name="Làm quen").click()
    starters = page.locator(".tl-starter:visible")
    starters.first.wait_for()
    questions = starters.all_inner_texts()
    assert 1 < len(questions) <= 8 and all(q.endswith("?") for q in questions)
    asked = next(q for q in questions if "45/BC-SCT" in q)  # the report on industry and exports
    page.get_by_role("button", name=asked, exact=True).click()

    page.wait_for_selector(SOURCES)  # answered, with its sources
    assert page.get_by_role("tab", name="Hỏi đáp").get_attribute("aria-selected") == "true"
    assert page.locator("#tl-chat .message.user, #tl-chat [data-testid='user']").first.inner_text().strip() == asked
    answer = page.locator(ANSWERS).last
    assert "45/BC-SCT" in answer.locator(".tl-sources").inner_text()
    assert page.input_value("#tl-question textarea") == ""  # asked, not left in the box
