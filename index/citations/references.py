"""References to other documents in running text: what is cited, by which number, of when, by whom, on what.

Reports cite other documents all the time: "Thực hiện Quyết định số 1389/QĐ-UBND ngày 18/9/2020 của UBND
tỉnh về phê duyệt Kế hoạch ...". Each number found by `docnumbers` becomes a `Reference` with what the
words around it say: the type (the word before the number, "Quyết định", "Luật Hóa chất số ...", "QĐ số ...",
else the type code of the symbol), the date right after it, the issuing body ("của UBND tỉnh Lào Cai") and
the description ("về việc ...", "về ...", or a clause opening with "quy định", "ban hành", "phê duyệt" ...),
and the sentence it stands in.

A directive's key is its folded number and its year (`1389/QD-UBND@2020`): the year of the number itself
("04/2021/QĐ-UBND"), else the year of the date the text gives. Two documents that share a number in different
years keep apart; a number cited without any year has a key without "@".

Lower-case numbers ("quyết định số 1389/qđ-ubnd") are read only after a cue ("số", a type word), where they
cannot be a unit such as "tấn/ha". Numbers on the "Số:" line of a header are the document's own, no citation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from index.citations.docnumbers import DocNumber, fold_number, iter_doc_numbers
from index.metadata import parse_vietnamese_date
from index.records import Chunk
from index.vocabulary import ABBREVIATED_TYPES, CITED_TYPES, fold, symbol_type

SENTENCE_MAX_CHARS = 400
"""A citing sentence longer than this is cut to a window around the number."""
SUBJECT_MAX_CHARS = 300
"""A description running on longer than this (a clause the text never closes) is cut at a word."""
NAME_MAX_WORDS = 15
"""Words allowed between a type and "số": "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số"."""

# Types named in running text (and their abbreviations, "QĐ số ..."), by folded spelling: the longest match wins in
# `_type_before`, so "Thông tư liên tịch" beats "Thông tư".
_TYPES = {fold(name): name for name in CITED_TYPES} | {fold(code): name for code, name in ABBREVIATED_TYPES.items()}
# Words before "số" that make the number something else than a document: an inspection code, a form.
_NOT_DOCUMENT = ("MA", "MAU", "MA SO", "PHU LUC")

_STANDARD_BEFORE_RE = re.compile(r"(?:QCVN|TCVN|QCĐP|QCĐ|TCCS|ISO)[\s\w.-]{0,12}:\s*$", re.IGNORECASE)
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
_PLAN_TYPES = frozenset({"Kế hoạch", "Chương trình", "Đề án", "Hướng dẫn", "Phương án"})
# Names of bodies capitalise their first word only ("Cục Hóa chất", "Công ty cổ phần Xây dựng giao thông Yên
# Bái"): lower-case words continue a name, up to a few in a row, until a word that opens what the body did
# ("của Chính phủ quy định ...", "của UBND tỉnh ban hành ...") or the next part of the sentence.
_BODY_STOPS = frozenset(
    "ngày tại quy phê hướng sửa bãi giao cấp thực triển đã được theo để có là này trên đối cho với gửi "
    "kèm như đến số xác nhận đề yêu ký trình hoặc do của năm tháng thì mà khi nếu sau trước từ trong qua "
    "bằng vào các những một nêu tham báo quyết chấp kết".split()
)
_BODY_STOP_PAIRS = frozenset(
    {("ban", "hành"), ("thành", "lập"), ("chỉ", "đạo"), ("công", "bố"), ("tổ", "chức"), ("thông", "báo")}
)
# ... and a few that open a description even when capitalised: "của Chính phủ Quy định chi tiết ..."
_CAPITAL_STOP_PAIRS = frozenset(
    {("quy", "định"), ("ban", "hành"), ("phê", "duyệt"), ("hướng", "dẫn"), ("sửa", "đổi"), ("về", "việc")}
)
# stop words opening a part of a name: "Sở Giao thông vận tải", "Công ty Xây dựng giao thông ..."
_BODY_NAME_PAIRS = frozenset({("giao", "thông")})
# lower-case words that are always part of a name, however many: "Ủy ban nhân dân tỉnh"
_BODY_WORDS = frozenset("tỉnh thành phố huyện xã quận phường thị trấn ban nhân dân ủy uỷ".split())
_BODY_LOWER_RUN = 3
_BODY_MAX_WORDS = 12
_DESCRIPTION_END_RE = re.compile(
    r"\s+(?:đã\s+)?được\s+sửa\s+đổi|\s+và\s+để\s|\s+như\s+sau\b"
    r"|(?<=[a-zà-ỹđ])\s+(?=(?:Sửa đổi|Bổ sung|Bãi bỏ|Thay thế)\b)"
)
_LIST_MARK_RE = re.compile(r"[ \t]*(?:[-+•*]|\d{1,2}[.)]|[a-zđ]\))\s")
_SOFT_NEWLINE_AFTER = ".;:!?"


@dataclass(frozen=True)
class Reference:
    """One mention of a document in the text of an archive document."""

    doc_path: str  # the citing document
    page: int | None
    number: str  # canonical: "1389/QĐ-UBND"
    year: int | None  # of the number, else of the date; None when the text gives neither
    doc_type: str | None  # "Quyết định", ...
    type_source: str | None  # "text" (the word before it) | "symbol" (its type code) | None
    date: str | None  # ISO, or "2020-09" / "2020"
    issuer: str | None  # "UBND tỉnh"
    subject: str | None  # "phê duyệt Kế hoạch phát triển thương mại điện tử ..."
    sentence: str
    start: int = 0  # offsets of the number in the text it was read from
    end: int = 0

    @property
    def base(self) -> str:
        """The folded number without the year: "1389/QD-UBND"."""
        return fold_number(self.number)

    @property
    def key(self) -> str:
        """The directive's key: "1389/QD-UBND@2020", or "1389/QD-UBND" without a year."""
        return directive_key(self.base, self.year)


