"""The metadata filters of a question (issuer, type, dates, a work area's documents): which documents they admit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.vietnamese import fold
from index.records import DocMeta


@dataclass(frozen=True)
class Filters:
    """Metadata filters from the CLI or the UI; None means "any"."""

    issuer: str | None = None  # a substring, diacritics and case ignored: "lào cai", "Quảng Ngãi"
    doc_type: str | None = None  # "Báo cáo", "Quyết định", ...
    date_from: str | None = None  # "2021-01-01" (inclusive, prefix compare)
    date_to: str | None = None
    area: str | None = None  # a work area's name (assistant/areas), shown and logged
    area_paths: tuple[str, ...] | None = None  # its documents: the filter itself

    def active(self) -> bool:
        return any((self.issuer, self.doc_type, self.date_from, self.date_to)) or self.area_paths is not None

    def admits(self, meta: DocMeta | None) -> bool:
        return bool(self.admits_each([meta])[0])

    def admits_each(self, metas: Sequence[DocMeta | None]) -> np.ndarray:
        """Which of these documents the filters admit (None: a document the catalogue does not list). The filter's
        own values are folded once, not once a document: 28,700 documents took 100 ms judged one by one."""
        if not self.active():
            return np.ones(len(metas), dtype=bool)
        area = frozenset(self.area_paths) if self.area_paths is not None else None
        issuer = fold(self.issuer) if self.issuer else None
        doc_type = fold(self.doc_type) if self.doc_type else None
        date_from, date_to = self.date_from, self.date_to

        def admitted(meta: DocMeta | None) -> bool:
            if meta is None or (area is not None and meta.path not in area):
                return False
            if issuer is not None and issuer not in fold(meta.issuer or ""):
                return False
            if doc_type is not None and doc_type != fold(meta.doc_type or ""):
                return False
            date = meta.date
            if date_from and (not date or date < date_from[: len(date)]):
                return False
            return not (date_to and (not date or date[: len(date_to)] > date_to))

        return np.fromiter(map(admitted, metas), dtype=bool, count=len(metas))
