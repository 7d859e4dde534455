"""Whom a letter or report is addressed to: the "Kính gửi:" line of its opening, with one addressee on the line or
a list on it or under it ("Kính gửi: - UBND tỉnh; - Sở Tài chính." or "Kính gửi:" then "- UBND tỉnh;" ...). Not
the "Nơi nhận:" copy list at the end (`signature._recipients`)."""

from __future__ import annotations

import re

from index.metadata.header import HEADER_LINES
from index.metadata.names import is_capacity

OPENING_LINES = HEADER_LINES + 15
"""How many pieces from the top may hold "Kính gửi:" (it follows the subject, which may run long)."""

MAX_ADDRESSEES = 30

# OCR and old typing: "Kính gửi", "Kinh gửi", "Kính gởi"
_KINH_GUI_RE = re.compile(r"^K[íiì]nh\s+g[ửởuưở]i\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
_ITEM_RE = re.compile(r"^[-+•*–]\s*")
_INLINE_ITEM_RE = re.compile(r"(?<=[;.])\s*(?=[-+•–]\s)|;\s*")


def read_addressees(pieces: list[str]) -> tuple[str, ...]:
    """The addressees named after the first "Kính gửi:" of the opening; () when there is none."""
    at = next((i for i, p in enumerate(pieces[:OPENING_LINES]) if _KINH_GUI_RE.match(p)), None)
    if at is None:
        return ()
    match = _KINH_GUI_RE.match(pieces[at])
    rest = match.group("rest").strip() if match else ""
    items = [item.strip() for item in _INLINE_ITEM_RE.split(rest) if item.strip()]
    # a list goes on under the line when the line opens one ("Kính gửi:" or "Kính gửi: - Sở ...;"), or when its
    # one name is cut short by the line's end
    listed = not items or _ITEM_RE.match(rest) is not None or rest.endswith(";")
    for piece in pieces[at + 1 : at + 1 + MAX_ADDRESSEES]:
        if items and items[-1].endswith("."):
            break  # the list's last item ends with a full stop
        if listed and _ITEM_RE.match(piece):
            items.append(piece)
            continue
        if items and not items[-1].endswith(";") and (piece[:1].islower() or piece.startswith("(")):
            items[-1] += " " + piece  # "Ủy ban nhân dân các huyện," / "thị xã, thành phố"
            continue
        break
    cleaned = (_clean(item) for item in items)
    return tuple(item for item in cleaned if item and not is_capacity(item))


def _clean(item: str) -> str:
    """An addressee without its bullet, final punctuation or spare spaces."""
    return " ".join(_ITEM_RE.sub("", item).split()).strip(" ;,.")
