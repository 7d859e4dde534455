"""Gradio's own strings in a real Chromium (locale vi-VN): none of its English ones reach the page, in any tab.

What is checked: the visible text and every aria-label, title, alt and placeholder (what a screen reader reads out),
word by word against English interface words. Allowed (ALLOWED): the command the Tải lên tab gives to create an
administrator, `python -m assistant users add`, and any text inside <code>; the archive's own data (file names,
figures, "USD") holds none of these words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import separate_data_dir
from tests.web.test_browser_chat import QUESTION, ask, open_chat

pytestmark = pytest.mark.browser

# The words of Gradio's English interface: its upload box, footer, chatbot, table, tabs, status and toasts.
ENGLISH_WORDS = set(
    """
    actions add api apply ascending attachments built cell chatbot clear click column complete conversation copied
    copy dataframe delete descending dislike download drop dropdown edit error example exit feedback file files filter
    footer fullscreen gradio here info like loading logo menu message more navigation recording remove response retry
    row scroll search select settings sort stop submit success table tabs textbox undo upload via warning
    """.split()
)
ALLOWED = ("python -m assistant users add",)
KEYS = ("common.", "chatbot.", "upload_text.", "errors.", "dataframe.")
TABS = ("Hỏi đáp", "Văn bản", "Tra số hiệu", "Tải lên", "Làm quen")
PAGE_TEXT_JS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const shown = el && !el.closest('code, pre, script, style') && el.checkVisibility({visibilityProperty: true});
    if (shown) texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts.join('\\n');
}"""


def english_in(page: Any) -> list[str]:
    """The English words shown or read out; Gradio's untranslated keys ("common.complete") even when hidden."""
    text = page.evaluate(PAGE_TEXT_JS)
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    hidden = page.evaluate("document.body.textContent")
    words = {w.lower() for w in re.findall(r"\w+", text)}
    return sorted(words & ENGLISH_WORDS) + [key for key in KEYS if key in hidden]


def test_english_words_are_found_in_gradio_s_labels() -> None:
    # the check itself, on labels Gradio 6 shows untranslated
    sample = "Select example 1 · chatbot conversation · Copy table data · Click to upload or drop files · Use via API"
    words = {w.lower() for w in re.findall(r"\w+", sample)}
    assert words & ENGLISH_WORDS == {
        *("select", "example", "chatbot", "conversation", "copy", "table"),
        *("click", "upload", "drop", "files", "via", "api"),
    }


def test_gradio_shows_no_english_in_a_vietnamese_browser(live_app, web_index, tmp_path, chromium_page) -> None:
    app = live_app(settings=separate_data_dir(web_index, tmp_path))
    page = chromium_page
    open_chat(page, app.url)
    assert page.evaluate("navigator.language") == "vi-VN"
    page.get_by_role("button", name=f"Câu hỏi mẫu 1: {QUESTION}").wait_for()  # an example, read out in Vietnamese
    assert english_in(page) == []
    ask(page, QUESTION)
    like = page.locator("#tl-chat button[aria-label='Hữu ích'], #tl-chat button[title='Hữu ích']")
    assert like.count() >= 1  # the 👍 of the answer, its tooltip in Vietnamese
    message = page.locator("#tl-chat [aria-label^='Trợ lý trả lời: ']").last
    assert "318,4 triệu USD" in (message.get_attribute("aria-label") or "")  # its text, not its HTML
    assert "<" not in (message.get_attribute("aria-label") or "")
    page.click("#tl-send")  # an empty question: a warning toast
    page.wait_for_selector("[data-testid='toast-body']")
    title = page.evaluate("getComputedStyle(document.querySelector('.toast-title'), '::before').content")
    assert title == '"Lưu ý"'
    assert english_in(page) == []
    assert page.locator("footer").count() == 0  # no footer: no link to Gradio's English API page
    for tab in TABS[1:]:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(500)  # the tab's content drawn
        if tab == "Văn bản":
            page.locator("#browse-table .body-cell").first.wait_for()
        if tab == "Tải lên":
            page.wait_for_selector("text=Thả tệp vào đây")
        if tab == "Làm quen":
            page.locator(".tl-starter").first.wait_for()
        assert (tab, english_in(page)) == (tab, [])
