"""Places and dates: "Quảng Ngãi, ngày 04 tháng 4 năm 2023" in the header, "_9.4.2026_" in the file name."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from index.metadata.pieces import DATE_WORD_RE
from index.metadata.text import is_upper_line, upper_first
from index.vocabulary import fold

_DAY_RE = re.compile(r"ng[àa]y\s*(\d{1,2})\s*(?=th[áa]ng)", re.IGNORECASE)
_MONTH_RE = re.compile(r"th[áa]ng\s*(\d{1,2})\s*(?=n[ăa]m)", re.IGNORECASE)
_YEAR_RE = re.compile(r"n[ăa]m\s*((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_NUMERIC_DATE_RE = re.compile(r"(?<!\d)(?:(\d{1,2})[/.-])?(\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)")


def _date_string(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO date, or "YYYY-MM" / "YYYY" when the day or month is unknown; None if the values are impossible."""
    if not 1945 <= year <= 2100:
        return None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    return f"{year:04d}-{month:02d}"


def parse_vietnamese_date(text: str) -> str | None:
    """The date in "ngày 04 tháng 4 năm 2023" or "04/4/2023": ISO, "2023-04" or "2023", as far as readable."""
    year = _YEAR_RE.search(text)
    if year:
        month = _MONTH_RE.search(text)
        day = _DAY_RE.search(text)
        return _date_string(
            int(year.group(1)),
            int(month.group(1)) if month else None,
            int(day.group(1)) if day and month else None,
        )
    numeric = _NUMERIC_DATE_RE.search(text)
    if numeric:
        day_s, month_s, year_s = numeric.groups()
        return _date_string(int(year_s), int(month_s), int(day_s) if day_s else None)
    return None


def place_and_date(piece: str) -> tuple[str | None, str | None]:
    """("Quảng Ngãi", "2023-04-04") from "Quảng Ngãi, ngày 04 tháng 4 năm 2023" (the comma may be missing)."""
    split = DATE_WORD_RE.search(piece)
    if split is None:
        return None, None
    place_raw, rest = piece[: split.start()].strip(), piece[split.start() :].lstrip(" ,")
    words = place_raw.split()
    if is_upper_line(place_raw):
        words = [w if fold(w) in ("TP.", "TP") else upper_first(w.lower()) for w in words]
    place = " ".join(words) if 1 <= len(words) <= 5 and fold(place_raw) not in ("HOM NAY",) else None
    return place, parse_vietnamese_date(rest)


_NAME_DATE_RE = re.compile(
    r"(?<![\dA-Za-z])(?P<prefix>[A-Za-z]+[-_ ])?"
    r"(?P<d>\d{1,2})[.-](?P<m>\d{1,2})[.-](?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?<![\dA-Za-z])(?P<y2>(?:19|20)\d{2})\.(?P<m2>\d{2})\.(?P<d2>\d{2})(?!\d)"
    r"|(?<![\dA-Za-z.])[Tt](?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2})(?!\d)"
)
# a date after these words in a file name is a deadline or another document's date, not this one's
_NOT_OWN_DATE = ("truoc", "sau", "den", "han", "tu")


def date_from_filename(path: str) -> str | None:
    """A date written in the file name ("_9.4.2026_", "-29-12-2025-", "2025.06.19-", "_T4.2026_"), or None."""
    name = PurePosixPath(path).name
    found = None
    for match in _NAME_DATE_RE.finditer(name):
        prefix = (match.group("prefix") or "").strip("-_ ").lower()
        if prefix in _NOT_OWN_DATE:
            continue
        if match.group("y"):
            value = _date_string(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            # "-15-5-2026" must be a real day; a "34-2026"-like fragment never gets here
            if value and len(value) == 10:
                found = found or value
        elif match.group("y2"):
            value = _date_string(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
            if value and len(value) == 10:
                found = found or value
        else:
            found = found or _date_string(int(match.group("y3")), int(match.group("m3")))
    return found


def refine_date(header_date: str | None, name_date: str | None) -> str | None:
    """The header date, made precise by the file name's date when they agree ("2026-04" and "2026-04-09"),
    or the file name's date as a last resort."""
    if header_date is None:
        return name_date
    # only a known month is made precise: a bare year says too little to tie the name's date to this
    # document
    if name_date and len(header_date) == 7 and name_date.startswith(header_date):
        return name_date
    return header_date