def directive_key(base: str, year: int | None) -> str:
    """The key of a directive, "1389/QD-UBND@2020"; the bare folded number when the year is unknown."""
    return f"{base}@{year}" if year else base


def year_of(number: DocNumber | None, date: str | None) -> int | None:
    """The year of a document: the one in its number, else the one of its date ("2020-09-18" -> 2020)."""
    if number is not None and number.year:
        return number.year
    if date and re.fullmatch(r"(?:19|20)\d{2}(?:-\d{2}){0,2}", date):
        return int(date[:4])
    return None


def extract_references(text: str, doc_path: str, page: int | None = None) -> list[Reference]:
    """Every reference to a document in `text` (a chunk of `doc_path`), in order of appearance."""
    scan = _join_broken_numbers(text)
    found = list(iter_doc_numbers(scan, strict=True))
    taken = [(start, end) for _, start, end in found]
    for number, start, end in iter_doc_numbers(scan, strict=False):
        if not any(s < end and start < e for s, e in taken) and _cued(scan, start):
            found.append((number, start, end))
    found.sort(key=lambda item: item[1])
    references = []
    previous_end = 0
    for number, start, end in found:
        reference = _reference(scan, number, start, end, previous_end, doc_path, page)
        previous_end = end
        if reference is not None:
            references.append(reference)
    return references


def _chunk_references(chunk: Chunk) -> Iterable[tuple[int, Reference]]:
    for reference in extract_references(chunk.text, chunk.doc_path, chunk.page_start):
        # the page the number is on, which may be a later one than the chunk's first
        yield chunk.ordinal, replace(reference, page=chunk.page_at(reference.start))


def document_references(chunks: Sequence[Chunk]) -> list[tuple[int, Reference]]:
    """(chunk ordinal, reference) for each reference the chunks of one document make, in order. A number cited again
    without its date ("Quyết định 1389/QĐ-UBND nêu trên") takes the year the document gave it before."""
    references = [item for chunk in chunks for item in _chunk_references(chunk)]
    years: dict[str, set[int]] = defaultdict(set)
    for _, r in references:
        if r.year is not None:
            years[r.base].add(r.year)
    out = []
    for ordinal, r in references:
        if r.year is None and len(years[r.base]) == 1:
            r = replace(r, year=next(iter(years[r.base])))
        out.append((ordinal, r))
    return out


def _join_broken_numbers(text: str) -> str:
    """`text` with a line break inside a number ("1389/QĐ-" | "UBND") read as a space; offsets unchanged."""
    chars = list(text)
    for match in re.finditer(r"\n", text):
        i = match.start()
        before = text[max(0, i - 20) : i].rstrip(" \t")
        after = text[i + 1 : i + 20].lstrip(" \t")
        if (before.endswith(("/", "-")) and before[-2:-1].isalnum() and after[:1].isalnum()) or (
            after.startswith("/") and before[-1:].isdigit()
        ):
            chars[i] = " "
    return "".join(chars)


def _fold_chars(text: str) -> str:
    """`fold` one character for one (a stray combining mark stays), so that offsets into `text` hold."""
    return "".join(fold(c)[:1] or c for c in text)


def _cued(text: str, start: int) -> bool:
    """Whether a number read in any case follows "số" or a type word (so it is no unit like "tấn/ha")."""
    before = fold(text[max(0, start - 40) : start]).rstrip(" :\t")
    return before.endswith(" SO") or before == "SO" or _type_before(text[max(0, start - 40) : start]) is not None


