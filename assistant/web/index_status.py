"""The line above the chat while phase 2 of an ingest runs: every document answers by its words and numbers, and
how many are also searched by meaning. Nothing is shown once every document has its vectors."""

from __future__ import annotations

import gradio as gr

from assistant.web.context import WebContext
from index.catalog import EmbeddingState

STATUS_EVERY_S = 5.0  # how often an open page asks again


def status_text(state: EmbeddingState | None) -> str:
    if state is None or state.complete:
        return ""
    return (
        f"Đã tìm được theo từ khóa: {state.documents}/{state.documents} tệp; "
        f"đã hiểu nghĩa: {state.embedded}/{state.documents} tệp"
    )


def build_index_status(ctx: WebContext) -> gr.Markdown:
    """The status line, read at each page load and every STATUS_EVERY_S seconds after."""
    return gr.Markdown(
        lambda: status_text(ctx.embedding_state()),
        every=gr.Timer(STATUS_EVERY_S),
        elem_id="tl-index-status",
    )
