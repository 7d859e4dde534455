"""Whether a unit is about what the question names: the document number, the places, years and proper names, the
period (in any wording) and the year. Tests of the answerability decision (assistant/answerability.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.aliases import Alias
from assistant.evidence import bare_numbers, has_quantity
from assistant.periods import Period, before_first_period, periods_for, periods_in
from assistant.periods import matches as period_matches
from assistant.proper_names import YEAR, places_in, years_in
from assistant.questions import Question
from assistant.retrieval import Passage
from assistant.units import passage_context
from assistant.vietnamese import WORD, fold
from index.citations.docnumbers import find_doc_numbers
from index.metadata.issuer import issuer_from_symbol
from index.vocabulary import code_type


def names_document(q: Question, passage: Passage, context: str) -> bool:
    """A question naming a document number is answered by that document or a passage citing it (compared by
    number and first symbol part: "4280/SCT" still meets "4280/SCT-CN")."""
    if not q.doc_numbers:
        return True
    named = {_compared(key) for key in q.doc_numbers}
    own = passage.meta.number if passage.meta and passage.meta.number else ""
    present = {_compared(n.key) for n in find_doc_numbers(f"{own}\n{context}", strict=False)}
    same = any(a[: len(b)] == b or b[: len(a)] == a for a in named for b in present)
    return same or _in_file_name(q.doc_numbers, passage.doc_path)


# the types a document of any other may be filed under: "V/v báo cáo …" is a công văn carrying a report
_ANY_TYPE = frozenset({"Công văn", "Văn bản"})


def of_named_type(q: Question, passage: Passage) -> bool:
    """Whether the passage's document may be the one the question names by its type ("Kế hoạch … do ai ký" is not
    answered by a Thông báo's signer): of that type, of no type known, a công văn, or saying the type in its subject
    ("Thông báo kết luận …" is the Kết luận asked)."""
    named, meta = q.named_type, passage.meta
    if named is None or named in _ANY_TYPE or meta is None or meta.doc_type in (None, named, *_ANY_TYPE):
        return True
    return fold(named) in fold(f"{meta.subject or ''} {passage.doc_path.rsplit('/', 1)[-1]}")


def _compared(key: str) -> tuple[str, ...]:
    """The parts of a number's key that say which document it is: the number and its symbol up to the first part that
    is no type code. "4280/SCT-CN" is 4280/SCT's (a letter of the Sở, whichever office drafted it); "37/2025/TT-BCT"
    is no "37/2025/TT-BNNMT" (the type says little, the issuer which ministry's circular it is)."""
    parts = key.split("-")
    codes = [parts[0].rsplit("/", 1)[-1], *parts[1:]]
    kept = 1
    while kept < len(parts) and code_type(codes[kept - 1]) is not None:
        kept += 1
    return tuple(parts[:kept])


def _in_file_name(keys: list[str], path: str) -> bool:
    """Whether the file name spells one of the numbers (its number and first symbol part, as in the text test), in
    any order: "46-bqp-vbhn.signed.pdf" is 46/VBHN-BQP, a scan whose header OCR could not read."""
    tokens = set(re.split(r"[^a-z0-9]+", fold(path.rsplit("/", 1)[-1])))
    return any(set(re.split(r"[^a-z0-9]+", fold(key.split("-")[0]))) - {""} <= tokens for key in keys)


def missing_named(
    q: Question,
    passage: Passage,
    context: str | None = None,
    document: str = "",
    aliases: list[Alias] | None = None,
    whole: str = "",
) -> list[str]:
    """The places, years, proper names and bare numbers of the question that the passage and its document lack.
    A proper name counts when a heading of the document holds it (`document`: its retrieved passages' headings):
    a permit names its company in "Điều 1. Cho phép Công ty X" and gives the amounts in Điều 2; a count when the
    document's retrieved text does (`whole`)."""
    if context is None:
        context = passage_context(passage)
    folded = fold(context)
    missing = []
    # a passage naming no place speaks of its document's places (a certificate's Điều 6 of the park Điều 1 sites)
    own_places = places_in(" ".join([*passage.chunk.heading_path, passage.chunk.text]))
    places = places_in(context) | (set() if own_places else places_in(document))
    # a question comparing two provinces or years is answered part by part: one of them must be here
    if q.places and not q.places & places:
        missing.extend(sorted(q.places))
    if q.years and not q.years & set(YEAR.findall(context)):
        missing.extend(sorted(q.years))
    words = written_words(f"{context} {document}")
    scanned = bool(passage.meta and passage.meta.pages_ocr)
    issuers: str | None = None
    for name in q.names:
        # the name as written, word for word: "An Phúc" is not "An Phú", "An Sơn - Đức Phổ" not "An Sơn - Đức Lân";
        # or with an abbreviation the archive defines spelled out ("Khai thác VLXD" = "Khai thác vật liệu xây dựng")
        spellings = {name} | {re.sub(rf"\b{re.escape(a)}\b", e, name) for a, e in aliases or []}
        if any(writes_name(words, n) for n in spellings) or (scanned and _misread(words, name)):
            continue
        # a number cited names its issuer by its code: "Nghị quyết số 206/2025/QH15" is the Quốc hội's
        issuers = _cited_issuers(context) if issuers is None else issuers
        if not any(writes_name(issuers, n) for n in spellings):
            missing.append(name)
    # "vụ ở huyện Tư Nghĩa và vụ ở thị xã Đức Phổ": of names the question joins with "và"/"hoặc", one is enough
    found = [n for n in q.names if n not in missing]
    missing = [m for m in missing if not any(_joined(q.folded, m, n) for n in found)]
    # where a thing the passage itself names lies ("Phú Xuân 1 ở xã Gia Phú": the park's commune) is said of that
    # thing: the rest of its document (its retrieved text, `whole`) may say it ("Địa điểm: Xã Gia Phú")
    located = [m for m in missing if _located(q.folded, m)]
    if located and whole and any(writes_name(written_words(context), n) for n in found):
        said, said_places = written_words(whole), places_in(whole)
        missing = [m for m in missing if not (m in located and (m in said_places or writes_name(said, m)))]
    # a count ("của 28 đơn vị") may be said anywhere in the document (`whole`: its retrieved text), a label here
    numbers = bare_numbers(q)
    elsewhere = fold(whole) if whole and any(count for _, count in numbers) else ""
    missing.extend(p for p, count in numbers if not (re.search(p, folded) or (count and re.search(p, elsewhere))))
    return missing


# where a thing lies, folded: "ở xã Gia Phú", "tại huyện Tư Nghĩa", "thuộc thôn X"
_LOCATED = re.compile(r"\b(?:o|tai|thuoc)\s+(?:(?:xa|huyen|phuong|thon|ban|tinh|thi xa|thi tran|thanh pho)\s+)?")


def _located(question: str, name: str) -> bool:
    """Whether the (folded) question says a name as where something lies."""
    return any(re.match(rf"{re.escape(name)}\b", question[m.end() :]) for m in _LOCATED.finditer(question))


def _cited_issuers(text: str) -> str:
    """The issuers the codes of the numbers `text` cites name, as written words (`written_words`)."""
    return written_words(" ".join(filter(None, (issuer_from_symbol(n.symbol, None) for n in find_doc_numbers(text)))))


_FIRST_FIGURE = re.compile(r"(?<![\d/.,])(?!(?:19|20)\d\d\b)\d")  # a figure's first digit, not a year's
_FULL_DATE = re.compile(
    r"\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d\b|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.I
)
_CUMULATIVE = re.compile(r"\b(?:luy ke|tinh tu dau nam|tu dau nam den nay)\b")
# letters a name needs before a scan's one misread letter is forgiven ("tu nghia": 7): a short name ("An Phú", 5)
# is too close to others ("An Phúc")
MISREAD_MIN_LETTERS = 7


def _joined(question: str, one: str, other: str) -> bool:
    """Whether the (folded) question joins two names with "và"/"hoặc", a few words apart at most."""
    between = r"(?:\s+\w+){0,4}?\s+(?:va|hoac)(?:\s+\w+){0,4}?\s+"
    a, b = re.escape(one), re.escape(other)
    return re.search(rf"\b{a}\b{between}{b}\b|\b{b}\b{between}{a}\b", question) is not None


def _misread(words: str, name: str) -> bool:
    """Whether an OCR'd text writes the name with one letter misread in one of its words ("Tư Ngiĩa" for Tư Nghĩa):
    only for names of MISREAD_MIN_LETTERS letters or more, so that a short name is never met by another one."""
    wanted = name.split()
    if sum(len(w) for w in wanted) < MISREAD_MIN_LETTERS:
        return False
    written = words.split()
    for at in range(len(written) - len(wanted) + 1):
        window = written[at : at + len(wanted)]
        differing = [(a, b) for a, b in zip(window, wanted, strict=True) if a != b]
        # a misread letter, not another number or a short word ("Bảo Hưng 3" is not Bảo Hưng 1)
        if len(differing) == 1 and all(w.isalpha() and len(w) > 2 for w in differing[0]) and _one_edit(*differing[0]):
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one letter replaced, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=1024)  # a passage's words, read again for each unit and part
def written_words(text: str) -> str:
    """`text` folded, as its words one space apart: what `writes_name` reads."""
    return " ".join(WORD.findall(fold(text)))


