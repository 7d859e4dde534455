"""An answer as the chat shows it (text, then a card per source) and as staff paste it into an official document."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from assistant.answers import Answer
from assistant.chain import directive_lines
from assistant.citations import Citation, format_date
from assistant.retrieval import Passage
from assistant.web.files import file_url
from assistant.web.highlight import QueryTerms, highlight, query_terms

_FIRST_PAGE = re.compile(r"\d+")
EXCERPT_CHARS = 700  # a card shows the start of the passage around the first marked word, not a whole chunk
MAX_EXCERPTS = 3  # passages shown on the card of a document cited for several


def copy_text(answer: Answer) -> str:
    """Plain text fit to paste into an official document: the answer, then "Nguồn:" and one full citation a line."""
    if answer.abstained:
        return "\n".join([answer.text, *directive_lines(answer)])
    lines = [answer.text.strip(), "", "Nguồn:"]
    lines.extend(f"[{n}] {official_citation(c)}" for n, c in enumerate(answer.citations, start=1))
    lines.extend(f"Lưu ý: {note}" for note in answer.notices)
    lines.extend(directive_lines(answer))
    return "\n".join(lines)


def official_citation(citation: Citation) -> str:
    """ "Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương tỉnh Vân Mộng, tr. 1–2 — trích yếu." """
    line = citation.text
    if citation.subject:
        line += f" — {citation.subject.rstrip('.')}"
    return line + "."


def first_page(citation: Citation) -> int | None:
    """The page a source card opens its file at: the first quoted line's page, else the first page cited."""
    if citation.page is not None:
        return citation.page
    match = _FIRST_PAGE.search(citation.pages or "")
    return int(match.group(0)) if match else None


Explain = Callable[[str], str]  # doc_path -> the card's “Văn bản này là gì?” HTML


def answer_html(answer: Answer, explain: Explain | None = None) -> str:
    """The answer bubble: the answer's text, its notices, then the source cards (one HTML block, no blank lines)."""
    body = _paragraphs(answer.text)
    notes = "".join(f'<p class="tl-note">⚠️ {html.escape(n)}</p>' for n in answer.notices)
    briefs = _paragraphs("\n".join(directive_lines(answer)))
    if briefs:
        briefs = f'<div class="tl-directives">{briefs}</div>'
    if answer.abstained:
        return f'<div class="tl-answer">{body}{notes}{briefs}</div>'
    return f'<div class="tl-answer">{body}{notes}{sources_html(answer, explain)}{briefs}</div>'


def streaming_html(text: str) -> str:
    """The text received so far, before the sources are known."""
    return f'<div class="tl-answer">{_paragraphs(text)}</div>'


def sources_html(answer: Answer, explain: Explain | None = None) -> str:
    """A card per citation: linked number/label, subject, issuer, date, page, and the passage with the question's
    words marked."""
    terms = query_terms(answer.rewritten or answer.question)
    passages = {p.chunk.chunk_id: p for p in answer.passages}
    cards = [
        _card(n, c, [passages[i] for i in (c.chunk_ids or (c.chunk_id,)) if i in passages], terms, explain)
        for n, c in enumerate(answer.citations, start=1)
    ]
    return f'<div class="tl-sources"><p class="tl-sources-title">Nguồn ({len(cards)})</p>{"".join(cards)}</div>'


def _card(n: int, citation: Citation, used: list[Passage], terms: QueryTerms, explain: Explain | None) -> str:
    page = first_page(citation)
    url = html.escape(file_url(citation.doc_path, page), quote=True)
    is_pdf = PurePosixPath(citation.doc_path).suffix.lower() == ".pdf"
    action = "Mở tệp" + (f" tại trang {page}" if page and is_pdf else "") if is_pdf else "Tải tệp về"
    rows = [
        ("Trích yếu", citation.subject),
        ("Cơ quan ban hành", citation.issuer),
        ("Ngày ban hành", format_date(citation.date)),
        ("Trang", citation.pages.removeprefix("tr. ") if citation.pages else None),
        ("Tệp", PurePosixPath(citation.doc_path).name),
    ]
    facts = "".join(f"<dt>{k}</dt><dd>{html.escape(v)}</dd>" for k, v in rows if v)
    # a document cited for several passages shows each of them (the answer quotes from all)
    excerpt = "<br>…<br>".join(_excerpt(p.chunk.text, terms) for p in used[:MAX_EXCERPTS])
    return (
        f'<div class="tl-source" data-source="{n}">'
        f'<p class="tl-source-head"><span class="tl-n">[{n}]</span> '
        f'<a class="tl-open" href="{url}" target="_blank" rel="noopener">{html.escape(citation.label)}</a></p>'
        f'<dl class="tl-facts">{facts}</dl>'
        f'<blockquote class="tl-passage">{excerpt}</blockquote>'
        # “Văn bản này là gì?” closed on the action's own line: a line more per card lets Gradio's floating label
        # and arrow fall on the answers' text (tests/web/test_browser_conversations.py)
        f'<div class="tl-action"><a href="{url}" target="_blank" rel="noopener">{action}</a>'
        f"{' · ' + explain(citation.doc_path) if explain else ''}</div>"
        "</div>"
    )


def _excerpt(text: str, terms: QueryTerms) -> str:
    """The passage, cut to EXCERPT_CHARS around its first marked word, with the marks."""
    text = " ".join(text.split())
    if len(text) > EXCERPT_CHARS:
        marked = highlight(text, terms)
        first = marked.find("<mark>")
        # the window starts a little before the first match, on a word boundary
        start = 0
        if first > 0:
            plain_before = html.unescape(re.sub(r"<[^>]+>", "", marked[:first]))
            start = max(0, len(plain_before) - 150)
            start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + EXCERPT_CHARS)
        end = text.rfind(" ", start, end) if end < len(text) else end
        piece = text[start:end]
        return ("… " if start else "") + highlight(piece, terms) + (" …" if end < len(text) else "")
    return highlight(text, terms)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.strip().splitlines() if line.strip())
