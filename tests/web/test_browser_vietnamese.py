"""Gradio's own strings in a real Chromium (locale vi-VN): none of its English ones reach the page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import separate_data_dir
from tests.web.test_browser_chat import QUESTION, ask, open_chat

pytestmark = pytest.mark.browser

# Gradio's English for the upload box, the footer, the 👍/👎 tooltips, status and toast titles.
ENGLISH = (
    "Drop File Here",
    "Click to Upload",
    "Use via API",
    "Like",
    "Dislike",
    "Complete",
    "Error",
    "Warning",
    "Textbox",
)
KEYS = ("common.", "chatbot.", "upload_text.", "errors.")
PAGE_TEXT_JS = """() => {
  const labels = [...document.querySelectorAll('[title], [aria-label]')]
    .map(e => (e.getAttribute('title') || '') + ' ' + (e.getAttribute('aria-label') || ''));
  return document.body.innerText + '\\n' + labels.join('\\n');
}"""


def english_in(page: Any) -> list[str]:
    """The English strings shown, or read out; Gradio's untranslated keys ("common.complete") even when hidden."""
    text = page.evaluate(PAGE_TEXT_JS)
    hidden = page.evaluate("document.body.textContent")
    return [word for word in ENGLISH if word in text] + [key for key in KEYS if key in hidden]


def test_gradio_shows_no_english_in_a_vietnamese_browser(live_app, web_index, tmp_path, chromium_page) -> None:
    app = live_app(settings=separate_data_dir(web_index, tmp_path))
    page = chromium_page
    open_chat(page, app.url)
    assert page.evaluate("navigator.language") == "vi-VN"
    ask(page, QUESTION)
    like = page.locator("#tl-chat button[aria-label='Hữu ích'], #tl-chat button[title='Hữu ích']")
    assert like.count() >= 1  # the 👍 of the answer, its tooltip in Vietnamese
    page.click("#tl-send")  # an empty question: a warning toast
    page.wait_for_selector("[data-testid='toast-body']")
    title = page.evaluate("getComputedStyle(document.querySelector('.toast-title'), '::before').content")
    assert title == '"Lưu ý"'
    assert english_in(page) == []
    page.get_by_role("tab", name="Tải lên").click()
    page.wait_for_selector("text=Thả tệp vào đây")
    assert english_in(page) == []
