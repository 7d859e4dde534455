"""The "Văn bản" tab: every indexed document with its extracted metadata (dates as dd/mm/yyyy), searchable without
diacritics, and for the row picked its card: metadata, a link to the file, what it cites and what cites it (from the
registry), documents named by number and title and linked to their files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import gradio as gr

from assistant.citations import format_date
from assistant.directives import SENTENCE_SHOWN_CHARS
from assistant.factory import IndexNotBuilt
from assistant.vietnamese import fold
from assistant.web.context import WebContext
from assistant.web.directives import citing_lines
from assistant.web.doc_explain import TITLE as WHAT_TITLE
from assistant.web.doc_explain import explain
from assistant.web.files import file_url
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
# The file column's rule, scoped to this table: a path breaks at its "/", "-" and spaces, never letter by letter
# (Gradio's cells break a word anywhere when the column is narrow); a name longer than the column scrolls. Injected
# by the tab itself, so the style travels with it into any Blocks that composes it.
CSS = """
#browse-table .virtual-row > .body-cell:last-child span { word-break: normal; overflow-wrap: normal; }
#browse-table .virtual-row > .body-cell:last-child { overflow-x: auto; }
"""


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
            table_date(self.date),
            self.issuer or "",
            self.subject or "",
            self.pages,
            self.path,
        ]

    def folded(self) -> str:
        return fold(" ".join([*(str(c) for c in self.cells()), self.date or ""]))  # "2020-09" finds too


def table_date(iso: str | None) -> str:
    """The table's date: "2023-04-04" → "04/04/2023"; a partial date stays partial ("04/2023", "2023")."""
    if not iso:
        return ""
    return "/".join(reversed([part.zfill(2) for part in iso.split("-")]))


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
        files = catalog.files()
    record = files.get(doc_path)
    if record is None or record.status != "indexed":
        return f"Không có văn bản {escape(doc_path)} trong chỉ mục."
    meta = record.meta
    title = meta.title if meta and (meta.doc_type or meta.number) else ""
    name = PurePosixPath(doc_path).name
    is_pdf = PurePosixPath(doc_path).suffix.lower() == ".pdf"
    opened = f"[{'Mở tệp' if is_pdf else 'Tải tệp về'}: {escape(name)}]({file_url(doc_path)})"
    lines = [f"### {escape(title or name)}", f"{opened} · {record.pages} trang"]
    if meta:
        facts = [
            ("Loại văn bản", meta.doc_type),
            ("Số hiệu", number_cell(meta)),
            ("Ngày ban hành", format_date(meta.date)),
            ("Cơ quan ban hành", meta.issuer),
            ("Trích yếu", meta.subject),
            ("Người ký", " ".join(p for p in (meta.signer_capacity, meta.signer) if p)),
        ]
        lines.extend(f"- {label}: {escape(value)}" for label, value in facts if value)
    what = explain(doc_path, meta.doc_type if meta else None, ctx.areas().pages())
    lines.extend(["", f"#### {WHAT_TITLE}", *(escape(line) + "  " for line in what.lines())])
    with ctx.registry() as registry:
        titles = {p: r.meta.title for p, r in files.items() if r.meta and (r.meta.doc_type or r.meta.number)}
        lines.extend(["", *cites_lines(registry, doc_path, titles), "", *cited_by_lines(registry, doc_path)])
    return "\n".join(lines)


def cites_lines(registry: Registry, doc_path: str, titles: dict[str, str] | None = None) -> list[str]:
    """The directives one document cites, each with its archive copies linked (named by `titles`, path → title)."""
    titles = titles or {}
    links = registry.cites(doc_path)
    if not links:
        return ["**Văn bản này trích dẫn:** không nhắc đến văn bản nào khác."]
    lines = [f"**Văn bản này trích dẫn {len(links)} văn bản:**"]
    for link in links[:MAX_LINKS_SHOWN]:
        copies = ", ".join(_file_link(titles.get(p), p) for p in link.archive_paths)
        held = f" — có trong kho: {copies}" if link.archive_paths else ""
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
    """The documents citing this one, each once with its pages, linked (as the "Tra số hiệu" tab lists them)."""
    mentions = registry.cited_by(doc_path)
    if not mentions:
        return ["**Được trích dẫn bởi:** chưa văn bản nào trong kho nhắc đến văn bản này."]
    return citing_lines(tuple(mentions))


def _file_link(title: str | None, doc_path: str) -> str:
    return f"[{escape(title or PurePosixPath(doc_path).name)}]({file_url(doc_path)})"


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
    gr.HTML(f"<style>{CSS}</style>", visible="hidden", elem_id="browse-style")
    counted = gr.Markdown(elem_id="browse-count")
    table = gr.Dataframe(
        label="Danh sách văn bản",  # read out by screen readers ("Dataframe" otherwise)
        show_label=False,
        headers=HEADERS,
        datatype=["str", "str", "str", "str", "str", "number", "str"],
        type="array",
        interactive=False,
        wrap=True,
        max_height=520,
        column_widths=["12%", "9%", "12%", "15%", "27%", "6%", "19%"],
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
