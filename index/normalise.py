"""Normalising extracted text: look-alike characters, tone marks, broken PDF lines, stamps, footnotes.

Everything here is a pure function on strings. The loaders call `strip_running_lines` (index/page_furniture.py) on
all pages of a PDF first (it needs every page to see what repeats), then `normalise_text` on each page.
"""

from __future__ import annotations

import re
import unicodedata

from index.footnotes import move_footnotes

# Characters that look like something simpler and would otherwise split one word or number into two spellings.
_CHAR_MAP: dict[int, str] = {
    # slashes: "718⁄TB-SCT" (fraction slash, seen in OCR output) must match "718/TB-SCT"
    0x2044: "/",
    0x2215: "/",
    0x29F8: "/",
    # spaces
    0x00A0: " ",
    0x1680: " ",
    **{cp: " " for cp in range(0x2000, 0x200B)},
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
    # invisible characters
    0x200B: "",
    0x200C: "",
    0x200D: "",
    0x2060: "",
    0xFEFF: "",
    # dashes: document numbers and the national motto are typed with any of them
    0x2010: "-",
    0x2011: "-",
    0x2012: "-",
    0x2013: "-",
    0x2014: "-",
    0x2015: "-",
    0x2212: "-",
    0xFE58: "-",
    0xFE63: "-",
    # quotes mapped to ASCII so that a quoted name matches however it was typed
    0x2018: "'",
    0x2019: "'",
    0x201A: "'",
    0x201B: "'",
    0x2032: "'",
    0x201C: '"',
    0x201D: '"',
    0x201E: '"',
    0x201F: '"',
    0x2033: '"',
    # "ƣ" (oi/gha) is what some PDF fonts map "ư" to
    0x01A3: "ư",
    0x01A2: "Ư",
    # line and paragraph separators
    0x2028: "\n",
    0x2029: "\n",
    0x000B: "\n",
    0x000C: "\n",
    0x0085: "\n",
}
# Fullwidth ASCII (U+FF01..U+FF5E), e.g. "／", "：", "１" from East Asian input methods.
_CHAR_MAP.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES_RE = re.compile(r"[ \t]+")

# Tone marks as NFD combining characters; the other marks (breve, circumflex, horn) belong to the vowel.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWEL_MARKS = frozenset("\u0306\u0302\u031b")
_WORD_RE = re.compile(r"[^\W\d_]+")

# Garbage detection: letters of Vietnamese orthography are ASCII letters (f, j, w, z occur in names and
# loanwords) and "đ", each with at most one vowel mark and one tone mark of Vietnamese.
GARBAGE_THRESHOLD = 0.05
"""A text layer with more than this share of non-Vietnamese letters is garbage (legacy TCVN3/VNI fonts).

Measured on the 766 PDF pages of the archive: good pages score at most 0.009 (a Latin-1 letter in a
name, "μ" in a unit), legacy-font pages 0.079-0.25.
"""
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

_STAMP_CORE_RE = re.compile(
    r"^(?:(?:Ký bởi|Người ký|Thời gian ký|Ngày ký|Ký ngày|Signed by|Signing time)\s*:"
    r"|Signature Not Verified)",
    re.IGNORECASE,
)
_STAMP_NEAR_RE = re.compile(
    r"^(?:(?:Cơ quan|Tổ chức|Email|E-mail|Chức vụ)\s*:"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{2}:?\d{2})?$)",
    re.IGNORECASE,
)
_STAMP_WINDOW = 3

# Lines that begin a new block and are never glued to the line before them.
_BLOCK_START_RE = re.compile(
    r"^(?:[-+•*●○▪►◦·]"
    r"|\d+(?:\.\d+)*[.)](?:\s|$)"
    r"|\d+(?:\.\d+)+\s+[^\W\d_]"
    r"|\(?[a-zđ][).](?:\s|$)"
    r"|\(\d+\)"
    r"|[IVXLC]+[.)](?:\s|$)"
    r"|(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC|CHƯƠNG|MỤC|PHẦN)\s+[\dIVXLC]+\b)"
)
_SENTENCE_END = frozenset(".:!?")
_FULL_LINE_SHARE = 0.8
_FULL_LINE_MIN = 50


