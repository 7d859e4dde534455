"""Structure-aware chunking of Vietnamese administrative documents.

Page text arrives normalised: one paragraph or one table row per line. Each line is classified as a
heading of some level (Phần, Chương, Mục, "A.", "I.", Điều, "1.", "1.1.", "a)", "* ...", a bullet ending
with ":") or as body text; a stack of open headings gives every line its heading path. Lines are then packed
into chunks of at most `max_chars` characters, preferring to start a chunk at a heading, never splitting a
sentence or a table row, and never overlapping: the context a chunk lacks comes from its heading path,
which the embedder prepends.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.records import Chunk, Page

log = logging.getLogger(__name__)

HEADING_MAX_CHARS = 120  # each heading kept in a path is shortened to this
CONTEXT_MAX_CHARS = 200  # the context line in front of the text the embedder sees
TAIL_MERGE_FACTOR = 1.3  # a small tail may grow its section's last chunk up to this many max_chars
TABLE_ROW_SPLIT_FACTOR = 3  # a table row is kept whole unless longer than this many max_chars

_HEADING_LINE_MAX = 150  # a numbered line at least this long is a sentence, not a heading (unless ALL CAPS)
_TITLED_LINE_MAX = 300  # Chương/Mục/Điều lines and ALL-CAPS headings are headings up to this length
_SENTENCE_ENDINGS = (".", ";", ",", "…")  # "…" closes form blanks: "6. Điện thoại: ………"
_PARAGRAPH_ENDINGS = (".", "!", "?", ":", ";", "…")
_DOTTED_TITLE_MAX = 70
_SIGNATURE_BLOCK = re.compile(r"nơi\s+nhận|kt\.|tm\.|tl\.|q\.", re.IGNORECASE)
_INNER_PUNCTUATION = re.compile(r"[.;:!?] ")
_MAX_CONTINUATION_LINES = 2

# Heading levels, outermost first. One fixed order serves reports (Phần > A. > I. > 1. > 1.1. > a) > -) and
# legal texts (Chương > Mục > Điều > khoản 1. > điểm a)): the two rarely mix; a missing level costs nothing.
_PART = 0  # Phần I, PHẦN THỨ NHẤT, Phụ lục II
_CHAPTER = 1  # Chương I, Mẫu số 01
_SECTION = 2  # Mục 1
_UPPER = 3  # A. B.
_ROMAN = 4  # I. II.
_ARTICLE = 5  # Điều 5.
_ARABIC = 6  # 1. ; 1.1. is 7, 1.1.1. is 8 ...
_ARABIC_DEEPEST = 10
_LETTER = 11  # a) b.
_STAR = 12  # "* Công tác thanh tra": in reports a sub-heading, unless a sentence
_DASH = 13  # "- Về xuất khẩu:" is a heading only when it ends with ":"
_PLUS = 14  # "+ ..." likewise, nested under "-"
_BULLET_RANKS = {"*": _STAR, "-": _DASH, "–": _DASH, "—": _DASH, "+": _PLUS, "•": _PLUS}
_MAJOR = _ROMAN  # a heading at this level or above always starts a new chunk

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

# Sentence ends: ". ", "! ", "? ", "; " (closing quotes allowed) when a capital letter or digit follows.
_SENTENCE_END = re.compile(r"[.!?…;][\"”’)\]]*(\s+)")
_ABBREVIATIONS = frozenset(
    ("TP", "Tp", "tp", "TX", "Tx", "TT", "Tr", "tr", "KT", "TM", "TL", "Q", "P", "ThS", "Ths", "Th.S")
    + ("TS", "PGS", "GS", "BS", "KS", "CN", "v.v", "V.v", "NXB", "Nxb", "STT", "Stt", "St", "Mr", "Mrs")
    + ("Ms", "Dr", "Đ/c", "đ/c")
)
_CELL_END = re.compile(r"(?:;| \|)(\s+)")
_WORD = re.compile(r"\S+")


@dataclass(slots=True)
class _Unit:
    """One line, or one piece of a line too long for a chunk, with what the packer needs to know about it."""

    text: str
    page: int
    page_end: int  # a paragraph running over a page break ends on a later page
    path: tuple[str, ...]
    heading: bool = False
    rank: int = _PLUS
    table_row: bool = False
    joiner: str = "\n"  # put before this unit when it follows another in a chunk


@dataclass(slots=True)
class _Mark:
    rank: int
    heading: bool
    bare: bool = False  # a label with no title ("Chương II"), whose title is on the next line
    dotted: bool = False  # a short title ending in "." ("2.1. Vị trí.") heads content that follows


@dataclass(slots=True)
class _Group:
    units: list[_Unit]
    length: int


def chunk_document(pages: Sequence[Page], doc_path: str, max_chars: int = 1000, min_chars: int = 200) -> list[Chunk]:
    """Split a document's pages into ordered chunks that keep their heading path and page range."""
    if max_chars < 20:
        msg = f"max_chars must be at least 20, got {max_chars}"
        raise ValueError(msg)
    if not 0 <= min_chars < max_chars:
        msg = f"min_chars must be between 0 and max_chars ({max_chars}), got {min_chars}"
        raise ValueError(msg)
    units = _units(pages)
    groups = _pack(units, max_chars, min_chars)
    groups = _merge_tails(groups, min_chars, int(max_chars * TAIL_MERGE_FACTOR))
    chunks = [_to_chunk(doc_path, ordinal, group.units) for ordinal, group in enumerate(groups)]
    log.debug("%s: %d lines/pieces → %d chunks", doc_path, len(units), len(chunks))
    return chunks


