"""Which lines of a document are headings, and of which level: Phần, Chương, Mục, "A.", "I.", Điều, "1.", "1.1.",
"a)", "* ...", a bullet ending with ":"; which are table rows; and when an unmarked line carries on a heading's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_LINE_MAX = 150  # a numbered line at least this long is a sentence, not a heading (unless ALL CAPS)
_TITLED_LINE_MAX = 300  # Chương/Mục/Điều lines and ALL-CAPS headings are headings up to this length
_SENTENCE_ENDINGS = (".", ";", ",", "…")  # "…" closes form blanks: "6. Điện thoại: ………"
_DOTTED_TITLE_MAX = 70
_INNER_PUNCTUATION = re.compile(r"[.;:!?] ")

# Heading levels, outermost first. One fixed order serves reports (Phần > A. > I. > 1. > 1.1. > a) > -) and
# legal texts (Chương > Mục > Điều > khoản 1. > điểm a)): the two rarely mix; a missing level costs nothing.
PART = 0  # Phần I, PHẦN THỨ NHẤT, Phụ lục II
CHAPTER = 1  # Chương I, Mẫu số 01
SECTION = 2  # Mục 1
UPPER = 3  # A. B.
ROMAN = 4  # I. II.
ARTICLE = 5  # Điều 5.
ARABIC = 6  # 1. ; 1.1. is 7, 1.1.1. is 8 ...
ARABIC_DEEPEST = 10
LETTER = 11  # a) b.
STAR = 12  # "* Công tác thanh tra": in reports a sub-heading, unless a sentence
DASH = 13  # "- Về xuất khẩu:" is a heading only when it ends with ":"
PLUS = 14  # "+ ..." likewise, nested under "-"
_BULLET_RANKS = {"*": STAR, "-": DASH, "–": DASH, "—": DASH, "+": PLUS, "•": PLUS}
MAJOR = ROMAN  # a heading at this level or above always starts a new chunk

_PART_RE = re.compile(
    r"(?:phần\s+(?:thứ\s+[^\W\d_]+|[IVXLC]+|\d{1,2}|[A-Z])|phụ\s+lục(?:\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2}|[A-Z]))?)"
    r"(?:\.\d{1,2})*(?=$|[\s.:)\-–])",
    re.IGNORECASE,
)
_CHAPTER_RE = re.compile(r"(?:chương\s+(?:[IVXLC]+|\d{1,3})|mẫu\s+số\s+\d{1,3}[a-z]?)(?=$|[\s.:)\-–])", re.IGNORECASE)
_SECTION_RE = re.compile(r"mục\s+(?:[IVXLC]+|\d{1,3})(?=$|[\s.:)\-–])", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"điều\s+\d{1,3}[a-zđ]?\s*[.:]", re.IGNORECASE)
_ROMAN_RE = re.compile(r"([IVX]{1,7}) ?[.)]\s*")
_SPACED_ROMAN = re.compile(r"^([IVX]+) \.")
_VALID_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_UPPER_RE = re.compile(r"([A-HJ-UWYZĐ])[.)]\s+")  # I, V, X are Roman numerals
_ARABIC_RE = re.compile(r"(\d{1,2}(?:\.\d{1,2})+)\.?\s*(?=[^\W\d_])|(\d{1,2})[.)]\s*(?=[^\W\d_])")
_LETTER_RE = re.compile(r"([a-zđ])(?:\)\s*|\.\s+)(?=\S)")
_BULLET_RE = re.compile(r"[-+*•–—]+\s*")
_NATIONAL_MOTTO = re.compile(r"cộng\s+h[òo]a\s+xã\s+hội|độc\s+lập\s*-\s*tự\s+do", re.IGNORECASE)

# A table row as the loader writes it: "Header: value; Header: value" (or cells split by " | ").
_CELL_RE = re.compile(r"[^:;]{1,60}:(?:\s|$)")


@dataclass(slots=True)
class Mark:
    """How a line is marked: its heading level (rank), and whether it is a heading or a marked sentence."""

    rank: int
    heading: bool
    bare: bool = False  # a label with no title ("Chương II"), whose title is on the next line
    dotted: bool = False  # a short title ending in "." ("2.1. Vị trí.") heads content that follows


def is_caps(text: str) -> bool:
    """Whether `text` has two letters at least and none of them lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _starts_title(rest: str) -> bool:
    return bool(rest) and (rest[0].isupper() or rest[0] in '"“(«')


def _titled(rest: str, line: str) -> bool:
    """The heading test for numbered lines: short and not a finished sentence, or ALL CAPS."""
    if not _starts_title(rest):
        return False
    if is_caps(rest):
        return len(line) < _TITLED_LINE_MAX
    return len(line) < _HEADING_LINE_MAX and not line.endswith(_SENTENCE_ENDINGS)


