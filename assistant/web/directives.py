"""The "Tra số hiệu" tab: a document number as staff type it ("1389/QĐ-UBND", "công văn 310", "CT 07 năm 2025") →
what it is, whether the archive holds it, and every citing document once with its pages, newest first.

Documents are named by their number and title and linked to their file (at the page, for a PDF), never by path; every
piece of document text is escaped for Markdown. When several directives fit, the tab lists them to pick one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import gradio as gr

from assistant.citations import format_date
from assistant.directives import format_not_found, known_number, type_name
from assistant.factory import IndexNotBuilt
from assistant.web.context import WebContext
from assistant.web.files import file_url
from assistant.web.markup import escape
from index.citations.number_query import parse_number_query
from index.citations.records import ArchiveDocument, DirectiveReport, Fact, Mention
from index.citations.registry import Registry

MAX_CITING_SHOWN = 50
SUBJECT_IN_CHOICE_CHARS = 90
SENTENCE_SHOWN_CHARS = 300
HINT = "Nhập số hiệu văn bản, ví dụ: 1389/QĐ-UBND, QĐ 1389 năm 2020, công văn 310, CV 310/SCT, CT 07 năm 2025."


@dataclass(frozen=True)
class Lookup:
    """What the tab shows for a typed number: Markdown, and the directives to pick from when several fit."""

    markdown: str
    choices: tuple[tuple[str, str], ...] = ()  # (label, key)


def find_directives(registry: Registry, number_text: str) -> list[DirectiveReport]:
    """The directives a typed number names: a full number in any spelling, else a number with a type, tail or year."""
    reports = registry.lookup_all(number_text)
    if reports:
        return reports
    query = parse_number_query(number_text)
    return registry.find(query) if query else []


def directive_lookup(ctx: WebContext, number_text: str | None) -> Lookup:
    """The tab's answer to a typed number: one report, a list to pick from, or why there is none."""
    if not number_text or not number_text.strip():
        return Lookup(HINT)
    try:
        with ctx.catalog():
            pass  # a clear message when nothing was indexed there, before the registry is created empty
        with ctx.registry() as registry:
            reports = find_directives(registry, number_text)
            example = None if reports else known_number(registry)
    except IndexNotBuilt as error:
        return Lookup(f"⚠️ {escape(error)}")
    if not reports:
        return Lookup(escape(format_not_found(number_text, example)))
    if len(reports) == 1:
        return Lookup(report_markdown(reports[0]))
    text = f"Có {len(reports)} văn bản khớp với “{escape(number_text.strip())}”: chọn một văn bản trong danh sách."
    return Lookup(text, tuple((choice_label(r), r.key) for r in reports))


def directive_markdown(ctx: WebContext, number_text: str | None) -> str:
    """The Markdown the tab shows for a typed number (the list of choices aside)."""
    return directive_lookup(ctx, number_text).markdown


def chosen_markdown(ctx: WebContext, key: str | None) -> str:
    """The report on the directive picked in the list."""
    if not key:
        return ""
    try:
        with ctx.catalog():
            pass
        with ctx.registry() as registry:
            report = registry.report(key)
            example = None if report else known_number(registry)
    except IndexNotBuilt as error:
        return f"⚠️ {escape(error)}"
    return report_markdown(report) if report else escape(format_not_found(key.split("@")[0], example))


def choice_label(report: DirectiveReport) -> str:
    """A line of the list (plain text): "Công văn 310/SCT-QLTM ngày 10/3/2025 — trích yếu"."""
    kind = type_name(report)
    label = f"{kind} {report.number}"
    if report.date:
        label += f" ngày {format_date(report.date.value)}"
    elif report.year:
        label += f" năm {report.year}"
    if report.subject:
        subject = " ".join(report.subject.value.split())
        if len(subject) > SUBJECT_IN_CHOICE_CHARS:
            subject = subject[:SUBJECT_IN_CHOICE_CHARS].rsplit(" ", 1)[0] + " …"
        label += f" — {subject}"
    held = "có trong kho" if report.in_archive else "chưa có trong kho"
    return f"{label} ({held}; {report.citing_documents} văn bản trích dẫn)"