def writes_name(words: str, name: str) -> bool:
    """Whether `words` (from `written_words`) hold the folded name as whole words."""
    return bool(re.search(rf"(?<!\w){re.escape(' '.join(WORD.findall(name)))}(?!\w)", words))


def holds_periods(q: Question, passage: Passage, text: str) -> bool:
    """A period the question asks about is the unit's own (or its headings'), in any wording; a question naming
    two periods ("quý I và 6 tháng đầu năm") is answered period by period."""
    # a line naming its own period speaks of it ("tháng 3" under a heading "quý I" is not quý I), but a figure it
    # gives before naming any ("Ước đạt 2.813 tỷ đồng ... Lũy kế 02 tháng ...") is of the period around it
    held = periods_for(text, q.asks_plan)
    date = passage.meta.date if passage.meta else None
    year = int(date[:4]) if date else None
    if not held or has_quantity(before_first_period(text)):
        around = periods_in(" ".join(passage.chunk.heading_path)) or _document_periods(passage)
        # "Lũy kế phát triển được 65 trạm biến áp" in a report on tháng 02: cumulated to its month, the first two
        held += around + (
            [Period("cum", p.n, p.year) for p in around if p.kind == "month"]
            if not held and _CUMULATIVE.search(fold(text))
            else []
        )
    # "năm 2025 đạt 85 nghìn tỷ đồng" is the whole year's figure: "cả năm 2025", unless the line names a part of it
    # (a year after the figure is one compared with: "…, gấp 1,89 lần năm 2020")
    if not periods_in(text):
        first = _FIRST_FIGURE.search(text)
        held += [Period("cum", 12, int(y)) for y in years_in(text[: first.start()] if first else text)]
    return any(period_matches(asked, held, year) for asked in q.periods)


