"""Plain-text bytes to Unicode: UTF-8 (even with a few broken bytes), UTF-16, Windows-1258, and the two legacy
Vietnamese font encodings of old provincial files, TCVN3 (ABC, the ".Vn" fonts) and VNI.

A legacy-font file is 8-bit text whose bytes only meant Vietnamese letters to its font: read as a code page it comes
out as "UBND TØNH V¢N MéNG". An 8-bit file names no code page, so it is read as Windows-1258, TCVN3 and VNI, and the
reading that is Vietnamese is kept: judged by the garbage-text rule that sends a PDF page to OCR (`is_garbage`:
letters outside Vietnamese orthography) and by what that rule cannot see, the symbols a wrong table leaves and words
that are no Vietnamese syllable. UTF-8 text is read through the tables only when the rule finds it garbage (a legacy
file re-saved as UTF-8). An 8-bit file that no reading makes Vietnamese, and that the rule finds garbage, is refused
with the reason rather than indexed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

from index.errors import UnreadableDocument
from index.normalise import GARBAGE_THRESHOLD, garbage_ratio, normalise_chars

log = logging.getLogger(__name__)

GARBAGE_MIN_LETTERS = 30
"""Below this many letters a text is too short to judge as garbage."""
MAX_INVALID_UTF8_SHARE = 0.1
"""A file whose invalid UTF-8 bytes are at most this share of its non-ASCII bytes is UTF-8 with a few broken bytes
(a cut-off copy, a pasted Windows quote). A file in an 8-bit code page is almost all invalid: its accented letters
are single bytes that UTF-8 never allows alone."""

MAX_UNREADABLE_SHARE = 0.2
"""A reading scoring at most this (`_unreadable_share`) is Vietnamese. Measured on 10,000-character pieces of the
archive's own text files: the right reading scores at most 0.03, a wrong table at least 0.4."""
SCORED_CHARS = 50_000
"""Readings are judged on the start of the text: enough to tell them apart, and a large file is not scored thrice."""

# TCVN3 (TCVN 5712:1993, the VN3 subset used by the ".VnTime"/".VnArial" fonts): one byte a letter. Source: the
# standard's code chart, which glibc ships as the TCVN5712-1 charset (VN1, a superset: VN3 leaves out VN1's capitals
# with tone marks); tests/index/loaders/test_textdecode.py compares every byte below with `iconv -f TCVN5712-1`.
# Each row: the bytes as Latin-1 shows them (what a garbled file looks like), then the letters they stand for.
_TCVN3_ROWS = (
    ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),  # the base capitals; no capital carries a tone mark
    ("¨©ª«¬\xad®", "ăâêôơưđ"),
    ("µ¶·¸¹", "àảãáạ"),  # each vowel with grave, hook, tilde, acute, dot below
    ("»¼½¾Æ", "ằẳẵắặ"),
    ("ÇÈÉÊË", "ầẩẫấậ"),
    ("ÌÎÏÐÑ", "èẻẽéẹ"),
    ("ÒÓÔÕÖ", "ềểễếệ"),
    ("×ØÜÝÞ", "ìỉĩíị"),
    ("ßáâãä", "òỏõóọ"),
    ("åæçèé", "ồổỗốộ"),
    ("êëìíî", "ờởỡớợ"),
    ("ïñòóô", "ùủũúụ"),
    ("õö÷øù", "ừửữứự"),
    ("úûüýþ", "ỳỷỹýỵ"),
)
TCVN3_TABLE = {byte: letter for row in _TCVN3_ROWS for byte, letter in zip(*row, strict=True)}
_TCVN3_TRANSLATION = {ord(byte): letter for byte, letter in TCVN3_TABLE.items()}

