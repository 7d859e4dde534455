"""The chat's filters: choices drawn from the catalog, and the values typed in the UI turned into `Filters`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.metadata_filters import Filters
from index.catalog import Catalog
from index.places import PLACE_KEYS, places_in

ANY = "Tất cả"  # the dropdowns' "no filter" choice


@dataclass(frozen=True)
class FilterChoices:
    issuers: tuple[str, ...]  # provinces first (they match every body of the province), then the bodies
    doc_types: tuple[str, ...]
    date_min: str | None
    date_max: str | None


def filter_choices(catalog: Catalog) -> FilterChoices:
    """What the archive holds: issuing bodies and provinces, document types (most frequent first), date span."""
    metas = [r.meta for r in catalog.indexed_documents() if r.meta]
    bodies = Counter(m.issuer for m in metas if m.issuer)
    provinces = Counter(PLACE_KEYS[key] for m in metas if m.issuer for key in places_in(m.issuer))
    types = Counter(m.doc_type for m in metas if m.doc_type)
    dates = sorted(m.date for m in metas if m.date)
    return FilterChoices(
        issuers=(*_by_count(provinces), *(b for b in _by_count(bodies) if b not in provinces)),
        doc_types=_by_count(types),
        date_min=dates[0] if dates else None,
        date_max=dates[-1] if dates else None,
    )


def _by_count(counter: Counter[str]) -> tuple[str, ...]:
    return tuple(name for name, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_VIETNAMESE = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")  # 04/4/2023, 4/2023


class BadDate(ValueError):
    """A date the user typed that is not a day, month or year."""


def parse_date(text: str | None) -> str | None:
    """ "2023", "2023-04", "2023-04-04", "04/4/2023", "4/2023" → ISO, as precise as typed; "" → None."""
    text = (text or "").strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = match.groups()
    elif match := _VIETNAMESE.match(text):
        day, month, year = match.groups()
    else:
        msg = f"Ngày «{text}» không hợp lệ: gõ dạng 2023, 4/2023, 04/4/2023 hoặc 2023-04-04."
        raise BadDate(msg)
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        msg = f"Ngày «{text}» không hợp lệ."
        raise BadDate(msg)
    return "-".join([year, *(f"{int(p):02d}" for p in (month, day) if p)])


def make_filters(
    issuer: str | None,
    doc_type: str | None,
    date_from: str | None,
    date_to: str | None,
    area: str | None = None,
    area_paths: tuple[str, ...] | None = None,
) -> Filters:
    """The UI's values as retrieval filters; "Tất cả" and blanks mean no filter. Raises BadDate.

    `area` is a work area's name and `area_paths` its documents, looked up by the caller."""

    def chosen(value: str | None) -> str | None:
        value = (value or "").strip()
        return None if not value or value == ANY else value

    area = chosen(area)
    return Filters(
        chosen(issuer),
        chosen(doc_type),
        parse_date(date_from),
        parse_date(date_to),
        area,
        area_paths if area else None,
    )
