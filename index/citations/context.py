"""What the words around a cited number say: the type named before it ("Quyết định số", "Luật Hóa chất số"), the
date, issuer and description after it, and the sentence it stands in, cut where a clause or a sentence ends (a PDF
also breaks lines mid-sentence)."""

from __future__ import annotations

import re

from index.citations.bodies import body_after
from index.citations.docnumbers import DocNumber, iter_doc_numbers
from index.metadata import parse_vietnamese_date
from index.vocabulary import ABBREVIATED_TYPES, CAPITALS, CITED_TYPES, SMALL_LETTERS, fold, symbol_type

SENTENCE_MAX_CHARS = 400
"""A citing sentence longer than this is cut to a window around the number."""
SUBJECT_MAX_CHARS = 300
"""A description running on longer than this (a clause the text never closes) is cut at a word."""
NAME_MAX_WORDS = 15
"""Words allowed between a type and "số": "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số"."""

# Types named in running text (and their abbreviations, "QĐ số ..."), by folded spelling: the longest match wins in
# `type_before`, so "Thông tư liên tịch" beats "Thông tư".
_TYPES = {fold(name): name for name in CITED_TYPES} | {fold(code): name for code, name in ABBREVIATED_TYPES.items()}

# a date closing a description: "về Quản lý ... ngày 29/6/2024"
_TRAILING_DATE_RE = re.compile(
    r",?\s*(?:ban\s+hành\s+)?ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}$"
    r"|,?\s*ngày\s*\d{1,2}\s+tháng\s*\d{1,2}\s*năm\s*(?:19|20)\d{2}$",
    re.IGNORECASE,
)

