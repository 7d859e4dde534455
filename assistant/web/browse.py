"""The "Văn bản" tab: every indexed document with its extracted metadata, searchable without diacritics, and for
one document what it cites and what cites it (from the registry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.citations import format_date
from assistant.directives import SENTENCE_SHOWN_CHARS
from assistant.factory import IndexNotBuilt
from assistant.vietnamese import fold
from assistant.web.context import WebContext
from assistant.web.markup import escape
from index.catalog import Catalog
from index.citations.registry import Registry
from index.records import DocMeta

HEADERS = ["Số hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Trích yếu", "Trang", "Tệp"]
PATH_COLUMN = HEADERS.index("Tệp")
SORT_KEYS = {
    "Ngày ban hành": "date",
    "Số hiệu": "number",
    "Loại văn bản": "doc_type",
    "Cơ quan ban hành": "issuer",
    "Số trang": "pages",
    "Tệp": "path",
}
MAX_LINKS_SHOWN = 50


@dataclass(frozen=True)
class DocumentRow:
    path: str
    number: str | None
    doc_type: str | None
    date: str | None  # ISO, so that sorting by text is sorting by date
    issuer: str | None
    subject: str | None
    pages: int
    number_shown: str | None = None  # the number as the table shows it: one from the file name says so

    def cells(self) -> list[Any]:
        return [
            self.number_shown or self.number or "",
            self.doc_type or "",
            self.date or "",
            self.issuer or "",
            self.subject or "",
            self.pages,
            self.path,
        ]

    def folded(self) -> str:
        return fold(" ".join(str(c) for c in self.cells()))


def document_rows(catalog: Catalog) -> list[DocumentRow]:
    """One row per indexed document, from the metadata the pipeline extracted."""
    rows = []
    for record in catalog.indexed_documents():
        meta = record.meta
        rows.append(
            DocumentRow(
                path=record.path,
                number=meta.number if meta else None,
                doc_type=meta.doc_type if meta else None,
                date=meta.date if meta else None,
                issuer=meta.issuer if meta else None,
                subject=meta.subject if meta else None,
                pages=record.pages,
                number_shown=number_cell(meta),
            )
        )
    return rows


def number_cell(meta: DocMeta | None) -> str | None:
    """The "Số hiệu" cell: the number, or for one read from the file name the words a citation uses for it."""
    if meta is None or not meta.number:
        return None
    return meta.number if meta.number_source != "filename" else meta.number_label


def search_rows(rows: list[DocumentRow], query: str | None) -> list[DocumentRow]:
    """Rows holding every word of the query, accents and case ignored ("quyet dinh 1389" finds "Quyết định")."""
    words = fold(query or "").split()
    return [row for row in rows if all(word in row.folded() for word in words)] if words else list(rows)


def sort_rows(rows: list[DocumentRow], by: str = "date", descending: bool = True) -> list[DocumentRow]:
    """Sorted by one field; rows without it always come last, whichever the direction."""
    present = [r for r in rows if getattr(r, by) not in (None, "")]
    missing = [r for r in rows if getattr(r, by) in (None, "")]

    def key(row: DocumentRow) -> Any:
        value = getattr(row, by)
        return value if isinstance(value, int) else fold(str(value))

    return sorted(present, key=key, reverse=descending) + sorted(missing, key=lambda r: r.path)


def document_table(ctx: WebContext, query: str | None, sort_label: str, descending: bool) -> tuple[list[list], str]:
    """The table's rows for a search and a sort, and a line counting them."""
    try:
        with ctx.catalog() as catalog:
            rows = document_rows(catalog)
    except IndexNotBuilt as error:
        return [], f"⚠️ {escape(error)}"
    found = sort_rows(search_rows(rows, query), SORT_KEYS.get(sort_label, "date"), descending)
    counted = f"{len(found)} / {len(rows)} văn bản" if query and query.strip() else f"{len(rows)} văn bản"
    return [row.cells() for row in found], counted


def document_details(ctx: WebContext, doc_path: str | None) -> str:
    """Markdown: one document's metadata, the directives it cites, and the documents that cite it."""
    if not doc_path:
        return "Chọn một văn bản trong bảng để xem nó trích dẫn gì và được văn bản nào trích dẫn."
    with ctx.catalog() as catalog:
        record = catalog.files().get(doc_path)
    if record is None or record.status != "indexed":
        return f"Không có văn bản {escape(doc_path)} trong chỉ mục."
    meta = record.meta
    title = meta.title if meta and (meta.doc_type or meta.number) else ""
    lines = [f"### {escape(title or doc_path)}", f"Tệp: {escape(doc_path)} · {record.pages} trang"]
    if meta:
        facts = [
            ("Ngày ban hành", format_date(meta.date)),
            ("Cơ quan ban hành", meta.issuer),
            ("Trích yếu", meta.subject),
            ("Người ký", " ".join(p for p in (meta.signer_capacity, meta.signer) if p)),
        ]
        lines.extend(f"- {label}: {escape(value)}" for label, value in facts if value)
    with ctx.registry() as registry:
        lines.extend(["", *cites_lines(registry, doc_path), "", *cited_by_lines(registry, doc_path)])
    return "\n".join(lines)