def chunk_text_for_embedding(chunk: Chunk, title: str | None) -> str:
    """The text the embedder sees: a context line (title > heading path) and then the chunk text."""
    parts = [" ".join(title.split())] if title and title.strip() else []
    context = _context_line(parts, list(chunk.heading_path))
    return f"{context}\n{chunk.text}" if context else chunk.text


# --- classifying


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _starts_title(rest: str) -> bool:
    return bool(rest) and (rest[0].isupper() or rest[0] in '"“(«')


def _titled(rest: str, line: str) -> bool:
    """The heading test for numbered lines: short and not a finished sentence, or ALL CAPS."""
    if not _starts_title(rest):
        return False
    if _is_caps(rest):
        return len(line) < _TITLED_LINE_MAX
    return len(line) < _HEADING_LINE_MAX and not line.endswith(_SENTENCE_ENDINGS)


def _numbered(rank: int, rest: str, line: str, lowercase_ok: bool = False) -> _Mark | None:
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
        return _Mark(rank, heading=heading, dotted=dotted)
    return None  # "1.5 triệu USD ..." is a number, not an item


def _classify(line: str) -> _Mark | None:
    """The heading level a line is marked with (None if unmarked), and whether it is a heading."""
    first = line[0]
    if first in "PMCĐ":
        for regex, rank in ((_PART_RE, _PART), (_CHAPTER_RE, _CHAPTER), (_SECTION_RE, _SECTION)):
            m = regex.match(line)
            if m:
                rest = line[m.end() :].lstrip(" .:-–)")
                if not rest:
                    return _Mark(rank, heading=True, bare=True)
                if rank == _PART:  # "Phụ lục kèm theo ..." begins sentences too
                    return _numbered(rank, rest, line)
                return _Mark(rank, heading=len(line) < _TITLED_LINE_MAX) if _starts_title(rest) else None
        m = _ARTICLE_RE.match(line)
        if m:
            # In a decision the articles are the content: "Điều 1. Phê duyệt ... (a long sentence)."
            sentence = len(line) >= _HEADING_LINE_MAX and line.endswith(_SENTENCE_ENDINGS)
            return _Mark(_ARTICLE, heading=len(line) < _TITLED_LINE_MAX and not sentence)
    if first.isdigit():
        m = _ARABIC_RE.match(line)
        if not m:
            return None
        number = m.group(1) or m.group(2)
        return _numbered(min(_ARABIC + number.count("."), _ARABIC_DEEPEST), line[m.end() :], line)
    if first in "IVX":
        m = _ROMAN_RE.match(line)
        if m and _VALID_ROMAN.fullmatch(m.group(1)):
            return _numbered(_ROMAN, line[m.end() :], line)
    if first.isupper():
        m = _UPPER_RE.match(line)
        return _numbered(_UPPER, line[m.end() :], line) if m else None
    if first.islower():
        m = _LETTER_RE.match(line)
        return _numbered(_LETTER, line[m.end() :], line, lowercase_ok=True) if m else None
    m = _BULLET_RE.match(line)
    if m and m.end() < len(line):
        rank = _BULLET_RANKS.get(first, _PLUS)
        short = len(line) < _HEADING_LINE_MAX
        if short and line.rstrip("*").endswith(":"):
            return _Mark(rank, heading=True)
        return _Mark(rank, heading=rank == _STAR and _titled(line[m.end() :], line.rstrip("*")))
    return None


