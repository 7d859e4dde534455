"""The "Làm quen" tab for new staff: what the archive holds, its abbreviations, its most cited directives, and
questions to start with, drawn from the archive's own headings."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.areas.topics import heading_topic
from assistant.factory import IndexNotBuilt
from assistant.vietnamese import fold
from assistant.web.context import WebContext
from assistant.web.markup import escape, table
from index.catalog import Catalog
from index.citations.records import DirectiveSummary

UNKNOWN = "(chưa rõ)"
TOP_GROUPS = 12
STARTER_QUESTIONS = 8
# the suggested questions read as a list of questions, not as a column of centred buttons
CSS = ".tl-starter { justify-content: flex-start; text-align: left; }\n"


# -- what the archive holds ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overview:
    documents: int
    pages: int
    by_issuer: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    by_year: list[tuple[str, int]]  # newest year first


def archive_overview(catalog: Catalog) -> Overview:
    """Counts of indexed documents by issuing body, type and year."""
    records = catalog.indexed_documents()
    issuers: Counter[str] = Counter()
    types: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for record in records:
        meta = record.meta
        issuers[(meta.issuer if meta else None) or UNKNOWN] += 1
        types[(meta.doc_type if meta else None) or UNKNOWN] += 1
        years[(meta.date[:4] if meta and meta.date else None) or UNKNOWN] += 1
    by_year = sorted(((y, n) for y, n in years.items() if y != UNKNOWN), reverse=True)
    by_year += [(UNKNOWN, years[UNKNOWN])] if UNKNOWN in years else []
    return Overview(
        documents=len(records),
        pages=sum(r.pages for r in records),
        by_issuer=_ranked(issuers),
        by_type=_ranked(types),
        by_year=by_year,
    )


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (kv[0] == UNKNOWN, -kv[1], fold(kv[0])))


def overview_markdown(overview: Overview) -> str:
    if not overview.documents:
        return "Kho chưa có văn bản nào được lập chỉ mục."
    parts = [f"Kho có **{overview.documents} văn bản** ({overview.pages} trang)."]
    for title, header, rows in (
        ("Theo cơ quan ban hành", "Cơ quan ban hành", overview.by_issuer),
        ("Theo loại văn bản", "Loại", overview.by_type),
        ("Theo năm ban hành", "Năm", overview.by_year),
    ):
        shown = rows[:TOP_GROUPS]
        rest = sum(n for _, n in rows[TOP_GROUPS:])
        body = [[name, n] for name, n in shown] + ([[f"{len(rows) - TOP_GROUPS} nhóm khác", rest]] if rest else [])
        parts.append(f"#### {title}\n\n" + table([header, "Số văn bản"], body))
    return "\n\n".join(parts)


# -- glossary and most cited -----------------------------------------------------------------------------------
def glossary_markdown(glossary: dict[str, tuple[str, int]]) -> str:
    if not glossary:
        return "Chưa tìm thấy chữ viết tắt nào được định nghĩa trong kho."
    rows = [[abbr, expansion, n] for abbr, (expansion, n) in sorted(glossary.items(), key=lambda kv: fold(kv[0]))]
    return "Các chữ viết tắt được định nghĩa trong văn bản của kho:\n\n" + table(
        ["Viết tắt", "Nghĩa", "Số lần định nghĩa"], rows
    )


def most_cited_markdown(summaries: list[DirectiveSummary]) -> str:
    if not summaries:
        return "Chưa có văn bản nào được trích dẫn trong kho."
    lines = ["Các văn bản được trích dẫn nhiều nhất trong kho (tra chi tiết ở thẻ “Tra số hiệu”):", ""]
    for i, s in enumerate(summaries, 1):
        held = " — có trong kho" if s.archive_paths else ""
        lines.append(
            f"{i}. {escape(s.doc_type or 'Văn bản')} số **{escape(s.number)}**: "
            f"{s.citing_documents} văn bản trích dẫn{held}" + (f"  \n   {escape(s.subject)}" if s.subject else "")
        )
    return "\n".join(lines)


# -- starter questions -----------------------------------------------------------------------------------------
def starter_questions(catalog: Catalog, keep_upper: Iterable[str] = (), limit: int = STARTER_QUESTIONS) -> list[str]:
    """Questions over the archive's own headings: per document, the heading with the most text under it, asked
    of that document by type and number ("Báo cáo 45/BC-SCT nói gì về tình hình thực hiện?"); documents of each
    type take turns, newest first, so the list shows the range of the archive."""
    keep = set(keep_upper)
    records = {r.path: r for r in catalog.indexed_documents()}
    weight: dict[str, Counter[str]] = defaultdict(Counter)
    for chunk in catalog.all_chunks():
        for depth, heading in enumerate(chunk.heading_path[:3]):
            topic = heading_topic(heading, keep)
            if topic:
                weight[chunk.doc_path][topic] += len(chunk.text) // (depth + 1)  # shallower headings weigh more
    by_type: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(weight, key=lambda p: _date_of(records.get(p)), reverse=True):
        record = records.get(path)
        meta = record.meta if record else None
        if not meta or not meta.number:
            continue  # "the document" is unclear without a number to ask about
        topic = max(weight[path].items(), key=lambda kv: (kv[1], kv[0]))[0]
        reference = " ".join(p for p in (meta.doc_type or "Văn bản", meta.number) if p)
        by_type[meta.doc_type or ""].append((path, f"{reference} nói gì về {topic}?"))
    questions: list[str] = []
    queues = [list(items) for _, items in sorted(by_type.items(), key=lambda kv: -len(kv[1]))]
    while queues and len(questions) < limit:
        for queue in queues:
            if queue and len(questions) < limit:
                questions.append(queue.pop(0)[1])
        queues = [q for q in queues if q]
    return questions


def _date_of(record: object) -> str:
    meta = getattr(record, "meta", None)
    return (meta.date if meta else None) or ""


def starter_intro(questions: list[str]) -> str:
    if not questions:
        return "Chưa có đủ văn bản có số hiệu và đề mục để gợi ý câu hỏi."
    return "Bấm một câu hỏi để hỏi ngay ở thẻ Hỏi đáp:"


# -- the tab -----------------------------------------------------------------------------------------------------
def onboarding_sections(ctx: WebContext) -> tuple[str, list[str], str, str]:
    """The four sections: overview, starter questions, most cited and glossary (Markdown but the questions)."""
    try:
        with ctx.registry() as registry:
            glossary = registry.glossary()
            cited = registry.most_cited()
        with ctx.catalog() as catalog:
            overview = archive_overview(catalog)
            questions = starter_questions(catalog, keep_upper=glossary)
    except IndexNotBuilt as error:
        message = f"⚠️ {escape(error)}"
        return message, [], "", ""
    return (
        overview_markdown(overview),
        questions,
        most_cited_markdown(cited),
        glossary_markdown(glossary),
    )


def _filled(ctx: WebContext) -> list[Any]:
    """The tab's components on page load: a button for each starter question, the spare ones hidden."""
    overview, questions, cited, glossary = onboarding_sections(ctx)
    buttons = [gr.update(value=q, visible=True) for q in questions[:STARTER_QUESTIONS]]
    buttons += [gr.update(visible=False)] * (STARTER_QUESTIONS - len(buttons))
    return [overview, starter_intro(questions), *buttons, cited, glossary]