def cites_lines(registry: Registry, doc_path: str) -> list[str]:
    links = registry.cites(doc_path)
    if not links:
        return ["**Văn bản này trích dẫn:** không nhắc đến văn bản nào khác."]
    lines = [f"**Văn bản này trích dẫn {len(links)} văn bản:**"]
    for link in links[:MAX_LINKS_SHOWN]:
        held = f" — có trong kho: {', '.join(escape(p) for p in link.archive_paths)}" if link.archive_paths else ""
        times = f", nhắc {link.count} lần" if link.count > 1 else ""
        page = f"tr. {link.mention.page}: " if link.mention.page else ""
        lines.append(
            f"- {escape(link.doc_type or 'Văn bản')} số **{escape(link.number)}**{times}{held}  \n"
            f"  {page}“{escape(_short(link.mention.sentence))}”"
        )
    if len(links) > MAX_LINKS_SHOWN:
        lines.append(f"- … và {len(links) - MAX_LINKS_SHOWN} văn bản khác.")
    return lines


def cited_by_lines(registry: Registry, doc_path: str) -> list[str]:
    mentions = registry.cited_by(doc_path)
    if not mentions:
        return ["**Được trích dẫn bởi:** chưa văn bản nào trong kho nhắc đến văn bản này."]
    citing = len({m.doc_path for m in mentions})
    lines = [f"**Được trích dẫn {len(mentions)} lần trong {citing} văn bản (mới nhất trước):**"]
    for mention in mentions[:MAX_LINKS_SHOWN]:
        label = ", ".join(p for p in (mention.citing_title, format_date(mention.citing_date)) if p)
        where = escape(mention.doc_path) + (f", tr. {mention.page}" if mention.page else "")
        lines.append(
            f"- {where}" + (f" ({escape(label)})" if label else "") + f"  \n  “{escape(_short(mention.sentence))}”"
        )
    if len(mentions) > MAX_LINKS_SHOWN:
        lines.append(f"- … và {len(mentions) - MAX_LINKS_SHOWN} lần khác.")
    return lines


def _short(sentence: str | None) -> str:
    text = " ".join((sentence or "").split())
    return text if len(text) <= SENTENCE_SHOWN_CHARS else text[:SENTENCE_SHOWN_CHARS].rsplit(" ", 1)[0] + " …"


def build_browse_tab(ctx: WebContext) -> None:
    """Components of the document list, inside an open `gr.Tab`."""
    with gr.Row():
        query = gr.Textbox(
            label="Tìm văn bản", placeholder="số hiệu, cơ quan, trích yếu… (gõ có dấu hay không đều được)"
        )
        sort = gr.Dropdown(label="Sắp xếp theo", choices=list(SORT_KEYS), value="Ngày ban hành", scale=0, min_width=180)
        descending = gr.Checkbox(label="Giảm dần (mới nhất trước)", value=True, scale=0, min_width=160)
    counted = gr.Markdown(elem_id="browse-count")
    table = gr.Dataframe(
        headers=HEADERS,
        datatype=["str", "str", "str", "str", "str", "number", "str"],
        type="array",
        interactive=False,
        wrap=True,
        max_height=520,
        column_widths=["12%", "9%", "9%", "17%", "35%", "5%", "13%"],
        elem_id="browse-table",
    )
    details = gr.Markdown(document_details(ctx, None), elem_id="browse-details")

    def refresh(text: str, sort_label: str, desc: bool) -> tuple[list[list], str]:
        return document_table(ctx, text, sort_label, desc)

    def pick(evt: gr.SelectData) -> str:
        # the row's own values, not its index: the table may have been re-sorted in the browser
        row = evt.row_value or []
        return document_details(ctx, str(row[PATH_COLUMN]) if len(row) > PATH_COLUMN else None)

    # no triggers: on page load (the index may have changed since) and whenever the search or the sort changes
    gr.on(triggers=None, fn=refresh, inputs=[query, sort, descending], outputs=[table, counted])
    table.select(pick, outputs=details)
