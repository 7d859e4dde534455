"""The document number from the header's "Số:" line, completed or corrected from the file name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from index.citations.docnumbers import DOC_NUMBER_RE, DocNumber, parse_doc_number
from index.metadata.header import Header
from index.vocabulary import fold, symbol_type

# The symbol of a blank or unreadable number: "Số: /TB-SCT", "Số: /2023/TT-BGTVT", "Số: 2ƒ /CT-UBND"
_BLANK_SYMBOL_RE = re.compile(
    r"/[ \t]*(?:(?P<year>(?:19|20)\d{2})[ \t]*/+[ \t]*)?"
    r"(?P<symbol>[A-ZĐ][A-Za-zĐđ0-9&]+(?:[ \t]*-[ \t]*[A-ZĐ][A-Za-zĐđ0-9&]*)*)"
)


@dataclass(frozen=True)
class _HeaderNumber:
    """The "Số:" line as read: a whole number, or a blank one with its symbol (and digits if garbled)."""

    number: DocNumber | None = None
    symbol: str | None = None
    year: int | None = None
    readable_digits: str = ""


def _read_number_line(rest: str) -> _HeaderNumber:
    rest = rest.strip()
    match = DOC_NUMBER_RE.match(rest)
    if match:
        parsed = parse_doc_number(rest[: match.end()])
        if parsed is not None:
            return _HeaderNumber(number=parsed)
    blank = _BLANK_SYMBOL_RE.search(rest)
    junk = rest[: blank.start()].strip(" .…_") if blank else ""
    if blank is None or len(junk) > 8:
        return _HeaderNumber()
    year = int(blank.group("year")) if blank.group("year") else None
    sample = parse_doc_number(f"1/{year or ''}{'/' if year else ''}{blank.group('symbol')}")
    symbol = sample.symbol if sample else None
    return _HeaderNumber(symbol=symbol, year=year, readable_digits=re.sub(r"\D", "", junk))


_NAME_TYPE_RE = re.compile(
    r"^(?P<type>TB|KH|QD|QĐ|CV|BC|TTr|TTR|GP|NQ|ND|TT|CT|KL|BB|GM|HD|VB)[-_ ]"
    r"(?P<num>\d{1,5})(?=$|[-_ .])(?P<rest>.*)$"
)
_NAME_NUMBER_RE = re.compile(r"^(?P<num>\d{1,5})(?:[-_ .()]+|(?=[A-Z]))(?P<rest>.*)$")
_LETTER_TYPES = {"CV", "TB", "VB"}  # file-name labels of documents that may carry a letter's symbol
# a whole number spelled in brackets after a register's number: "2770 (08-CT-UBND)..signed.pdf" is Chỉ thị 08/CT-UBND
_BRACKETED_NUMBER_RE = re.compile(
    r"\(\s*(?P<num>\d{1,5})[-_ ](?:(?P<year>(?:19|20)\d{2})[-_ ])?"
    r"(?P<codes>[A-ZĐ]{1,6}(?:[-_][A-ZĐ][A-ZĐ0-9]{0,10})+)\s*\)"
)


@dataclass(frozen=True)
class _NameNumber:
    number: str
    label: str | None  # the type code the name starts with ("TB"), if any
    tokens: tuple[str, ...]  # capitalised codes after the number ("SNNMT", "KS")
    year: int | None = None  # a year right after the number ("QD-11-2026-QD-UBND")
    words: tuple[str, ...] = ()  # every word after the number, any case ("ttg" in "464-ttg.signed.pdf")


def _name_number(path: str) -> _NameNumber | None:
    """The number in a file name: "TB-1894_...", "CV-5141-SNNMT-KS-...", "1629_SCT_CN_...", "280 BC.pdf"."""
    stem = PurePosixPath(path).name
    stem = re.sub(r"(?i)(\.signed)?(\.[a-z0-9]{2,4})+$", "", stem)
    if bracketed := _BRACKETED_NUMBER_RE.search(stem):
        codes = tuple(re.split(r"[-_]", bracketed.group("codes")))
        year = int(bracketed.group("year")) if bracketed.group("year") else None
        return _NameNumber(number=bracketed.group("num"), label=codes[0], tokens=codes, year=year, words=codes)
    typed = _NAME_TYPE_RE.match(stem)
    if typed:
        number, label, rest = typed.group("num"), typed.group("type"), typed.group("rest")
    else:
        bare = _NAME_NUMBER_RE.match(stem)
        if not bare:
            return None
        number, label, rest = bare.group("num"), None, bare.group("rest")
        # a leading year or sequence number ("2019-tham-luan", "000_2656...") is no document number
        if re.fullmatch(r"(?:19|20)\d{2}", number):
            return None
    # "TB_13.4.2026_...", "31.3.2026_BB_...": the digits are the day of a date, not a number
    if not number.strip("0") or re.match(r"^[.-]\d{1,2}[.-](?:19|20)\d{2}", rest):
        return None
    tokens: list[str] = []
    words: list[str] = []
    year = None
    for i, token in enumerate(t for t in re.split(r"[-_ .()]+", rest) if t):
        if i == 0 and re.fullmatch(r"(?:19|20)\d{2}", token):
            year = int(token)  # "NQ-19-2026-NQ-CP": the year of a normative document's number
            continue
        if not re.fullmatch(r"[A-Za-zĐđ][A-Za-zĐđ0-9]*", token):
            break
        words.append(token)
        if len(tokens) == len(words) - 1 and re.fullmatch(r"[A-ZĐ](?:[A-ZĐ0-9]*|[A-Za-z]{1,2})", token):
            tokens.append(token)
    return _NameNumber(number=number, label=label, tokens=tuple(tokens), year=year, words=tuple(words))


def _symbol_key(text: str) -> str:
    return fold(text).replace("-", "").replace("/", "")


def _name_agrees(name: _NameNumber, symbol: str) -> bool:
    """Whether the file name's codes agree with the header's symbol (so the name's number is this one's)."""
    header_key = _symbol_key(symbol)
    # the first code after the number opens the symbol: "1629_SCT_CN_..." / "SCT-CN", "464-ttg" /
    # "TTg-CĐS"
    first_word = _symbol_key(name.words[0]) if name.words else ""
    if len(first_word) >= 2 and header_key.startswith(first_word):
        return True
    if name.label is None:
        return False
    label = _symbol_key(name.label)
    first = _symbol_key(symbol.split("-")[0])
    if label == first:
        return True
    # a letter labelled "CV"/"TB" in the name carries a symbol without a type code ("/SCT-CN")
    return label in _LETTER_TYPES and symbol_type(symbol) == "Công văn"


def read_number(header: Header, path: str, ocr: bool) -> tuple[str | None, str | None, str | None]:
    """(number, source, symbol) from the header's "Số:" line, completed from the file name when blank.

    On an OCRed page the number is often handwritten or stamped and read wrong ("80/BC-UBND" for 280):
    when the
    file name agrees with the symbol but not with the digits, the name's digits are taken."""
    read = _read_number_line(header.number_rest) if header.number_rest is not None else None
    found = read.number if read else header.unlabelled_number
    if found is not None:
        name = _name_number(path) if ocr else None
        if name and name.number != found.number and _name_agrees(name, found.symbol):
            year = f"{found.year}/" if found.year else ""
            return f"{name.number}/{year}{found.symbol}", "filename", found.symbol
        return found.canonical, "header", found.symbol
    name = _name_number(path)
    if read and read.symbol:
        if name and _name_agrees(name, read.symbol):
            # what OCR could read of a handwritten number must be in the name's number: "#4" fits 24
            digits = iter(name.number)
            if all(d in digits for d in read.readable_digits):
                year = f"{read.year}/" if read.year else ""
                return f"{name.number}/{year}{read.symbol}", "filename", read.symbol
        return None, None, read.symbol
    if read is None and name and name.label:
        # no "Số:" line at all (a scan without OCR, a legacy-font PDF): the name alone, when it spells the
        # symbol
        label = _symbol_key(name.label)
        if name.tokens and (label == "CV" or _symbol_key(name.tokens[0]) == label):
            year = f"{name.year}/" if name.year else ""
            parsed = parse_doc_number(f"{name.number}/{year}{'-'.join(name.tokens)}")
            if parsed:
                return parsed.canonical, "filename", parsed.symbol
        return name.number, "filename", None
    return None, None, None
