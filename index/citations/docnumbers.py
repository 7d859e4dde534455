"""Document numbers (số hiệu văn bản): find them in text and spell them one way, so that citations meet.

A Vietnamese administrative number has three shapes:

- ``1389/QĐ-UBND``: number / type code - issuing body (an individual document);
- ``04/2021/QĐ-UBND``: number / year / symbol (a legal normative document: the year is part of the
  number, ``04/2021/QĐ-UBND`` is another document than ``04/QĐ-UBND``);
- ``01-NQ/TU``: number - type / issuing body (documents of the Party).

A symbol without a type code (``5141/SNNMT-KS``, ``464/TTg``) is an official letter (công văn). One
number is typed in many ways (``1389/QD-UBND``, ``1389 / QĐ - UBND``, ``1389/qđ-ubnd``, ``1389⁄QĐ-UBND``
from OCR): the canonical form uppercases the symbol (except the mixed-case codes ``TTg``, ``TTr``,
``CTr``), restores ``Đ`` in the common codes and drops the spaces. `fold_number` is the key for
comparisons, blind to ``Đ``/``D`` and case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Characters that stand for "/" or "-" in numbers typed on other keyboards or read by OCR, and look-alike
# letters (Icelandic eth for Đ, Cyrillic capitals from broken PDF fonts). One character for one: spans
# stay valid.
_CHAR_FIXES = str.maketrans(
    {
        "\u2044": "/",  # fraction slash
        "\u2215": "/",  # division slash
        "\uff0f": "/",  # fullwidth solidus
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufffe": "-",  # pdfium marks a hyphen it broke a line at with U+FFFE
        "\u00d0": "Đ",  # Ð (eth) typed for Đ
        "\u00f0": "đ",
        "\u0189": "Đ",
        "\u0410": "A",
        "\u0412": "B",
        "\u0421": "C",
        "\u0415": "E",
        "\u041d": "H",
        "\u041a": "K",
        "\u041c": "M",
        "\u041e": "O",
        "\u0420": "P",
        "\u0422": "T",
        "\u0425": "X",
    }
)

# One symbol part as printed, of two characters at least: a capital, then capitals, digits or "&" ("QĐ",
# "UBND", "QH15", "CT05", "PCCC&CNCH"), or a short mixed-case code ("TTg", "TTr", "Cty"). Accented vowels
# do not occur in codes; "Đ" does. A longer lower-case word ends the symbol: "548/BĐ- Than" is "548/BĐ".
_PART = r"[A-ZĐ](?:[A-ZĐ0-9&]+|[A-Za-zĐđ]{1,2}(?![A-Za-zĐđ0-9]))"
# As a user may type it: any letter case.
_LOOSE_PART = r"[A-Za-zĐđ][A-Za-zĐđ0-9&]*"
# not inside a word, another number, a date or a formula; not after "05A:" as in "QCVN 05A:2020/BCT" (but
# after "Số:" it is fine)
_NOT_AFTER = r"(?<![\w/.+)-])(?<![0-9A-Za-z]:)(?<!\d,)"
_END = r"(?![^\W\d_])"  # the symbol ends at a word boundary: "100/tháng" is no number


def _number_re(part: str) -> re.Pattern[str]:
    symbol = rf"{part}(?:[ \t]*-[ \t]*{part})*"
    return re.compile(
        rf"{_NOT_AFTER}(?P<num>\d{{1,5}}(?:\.\d{{1,2}})?)[ \t]*/[ \t]*"
        rf"(?:(?P<year>(?:19|20)\d{{2}})[ \t]*/+[ \t]*)?"
        rf"(?P<symbol>{symbol}){_END}"
        rf"|{_NOT_AFTER}(?P<pnum>\d{{1,4}})[ \t]*-[ \t]*(?P<ptype>{part})"
        rf"[ \t]*/[ \t]*(?P<pbody>{symbol}){_END}"
    )


DOC_NUMBER_RE = _number_re(_PART)
"""A number as printed in running text: `num`/`year`/`symbol`, or the Party form `pnum`-`ptype`/`pbody`."""
_LOOSE_RE = _number_re(_LOOSE_PART)

# Codes typed without the stroke on the D: restored in the canonical form.
_D_FIXES = {"QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "DKT": "ĐKT", "DCK": "ĐCK", "QDI": "QĐi"}
# Codes written in mixed case, kept so.
_MIXED_CASE = {"TTG": "TTg", "TTR": "TTr", "CTR": "CTr", "QĐI": "QĐi"}


@dataclass(frozen=True)
class DocNumber:
    """One document number: `number` "1389", `year` 2021 or None, `symbol` "QĐ-UBND", `canonical`."""

    number: str
    year: int | None
    symbol: str
    canonical: str

    @property
    def key(self) -> str:
        """The comparison key (see `fold_number`)."""
        return fold_number(self.canonical)


def prepare_text(text: str) -> str:
    """`text` with look-alike slashes, dashes and letters mapped one character for one (spans stay valid)."""
    return text.translate(_CHAR_FIXES)


def _canonical_part(part: str) -> str:
    upper = part.upper()
    upper = _D_FIXES.get(upper, upper)
    return _MIXED_CASE.get(upper, upper)


# A footnote mark glued to the end of a number: "105/2025/NĐ-CP2", "42/2024/QH151", "126-KL/TW1".
_FOOTNOTE_RE = re.compile(r"^(CP|TW|TU|QH1\d)\d{1,2}$")


def _canonical_symbol(symbol: str) -> str:
    parts = [_canonical_part(p) for p in re.split(r"[ \t]*-[ \t]*", symbol.strip()) if p]
    parts[-1] = _FOOTNOTE_RE.sub(r"\1", parts[-1])
    return "-".join(parts)


def _from_match(match: re.Match[str]) -> DocNumber:
    if match.group("pnum") is not None:
        number = match.group("pnum")
        symbol = f"{_canonical_part(match.group('ptype'))}/{_canonical_symbol(match.group('pbody'))}"
        return DocNumber(number=number, year=None, symbol=symbol, canonical=f"{number}-{symbol}")
    number = match.group("num")
    year = int(match.group("year")) if match.group("year") else None
    symbol = _canonical_symbol(match.group("symbol"))
    canonical = f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"
    return DocNumber(number=number, year=year, symbol=symbol, canonical=canonical)


def iter_doc_numbers(text: str, *, strict: bool = True) -> Iterator[tuple[DocNumber, int, int]]:
    """Each document number in `text` with its start and end offsets, in order of appearance.

    `strict` reads symbols as printed (capitals); `strict=False` also accepts "1389/qđ-ubnd" as typed in a
    question, at the price of false hits such as "5 tấn/ha" in running text.
    """
    pattern = DOC_NUMBER_RE if strict else _LOOSE_RE
    for match in pattern.finditer(prepare_text(text)):
        yield _from_match(match), match.start(), match.end()


def find_doc_numbers(text: str, *, strict: bool = True) -> list[DocNumber]:
    """The document numbers cited in `text`, in order, each canonical number once."""
    seen: set[str] = set()
    found = []
    for number, _, _ in iter_doc_numbers(text, strict=strict):
        if number.canonical not in seen:
            seen.add(number.canonical)
            found.append(number)
    return found


def replace_doc_numbers(text: str, replacement: str) -> str:
    """`text` with every document number in it (found as the user may type it) replaced by `replacement`."""
    pieces, last = [], 0
    for _, start, end in iter_doc_numbers(text, strict=False):
        pieces.append(text[last:start] + replacement)
        last = end
    return "".join(pieces) + text[last:]


def parse_doc_number(text: str) -> DocNumber | None:
    """The first document number in `text` (any letter case, as a user may type it), or None."""
    return next((number for number, _, _ in iter_doc_numbers(text, strict=False)), None)


def canonical_number(raw: str) -> str:
    """The canonical spelling of a document number ("1389 / qd - ubnd" -> "1389/QĐ-UBND").

    Text that holds no recognisable number comes back with its slashes, dashes and spaces tidied only.
    """
    parsed = parse_doc_number(raw)
    if parsed is not None:
        return parsed.canonical
    tidy = re.sub(r"[ \t]*([/-])[ \t]*", r"\1", prepare_text(raw))
    return " ".join(tidy.split())


def fold_number(s: str) -> str:
    """A comparison key for a document number: canonical, upper case, Đ as D, no leading zeros in the number.

    "04/2021/QĐ-UBND", "4/2021/qd-ubnd" and "04 / 2021 / QD - UBND" all fold to "4/2021/QD-UBND".
    """
    folded = canonical_number(s).upper().replace("Đ", "D")
    folded = _MISSING_DASH.sub(r"\1\2-\3", folded)
    return re.sub(r"^0+(?=\d)", "", folded)


# "181/2024/NĐCP": a type code run into a common issuer code; printed sources drop the dash now and then
_MISSING_DASH = re.compile(r"(^|/)(ND|QD|NQ|TT|CT|TB|KH|BC)(CP|TTG|UBND|HDND|BCT|SCT|BTC|BXD|TU|VPCP)$")
