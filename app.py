"""The Gradio layer: composes the tabs of the web app over one WebContext. It launches nothing on import.

Each tab lives in its own module under assistant/web/ and only routes events; `assistant.web.server` mounts the
result on FastAPI beside the archive's file route."""

from __future__ import annotations

import gradio as gr

from assistant.web.area_tab import CSS as AREA_CSS
from assistant.web.area_tab import build_area_section
from assistant.web.browse import build_browse_tab
from assistant.web.chat_tab import CSS as CHAT_CSS
from assistant.web.chat_tab import build_chat_tab
from assistant.web.context import WebContext
from assistant.web.conversations import CONVERSATIONS_FILE, ConversationStore
from assistant.web.directives import build_directive_tab
from assistant.web.feedback import FEEDBACK_FILE, FeedbackLog
from assistant.web.fonts import CSS as FONT_CSS
from assistant.web.gradio_vi import CSS as VI_CSS
from assistant.web.onboarding import CSS as ONBOARDING_CSS
from assistant.web.onboarding import build_onboarding_tab
from assistant.web.upload import build_upload_tab

TITLE = "Trợ lý Kho Báo cáo"
# Gradio 6 takes CSS at launch/mount time, not in Blocks()
CSS = FONT_CSS + CHAT_CSS + ONBOARDING_CSS + AREA_CSS + VI_CSS


def build_app(
    ctx: WebContext, feedback: FeedbackLog | None = None, conversations: ConversationStore | None = None
) -> gr.Blocks:
    """The web app over a context (settings, assistant); answers and feedback go to <DATA_DIR>/feedback.sqlite,
    the chat's conversations to <DATA_DIR>/conversations.sqlite."""
    feedback = feedback or FeedbackLog(ctx.settings.data_dir / FEEDBACK_FILE)
    conversations = conversations or ConversationStore(ctx.settings.data_dir / CONVERSATIONS_FILE)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        gr.Markdown(f"## {TITLE}\nHỏi đáp trên kho văn bản; mỗi câu trả lời kèm nguồn: số hiệu, trích yếu, trang.")
        with gr.Tabs() as tabs:
            with gr.Tab("Hỏi đáp", id="chat"):
                chat = build_chat_tab(ctx, feedback, conversations)
            with gr.Tab("Văn bản", id="browse"):
                build_browse_tab(ctx)
            with gr.Tab("Tra số hiệu", id="directive"):
                build_directive_tab(ctx)
            with gr.Tab("Tải lên", id="upload"):
                build_upload_tab(ctx)
            with gr.Tab("Làm quen", id="onboarding"):
                _, area_name, area_starters = build_area_section(ctx)
                starters = build_onboarding_tab(ctx)
        # a suggested question is asked in the chat: the box gets it, the chat tab opens, the chat answers
        for button in starters:
            put_in_box = button.click(
                lambda question: (question, gr.Tabs(selected="chat")),
                button,
                [chat.box, tabs],
                api_visibility="private",
                queue=False,
            )
            chat.ask_after(put_in_box)
        # an area's question is asked with the area as the chat's filter
        for button in area_starters:
            put_in_box = button.click(
                lambda question, area: (question, area, gr.Tabs(selected="chat")),
                [button, area_name],
                [chat.box, chat.area, tabs],
                api_visibility="private",
                queue=False,
            )
            chat.ask_after(put_in_box)
        # filter choices come from the catalog, which an upload may have changed since the app was built
        app.load(
            lambda: chat.refresh(ctx),
            None,
            [chat.issuer, chat.doc_type, chat.date_hint, chat.area],
            api_visibility="private",
            queue=False,
        )
        chat.conversations.restore_on(app)  # the conversation open before a reload or a restart, and the list
    return app
