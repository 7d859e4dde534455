"""One page per work area in the "Làm quen" tab: legal basis, procedures, recurring duties, who signs what, the
area's words, each fact with the document (and page) it comes from; and questions to ask about the area."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from assistant.areas.book import AreaPage
from assistant.areas.legal import LegalText
from assistant.areas.procedures import Procedure, Step
from assistant.citations import format_date
from assistant.web.files import file_url
from assistant.web.markup import escape, table

QUOTE_CHARS = 220
ORIGINS = {
    "folder": "lĩnh vực theo thư mục của kho",
    "subjects": "lĩnh vực nhận ra từ trích yếu văn bản",
    "admin": "lĩnh vực do quản trị viên tách",
}


def area_markdown(page: AreaPage, titles: dict[str, str]) -> str:
    """The page of one area, in Markdown; `titles` names archive documents (path → "Báo cáo số 45/BC-SCT")."""
    area = page.area
    parts = [
        f"## {escape(area.name)}",
        f"{len(area.paths)} văn bản · {ORIGINS.get(area.origin, area.origin)}. Mỗi thông tin dưới đây kèm văn bản "
        "(và trang) nó được lấy ra; bấm tên văn bản để mở tệp.",
        "### Cơ sở pháp lý",
        legal_markdown(page.legal, page.legal_total, len(area.paths), titles),
        "### Quy trình: các văn bản một hồ sơ đi qua",
        procedures_markdown(page.procedures, page.cases, titles),
        "### Nghĩa vụ định kỳ, thời hạn báo cáo",
        duties_markdown(page, titles),
        "### Ai ký văn bản gì",
        signers_markdown(page, titles),
        "### Từ ngữ của lĩnh vực",
        words_markdown(page, titles),
    ]
    return "\n\n".join(parts)


def doc_link(path: str, titles: dict[str, str], page: int | None = None) -> str:
    name = titles.get(path) or PurePosixPath(path).name
    where = f", tr. {page}" if page else ""
    return f"[{escape(name)}]({file_url(path, page)}){where}"


def quote(sentence: str | None, around: str | None = None) -> str:
    """The sentence in quotation marks, cut to QUOTE_CHARS around the words `around` (a number) when it is longer."""
    text = " ".join((sentence or "").split())
    if len(text) > QUOTE_CHARS:
        at = text.find(around) if around else -1
        start = max(0, at - QUOTE_CHARS // 3) if at > 0 else 0
        start = text.rfind(" ", 0, start) + 1 if start else 0
        piece = text[start : start + QUOTE_CHARS]
        piece = piece.rsplit(" ", 1)[0] if start + QUOTE_CHARS < len(text) else piece
        text = ("… " if start else "") + piece + (" …" if start + len(piece) < len(text) else "")
    return f"“{escape(text)}”"


def legal_markdown(texts: Sequence[LegalText], total: int, documents: int, titles: dict[str, str]) -> str:
    if not texts:
        return "Văn bản của lĩnh vực này không trích dẫn luật, nghị định, thông tư hay quyết định nào."
    lines = [f"Lĩnh vực trích dẫn {total} văn bản pháp lý; {len(texts)} văn bản được trích dẫn nhiều nhất:", ""]
    for i, text in enumerate(texts, 1):
        facts = [f for f in (format_date(text.date.value) if text.date else None, _value(text.issuer)) if f]
        head = f"{i}. **{escape(text.doc_type)} số {escape(text.number)}**" + (
            f" ({escape(', '.join(facts))})" if facts else ""
        )
        subject = f" — {escape(text.subject.value)}" if text.subject else ""
        others = f" (và {len(text.held) - 1} bản khác)" if len(text.held) > 1 else ""
        held = f"có trong kho: {doc_link(text.held[0], titles)}{others}" if text.held else "chưa có trong kho"
        lines.append(
            f"{head}{subject}  \n   {text.citing_documents}/{documents} văn bản của lĩnh vực trích dẫn; {held}."
        )
        example = text.example
        lines.append(
            f"   Ví dụ: {doc_link(example.doc_path, titles, example.page)}: {quote(example.sentence, example.number)}"
        )
        if text.superseded:
            gone = text.superseded
            lines.append(
                f"   ⚠️ **Có thể đã hết hiệu lực hoặc bị thay thế** — theo {doc_link(gone.doc_path, titles, gone.page)}:"
                f" {quote(gone.sentence, gone.number)}"
            )
    return "\n".join(lines)


def _value(fact: object) -> str | None:
    return getattr(fact, "value", None)


def procedures_markdown(procedures: Sequence[Procedure], cases: int, titles: dict[str, str]) -> str:
    if not procedures:
        return "Chưa nhận ra hồ sơ nào: các văn bản của lĩnh vực không trích dẫn nhau."
    lines = [
        f"{cases} hồ sơ nhận ra từ các văn bản trích dẫn nhau; các chuỗi văn bản gặp nhiều nhất, mỗi chuỗi với một "
        "hồ sơ thật làm ví dụ:",
        "",
    ]
    for i, procedure in enumerate(procedures, 1):
        chain = " → ".join(escape(kind) for kind in procedure.kinds)
        lines.append(f"{i}. **{chain}** ({procedure.cases} hồ sơ)")
        for n, step in enumerate(procedure.example):
            gap = procedure.typical_days[n - 1] if n else None
            after = f" — khoảng {gap} ngày sau bước trước" if gap is not None else ""
            lines.append(f"   - {_step(step, titles)}{after}")
    return "\n".join(lines)


def _step(step: Step, titles: dict[str, str]) -> str:
    date = format_date(step.date)
    when = f" ngày {date}" if date and step.date and len(step.date) == 10 else (f" ({date})" if date else "")
    if step.path:
        return f"{doc_link(step.path, titles)}{when}"
    cited = doc_link(step.cited_in, titles, step.page) if step.cited_in else ""
    number = step.title.split(" số ", 1)[-1]
    return f"{escape(step.title)}{when} (chưa có trong kho; nhắc trong {cited}: {quote(step.sentence, number)})"


def duties_markdown(page: AreaPage, titles: dict[str, str]) -> str:
    if not page.duties:
        return "Văn bản của lĩnh vực không nêu báo cáo định kỳ hay thời hạn gửi báo cáo nào."
    lines = [f"{page.duties_total} câu nêu việc báo cáo định kỳ hoặc thời hạn; {len(page.duties)} câu đầu:", ""]
    for duty in page.duties:
        tags = [t for t in (duty.period, duty.deadline, f"gửi {duty.recipient}" if duty.recipient else None) if t]
        lines.append(
            f"- **{escape('; '.join(tags))}**: {quote(duty.sentence)} — {doc_link(duty.doc_path, titles, duty.page)}"
        )
    return "\n".join(lines)


def signers_markdown(page: AreaPage, titles: dict[str, str]) -> str:
    if not page.signers:
        return "Không đọc được người ký của văn bản nào trong lĩnh vực."
    rows = [
        [s.doc_type, s.signer, s.capacity or "", s.documents, titles.get(s.example) or s.example] for s in page.signers
    ]
    return table(["Loại văn bản", "Người ký", "Thẩm quyền ký", "Số văn bản", "Ví dụ"], rows)


def words_markdown(page: AreaPage, titles: dict[str, str]) -> str:
    if not page.words:
        return "Văn bản của lĩnh vực không định nghĩa chữ viết tắt hay thuật ngữ nào."
    rows: list[list[object]] = [
        [w.word, w.meaning, (titles.get(w.doc_path) or w.doc_path) + (f", tr. {w.page}" if w.page else "")]
        for w in page.words
    ]
    return table(["Từ", "Nghĩa", "Định nghĩa tại"], rows)
