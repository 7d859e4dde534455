"""Directive lookups in Vietnamese, for the CLI and the chat: what it is, where it is, who cites it."""

from __future__ import annotations

from assistant.citations import format_date
from index.citations.records import ArchiveDocument, DirectiveReport, DirectiveSummary, Fact
from index.citations.registry import Registry

SENTENCE_SHOWN_CHARS = 300


def type_name(report: DirectiveReport) -> str:
    """The document's type as the registry knows it, "Văn bản" when it does not."""
    return report.doc_type.value if report.doc_type else "Văn bản"


def _quote(sentence: str | None) -> str:
    text = " ".join((sentence or "").split())
    if len(text) > SENTENCE_SHOWN_CHARS:
        text = text[:SENTENCE_SHOWN_CHARS].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


def _where(doc_path: str | None, page: int | None) -> str:
    return f"{doc_path}, tr. {page}" if page else f"{doc_path}"


def _held(document: ArchiveDocument) -> str:
    """How an archive copy is named: its type and date, and its title when the number came from the file name (a
    draft's number is never shown as the header's)."""
    kind = document.title if document.number_source == "filename" and document.title else document.doc_type
    return ", ".join(p for p in (kind, format_date(document.date)) if p)


def _fact_line(label: str, fact: Fact | None, shown: str | None = None) -> str | None:
    if fact is None:
        return None
    value = shown or fact.value
    if fact.origin == "header":
        return f"- {label}: {value} (theo phần đầu văn bản trong kho: {fact.doc_path})"
    if fact.origin == "symbol":
        return f"- {label}: {value} (suy ra từ ký hiệu số)"
    # the sentence itself is listed with the citations below: the source is named by document and page
    agreeing = f"; {fact.votes} lần nhắc thống nhất" if fact.votes > 1 else ""
    return f"- {label}: {value} (theo {_where(fact.doc_path, fact.page)}{agreeing})"


def format_directive_report(report: DirectiveReport, max_citations: int = 20) -> str:
    """The report on one directive in Vietnamese: facts with their source, archive copy, citing documents."""
    kind = type_name(report)
    lines = [f"{kind} số {report.number}" + (f" (năm {report.year})" if report.year else "")]
    for line in (
        _fact_line("Loại văn bản", report.doc_type),
        _fact_line("Ngày ban hành", report.date, format_date(report.date.value) if report.date else None),
        _fact_line("Cơ quan ban hành", report.issuer),
        _fact_line("Trích yếu", report.subject),
    ):
        if line:
            lines.append(line)
    lines.append("")
    if report.archive:
        lines.append("Có trong kho:")
        for document in report.archive:
            about = _held(document)
            lines.append(f"- {document.path}" + (f" ({about})" if about else ""))
    else:
        lines.append("Chưa có trong kho: các thông tin trên được tổng hợp từ những văn bản trích dẫn nó.")
    lines.append("")
    citing = report.citing_documents
    if report.citations:
        lines.append(
            f"Được trích dẫn {len(report.citations)} lần trong {citing} văn bản của kho (văn bản mới nhất trước):"
        )
        for i, mention in enumerate(report.citations[:max_citations], 1):
            label = ", ".join(p for p in (mention.citing_title, format_date(mention.citing_date)) if p)
            head = f"{i}. {_where(mention.doc_path, mention.page)}" + (f" ({label})" if label else "")
            lines.append(f"{head}: {_quote(mention.sentence)}")
        if len(report.citations) > max_citations:
            lines.append(f"… và {len(report.citations) - max_citations} lần trích dẫn khác.")
    else:
        lines.append("Không văn bản nào khác trong kho trích dẫn văn bản này.")
    if report.alternatives:
        lines.append("")
        others = ", ".join(report.alternatives)
        lines.append(f"Cùng số hiệu còn có văn bản khác năm: {others}. Ghi kèm năm để xem (ví dụ: số hiệu@năm).")
    return "\n".join(lines)


def format_directive_brief(report: DirectiveReport, max_citations: int = 3) -> str:
    """A few lines for the chat: what the document is, whether the archive holds it, the newest citing documents."""
    kind = type_name(report)
    head = f"{kind} số {report.number}"
    if report.date:
        head += f" ngày {format_date(report.date.value)}"
    if report.issuer:
        head += f" của {report.issuer.value}"
    if report.subject:
        head += f" — {report.subject.value}"
    lines = [head]
    lines.append(
        "Có trong kho: " + ", ".join(_held_briefly(d) for d in report.archive)
        if report.archive
        else "Chưa có trong kho; thông tin trên tổng hợp từ các văn bản trích dẫn nó."
    )
    if report.citations:
        lines.append(f"Được {report.citing_documents} văn bản trong kho trích dẫn; mới nhất:")
        seen: set[str] = set()
        for mention in report.citations:
            if mention.doc_path in seen or len(seen) >= max_citations:
                continue
            seen.add(mention.doc_path)
            label = ", ".join(p for p in (mention.citing_title, format_date(mention.citing_date)) if p)
            lines.append(f"- {_where(mention.doc_path, mention.page)}" + (f" ({label})" if label else ""))
    return "\n".join(lines)


def _held_briefly(document: ArchiveDocument) -> str:
    if document.number_source == "filename" and document.title:
        return f"{document.path} ({document.title})"
    return document.path


def known_number(registry: Registry) -> str | None:
    """A number the archive knows, to give as an example: that of its most cited document (None: nothing cited)."""
    cited = registry.most_cited(limit=1)
    return cited[0].number if cited else None


def format_not_found(number_text: str, example: str | None = None) -> str:
    """What to say when no archive document has or cites the number; `example` is one it knows (`known_number`),
    so that the suggestion is never another dead end; without one, the form of a number is described."""
    form = f"ví dụ một số hiệu có trong kho: {example}" if example else "dạng “số/ký hiệu”, có thể kèm năm"
    return (
        f"Không tìm thấy văn bản số “{number_text.strip()}” trong kho: không văn bản nào mang hay "
        f"trích dẫn số hiệu này. Hãy kiểm tra lại số hiệu ({form})."
    )


def format_most_cited(summaries: list[DirectiveSummary]) -> str:
    """The most cited directives of the archive, for new staff."""
    lines = ["Các văn bản được trích dẫn nhiều nhất trong kho:"]
    for i, s in enumerate(summaries, 1):
        held = " — có trong kho" if s.archive_paths else ""
        line = f"{i}. {s.doc_type or 'Văn bản'} số {s.number}: {s.citing_documents} văn bản trích dẫn{held}"
        lines.append(line + (f"\n   {s.subject}" if s.subject else ""))
    return "\n".join(lines)