# "ngày 18/9/2020", "ngày 18 tháng 9 năm 2020", "ngày 18-9-2020", "tháng 4 năm 2026" right after a number
_DATE_AFTER_RE = re.compile(
    r"(?:ban\s+hành\s+)?(?:ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}"
    r"|(?:ngày\s*\d{1,2}\s+)?tháng\s*\d{1,2}\s*(?:năm|/)\s*(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_OF_RE = re.compile(r"(?:của|do)\s+", re.IGNORECASE)

# What opens a description: "về việc", "V/v", "về", or a verb that opens a trích yếu
_ABOUT_RE = re.compile(
    r"(?:về\s+việc|v/v|về)\s+|(?=(?:quy\s+định|ban\s+hành|hướng\s+dẫn|phê\s+duyệt|sửa\s+đổi|bãi\s+bỏ"
    r"|thành\s+lập|ủy\s+quyền|uỷ\s+quyền|công\s+bố)\s)",
    re.IGNORECASE,
)

# ... and for plans and programmes, what they carry out: "Kế hoạch số 285/KH-SCT thực hiện nhiệm vụ ..."
_PLAN_ABOUT_RE = re.compile(r"(?=(?:thực\s+hiện|triển\s+khai)\s)", re.IGNORECASE)
_DESCRIPTION_END_RE = re.compile(
    r"\s+(?:đã\s+)?được\s+sửa\s+đổi|\s+và\s+để\s|\s+như\s+sau\b"
    rf"|(?<=[{SMALL_LETTERS}])\s+(?=(?:Sửa đổi|Bổ sung|Bãi bỏ|Thay thế)\b)"
)
_LIST_MARK_RE = re.compile(r"[ \t]*(?:[-+•*]|\d{1,2}[.)]|[a-zđ]\))\s")
_SOFT_NEWLINE_AFTER = ".;:!?"


def type_before(window: str) -> tuple[str, str | None, int] | None:
    """(type, name, where the type starts) when `window` ends with "Quyết định số", "Luật Hóa chất số" ..."""
    folded = _fold_chars(window)
    best = None
    for folded_type, doc_type in _TYPES.items():
        for match in re.finditer(rf"(?<![^\W\d_]){re.escape(folded_type)}(?![^\W\d_])", folded):
            rest = window[match.end() :]
            if re.fullmatch(r"\s*(?:số\s*)?:?\s*", rest, re.IGNORECASE):
                name = None
            elif window[match.start()].isupper() and (
                named := re.fullmatch(r"\s+([^;:()\d]+?)\s+số\s*:?\s*", rest, re.IGNORECASE)
            ):
                name = named.group(1).strip(" ,")
                if len(name.split()) > NAME_MAX_WORDS:
                    continue
            else:
                continue
            if best is None or match.start() > best[0] or (match.start() == best[0] and match.end() > best[1]):
                best = (match.start(), match.end(), doc_type, name)
    if best is None:
        return None
    start, end, doc_type, name = best
    if len(window[start:end]) <= 2 and not window[start:end].isupper():
        return None  # an abbreviation must be written as one: "QĐ", not the "qd" of a word
    return doc_type, name, start


def _fold_chars(text: str) -> str:
    """`fold` one character for one (a stray combining mark stays), so that offsets into `text` hold."""
    return "".join(fold(c)[:1] or c for c in text)


def clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` starts: after the last ";", sentence end or hard line break."""
    start = 0
    for match in re.finditer(r"[;]|[.!?](?=\s)|\n|\(|\)", text[:position]):
        if match.group() != "\n" or _hard_newline(text, match.start()):
            start = match.end()
    return start


def _hard_newline(text: str, i: int) -> bool:
    """Whether the line break at `i` ends a sentence (a PDF may also wrap mid-sentence)."""
    before = text[max(0, i - 20) : i].rstrip(" \t")  # a bounded look: this runs for every line break
    after = text[i + 1 : i + 20]
    if not before or not after.strip() or before.endswith(tuple(_SOFT_NEWLINE_AFTER)) or after.startswith("\n"):
        return True
    if _LIST_MARK_RE.match(after):
        return True
    first = after.lstrip(" \t")[:1]
    return not (first.islower() or before[-1:].islower() and first.isalnum())


def attributes_after(text: str, end: int, plan: bool) -> tuple[str | None, str | None, str | None]:
    """(date, issuer, subject) from the words right after a number: "ngày ... của ... về ..."."""
    date = issuer = subject = None
    position = end
    for _ in range(4):
        gap = re.match(r"[ \t,]*(?:\n(?=[ \t]*[^\W\d_]))?[ \t]*", text[position:])
        at = position + (gap.end() if gap else 0)
        if gap and "\n" in gap.group() and _hard_newline(text, position + gap.group().index("\n")):
            break
        if date is None and (found := _DATE_AFTER_RE.match(text, at)):
            date = parse_vietnamese_date(re.sub(r"\s*([/.-])\s*", r"\1", found.group()))
            position = found.end()
            continue
        if issuer is None and (found := _OF_RE.match(text, at)):
            body, body_end = body_after(text, found.end())
            if body:
                issuer, position = body, body_end
                continue
        if (found := _ABOUT_RE.match(text, at)) or (plan and (found := _PLAN_ABOUT_RE.match(text, at))):
            subject = _clause(text, found.end())
            if subject and (closing := _TRAILING_DATE_RE.search(subject)):
                date = date or parse_vietnamese_date(re.sub(r"\s*([/.-])\s*", r"\1", closing.group()))
                subject = subject[: closing.start()].strip(" ,") or None
        break
    return date, issuer, subject


def _clause(text: str, start: int) -> str | None:
    """The words from `start` to the end of their clause, shortened at a word past SUBJECT_MAX_CHARS."""
    end = len(text)
    for match in re.finditer(r";|[.!?:](?=\s|$)|[()]|\n", text[start:]):
        if match.group() != "\n" or _hard_newline(text, start + match.start()):
            end = start + match.start()
            break
    # the next item of a list ("..., Nghị định số 82/2022/NĐ-CP", "và Thông tư số ...") ends this description;
    # a reference inside it ("hướng dẫn thực hiện Nghị quyết số 23/2003/QH11") belongs to it
    for _, offset, _ in iter_doc_numbers(text[start:end]):
        window = text[start : start + offset]
        typed = type_before(window)
        listed = re.search(r"(?:,|;|\svà)\s*$", window[: typed[2]]) if typed else None
        if listed:
            end = start + listed.start()
            break
    # what happened to the document since ("đã được sửa đổi, bổ sung bởi ..."), the rest of the citing
    # sentence ("... và để bảo đảm ...", "... như sau:"), a heading glued on by the loader ("... xây dựng Sửa
    # đổi, bổ sung khoản 4 ..."): no part of its title
    if cut := _DESCRIPTION_END_RE.search(text, start, end):
        end = cut.start()
    # "..., Sở Công Thương nhận thấy ...": the sentence goes on after the description
    if comma := re.search(rf",\s+(?=[{CAPITALS}])", text[start:end]):
        end = start + comma.start()
    clause = " ".join(text[start:end].split()).strip(" ,")
    clause = re.sub(r"\s*\./\.$", "", clause)
    if len(clause) > SUBJECT_MAX_CHARS:
        clause = clause[:SUBJECT_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return clause or None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], on one line, cut to a window around it when very long."""
    begin = 0
    for match in re.finditer(r"[.!?](?=\s)|\n", text[:start]):
        if match.group() != "\n" or _hard_newline(text, match.start()):
            begin = match.end()
    stop = len(text)
    for match in re.finditer(r"[.!?](?=\s|$)|\n", text[end:]):
        if match.group() != "\n" or _hard_newline(text, end + match.start()):
            stop = end + match.end() if match.group() != "\n" else end + match.start()
            break
    if stop - begin > SENTENCE_MAX_CHARS:
        half = (SENTENCE_MAX_CHARS - (end - start)) // 2
        left, right = max(begin, start - half), min(stop, end + half)
        head = "… " if left > begin else ""
        tail = " …" if right < stop else ""
        left_text = text[left:start].split(" ", 1)[-1] if head else text[left:start]
        right_text = text[end:right].rsplit(" ", 1)[0] if tail else text[end:right]
        return " ".join(f"{head}{left_text}{text[start:end]}{right_text}{tail}".split())
    return " ".join(text[begin:stop].split())


def of_type(asked: str | None, text: str, number: DocNumber, start: int) -> bool:
    """Whether a document number the text gives is of the type asked: by its symbol ("NQ-CP") or by the type the
    text names it with ("Nghị quyết số 206/2025/QH15": the Assembly's symbol is a law's and a resolution's)."""
    if asked is None:
        return True
    named = type_before(text[max(0, start - 60) : start])
    return asked in (symbol_type(number.symbol), named[0] if named else None)
