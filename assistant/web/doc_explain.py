"""“Văn bản này là gì?” on a document's card: what its type is for (the hand-written glossary), where it sits in its
area's procedures, and how many documents it cites and is cited by, for the browse tab and the chat's sources."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.areas.book import AreaPage
from assistant.areas.doctypes import explain_type
from assistant.web.context import WebContext

TITLE = "Văn bản này là gì?"


@dataclass(frozen=True)
class Explanation:
    type_text: str | None
    area: str | None
    places: tuple[str, ...]  # one sentence per procedure the document (or its type) is a step of
    cites: int | None = None
    cited_by: int | None = None

    def lines(self) -> list[str]:
        found = [self.type_text or "Chưa có giải thích cho loại văn bản này."]
        if self.area:
            found.append(f"Thuộc lĩnh vực “{self.area}”.")
        found.extend(self.places)
        if self.cites is not None and self.cited_by is not None:
            found.append(f"Trích dẫn {self.cites} văn bản; được {self.cited_by} văn bản trong kho trích dẫn.")
        return found


def explain(doc_path: str, doc_type: str | None, pages: Sequence[AreaPage]) -> Explanation:
    """The type's explanation and the document's place in its area's procedures (by this very case when the
    document is a procedure's example, else by its type)."""
    page = next((p for p in pages if doc_path in p.area.paths), None)
    places: list[str] = []
    for procedure in page.procedures if page else ():
        chain = " → ".join(procedure.kinds)
        own = [i for i, step in enumerate(procedure.example) if step.path == doc_path]
        if own:
            places.append(f"Là bước {own[0] + 1}/{len(procedure.kinds)} của hồ sơ ví dụ cho quy trình {chain}.")
        elif doc_type in procedure.kinds:
            step = procedure.kinds.index(doc_type) + 1
            places.append(f"Loại văn bản này là bước {step}/{len(procedure.kinds)} của quy trình {chain}.")
    return Explanation(explain_type(doc_type), page.area.name if page else None, tuple(places[:3]))


def explainer(ctx: WebContext) -> Callable[[str], str]:
    """For the chat's source cards: a function giving the HTML of “Văn bản này là gì?” for a document."""
    pages = ctx.areas().pages()
    with ctx.catalog() as catalog:
        types = {r.path: r.meta.doc_type for r in catalog.indexed_documents() if r.meta}

    def html_for(doc_path: str) -> str:
        doc_type = types.get(doc_path)
        with ctx.registry() as registry:
            cites = len({m.key for m in registry.mentions(doc_path)})
            cited_by = len({m.doc_path for m in registry.cited_by(doc_path)})
        found = explain(doc_path, doc_type, pages)
        found = Explanation(found.type_text, found.area, found.places, cites, cited_by)
        body = "".join(f"<p>{html.escape(line)}</p>" for line in found.lines())
        return f'<details class="tl-what"><summary>{TITLE}</summary>{body}</details>'

    return html_for