# VNI (the "VNI-Times" fonts) writes a toned vowel as its base letter followed by a mark byte ("Vieät" is Việt) and
# a few letters as one byte. Source: the VNI-Windows code chart, built here from its rules rather than typed out
# letter by letter, and checked entry by entry against two published tables: all 130 letters of the viparse
# project's VNI table (PyPI, 104 of them observed in real VNI administrative documents) and the vietnamese-conversion
# package (npm), which agree with it but for two letters where the observed documents settle it ("yû" is ỷ, "yõ"
# is ỹ). The one letter taken from the chart alone is ẳ ("aú"), which neither document corpus happened to contain.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_TONES = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "à": _GRAVE, "á": _ACUTE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "è": _GRAVE, "é": _ACUTE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "ò": "ị", "æ": "ỉ", "ó": "ĩ", "ì": "ì", "í": "í", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(base: str, mark: str, marks: str) -> None:
        # lowercase marks after a lowercase base, capital marks after a capital one (the VNI fonts' two sets)
        table[base + mark] = unicodedata.normalize("NFC", base + marks)
        table[base.upper() + mark.upper()] = unicodedata.normalize("NFC", base.upper() + marks)

    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(base, mark, tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base, mark, _CIRCUMFLEX + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a", mark, _BREVE + tone)
    for single, letter in _VNI_SINGLE.items():
        table[single], table[single.upper()] = letter, letter.upper()
    for horned, letter in (("ô", "o"), ("ö", "u")):  # ơ and ư take a tone mark like any vowel: "ôø" is ờ
        for mark, tone in _VNI_TONES.items():
            table[horned + mark] = unicodedata.normalize("NFC", letter + _HORN + tone)
            table[horned.upper() + mark.upper()] = unicodedata.normalize("NFC", letter.upper() + _HORN + tone)
    return table


VNI_TABLE = _vni_table()
_VNI_PAIR_RE = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_WORD_RE = re.compile(r"[^\W\d_]+")
# A Vietnamese syllable without its tone: onset, vowel group, final consonant. A wrong legacy table still gives
# letters, but not syllables ("hụùp", "naờm"): the share of accented words that are no syllable tells the readings
# apart.
_VOWEL_GROUPS = (
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    f"(?:{'|'.join(_VOWEL_GROUPS)})"
    r"(?:ch|ng|nh|[ckmnpt])?"  # "k" ends the Central Highlands' names: Đắk Lắk
)
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))


def decode_text(data: bytes) -> str:
    """Text of a plain-text file: UTF-8 (BOM or not, a few broken bytes replaced), UTF-16 by BOM or NUL pattern,
    TCVN3 or VNI when the text reads as a legacy font, else Windows-1258; UnreadableDocument when nothing reads."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # ASCII-range text in UTF-16 without BOM: every other byte is NUL
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace")
    text = _utf8(data)
    if text is not None:
        if not is_garbage(text[:SCORED_CHARS]):
            return text
        # a legacy-font file re-saved as UTF-8 shows the font's bytes as the same Latin-1 characters; Unicode text
        # that no table makes Vietnamese is in another language and stays as it is
        return _vietnamese_reading(text, [("TCVN3", from_tcvn3), ("VNI", from_vni)]) or text
    # 8-bit text: nothing in the bytes names its code page, so every reading is judged. Latin-1 maps byte n to
    # U+00n, the character the legacy tables are written in. Windows-1258 first: it wins a tie, as it always did
    # (its tone marks are combining characters, which NFC later composes).
    latin1 = data.decode("latin-1")
    reading = _vietnamese_reading(latin1, [("Windows-1258", _windows_1258), ("TCVN3", from_tcvn3), ("VNI", from_vni)])
    if reading is not None:
        return reading
    cp1258 = _windows_1258(latin1)
    if not is_garbage(cp1258[:SCORED_CHARS]):
        return cp1258
    msg = (
        "chữ trong tệp không đọc được: không phải Unicode, Windows-1258, TCVN3 hay VNI "
        "(hãy mở bằng Unikey hoặc Word, lưu lại dạng Unicode UTF-8 rồi nạp lại)"
    )
    raise UnreadableDocument(msg)


def is_garbage(text: str) -> bool:
    """The garbage-text rule: enough letters, and too many of them outside Vietnamese orthography (a legacy font
    read as Unicode). A PDF page judged so is OCRed; a plain-text file is read again through the legacy tables."""
    letters = sum(c.isalpha() for c in text)
    return letters >= GARBAGE_MIN_LETTERS and garbage_ratio(normalise_chars(text)) > GARBAGE_THRESHOLD


def from_tcvn3(text: str) -> str:
    """Text typed in a TCVN3 font, as Unicode. TCVN3 has no capitals with tone marks: a heading set in a capitals
    font (".VnTimeH") uses the small letters' bytes, so a word that is otherwise in capitals is put in capitals."""
    converted = text.translate(_TCVN3_TRANSLATION)
    lines = [_capitalise_headings(line) for line in converted.split("\n")]
    return unicodedata.normalize("NFC", "\n".join(lines))