def report_markdown(report: DirectiveReport) -> str:
    """One directive as Markdown: facts, its copy in the archive (linked), and the documents that cite it."""
    kind = type_name(report)
    year = f" (năm {report.year})" if report.year else ""
    lines = [f"### {escape(kind)} số {escape(report.number)}{year}"]
    for label, fact, shown in (
        ("Loại văn bản", report.doc_type, None),
        ("Ngày ban hành", report.date, format_date(report.date.value) if report.date else None),
        ("Cơ quan ban hành", report.issuer, None),
        ("Trích yếu", report.subject, None),
    ):
        if fact:
            lines.append(f"- {label}: {escape(shown or fact.value)}{_origin(fact)}")
    lines.append("")
    if report.archive:
        lines.append("**Có trong kho:** " + "; ".join(_held(d) for d in report.archive))
    else:
        lines.append("**Chưa có trong kho:** các thông tin trên được tổng hợp từ những văn bản trích dẫn nó.")
    lines.append("")
    lines.extend(citing_lines(report.citations))
    return "\n".join(lines)


def _origin(fact: Fact) -> str:
    if fact.origin == "header":
        return " (theo bản trong kho)"
    if fact.origin == "symbol":
        return " (suy ra từ ký hiệu số)"
    return f" (theo {fact.votes} lần nhắc thống nhất)" if fact.votes > 1 else " (theo văn bản trích dẫn)"


def _held(document: ArchiveDocument) -> str:
    title = document.title or " ".join(p for p in (document.doc_type, document.number) if p)
    date = format_date(document.date)
    return _link(title or PurePosixPath(document.path).name, document.path) + (f" ({date})" if date else "")


def citing_lines(citations: tuple[Mention, ...]) -> list[str]:
    """Each citing document once (newest first), linked, with the pages it cites on and its first sentence."""
    by_document: dict[str, list[Mention]] = {}
    for mention in citations:
        by_document.setdefault(mention.doc_path, []).append(mention)
    if not by_document:
        return ["Không văn bản nào khác trong kho trích dẫn văn bản này."]
    lines = [f"**Được trích dẫn trong {len(by_document)} văn bản của kho** (văn bản mới nhất trước):"]
    for i, (path, mentions) in enumerate(list(by_document.items())[:MAX_CITING_SHOWN], 1):
        first = mentions[0]
        pages = sorted({m.page for m in mentions if m.page})
        title = first.citing_title or PurePosixPath(path).name
        date = format_date(first.citing_date)
        head = f"{i}. {_link(title, path, pages[0] if pages else None)}" + (f", {date}" if date else "")
        if pages:
            head += " — tr. " + ", ".join(_link(str(p), path, p) for p in pages)
        lines.append(f"{head}  \n   “{escape(_short(first.sentence))}”")
    if len(by_document) > MAX_CITING_SHOWN:
        lines.append(f"… và {len(by_document) - MAX_CITING_SHOWN} văn bản khác.")
    return lines


def _link(text: str, doc_path: str, page: int | None = None) -> str:
    # file_url percent-encodes everything but "/": no ")" or space can end the link early
    return f"[{escape(text)}]({file_url(doc_path, page)})"


def _short(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= SENTENCE_SHOWN_CHARS else text[:SENTENCE_SHOWN_CHARS].rsplit(" ", 1)[0] + " …"


def build_directive_tab(ctx: WebContext) -> None:
    """Components of the directive lookup, inside an open `gr.Tab`."""
    with gr.Row():
        number = gr.Textbox(
            label="Số hiệu văn bản",
            placeholder="vd. 1389/QĐ-UBND, QĐ 1389 năm 2020, công văn 310, CV 310/SCT (viết kiểu nào cũng được)",
            scale=4,
            elem_id="directive-number",
        )
        search = gr.Button("Tra cứu", variant="primary", scale=1)
    choices = gr.Radio(label="Các văn bản khớp", choices=[], visible=False, elem_id="directive-choices")
    result = gr.Markdown(HINT, elem_id="directive-result")

    def lookup(text: str) -> tuple[str, dict]:
        found = directive_lookup(ctx, text)
        return found.markdown, gr.update(choices=list(found.choices), value=None, visible=bool(found.choices))

    gr.on(
        triggers=[number.submit, search.click],
        fn=lookup,
        inputs=number,
        outputs=[result, choices],
        api_name="directive",
    )
    choices.input(lambda key: chosen_markdown(ctx, key), inputs=choices, outputs=result, api_name="directive_choice")