def holds_years(q: Question, passage: Passage, text: str) -> bool:
    """A question naming a year but no period ("năm 2024 cấp bao nhiêu giấy phép") asks about that year: a line
    (or its headings) naming other years only is about them; a line naming none speaks of its document's year
    (its subject's, else its date's, else — an undated scan — its passage's, else its file name's)."""
    if not q.years or q.periods or q.wants != "quantity":
        return True
    # the year in a document number ("Nghị định số 32/2024/NĐ-CP") is that document's, not the one spoken of
    # the year of a full date is when something was signed or done ("Nghị quyết … ngày 07/12/2023"): a line naming
    # a year besides ("dự toán … năm 2024") speaks of that year
    said = " ".join([text, *passage.chunk.heading_path])
    held = years_in(_FULL_DATE.sub(" ", said)) or years_in(said)
    if not held and passage.meta:
        held = years_in(passage.meta.subject or "") or set(YEAR.findall(passage.meta.date or ""))
    if not held:
        held = years_in(passage.chunk.text)
    if not held:  # an undated draft: the year its file name gives ("PANM-Mong-Son-chinh-sua-2026.docx")
        held = years_in(passage.doc_path.rsplit("/", 1)[-1])
    return bool(held & q.years)


def _document_periods(passage: Passage) -> list[Period]:
    """The period a document is about: its subject's ("Báo cáo xuất nhập khẩu tháng 4": its lines say "ước đạt"),
    else its date's month (a meeting on 25/3/2025 is "tháng 3/2025")."""
    meta = passage.meta
    if meta and meta.subject and periods_in(meta.subject):
        return periods_in(meta.subject)
    if meta and meta.date and len(meta.date) >= 7:
        return [Period("month", int(meta.date[5:7]), int(meta.date[:4]))]
    return []