def _is_table_row(line: str) -> bool:
    if line.count(" | ") >= 2:  # "STT | Tên cơ sở | Địa chỉ", as some text exports write tables
        return True
    cells = line.split("; ")
    if len(cells) < 2:
        return False
    # Prose lists "Khu vực A: ...; Khu vực B: ..." come close; a row starts with a labelled cell.
    labelled = sum(1 for cell in cells if _CELL_RE.match(cell))
    return bool(_CELL_RE.match(cells[0])) and labelled >= max(2, 0.8 * len(cells))


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


def _heading_text(line: str, rank: int) -> str:
    text = line.strip().rstrip("*").rstrip()
    if rank >= _STAR:
        text = _BULLET_RE.sub("", text, count=1)
    elif rank == _ROMAN:
        text = _SPACED_ROMAN.sub(r"\1.", text, count=1)  # "I . Căn cứ" → "I. Căn cứ"
    return text.rstrip(" :.")


# --- splitting


def _sentence_spans(text: str) -> list[str]:
    """Sentences of a paragraph, each with its final punctuation; a space separates consecutive ones."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        after = m.end()
        if after >= len(text):
            break
        nxt = text[after]
        if nxt in '"“(«' and after + 1 < len(text):
            nxt = text[after + 1]
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        if text[m.start()] == ".":
            word_start = max(start, text.rfind(" ", start, m.start()) + 1)
            word = text[word_start : m.start()].lstrip('("“')
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue  # "TP. Lào Cai", "Nguyễn V. An"
        sentences.append(text[start : m.start(1)])
        start = after
    sentences.append(text[start:])
    return sentences


def _split_words(text: str, max_chars: int, first_limit: int | None = None) -> list[str]:
    """The last resort for a sentence longer than a chunk: cut between words (inside a word if need be)."""
    words: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group()
        while len(word) > max_chars:
            words.append(word[:max_chars])
            word = word[max_chars:]
        words.append(word)
    return _pack_pieces(words, max_chars, first_limit)


def _pack_pieces(pieces: list[str], max_chars: int, first_limit: int | None = None) -> list[str]:
    """Join consecutive pieces with single spaces into strings of at most max_chars (longer pieces alone).

    The first string is held to first_limit instead, to fit behind headings already in a chunk.
    """
    out: list[str] = []
    current = ""
    limit = max_chars if first_limit is None else first_limit
    for piece in pieces:
        if not current:
            current = piece
        elif len(current) + 1 + len(piece) <= limit:
            current = f"{current} {piece}"
        else:
            out.append(current)
            current, limit = piece, max_chars
    if current:
        out.append(current)
    return out


def _split_line(line: str, table_row: bool, max_chars: int, first_limit: int | None = None) -> list[str]:
    """A line as pieces of at most max_chars, cut at sentence (or cell) ends, then words; join with " "."""
    if len(line) <= max_chars or (table_row and len(line) <= TABLE_ROW_SPLIT_FACTOR * max_chars):
        return [line]
    if table_row:
        spans, start = [], 0
        for m in _CELL_END.finditer(line):
            spans.append(line[start : m.start(1)])
            start = m.end()
        spans.append(line[start:])
    else:
        spans = _sentence_spans(line)
    fitting: list[str] = []
    for index, span in enumerate(spans):
        if len(span) > max_chars:  # cut between words anyway, so the first cut may as well fit first_limit
            fitting.extend(_split_words(span, max_chars, first_limit if index == 0 else None))
        else:
            fitting.append(span)
    return _pack_pieces(fitting, max_chars, first_limit)


# --- structure


def _units(pages: Sequence[Page]) -> list[_Unit]:
    """Every non-blank line of a document as units, with its heading path from the stack of open headings."""
    units: list[_Unit] = []
    stack: list[tuple[int, str]] = []
    path: tuple[str, ...] = ()
    open_heading: list[_Unit] = []  # the units of the last heading, while its title may still continue
    open_bare = open_caps = False

    def current_path() -> tuple[str, ...]:
        return tuple(_shorten(text, HEADING_MAX_CHARS) for _, text in stack)

    lines: list[tuple[int, str, bool, _Mark | None]] = []
    for page in pages:
        for raw in page.text.splitlines():
            line = " ".join(raw.split())
            if line:
                table_row = _is_table_row(line)
                lines.append((page.number, line, table_row, None if table_row else _classify(line)))

    for position, (page_number, line, table_row, mark) in enumerate(lines):
        if mark is not None and mark.dotted:
            # "2.1. Vị trí địa lý." heads what follows; "1. Người quản lý." then "2. ..." is a list item,
            # and so is the last task before "Nơi nhận:".
            if position + 1 < len(lines):
                _, following_line, _, following = lines[position + 1]
                mark.heading = (following is None or following.rank > mark.rank) and not (
                    _SIGNATURE_BLOCK.match(following_line)
                )
            else:
                mark.heading = False
        previous = units[-1] if units else None
        if (
            previous is not None
            and page_number != previous.page_end
            and mark is None
            and not table_row
            and not previous.heading
            and not previous.table_row
            and not previous.text.endswith(_PARAGRAPH_ENDINGS)
        ):
            # A sentence cut by a page break ("... Quyết định số 155/QĐ-" | "SCT ngày ..."): one paragraph.
            previous.text = f"{previous.text}\n{line}"
            previous.page_end = page_number
            open_heading = []
            continue
        if open_heading and mark is None and not table_row and _continues(line, open_bare, open_caps):
            rank, text = stack[-1]
            text = f"{text.rstrip('.:')}. {line}" if open_bare else f"{text} {line}"
            stack[-1] = (rank, text.rstrip(" :"))
            path = current_path()
            unit = _Unit(line, page_number, page_number, path, heading=True, rank=rank)
            open_heading.append(unit)
            for earlier in open_heading:
                earlier.path = path
            units.append(unit)
            open_bare, open_caps = False, _is_caps(line)
            if len(open_heading) > _MAX_CONTINUATION_LINES:
                open_heading = []
            continue
        open_heading = []
        heading = mark is not None and mark.heading
        if mark is not None:
            # A marked sentence still closes its sibling's heading ("1. ... sau:" then "2. ...").
            while stack and stack[-1][0] >= mark.rank:
                stack.pop()
            if heading:
                stack.append((mark.rank, _heading_text(line, mark.rank)))
            path = current_path()
        rank = mark.rank if mark is not None else _PLUS
        unit = _Unit(line, page_number, page_number, path, heading=heading, rank=rank, table_row=table_row)
        units.append(unit)
        if heading and mark is not None:
            open_heading = [unit]
            open_bare = mark.bare
            open_caps = _is_caps(line) and mark.rank <= _ARABIC_DEEPEST
    return units


def _continues(line: str, after_bare_label: bool, after_caps: bool) -> bool:
    """Whether an unmarked line carries on the title of the heading just before it."""
    if _NATIONAL_MOTTO.match(line):
        return False
    if after_bare_label:
        return len(line) < _TITLED_LINE_MAX and (_is_caps(line) or not line.endswith(_SENTENCE_ENDINGS))
    return after_caps and _is_caps(line) and len(line) < _HEADING_LINE_MAX


# --- packing


def _pack(units: list[_Unit], max_chars: int, min_chars: int) -> list[_Group]:
    """Greedy packing of whole lines, breaking early at headings, never leaving a heading at a chunk's end.

    A line longer than a chunk is cut here, so that its first piece fits behind the headings leading to it.
    """
    groups: list[_Group] = []
    current: list[_Unit] = []
    length = 0

    def flush(units: list[_Unit]) -> None:
        if units:
            groups.append(_Group(units, _length(units)))

    for unit in units:
        if current and unit.heading and not _has_body(current) and not _within(unit, current[-1]):
            flush(current)  # headings with no text of their own ("B. ..." right before "PHỤ LỤC IV")
            current, length = [], 0
        if current:
            has_body = _has_body(current)
            at_heading = unit.heading and has_body and (length >= min_chars or unit.rank <= _MAJOR)
            if not at_heading and length + len(unit.joiner) + len(unit.text) <= max_chars:
                current.append(unit)
                length += len(unit.joiner) + len(unit.text)
                continue
            if has_body:
                # Headings at the end of the chunk being closed belong to what follows them.
                kept = len(current)
                while kept > 1 and current[kept - 1].heading:
                    kept -= 1
                carried = current[kept:]
                fits = len(unit.text) > max_chars or _length(carried) + 1 + len(unit.text) <= max_chars
                if carried and fits:
                    flush(current[:kept])
                    current, length = carried, _length(carried)
                else:
                    flush(current)
                    current, length = [], 0
        # current is now empty, or holds the headings that lead into this unit
        room = max_chars - length - 1 if current else max_chars
        pieces = _split_line(unit.text, unit.table_row, max_chars, room)
        for index, piece in enumerate(pieces):
            part = unit
            if len(pieces) > 1:
                part = replace(unit, text=piece, heading=unit.heading and index == 0)
                part.joiner = unit.joiner if index == 0 else " "
            if current and length + len(part.joiner) + len(piece) > max_chars:
                flush(current)
                current, length = [], 0
            if current:
                current.append(part)
                length += len(part.joiner) + len(piece)
            else:
                current, length = [part], len(piece)
    flush(current)
    return groups


def _length(units: list[_Unit]) -> int:
    return len(units[0].text) + sum(len(u.joiner) + len(u.text) for u in units[1:]) if units else 0


def _has_body(units: list[_Unit]) -> bool:
    return any(not u.heading for u in units)


def _within(unit: _Unit, heading: _Unit) -> bool:
    """Whether unit sits under heading (its path extends the heading's)."""
    return unit.path[: len(heading.path)] == heading.path


def _common_path(units: list[_Unit]) -> tuple[str, ...]:
    """The sections whose text the units hold; heading lines are in the text and do not widen the path."""
    body = [u for u in units if not u.heading] or units
    path = body[0].path
    for unit in body[1:]:
        if unit.path[: len(path)] != path:
            size = 0
            while size < len(path) and size < len(unit.path) and path[size] == unit.path[size]:
                size += 1
            path = path[:size]
    return path


def _merge_tails(groups: list[_Group], min_chars: int, merged_max: int) -> list[_Group]:
    """Fold a chunk smaller than min_chars into the previous one when both belong to the same section."""
    out: list[_Group] = []
    for group in groups:
        if out and group.length < min_chars:
            previous = out[-1]
            size = previous.length + len(group.units[0].joiner) + group.length
            if size <= merged_max and _same_section(previous.units, group.units):
                out[-1] = _Group(previous.units + group.units, size)
                continue
        out.append(group)
    return out


def _same_section(previous: list[_Unit], tail: list[_Unit]) -> bool:
    if not tail[0].heading:
        return True  # the chunk was cut for size, so it carries on the section the previous one ends in
    before, after = _common_path(previous), _common_path(tail)
    return bool(before) and bool(after) and before[0] == after[0]  # a small subsection joins its sibling


def _to_chunk(doc_path: str, ordinal: int, units: list[_Unit]) -> Chunk:
    text = units[0].text + "".join(u.joiner + u.text for u in units[1:])
    return Chunk(
        doc_path=doc_path,
        ordinal=ordinal,
        text=text,
        heading_path=_common_path(units),
        page_start=min(u.page for u in units),
        page_end=max(u.page_end for u in units),
        page_marks=_page_marks(units),
    )


def _page_marks(units: list[_Unit]) -> tuple[tuple[int, int], ...]:
    """(offset, page) where each page's units begin in the chunk text; a unit over a page break is on its first."""
    marks: list[tuple[int, int]] = []
    offset = 0
    for index, unit in enumerate(units):
        if index:
            offset += len(unit.joiner)
        if not marks or unit.page != marks[-1][1]:
            marks.append((offset, unit.page))
        offset += len(unit.text)
    return tuple(marks)


def _context_line(title: list[str], path: list[str]) -> str:
    """Title > heading > ... within CONTEXT_MAX_CHARS, dropping outer headings before inner ones."""
    line = " > ".join(title + path)
    if len(line) <= CONTEXT_MAX_CHARS:
        return line
    title = [_shorten(t, 80) for t in title]
    path = [_shorten(p, 60) for p in path]
    elided: list[str] = []
    while len(path) > 1 and len(" > ".join(title + elided + path)) > CONTEXT_MAX_CHARS:
        path, elided = path[1:], ["…"]
    return _shorten(" > ".join(title + elided + path), CONTEXT_MAX_CHARS)