def normalise_chars(text: str) -> str:
    """NFC, look-alikes mapped, control characters dropped, spaces collapsed; the line structure is kept."""
    # a soft hyphen at a line end is a hyphenated word: glue it before soft hyphens are dropped
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad\n", "").replace("\u00ad", "")
    text = unicodedata.normalize("NFC", text).translate(_CHAR_MAP)
    text = _CONTROL_RE.sub("", text)
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def _split_tone(ch: str) -> tuple[str, str]:
    """A letter as (letter without tone, tone mark or "")."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONES)
    rest = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", rest), tone


def _with_tone(ch: str, tone: str) -> str:
    return unicodedata.normalize("NFC", ch + tone)


def _fix_word_tone(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) < 2:
        return word
    lower = word.lower()
    # "qu" is one consonant: the tone belongs on the vowel after it ("qúy" -> "quý", "qùa" -> "quà")
    if len(word) >= 3 and lower[0] == "q":
        u_bare, u_tone = _split_tone(word[1])
        next_bare, next_tone = _split_tone(word[2])
        if u_bare.lower() == "u" and u_tone and not next_tone and next_bare.lower() in "aeiouyâăêôơư":
            return word[0] + u_bare + _with_tone(next_bare, u_tone) + word[3:]
        return word
    first_bare, first_tone = _split_tone(word[-2])
    last_bare, last_tone = _split_tone(word[-1])
    pair = (first_bare + last_bare).lower()
    # only an open "oa", "oe", "uy" at the end of the syllable takes the old-style tone on its first vowel
    if pair not in ("oa", "oe", "uy") or not last_tone or first_tone:
        return word
    if len(word) >= 3 and _split_tone(word[-3])[0].lower() in "aeiouyâăêôơư":
        return word
    return word[:-2] + _with_tone(first_bare, last_tone) + last_bare


def normalise_tone_marks(text: str) -> str:
    """Put tone marks in the old style the government documents use: "hoà" -> "hòa", "thuỷ" -> "thủy"."""
    return _WORD_RE.sub(_fix_word_tone, text)


def _is_vietnamese_letter(ch: str) -> bool:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    if decomposed[0] == "đ":
        return True
    if decomposed[0] not in _ASCII_LETTERS:
        return False
    marks = decomposed[1:]
    return sum(m in _TONES for m in marks) <= 1 and all(m in _TONES or m in _VOWEL_MARKS for m in marks)


def _foreign_word(word: str) -> bool:
    """A word wholly in basic Cyrillic or Greek (a Russian reference, a formula), or in CJK: not garbage."""
    return all(0x0370 <= ord(c) <= 0x045F or ord(c) >= 0x2E80 for c in word)


def garbage_ratio(text: str) -> float:
    """Share of letters outside Vietnamese orthography (0.0 without letters).

    Words wholly in another script (Russian, Greek, Chinese) are left out: legacy-font garbage mixes
    extended Cyrillic and Latin-1 look-alikes into Vietnamese words ("THѬѪNG", "ÿӕc").
    """
    # "º"/"ª" are letters to Unicode but degree signs in coordinate tables
    words = [w for w in _WORD_RE.findall(text.replace("º", " ").replace("ª", " ")) if not _foreign_word(w)]
    total = sum(len(w) for w in words)
    if not total:
        return 0.0
    bad = sum(1 for w in words for c in w if not _is_vietnamese_letter(c))
    return bad / total


def is_stamp_core(line: str) -> bool:
    """Whether a line is the heart of a digital-signature stamp ("Ký bởi: ...", "Thời gian ký: ...")."""
    return bool(_STAMP_CORE_RE.match(line.strip()))


def drop_signature_stamps(lines: list[str]) -> list[str]:
    """Lines without the digital-signature stamp: its core lines and the agency/email/time lines near them."""
    core = [i for i, line in enumerate(lines) if is_stamp_core(line)]
    if not core:
        return lines
    drop = set(core)
    for i, line in enumerate(lines):
        near = any(abs(i - c) <= _STAMP_WINDOW for c in core)
        if near and _STAMP_NEAR_RE.match(line.strip()):
            drop.add(i)
    return [line for i, line in enumerate(lines) if i not in drop]


def _starts_block(line: str) -> bool:
    return bool(_BLOCK_START_RE.match(line))


_BROKEN_NUMBER_RE = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ]{1,6}-$")
_SYMBOL_START_RE = re.compile(r"[A-ZĐ]{2,}[\s,.;)]")


def _joins(current: str, following: str, full_width: int) -> bool:
    """Whether `following` continues the sentence that `current` (a wrapped PDF line) breaks off."""
    if not current or not following:
        return False
    # a document number broken after its dash ("163/QĐ-" / "BCT ngày ...") always continues
    if _BROKEN_NUMBER_RE.search(current) and _SYMBOL_START_RE.match(following):
        return True
    if _starts_block(following):
        return False
    last = current[-1]
    if last in _SENTENCE_END:
        return False
    first = following[0]
    if first.islower():
        return True
    # a full-width line ending mid-sentence wraps even before a capital ("... tại\nQuảng Ngãi") or a number
    if last in ";" or len(current) < full_width:
        return False
    if first.isdigit():
        return True
    return first.isupper() and len(following) > 1 and following[1].islower()


def rejoin_lines(text: str) -> str:
    """Rejoin lines a PDF broke mid-sentence; keep headings, list items and blank-line paragraph breaks."""
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return text
    typical = lengths[int(0.9 * (len(lengths) - 1))]
    full_width = max(_FULL_LINE_MIN, int(_FULL_LINE_SHARE * typical))
    out: list[str] = []
    previous_raw = ""  # the last physical line: its width, not the joined line's, tells whether it wrapped
    for line in lines:
        joins = bool(out) and _joins(previous_raw, line, full_width)
        previous_raw = line
        if joins:
            previous = out[-1]
            if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha():
                fragment = re.search(r"[^\W\d_]+-$", previous)
                # Latin words hyphenate at line ends; Vietnamese syllables do not, so there the dash is kept
                if fragment and fragment.group(0)[:-1].isascii() and line[0].isascii():
                    out[-1] = previous[:-1] + line
                else:
                    out[-1] = previous + line
            else:
                out[-1] = previous + " " + line
        else:
            out.append(line)
    return "\n".join(out)


def normalise_text(text: str, *, reflow: bool = True) -> str:
    """Normalised page text: characters, tone marks, no stamps, broken lines rejoined (if `reflow`).

    Use `reflow=False` for text whose lines are already paragraphs (DOCX, DOC, Markdown).
    """
    text = normalise_tone_marks(normalise_chars(text))
    lines = drop_signature_stamps(text.split("\n"))
    text = "\n".join(lines)
    if reflow:
        text = rejoin_lines(text)
    text = "\n".join(move_footnotes(text.split("\n")))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
