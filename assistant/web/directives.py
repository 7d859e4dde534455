"""The "Tra số hiệu" tab: a document number in any spelling → what it is, whether the archive holds it, and every
citing document with sentence and page, newest first. The words are those of `assistant.directives` (CLI and chat),
with every piece of document text escaped for Markdown."""

from __future__ import annotations

from dataclasses import replace

import gradio as gr

from assistant.directives import format_directive_report, format_not_found
from assistant.factory import IndexNotBuilt
from assistant.web.context import WebContext
from assistant.web.markup import escape
from index.citations.records import ArchiveDocument, DirectiveReport, Fact, Mention

MAX_CITATIONS_SHOWN = 50


def directive_markdown(ctx: WebContext, number_text: str | None) -> str:
    """The report on the directive `number_text` names, as Markdown."""
    if not number_text or not number_text.strip():
        return "Nhập số hiệu văn bản, ví dụ: 1389/QĐ-UBND, 1389/QD-UBND hoặc QĐ 1389 năm 2020."
    try:
        with ctx.catalog():
            pass  # a clear message when nothing was indexed there, before the registry is created empty
        with ctx.registry() as registry:
            report = registry.lookup(number_text)
    except IndexNotBuilt as error:
        return f"⚠️ {escape(error)}"
    if report is None:
        return escape(format_not_found(number_text))
    text = format_directive_report(escaped_report(report), max_citations=MAX_CITATIONS_SHOWN)
    title, _, rest = text.partition("\n")
    return f"### {title}\n{rest}"


def escaped_report(report: DirectiveReport) -> DirectiveReport:
    """The same report with every text that comes from documents escaped, so the shared formatter yields Markdown."""
    return replace(
        report,
        number=escape(report.number),
        doc_type=_fact(report.doc_type),
        date=report.date,  # an ISO date, formatted by the formatter itself
        issuer=_fact(report.issuer),
        subject=_fact(report.subject),
        archive=tuple(_document(d) for d in report.archive),
        citations=tuple(_mention(m) for m in report.citations),
        alternatives=tuple(escape(key) for key in report.alternatives),
    )


def _fact(fact: Fact | None) -> Fact | None:
    if fact is None:
        return None
    return replace(fact, value=escape(fact.value), doc_path=_maybe(fact.doc_path), sentence=_maybe(fact.sentence))


def _document(document: ArchiveDocument) -> ArchiveDocument:
    return replace(
        document, path=escape(document.path), doc_type=_maybe(document.doc_type), title=_maybe(document.title)
    )


def _mention(mention: Mention) -> Mention:
    return replace(
        mention,
        doc_path=escape(mention.doc_path),
        sentence=escape(mention.sentence),
        citing_title=_maybe(mention.citing_title),
    )


def _maybe(text: str | None) -> str | None:
    return escape(text) if text else text


def build_directive_tab(ctx: WebContext) -> None:
    """Components of the directive lookup, inside an open `gr.Tab`."""
    with gr.Row():
        number = gr.Textbox(
            label="Số hiệu văn bản",
            placeholder="vd. 1389/QĐ-UBND, 1389/QD-UBND, QĐ 1389 năm 2020 (viết kiểu nào cũng được)",
            scale=4,
            elem_id="directive-number",
        )
        search = gr.Button("Tra cứu", variant="primary", scale=1)
    result = gr.Markdown(directive_markdown(ctx, None), elem_id="directive-result")
    gr.on(
        triggers=[number.submit, search.click],
        fn=lambda text: directive_markdown(ctx, text),
        inputs=number,
        outputs=result,
        api_name="directive",
    )