def _numbered(rank: int, rest: str, line: str, lowercase_ok: bool = False) -> Mark | None:
    """A numbered item, if what follows the number reads like the start of a heading or sentence."""
    if _starts_title(rest) or (lowercase_ok and rest[:1].isalpha()):
        heading = _titled(rest, line)
        dotted = (
            not heading
            and _starts_title(rest)
            and len(line) < _DOTTED_TITLE_MAX
            and line.endswith(".")
            and not line.endswith("..")
            and not _INNER_PUNCTUATION.search(rest[:-1])
        )
        return Mark(rank, heading=heading, dotted=dotted)
    return None  # "1.5 triệu USD ..." is a number, not an item


def classify(line: str) -> Mark | None:
    """The heading level a line is marked with (None if unmarked), and whether it is a heading."""
    first = line[0]
    if first in "PMCĐ":
        for regex, rank in ((_PART_RE, PART), (_CHAPTER_RE, CHAPTER), (_SECTION_RE, SECTION)):
            m = regex.match(line)
            if m:
                rest = line[m.end() :].lstrip(" .:-–)")
                if not rest:
                    return Mark(rank, heading=True, bare=True)
                if rank == PART:  # "Phụ lục kèm theo ..." begins sentences too
                    return _numbered(rank, rest, line)
                return Mark(rank, heading=len(line) < _TITLED_LINE_MAX) if _starts_title(rest) else None
        m = _ARTICLE_RE.match(line)
        if m:
            # In a decision the articles are the content: "Điều 1. Phê duyệt ... (a long sentence)."
            sentence = len(line) >= _HEADING_LINE_MAX and line.endswith(_SENTENCE_ENDINGS)
            return Mark(ARTICLE, heading=len(line) < _TITLED_LINE_MAX and not sentence)
    if first.isdigit():
        m = _ARABIC_RE.match(line)
        if not m:
            return None
        number = m.group(1) or m.group(2)
        return _numbered(min(ARABIC + number.count("."), ARABIC_DEEPEST), line[m.end() :], line)
    if first in "IVX":
        m = _ROMAN_RE.match(line)
        if m and _VALID_ROMAN.fullmatch(m.group(1)):
            return _numbered(ROMAN, line[m.end() :], line)
    if first.isupper():
        m = _UPPER_RE.match(line)
        return _numbered(UPPER, line[m.end() :], line) if m else None
    if first.islower():
        m = _LETTER_RE.match(line)
        return _numbered(LETTER, line[m.end() :], line, lowercase_ok=True) if m else None
    m = _BULLET_RE.match(line)
    if m and m.end() < len(line):
        rank = _BULLET_RANKS.get(first, PLUS)
        short = len(line) < _HEADING_LINE_MAX
        if short and line.rstrip("*").endswith(":"):
            return Mark(rank, heading=True)
        return Mark(rank, heading=rank == STAR and _titled(line[m.end() :], line.rstrip("*")))
    return None


def is_table_row(line: str) -> bool:
    """Whether a line is a table row as the loaders write it ("Header: value; ..." or cells split by " | ")."""
    if line.count(" | ") >= 2:  # "STT | Tên cơ sở | Địa chỉ", as some text exports write tables
        return True
    cells = line.split("; ")
    if len(cells) < 2:
        return False
    # Prose lists "Khu vực A: ...; Khu vực B: ..." come close; a row starts with a labelled cell.
    labelled = sum(1 for cell in cells if _CELL_RE.match(cell))
    return bool(_CELL_RE.match(cells[0])) and labelled >= max(2, 0.8 * len(cells))


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


def heading_text(line: str, rank: int) -> str:
    """A heading line as kept in a heading path: without its bullet, trailing colon or full stop."""
    text = line.strip().rstrip("*").rstrip()
    if rank >= STAR:
        text = _BULLET_RE.sub("", text, count=1)
    elif rank == ROMAN:
        text = _SPACED_ROMAN.sub(r"\1.", text, count=1)  # "I . Căn cứ" → "I. Căn cứ"
    return text.rstrip(" :.")


def continues_title(line: str, after_bare_label: bool, after_caps: bool) -> bool:
    """Whether an unmarked line carries on the title of the heading just before it."""
    if _NATIONAL_MOTTO.match(line):
        return False
    if after_bare_label:
        return len(line) < _TITLED_LINE_MAX and (is_caps(line) or not line.endswith(_SENTENCE_ENDINGS))
    return after_caps and is_caps(line) and len(line) < _HEADING_LINE_MAX
