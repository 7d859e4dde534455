"""The work-area part of "Làm quen": pick an area, read its page, ask one of its starter questions in the chat
(which then keeps the area as its filter).

Starter questions are checked by the real answer chain once per area and kept with its page (`AreaBook`):
`warm_areas` checks every area in a background thread when the server starts, so a page opens from the cache.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import gradio as gr

from assistant.areas.book import AreaPage
from assistant.areas.starters import STARTERS_SHOWN, candidate_questions, checked_questions
from assistant.factory import IndexNotBuilt
from assistant.web.area_pages import area_markdown
from assistant.web.context import WebContext
from assistant.web.markup import escape

log = logging.getLogger(__name__)
CSS = (
    ".tl-area-starter { justify-content: flex-start; text-align: left; }\n"
    ".tl-what { display: inline; }\n.tl-what summary { display: inline; cursor: pointer; color: #1d4ed8; }\n"
    ".tl-what[open] { display: block; }\n.tl-what p { margin: 2px 0; }\n"
)


def with_checked_questions(ctx: WebContext, page: AreaPage) -> AreaPage:
    """The page with its starter questions, checking them now if that was never done (and an assistant exists)."""
    if page.questions_checked or ctx.assistant is None:
        return page
    assistant = ctx.assistant
    with ctx.catalog() as catalog, ctx.registry() as registry:
        metas = {r.path: r.meta for r in catalog.indexed_documents() if r.meta}
        candidates = candidate_questions(page.area.paths, metas, catalog.chunks_of, registry.glossary())
    questions = checked_questions(candidates, page.area.name, page.area.paths, lambda q, f: assistant.ask(q, filters=f))
    ctx.areas().with_questions(page.area.key, questions)
    return ctx.areas().page(page.area.key) or page


def warm_areas(ctx: WebContext) -> threading.Thread:
    """Build every area's page and check its starter questions, in a daemon thread (started here)."""

    def work() -> None:
        try:
            for page in ctx.areas().pages():
                if ctx.index is None:  # the server stopped and closed its index: nobody will open these pages
                    return
                with_checked_questions(ctx, page)
        except IndexNotBuilt:
            return
        except Exception:
            if ctx.index is not None:  # else the index was closed under a question, which then failed as it should
                log.exception("Không dựng được trang các lĩnh vực; trang sẽ được dựng khi mở")
            return
        log.info("Đã dựng trang các lĩnh vực và kiểm tra câu hỏi gợi ý")

    thread = threading.Thread(target=work, name="warm-areas", daemon=True)
    thread.start()
    return thread


def _titles(ctx: WebContext) -> dict[str, str]:
    with ctx.catalog() as catalog:
        return {
            r.path: r.meta.title for r in catalog.indexed_documents() if r.meta and (r.meta.doc_type or r.meta.number)
        }


def area_view(ctx: WebContext, key: str | None) -> list[Any]:
    """The page of the area `key` (the first area when None), its starter buttons, and the area picker."""
    try:
        pages = ctx.areas().pages()
    except IndexNotBuilt as error:
        return [gr.update(), f"⚠️ {escape(error)}", "", *[gr.update(visible=False)] * STARTERS_SHOWN]
    if not pages:
        return [gr.update(choices=[]), "Kho chưa có văn bản nào.", "", *[gr.update(visible=False)] * STARTERS_SHOWN]
    page = next((p for p in pages if p.area.key == key), pages[0])
    page = with_checked_questions(ctx, page)
    choices = [(f"{p.area.name} ({len(p.area.paths)})", p.area.key) for p in pages]
    buttons = [gr.update(value=q, visible=True) for q in page.questions]
    buttons += [gr.update(visible=False)] * (STARTERS_SHOWN - len(buttons))
    intro = (
        f"Câu hỏi đã được thử trước: trợ lý trả lời được từ văn bản của lĩnh vực “{escape(page.area.name)}”. "
        "Bấm để hỏi ở thẻ Hỏi đáp (bộ lọc Lĩnh vực được đặt sẵn):"
        if page.questions
        else "Chưa có câu hỏi gợi ý nào mà trợ lý trả lời được cho lĩnh vực này."
    )
    return [gr.update(choices=choices, value=page.area.key), area_markdown(page, _titles(ctx)), intro, *buttons]


def build_area_section(ctx: WebContext) -> tuple[Any, Any, list[Any]]:
    """The area picker, its page and its starter buttons, inside an open tab; filled on page load.

    Returns (the picker, a hidden textbox holding the picked area's name, the starter buttons) for app.py to ask a
    starter in the chat with the area as filter."""
    gr.Markdown("### Lĩnh vực công tác")
    picker = gr.Dropdown(choices=[], label="Chọn lĩnh vực", elem_id="onboarding-area", interactive=True)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            page = gr.Markdown(elem_id="onboarding-area-page")
        with gr.Column(scale=1, min_width=260):
            gr.Markdown("#### Hỏi về lĩnh vực này")
            intro = gr.Markdown(elem_id="onboarding-area-questions")
            starters = [
                gr.Button(visible=False, size="sm", variant="secondary", elem_classes="tl-area-starter")
                for _ in range(STARTERS_SHOWN)
            ]
    area_name = gr.Textbox(visible=False)
    outputs = [picker, page, intro, *starters]
    gr.on(triggers=None, fn=lambda: area_view(ctx, None), outputs=outputs)
    picker.input(lambda key: area_view(ctx, key), picker, outputs, api_visibility="private")
    picker.change(lambda key: _name_of(ctx, key), picker, area_name, api_visibility="private", queue=False)
    return picker, area_name, starters


def _name_of(ctx: WebContext, key: str | None) -> str:
    try:
        return next((a.name for a in ctx.areas().areas() if a.key == key), "")
    except IndexNotBuilt:
        return ""