def from_vni(text: str) -> str:
    """Text typed in a VNI font, as Unicode (base letter + mark byte → one letter; the longest match first)."""
    return unicodedata.normalize("NFC", _VNI_PAIR_RE.sub(lambda m: VNI_TABLE[m.group(0)], text))


def _windows_1258(latin1: str) -> str:
    return latin1.encode("latin-1").decode("cp1258", errors="replace")


def _capitalise_headings(line: str) -> str:
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    whole_line = len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)

    def word(match: re.Match[str]) -> str:
        w = match.group(0)
        plain = [c for c in w if c.isascii()]
        if plain and all(c.isupper() for c in plain) and (whole_line or len(plain) >= 2):
            return w.upper()
        return w

    return _WORD_RE.sub(word, line)


def _utf8(data: bytes) -> str | None:
    """The bytes as UTF-8, a few invalid bytes replaced by U+FFFD; None when they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    non_ascii = sum(b >= 0x80 for b in data)
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if invalid <= MAX_INVALID_UTF8_SHARE * non_ascii:
        log.warning("%d byte không hợp lệ trong tệp UTF-8: thay bằng \ufffd", invalid)
        return text
    return None


def _vietnamese_reading(surface: str, readings: list[tuple[str, Callable[[str], str]]]) -> str | None:
    """`surface` through the reading that reads most as Vietnamese (the first of equals), judged on its start; None
    when none does."""
    scores = [_unreadable_share(read(surface[:SCORED_CHARS])) for _, read in readings]
    best = min(range(len(readings)), key=scores.__getitem__)
    if scores[best] > MAX_UNREADABLE_SHARE:
        return None
    name, read = readings[best]
    if name in ("TCVN3", "VNI"):
        log.info("tệp văn bản gõ bằng bảng mã %s: đã chuyển sang Unicode", name)
    return read(surface)


def _unreadable_share(text: str) -> float:
    """How far a reading is from Vietnamese: letters outside its orthography plus Latin-1 symbols left over from the
    font's bytes (a wrong table leaves the other table's bytes unconverted), over the letters."""
    normal = normalise_chars(text)
    letters = sum(c.isalpha() for c in normal)
    leftovers = sum(0xA0 <= ord(c) <= 0xFF and c not in _VIETNAMESE_LATIN1 for c in normal)
    return garbage_ratio(normal) + leftovers / max(letters, 1) + _non_syllable_share(normal)


def _non_syllable_share(text: str) -> float:
    """Share of the words with a Vietnamese accent that are not a Vietnamese syllable."""
    # a word without a vowel is an abbreviation ("QĐ", "ĐVT"), no syllable to judge
    accented = [w for w in _WORD_RE.findall(text.lower()) if not w.isascii() and _has_vowel(w)]
    if not accented:
        return 0.0
    return sum(not _is_syllable(w) for w in accented) / len(accented)


def _has_vowel(word: str) -> bool:
    return any(unicodedata.normalize("NFD", c)[0] in "aeiouy" for c in word)


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word)
    if sum(c in _TONE_MARKS for c in decomposed) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE_RE.fullmatch(toneless) is not None
