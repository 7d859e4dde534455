"""The chat in a real headless Chromium: ask, watch the answer stream, open its source, filter, copy, rate."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.answers import Token
from tests.web.conftest import separate_data_dir

pytestmark = pytest.mark.browser

QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"
ANSWERS = "#tl-chat .tl-answer"
SOURCES = "#tl-chat .tl-sources"
# Records, in order, each state the last answer bubble went through (a streamed answer shows text before sources).
WATCH_JS = """() => {
  window.__states = [];
  const seen = (s) => { if (window.__states[window.__states.length - 1] !== s) window.__states.push(s); };
  new MutationObserver(() => {
    const answers = document.querySelectorAll('#tl-chat .tl-answer');
    const last = answers[answers.length - 1];
    const waiting = document.querySelector('#tl-chat .tl-waiting');
    if (waiting) seen('waiting');
    else if (last && last.querySelector('.tl-sources')) seen('sources');
    else if (last && last.textContent.trim()) seen('text');
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""

# Records each length the last answer's text had while it streamed (before its sources arrived).
GROWTH_JS = """() => {
  window.__lengths = [];
  new MutationObserver(() => {
    const answers = document.querySelectorAll('#tl-chat .tl-answer');
    const last = answers[answers.length - 1];
    if (!last || last.querySelector('.tl-sources')) return;
    const length = last.textContent.trim().length;
    if (length && window.__lengths[window.__lengths.length - 1] !== length) window.__lengths.push(length);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


class SlowAssistant:
    """The real assistant, its text sent word by word with a pause: streaming the test can see."""

    def __init__(self, real: Any, pause: float = 0.15) -> None:
        self.real = real
        self.pause = pause

    def stream(self, question: str, history: Any = (), filters: Any = None) -> Iterator[Any]:
        for event in self.real.stream(question, history, filters):
            if isinstance(event, Token):
                for word in event.text.split(" ")[:12]:
                    time.sleep(self.pause)
                    yield Token(word + " ")
                yield Token(" ".join(event.text.split(" ")[12:]))
            else:
                yield event


@pytest.fixture(scope="module")
def chat_app(live_app, web_index, tmp_path_factory: pytest.TempPathFactory):
    return live_app(settings=separate_data_dir(web_index, tmp_path_factory.mktemp("browser-data")))


def open_chat(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#tl-question textarea")


def ask(page: Any, question: str) -> Any:
    """Type and send a question; return the last answer bubble once it is complete (sources, or an abstention)."""
    before = page.locator(SOURCES).count() + page.locator("#tl-chat .tl-answer:not(:has(.tl-sources))").count()
    page.fill("#tl-question textarea", question)
    page.press("#tl-question textarea", "Enter")
    page.wait_for_function(
        """(before) => {
          const answers = [...document.querySelectorAll('#tl-chat .tl-answer')];
          const done = answers.filter(a => a.querySelector('.tl-sources') || a.textContent.includes('Không tìm thấy'));
          return done.length > before && !document.querySelector('#tl-chat .tl-waiting');
        }""",
        arg=before,
    )
    return page.locator(ANSWERS).last


def test_a_question_streams_an_answer_with_its_cited_source(live_app, web_index, tmp_path, chromium_page) -> None:
    settings = separate_data_dir(web_index, tmp_path)
    ctx = web_index.context(settings)
    ctx.assistant = SlowAssistant(ctx.assistant)
    app = live_app(ctx)
    page = chromium_page
    open_chat(page, app.url)
    page.evaluate(WATCH_JS)
    answer = ask(page, QUESTION)
    states = page.evaluate("window.__states")
    assert states[0] == "waiting" and states[-1] == "sources"
    assert "text" in states  # words arrived and were shown before the answer was complete
    assert "318,4 triệu USD" in answer.inner_text()
    source = answer.locator(".tl-source").first
    assert "Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương tỉnh Vân Mộng" in source.inner_text()
    assert "Tình hình sản xuất công nghiệp" in source.inner_text()  # trích yếu
    marked = [m.lower() for m in source.locator("mark").all_inner_texts()]
    assert any("kim ngạch" in m for m in marked)


def test_the_extractive_answer_grows_on_the_page_in_several_steps(chat_app, chromium_page) -> None:
    page = chromium_page
    open_chat(page, chat_app.url)
    page.evaluate(GROWTH_JS)
    answer = ask(page, QUESTION)  # the real extractive assistant, no slowing down
    lengths = page.evaluate("window.__lengths")
    assert len(lengths) >= 3 and lengths == sorted(lengths)  # seen growing, several times, never shrinking
    assert "318,4 triệu USD" in answer.inner_text()


def test_clicking_a_pdf_source_opens_the_file_at_its_page(chat_app, chromium_page) -> None:
    page = chromium_page
    open_chat(page, chat_app.url)
    answer = ask(page, QUESTION)
    link = answer.locator("a.tl-open").first
    with (
        page.context.expect_event("response", lambda r: "/tep/" in r.url) as response_info,
        page.expect_popup() as popup,
    ):
        link.click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # the page of the quoted line (the export figure is on page 2), not the first page of its passage
    assert popup.value.url.endswith("BC_45-BC-SCT_04.4.2025_Bao-cao-tinh-hinh-quy-I-2025.pdf#page=2")


def test_clicking_a_word_source_downloads_it(chat_app, chromium_page) -> None:
    page = chromium_page
    open_chat(page, chat_app.url)
    answer = ask(page, "Lịch kiểm tra an toàn điện tại các cụm công nghiệp")
    link = answer.locator(".tl-action a", has_text="Tải tệp về").first
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "TB-245_12.3.2025_Thong-bao-lich-kiem-tra-an-toan-dien.docx"
    assert download.failure() is None
    with open(download.path(), "rb") as file:
        assert file.read(2) == b"PK"


def test_a_filter_changes_what_the_answer_cites(chat_app, chromium_page) -> None:
    page = chromium_page
    open_chat(page, chat_app.url)
    page.click("#tl-type input")
    page.get_by_role("option", name="Thông báo").click()
    answer = ask(page, QUESTION)
    labels = answer.locator("a.tl-open").all_inner_texts()
    assert "45/BC-SCT" not in answer.inner_text()
    assert all(label.startswith("Thông báo") for label in labels)


def test_examples_copy_and_feedback(chat_app, chromium_page) -> None:
    page = chromium_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_chat(page, chat_app.url)
    page.get_by_role("button", name=f"Câu hỏi mẫu 1: {QUESTION}").click()
    page.wait_for_selector(SOURCES)
    assert page.locator("#tl-chat .message.user, #tl-chat [data-testid='user']").first.inner_text().strip() == QUESTION

    page.click("#tl-copy")
    copied = page.locator("#tl-copy-text textarea")
    copied.wait_for()
    text = copied.input_value()
    assert "318,4 triệu USD" in text and "\n\nNguồn:\n[1] Báo cáo số 45/BC-SCT" in text
    assert page.evaluate("navigator.clipboard.readText()") == text

    page.locator("#tl-chat button[aria-label='Chưa hữu ích']").last.click()
    page.fill("#tl-comment textarea", "Cần thêm số liệu nhập khẩu")
    page.click("#tl-send-comment")
    page.locator("#tl-comment").wait_for(state="hidden")
    db = sqlite3.connect(chat_app.feedback.path)
    rows = db.execute(
        "SELECT a.question, f.rating, f.comment FROM feedback f JOIN answers a ON a.id = f.answer_id"
    ).fetchall()
    assert (QUESTION, -1, "Cần thêm số liệu nhập khẩu") in rows
