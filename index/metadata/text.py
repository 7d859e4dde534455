"""Letters and words: upper case and acronyms, the names of provinces and cities."""

from __future__ import annotations

import re
import unicodedata

from index.places import CITIES, PROVINCES
from index.vocabulary import fold

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _strip_tones(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


# A Vietnamese syllable (tones removed); a capitalised token that is not one is an acronym ("UBND",
# "TNHH").
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_acronym(token: str) -> bool:
    """Whether a token is an acronym ("UBND", "TNHH", "QH15"), not a Vietnamese syllable in capitals ("SỞ")."""
    letters = re.sub(r"[^\w]", "", token)
    if not letters or any(ch.isdigit() for ch in letters):
        return bool(letters)
    return letters.isupper() and not _SYLLABLE_RE.match(_strip_tones(letters))


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def is_upper_line(text: str) -> bool:
    """Whether `text` is written in capitals (85% of its letters at least; OCR lowers a few)."""
    return _upper_share(text) >= 0.85 and sum(c.isalpha() for c in text) >= 2


def upper_first(word: str) -> str:
    """`word` with its first letter in upper case, the rest as it is."""
    return word[:1].upper() + word[1:]


def list_items(text: str, sep: str | None = None) -> tuple[str, ...]:
    """The items of a list written as text (names, separated by `sep` or by spaces)."""
    return tuple(" ".join(item.split()) for item in text.split(sep) if item.strip())


# the closed list of provinces and cities lives in index.places; here they are keyed by `fold`
PLACES = {fold(name): name for name in (*CITIES, *PROVINCES)}
_CITY_KEYS = {fold(name) for name in CITIES}


def province_named(words: str) -> str | None:
    """The province or city named by `words` ("LÀO CAI", "Tp. Hồ Chí Minh"), or None."""
    key = re.sub(r"^(?:TP\.?|THANH PHO|TINH)\s*", "", fold(words).strip())
    return PLACES.get(key)


def locality_phrase(province: str) -> str:
    """ "thành phố Hà Nội" for a centrally-run city, "tỉnh Lào Cai" for a province."""
    return f"thành phố {province}" if fold(province) in _CITY_KEYS else f"tỉnh {province}"
