"""The chat tab: question box, streamed answers with their sources, filters, copy, 👍/👎; and the /chat API.

This module lays the components out and wires them to the handlers of chat.py; it holds no logic of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.citations import format_date
from assistant.factory import IndexNotBuilt
from assistant.web.chat import ChatHandlers
from assistant.web.context import WebContext
from assistant.web.conversation_panel import ChatView, ConversationPanel, build_conversation_panel
from assistant.web.conversations import ConversationStore
from assistant.web.feedback import FeedbackLog
from assistant.web.filters import ANY, FilterChoices, filter_choices
from assistant.web.index_status import build_index_status

log = logging.getLogger(__name__)

# Questions the demo archive (what `make run` indexes) answers, each with the figure asked, so the first screen
# never shows a dead end (tests/web/test_chat_examples.py). Not "Chỉ số sản xuất công nghiệp quý I tăng bao
# nhiêu?": its answer led with a sub-sector's figure (điện 3,08%) instead of the index's 6,72%.
EXAMPLES = (
    "Kim ngạch xuất khẩu quý I đạt bao nhiêu?",
    "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng đạt bao nhiêu?",
    "Toàn tỉnh có bao nhiêu cụm công nghiệp?",
)
# The chat's events hold more Gradio slots than the default: long questions waiting for their turn (chat.py's
# LONG_AT_ONCE) must leave slots to ordinary ones.
CHAT_SLOTS = 8
# The copy button writes to the clipboard in the browser; the box below it shows the same text, for browsers that
# refuse the clipboard on a plain-http address.
COPY_JS = """(text) => {
  if (text && navigator.clipboard) { navigator.clipboard.writeText(text).catch(() => {}); }
  return text;
}"""

CSS = """
.tl-answer p { margin: 0 0 .4em 0; }
.tl-sources { margin-top: .8em; border-top: 1px solid var(--border-color-primary); padding-top: .5em; }
.tl-sources-title { font-weight: 600; }
.tl-source { margin: .5em 0 .8em 0; }
.tl-source-head { margin: 0; }
.tl-n { font-weight: 600; }
.tl-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8em; margin: .2em 0; font-size: .92em; }
.tl-facts dt { color: var(--body-text-color-subdued); }
.tl-facts dd { margin: 0; }
.tl-passage { margin: .3em 0; padding: .3em .6em; border-left: 3px solid var(--color-accent); font-size: .92em; }
.tl-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.tl-note { color: #b45309; }
/* Gradio floats the chatbot's label ("Hỏi đáp") and 🗑 over the top of the scrolling messages, and its
   scroll-to-bottom arrow over their bottom: bands of their own keep them off the answers' text. */
#tl-chat > .wrapper { padding: 32px 0 48px 0; box-sizing: border-box; }
"""


@dataclass
class ChatTab:
    """The components other parts of the app wire to (app.py refreshes the filter choices on page load), and
    `ask_after`: given an event that has put a question in `box`, asks it as Enter would (Làm quen's buttons)."""

    issuer: Any
    doc_type: Any
    date_from: Any
    date_to: Any
    date_hint: Any
    area: Any
    box: Any
    ask_after: Callable[[Any], Any]
    conversations: ConversationPanel

    def refresh(self, ctx: WebContext) -> tuple[Any, Any, Any, Any]:
        """New choices from the catalog (after an upload, a reload of the page shows them)."""
        choices = _choices(ctx)
        return (
            gr.update(choices=[ANY, *choices.issuers]),
            gr.update(choices=[ANY, *choices.doc_types]),
            gr.update(value=_date_hint(choices)),
            gr.update(choices=[ANY, *_area_names(ctx)]),
        )


def _example_text(data: gr.SelectData) -> str:
    return str(data.value.get("text", "")) if isinstance(data.value, dict) else str(data.value)


def _choices(ctx: WebContext) -> FilterChoices:
    try:
        with ctx.catalog() as catalog:
            return filter_choices(catalog)
    except IndexNotBuilt as error:  # the chat still opens, with empty filters and the NO_INDEX message
        log.warning("no filter choices: %s", error)
        return FilterChoices((), (), None, None)


def _area_names(ctx: WebContext) -> list[str]:
    try:
        return [area.name for area in ctx.areas().areas()]
    except IndexNotBuilt:
        return []


def _date_hint(choices: FilterChoices) -> str:
    if not choices.date_min:
        return ""
    span = f"{format_date(choices.date_min)} đến {format_date(choices.date_max)}"
    return f"Văn bản trong kho: từ {span}. Gõ ngày dạng 2023, 4/2023 hoặc 04/4/2023."


def build_chat_tab(ctx: WebContext, feedback: FeedbackLog, conversations: ConversationStore) -> ChatTab:
    """The chat, its sources, its saved conversations and its filters, inside the caller's open Tab."""
    handlers = ChatHandlers(ctx, feedback)
    choices = _choices(ctx)
    turns = gr.State([])
    # a hidden component, not gr.State: the copy button's JavaScript needs the text in the page to reach the clipboard
    last_copy = gr.Textbox(visible=False)
    feedback_id = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=4):
            build_index_status(ctx)
            chatbot = gr.Chatbot(
                label="Hỏi đáp",
                elem_id="tl-chat",
                height="68vh",
                placeholder="**Hỏi về nội dung kho văn bản.** Mỗi câu trả lời kèm nguồn: số hiệu, trích yếu, trang.",
                examples=[{"text": q} for q in EXAMPLES],
                feedback_options=("Like", "Dislike"),
                sanitize_html=True,
                buttons=[],
            )
            with gr.Row():
                box = gr.Textbox(
                    label="Câu hỏi",  # hidden, but read out by screen readers ("Textbox" otherwise)
                    placeholder="Nhập câu hỏi (có dấu hoặc không dấu), Enter để gửi…",
                    show_label=False,
                    elem_id="tl-question",
                    scale=6,
                    autofocus=True,
                )
                send = gr.Button("Gửi", variant="primary", elem_id="tl-send", scale=1, min_width=80)
                stop = gr.Button("Dừng", variant="secondary", scale=1, min_width=80)
            with gr.Row():
                copy = gr.Button("Sao chép câu trả lời kèm nguồn", elem_id="tl-copy", size="sm")
                new = gr.Button("Cuộc hội thoại mới", size="sm")
            copy_box = gr.Textbox(
                label="Văn bản để dán (câu trả lời và nguồn)", lines=6, visible=False, elem_id="tl-copy-text"
            )
            with gr.Group(visible=False) as comment_row:
                comment = gr.Textbox(label="Góp ý thêm (không bắt buộc)", lines=2, elem_id="tl-comment")
                send_comment = gr.Button("Gửi góp ý", size="sm", elem_id="tl-send-comment")
        with gr.Column(scale=1, min_width=240):
            chat_view = ChatView(chatbot, turns, last_copy, copy_box, comment_row)
            panel = build_conversation_panel(conversations, chat_view, new)
            gr.Markdown("### Bộ lọc\nÁp dụng cho câu hỏi tiếp theo.")
            issuer = gr.Dropdown(
                [ANY, *choices.issuers],
                value=ANY,
                label="Cơ quan ban hành / tỉnh",
                allow_custom_value=True,
                elem_id="tl-issuer",
            )
            doc_type = gr.Dropdown([ANY, *choices.doc_types], value=ANY, label="Loại văn bản", elem_id="tl-type")
            date_from = gr.Textbox(label="Từ ngày", placeholder="vd. 2023 hoặc 01/01/2023", elem_id="tl-from")
            date_to = gr.Textbox(label="Đến ngày", placeholder="vd. 2025 hoặc 31/12/2025", elem_id="tl-to")
            date_hint = gr.Markdown(_date_hint(choices))
            # choices filled on page load (app.py): finding the areas reads the catalog, not for building the page
            area = gr.Dropdown([ANY], value=ANY, label="Lĩnh vực", elem_id="tl-area")
            clear_filters = gr.Button("Bỏ lọc", size="sm")

    inputs = [box, chatbot, turns, issuer, doc_type, date_from, date_to, area]
    outputs = [box, chatbot, turns, last_copy]
    slots: dict[str, Any] = {"concurrency_limit": CHAT_SLOTS, "concurrency_id": "chat"}  # one pool for every way in
    asked = gr.on(
        [box.submit, send.click],
        handlers.respond,
        inputs,
        outputs,
        api_visibility="private",
        show_progress="hidden",
        **slots,
    )
    stop.click(None, None, None, cancels=[asked], api_visibility="private")

    def ask_after(put_in_box: Any) -> Any:
        """Answer the question `put_in_box` (an event's dependency) wrote into the box; Dừng stops it too."""
        event = put_in_box.then(
            handlers.respond, inputs, outputs, api_visibility="private", show_progress="hidden", **slots
        )
        stop.click(None, None, None, cancels=[event], api_visibility="private")
        panel.save_after(event)  # an example or a Làm quen question is kept like one typed
        return event

    ask_after(chatbot.example_select(_example_text, None, box, api_visibility="private", queue=False))
    copy.click(handlers.show_copy, last_copy, copy_box, js=COPY_JS, api_visibility="private", queue=False)
    panel.save_after(asked)
    chatbot.like(handlers.like, turns, [feedback_id, comment_row, comment], api_visibility="private", queue=False)
    send_comment.click(
        handlers.send_comment, [feedback_id, comment, turns], comment_row, api_visibility="private", queue=False
    ).then(lambda: None, None, feedback_id, api_visibility="private", queue=False)
    clear_filters.click(
        lambda: (ANY, ANY, "", "", ANY),
        None,
        [issuer, doc_type, date_from, date_to, area],
        api_visibility="private",
        queue=False,
    )
    gr.api(handlers.api_chat, api_name="chat", **slots)
    return ChatTab(issuer, doc_type, date_from, date_to, date_hint, area, box, ask_after, panel)
