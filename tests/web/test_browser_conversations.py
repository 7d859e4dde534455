"""Saved conversations in a real headless Chromium: kept across a reload and a server restart, reopened, renamed,
deleted, private to their browser; and a long conversation whose text nothing of Gradio's covers."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.settings import Settings
from tests.web.conftest import ServerThread, WebIndex, separate_data_dir
from tests.web.test_browser_chat import QUESTION, ask, open_chat

pytestmark = pytest.mark.browser

LISTED = "#tl-conversation-list label"
TITLE = "#tl-conversation-title textarea, #tl-conversation-title input"
FOLLOW_UP = "Còn nhập khẩu thì sao?"

# Every line of message text inside the chat's visible scroll area that a floating element of Gradio's (the
# "Hỏi đáp" label, the 🗑 button, the scroll-to-bottom arrow) overlaps: [covering element, text].
OVERLAPS_JS = """() => {
  const chat = document.querySelector('#tl-chat');
  const view = chat.querySelector('.bubble-wrap').getBoundingClientRect();
  const floating = {
    label: chat.querySelector(':scope > .wrapper > label'),
    clear: chat.querySelector('.top-panel'),
    arrow: chat.querySelector('.scroll-down-button-container button'),
  };
  const shown = Object.entries(floating).filter(([, e]) => e && e.getBoundingClientRect().width > 0);
  const hits = [];
  let lines = 0;
  const walker = document.createTreeWalker(chat.querySelector('.message-wrap'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    // the body of a closed <details> (a source card's “Văn bản này là gì?”) is not drawn, whatever its rects say
    if (node.parentElement.closest('details:not([open]) > :not(summary)')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.bottom <= view.top || r.top >= view.bottom) continue;  // scrolled out of sight: nothing to cover
      lines += 1;
      // only the part of a line inside the scroll area is seen: the rest, clipped, cannot be covered
      const top = Math.max(r.top, view.top), bottom = Math.min(r.bottom, view.bottom);
      for (const [name, e] of shown) {
        const f = e.getBoundingClientRect();
        if (r.left < f.right && f.left < r.right && top < f.bottom && f.top < bottom) {
          hits.push([name, node.textContent.trim().slice(0, 40)]);
        }
      }
    }
  }
  return {shown: shown.map(([name]) => name), lines, hits};
}"""


def serve(web_index: WebIndex, settings: Settings, port: int = 0) -> tuple[ServerThread, Any]:
    """A server as `serve` starts one over `settings` (its own app, context and stores); (server, context)."""
    from app import CSS, build_app
    from assistant.web.server import create_server

    ctx = web_index.context(settings)
    return ServerThread(create_server(build_app(ctx), ctx, css=CSS), port).start(), ctx


@pytest.fixture(scope="module")
def chat_app(live_app, web_index, tmp_path_factory: pytest.TempPathFactory):
    return live_app(settings=separate_data_dir(web_index, tmp_path_factory.mktemp("conversations-data")))


def scroll_to(page: Any, top: int) -> None:
    """Scroll the messages to `top`, again until it holds (the chat may still be gliding to its latest answer)."""
    page.wait_for_function(
        """(top) => {
          const wrap = document.querySelector('#tl-chat .bubble-wrap');
          if (Math.abs(wrap.scrollTop - top) <= 1) return true;
          wrap.scrollTop = top;
          return false;
        }""",
        arg=top,
        polling=100,
    )


def expect_listed(page: Any, *titles: str) -> None:
    expect(page.locator(LISTED)).to_have_count(len(titles))
    for label, title in zip(page.locator(LISTED).all(), titles, strict=True):
        expect(label).to_contain_text(title)


def expect_answers(page: Any, *figures: str) -> None:
    expect(page.locator("#tl-chat .tl-answer")).to_have_count(len(figures))
    for answer, figure in zip(page.locator("#tl-chat .tl-answer").all(), figures, strict=True):
        expect(answer).to_contain_text(figure)


def test_a_conversation_outlives_a_reload_and_a_server_restart(web_index, tmp_path, chromium_page) -> None:
    settings = separate_data_dir(web_index, tmp_path)
    page = chromium_page
    first, first_ctx = serve(web_index, settings)
    try:
        open_chat(page, first.url)
        expect_listed(page)
        ask(page, QUESTION)
        expect_listed(page, QUESTION)
        page.reload()
        expect_answers(page, "318,4 triệu USD")  # the open conversation is drawn again, sources and all
        expect_listed(page, QUESTION)
    finally:
        first.stop()
        first_ctx.close()

    second, second_ctx = serve(web_index, settings, port=first.port)  # a new process's app over the same data dir
    try:
        open_chat(page, second.url)
        expect_answers(page, "318,4 triệu USD")
        expect_listed(page, QUESTION)
        answer = ask(page, FOLLOW_UP)
        assert "276,5 triệu USD" in answer.inner_text()  # the follow-up was read against the restored turn
        expect_listed(page, QUESTION)  # the same conversation, not a second one

        page.get_by_role("button", name="Cuộc hội thoại mới").click()
        expect_answers(page)
        expect(page.locator(f"{LISTED} input:checked")).to_have_count(0)
        page.locator(LISTED).first.click()
        expect_answers(page, "318,4 triệu USD", "276,5 triệu USD")
        expect(page.locator(TITLE)).to_have_value(QUESTION)
    finally:
        second.stop()
        second_ctx.close()


def test_rename_delete_and_privacy(chat_app, chromium, chromium_page) -> None:
    page = chromium_page
    open_chat(page, chat_app.url)
    ask(page, QUESTION)
    expect_listed(page, QUESTION)

    stranger = chromium.new_context(locale="vi-VN").new_page()  # another browser, open mode: its own conversations
    open_chat(stranger, chat_app.url)
    expect(stranger.locator("#tl-conversation-list")).to_contain_text("Chưa có cuộc hội thoại nào")
    expect_listed(stranger)
    stranger.context.close()

    page.fill(TITLE, "   ")
    page.click("#tl-rename")
    expect(page.locator(".toast-body").last).to_contain_text("Tên cuộc hội thoại đang để trống")
    page.fill(TITLE, "x" * 120)
    page.click("#tl-rename")
    expect(page.locator(".toast-body").last).to_contain_text("dài 120 ký tự, quá giới hạn 80 ký tự")
    expect_listed(page, QUESTION)
    page.fill(TITLE, "Xuất khẩu quý I")
    page.click("#tl-rename")
    expect_listed(page, "Xuất khẩu quý I")

    page.click("#tl-delete")
    expect(page.locator("#tl-confirm-question")).to_contain_text("Xóa hẳn cuộc hội thoại “Xuất khẩu quý I”?")
    page.click("#tl-cancel-delete")
    expect(page.locator("#tl-confirm")).to_be_hidden()
    expect_listed(page, "Xuất khẩu quý I")
    page.click("#tl-delete")
    page.click("#tl-confirm")
    expect_listed(page)
    expect_answers(page)
    page.reload()
    open_chat(page, chat_app.url)
    expect_listed(page)  # gone from the store, not only from the page
    expect_answers(page)


def test_gradios_label_and_arrows_never_cover_a_long_conversations_text(chat_app, chromium_page) -> None:
    page = chromium_page
    open_chat(page, chat_app.url)
    page.get_by_role("button", name="Cuộc hội thoại mới").click()
    ask(page, QUESTION)
    ask(page, FOLLOW_UP)
    ask(page, QUESTION)
    scrollable = page.evaluate(
        "(() => { const w = document.querySelector('#tl-chat .bubble-wrap');"
        " return w.scrollHeight - w.clientHeight; })()"
    )
    assert scrollable > 600  # long enough that earlier turns are out of sight at the bottom
    seen: set[str] = set()
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        scroll_to(page, int(scrollable * fraction))
        if fraction < 1:  # away from the bottom Gradio shows its arrow: wait for it
            page.locator("#tl-chat .scroll-down-button-container button").wait_for()
        result = page.evaluate(OVERLAPS_JS)
        assert result["lines"] > 5 and result["hits"] == [], (fraction, result)
        seen.update(result["shown"])
    assert seen == {"label", "clear", "arrow"}  # each floating element was there to be checked
    scroll_to(page, 0)
    first_question = page.locator("#tl-chat .message-row.user-row").first
    expect(first_question).to_be_in_viewport()  # the earliest turn is reachable
