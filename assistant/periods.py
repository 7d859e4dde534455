"""Reporting periods as Vietnamese reports name them, reduced to one form so that different wordings of the same
period meet: quý I = 3 tháng đầu năm = lũy kế đến hết tháng 3; 6 tháng đầu năm = nửa đầu năm; cả năm = 12 tháng.

A `Period` is (kind, n, year): "month" n (tháng 5), "cum" n (the first n months of the year, cumulated), "quarter" n
for quarters II–IV (quarter I is "cum" 3). The year is None when the text does not write it next to the period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from assistant.vietnamese import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:\s*(?:/|-|nam)?\s*((?:19|20)\d\d)\b)?"
_CUMULATED = re.compile(r"\b(?:luy ke|tinh chung|tinh den)\s*$")
_DATE_BEFORE = re.compile(r"ngay\s+\d{1,2}\s*$")  # "ngày 15 tháng 3 năm 2021" is a date, not a period
# On folded text (no diacritics, lower case). Order matters: the cumulative forms before the bare month.
# a count of months may be written in words: "hai tháng đầu năm", "sáu tháng đầu năm"
_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_FROM_JANUARY = r"\b(?:tu|tinh tu) thang (?:0?1|mot|gieng)(?:\s*/\s*\d{4})? "
_COUNT = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + ")"
_DATE = r"(\d{1,2})\s*(?:/|-|\bthang\b)\s*(\d{1,2})\s*(?:/|-|\bnam\b)\s*((?:19|20)\d\d)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "trong giai đoạn từ ngày 17/01/2026 đến ngày 30/6/2026": a span of dates, a period when it is one (`_span`)
    ("range", re.compile(rf"\btu (?:ngay )?{_DATE} (?:den|toi) (?:het )?(?:ngay )?{_DATE}")),
    ("cum", re.compile(rf"\b{_COUNT} thang dau nam" + _YEAR)),
    ("cum", re.compile(r"\bluy ke (?:den (?:het )?|tu dau nam den (?:het )?)?(?:thang )?(\d{1,2})(?: thang)?" + _YEAR)),
    ("cum", re.compile(r"\b(?:tu|tinh tu) dau nam(?: \d{4})? den (?:het |cuoi )?thang (\d{1,2})" + _YEAR)),
    # "tính đến hết tháng 3/2021": as of a month's end, the months of the year so far (a report's "lũy kế")
    ("cum", re.compile(r"\btinh den (?:het |cuoi )?thang (\d{1,2})" + _YEAR)),
    # "từ tháng 1 đến hết tháng 4/2025": the first months of the year, cumulated
    ("cum", re.compile(_FROM_JANUARY + r"(?:den|toi) (?:het |cuoi )?thang (\d{1,2})" + _YEAR)),
    ("half1", re.compile(r"\bnua dau nam" + _YEAR)),
    ("year", re.compile(r"\bca nam" + _YEAR)),
    ("quarter", re.compile(r"\bquy (iv|iii|ii|i|[1-4])\b" + _YEAR)),
    ("month", re.compile(r"\bthang (\d{1,2})\b" + _YEAR)),
    ("cum", re.compile(r"\b(\d{1,2}) thang(?: nam)?\s*/?\s*((?:19|20)\d\d)\b")),  # "6 tháng năm 2021"
)


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # "month" | "cum" | "quarter"
    n: int
    year: int | None = None

    def same_span(self, other: Period) -> bool:
        """Whether the two name the same months (years compared only when both are written)."""
        if (self.kind, self.n) != (other.kind, other.n):
            return False
        return self.year is None or other.year is None or self.year == other.year

    def label(self) -> str:
        """Vietnamese, as a report writes it: "tháng 5/2021", "quý I/2021", "6 tháng đầu năm 2021"."""
        year = f"/{self.year}" if self.year else ""
        if self.kind == "month":
            return f"tháng {self.n}{year}"
        if self.kind == "quarter" or (self.kind == "cum" and self.n == 3):
            roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[self.n if self.kind == "quarter" else 1]
            return f"quý {roman}{year}"
        if self.n == 12:
            return f"cả năm {self.year}" if self.year else "cả năm"
        return f"{self.n} tháng đầu năm {self.year}" if self.year else f"{self.n} tháng đầu năm"


def periods_in(text: str) -> list[Period]:
    """Every reporting period `text` names, in any of its wordings, each once."""
    return [period for period, _ in _find(fold(text))]


# "từ tháng 7/2025 Sở từ chối ...", "kể từ quý II": a point things date from, not a period reported on (unless a
# range closes it: "từ tháng 1 đến tháng 3")
_SINCE = re.compile(r"\b(?:ke tu|tu|sau)\s*$")
_UNTIL = re.compile(r"^\s*(?:den|toi)\b")


def reported_periods(text: str) -> list[Period]:
    """The periods `text` asks figures for: every period it names but one it says things date from."""
    folded = fold(text)
    return [
        period
        for period, (start, end) in _find(folded)
        if not (_SINCE.search(folded[max(0, start - 8) : start]) and not _UNTIL.match(folded[end:]))
    ]


def without_periods(text: str) -> str:
    """`text` folded (lower case, no diacritics) with every period expression blanked: what is left is the topic."""
    folded = fold(text)
    for _, (start, end) in sorted(_find(folded), key=lambda found: -found[1][0]):
        folded = folded[:start] + " " + folded[end:]
    return folded


def strip_periods(text: str) -> str:
    """`text` as written, with every period expression it names blanked ("Tháng 02/2021 Nhiệt điện X" → "Nhiệt
    điện X"): for carrying a topic over to a follow-up that names its own period."""
    folded = fold(text)
    if len(folded) != len(text):
        return text  # not in composed form: spans of the folded text would not fit
    for _, (start, end) in sorted(_find(folded), key=lambda found: -found[1][0]):
        lead = _CUMULATED.search(folded[:start])  # "Lũy kế | 3 tháng đầu năm": the word goes with its period
        text = text[: lead.start() if lead else start] + " " + text[end:]
    return " ".join(text.split())


def before_first_period(text: str) -> str:
    """`text` folded, up to the first period it names (all of it when it names none)."""
    folded = fold(text)
    starts = [start for _, (start, _) in _find(folded)]
    return folded[: min(starts)] if starts else folded


def _find(folded: str) -> list[tuple[Period, tuple[int, int]]]:
    found: list[tuple[Period, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if any(start <= match.start() < end for start, end in taken) or (
                kind == "month" and _DATE_BEFORE.search(folded[max(0, match.start() - 12) : match.start()])
            ):
                continue  # "6 tháng đầu năm" is not also "tháng đầu"; "lũy kế đến hết tháng 3" not also "tháng 3"
            period = _period(kind, match)
            if period is not None:
                taken.append(match.span())
                if all(period != seen for seen, _ in found):
                    found.append((period, match.span()))
    return found


def _period(kind: str, match: re.Match[str]) -> Period | None:
    groups = match.groups()
    if kind == "range":
        return _span(*(int(g) for g in groups))
    year = int(groups[-1]) if groups and groups[-1] and len(groups[-1]) == 4 else None
    if kind == "half1":
        return Period("cum", 6, year)
    if kind == "year":
        return Period("cum", 12, year)
    if kind == "quarter":
        q = _ROMAN[groups[0]]
        return Period("cum", 3, year) if q == 1 else Period("quarter", q, year)
    n = _NUMBER_WORDS.get(groups[0]) or int(groups[0])
    if not 1 <= n <= 12:
        return None
    if kind == "cum" and n == 12:
        return Period("cum", 12, year)
    return Period(kind, n, year)


def _span(day: int, month: int, year: int, end_day: int, end_month: int, end_year: int) -> Period | None:
    """The period a span of dates reports: one that ends on the last day of a month and starts in the first month of
    a period of the year (January: the months cumulated; a quarter's first month: that quarter), or a whole month.
    A report's span may start after its period's first day (from the day a rule took effect) but not in its second
    month: "17/01 đến 30/6" is the first half of the year, "29/5 đến 30/6" is no period."""
    if year != end_year or not 1 <= month <= end_month <= 12 or end_day != calendar.monthrange(year, end_month)[1]:
        return None
    if month == 1 and end_month > 1:
        return Period("cum", end_month, year)
    if end_month - month == 2 and month in (4, 7, 10):
        return Period("quarter", end_month // 3, year)
    if month == end_month and day == 1:
        return Period("month", month, year)
    return None


# "đạt 26,5% kế hoạch năm", "KH năm 2025": the year a plan is set for. A period only for a question about the plan:
# the line gives a plan's figure, not the year's result
_PLAN_YEAR = re.compile(r"\b(?:ke hoach|kh|chi tieu)\s*(?:ca )?nam\b(?:\s*((?:19|20)\d\d)\b)?")
_PLAN_WORDS = re.compile(r"\b(?:ke hoach|chi tieu)\b")


def plan_periods(text: str) -> list[Period]:
    """The years whose plan `text` gives a figure of (as the whole year, "cả năm")."""
    return [Period("cum", 12, int(m.group(1)) if m.group(1) else None) for m in _PLAN_YEAR.finditer(fold(text))]


def asks_plan(question: str) -> bool:
    """Whether a question asks about a plan or target ("kế hoạch", "chỉ tiêu") rather than a result."""
    return _PLAN_WORDS.search(fold(question)) is not None


def periods_for(text: str, plan: bool) -> list[Period]:
    """The periods `text` gives figures of, for a question that asks about a plan (`plan`: its year counts) or not."""
    return periods_in(text) + (plan_periods(text) if plan else [])


def matches(asked: Period, text_periods: list[Period], default_year: int | None = None) -> bool:
    """Whether a text naming `text_periods` (its year, when unwritten, taken as `default_year`) covers `asked`."""
    for held in text_periods:
        year = held.year or default_year
        if (held.kind, held.n) == (asked.kind, asked.n) and (asked.year is None or year in (None, asked.year)):
            return True
    return False