def build_onboarding_tab(ctx: WebContext) -> list[Any]:
    """Components of the onboarding tab, inside an open `gr.Tab`; filled on page load, so uploads show up.

    Returns the starter questions' buttons (their value is the question), for app.py to ask in the chat tab."""
    gr.Markdown(
        "Trang này giới thiệu kho văn bản cho người mới: kho có gì, các chữ viết tắt thường gặp, "
        "những văn bản được nhắc đến nhiều nhất, và vài câu hỏi để bắt đầu."
    )
    with gr.Row():
        with gr.Column():
            gr.Markdown("### Kho có gì")
            overview = gr.Markdown(elem_id="onboarding-overview")
        with gr.Column():
            gr.Markdown("### Câu hỏi gợi ý")
            intro = gr.Markdown(elem_id="onboarding-questions")
            # a fixed set, shown as the archive has questions: Gradio wires events when the page is built
            starters = [
                gr.Button(visible=False, size="sm", variant="secondary", elem_classes="tl-starter")
                for _ in range(STARTER_QUESTIONS)
            ]
            gr.Markdown("### Văn bản được trích dẫn nhiều nhất")
            cited = gr.Markdown(elem_id="onboarding-most-cited")
    gr.Markdown("### Chữ viết tắt")
    glossary = gr.Markdown(elem_id="onboarding-glossary")
    gr.on(triggers=None, fn=lambda: _filled(ctx), outputs=[overview, intro, *starters, cited, glossary])
    return starters