def _reference(
    text: str, number: DocNumber, start: int, end: int, previous_end: int, doc_path: str, page: int | None
) -> Reference | None:
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    # the header's "Số: 718/TB-SCT" (or "Luật số: 69/2025/QH15") is the document's own number
    if re.fullmatch(r"\s*(?:[^\W\d_]+\s+)?số\s*:\s*|\s*số\s*", prefix, re.IGNORECASE):
        return None
    if _STANDARD_BEFORE_RE.search(text, max(0, start - 30), start):
        return None  # "QCVN 01: 2019/BCT" is a technical standard, no document
    if re.match(r"/\w", text[end : end + 2]):
        return None  # "480/VC/2026/HT": a numbering scheme read in part would give a wrong number
    window = text[max(previous_end, start - 200, _clause_start(text, start)) : start]
    folded_before = fold(window).rstrip(" :\t")
    if any(folded_before.endswith(f" {word} SO") or folded_before == f"{word} SO" for word in _NOT_DOCUMENT):
        return None
    typed = _type_before(window)
    doc_type, type_source, name = (
        (typed[0], "text", typed[1]) if typed else (symbol_type(number.symbol), "symbol", None)
    )
    date, issuer, subject = _attributes(text, end, doc_type in _PLAN_TYPES)
    if subject is None and name and doc_type in ("Luật", "Bộ luật", "Pháp lệnh"):
        subject = f"{doc_type} {name}"  # "Luật Hóa chất số 69/2025/QH15": the law's name is what it is about
    return Reference(
        doc_path=doc_path,
        page=page,
        number=number.canonical,
        year=year_of(number, date),
        doc_type=doc_type,
        type_source=type_source if doc_type else None,
        date=date,
        issuer=issuer,
        subject=subject,
        sentence=_sentence(text, start, end),
        start=start,
        end=end,
    )


def _type_before(window: str) -> tuple[str, str | None, int] | None:
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


def _clause_start(text: str, position: int) -> int:
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


def _attributes(text: str, end: int, plan: bool) -> tuple[str | None, str | None, str | None]:
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
            body, body_end = _body(text, found.end())
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


def _body(text: str, start: int) -> tuple[str | None, int]:
    """The issuing body named from `start` ("UBND tỉnh Lào Cai ban hành ..." -> "UBND tỉnh Lào Cai")."""
    tokens = list(re.finditer(r"[^\W_]+|&", text[start : start + 200]))
    kept: list[re.Match[str]] = []
    lower_run = 0
    for i, token in enumerate(tokens):
        word = token.group()
        following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if kept:
            gap = text[start + kept[-1].end() : start + token.start()]
            # "Cục Hóa chất - Bộ Công Thương" is one body; any other punctuation ends it
            if not re.fullmatch(r"[ \t]*\n?[ \t]*", gap) and not (gap.strip() == "-" and word[0].isupper()):
                break
        if kept and word.isupper() and len(word) > 1 and word.lower() in _BODY_STOPS:
            break  # a title in capitals: "CỦA CHÍNH PHỦ QUY ĐỊNH VỀ ..."
        if kept and (word.lower(), following.lower()) in _CAPITAL_STOP_PAIRS:
            break
        if word[0].isupper() and not word.isdigit() or word == "&":
            lower_run = 0
        elif (
            not kept
            or word.isdigit()
            or word in _BODY_STOPS
            and (word, following) not in _BODY_NAME_PAIRS
            or (word, following) in _BODY_STOP_PAIRS
            or word == "và"
            and (not following[:1].isupper() or _opens_type(tokens[i + 1 : i + 3]))
            or word == "về"
            and not _is_acronym(following)
        ):
            break
        elif word not in _BODY_WORDS:
            lower_run += 1
            if lower_run > _BODY_LOWER_RUN:
                break
        kept.append(token)
        if len(kept) >= _BODY_MAX_WORDS:
            break
    while kept and kept[-1].group() in ("và", "&"):
        kept.pop()
    if not kept:
        return None, start
    body = text[start + kept[0].start() : start + kept[-1].end()]
    return " ".join(body.split()), start + kept[-1].end()


def _is_acronym(word: str) -> bool:
    """ "TTXH", "QLHC": "Phòng Cảnh sát QLHC về TTXH" is one body, "về" there no description."""
    return len(word) >= 2 and word.isupper()


def _opens_type(tokens: list[re.Match[str]]) -> bool:
    """Whether the words open a document type: "... của Quốc hội và Nghị quyết số ..." names no more body."""
    phrase = fold(" ".join(t.group() for t in tokens)) + " "
    return any(phrase.startswith(f"{folded} ") for folded in _TYPES if len(folded) > 2)


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
        typed = _type_before(window)
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
    if comma := re.search(r",\s+(?=[A-ZĐ])", text[start:end]):
        end = start + comma.start()
    clause = " ".join(text[start:end].split()).strip(" ,")
    clause = re.sub(r"\s*\./\.$", "", clause)
    if len(clause) > SUBJECT_MAX_CHARS:
        clause = clause[:SUBJECT_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return clause or None


def _sentence(text: str, start: int, end: int) -> str:
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
