"""The Gradio layer: routes the chain's typed events to a chat.

It holds no retrieval logic and launches nothing on import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.answers import Done, Notice, Token
from assistant.chain import Assistant, render

EXAMPLES = [
    "Kim ngạch xuất khẩu quý I đạt bao nhiêu?",
    "Văn bản nào nhắc đến Quyết định 2417/QĐ-UBND?",
    "Sở Công Thương giao phòng nào theo dõi thị trường?",
]


def _history(turns: list[Any]) -> list[dict[str, str]]:
    """Gradio's message history as plain {"role", "content"} turns (content parts joined)."""
    out = []
    for turn in turns or []:
        content = turn.get("content") if isinstance(turn, dict) else None
        if isinstance(content, list):
            content = " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
        if content:
            out.append({"role": str(turn.get("role")), "content": str(content)})
    return out


def chat_handler(assistant: Assistant) -> Any:
    def respond(message: str, history: list[Any]) -> Iterator[str]:
        if not message or not message.strip():
            yield "Hãy nhập câu hỏi."
            return
        shown = ""
        for event in assistant.stream(message, _history(history)):
            if isinstance(event, Token):
                shown += event.text
                yield shown
            elif isinstance(event, Notice) and event.text == "replace":
                shown = ""
            elif isinstance(event, Done):
                yield render(event.answer)

    return respond


def build_app(assistant: Assistant) -> gr.Blocks:
    """The web chat over an assistant (built by the caller from settings)."""
    with gr.Blocks(title="Trợ lý Kho Báo cáo", analytics_enabled=False) as app:
        gr.Markdown("## Trợ lý Kho Báo cáo\nHỏi đáp trên kho văn bản; mỗi câu trả lời trích dẫn số hiệu văn bản nguồn.")
        gr.ChatInterface(
            chat_handler(assistant),
            examples=EXAMPLES,
            cache_examples=False,
            analytics_enabled=False,
            api_name="chat",
        )
    return app
