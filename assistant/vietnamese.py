"""Vietnamese text for the lexical index: diacritic folding and tokens that keep numbers and document numbers whole."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from index.citations.docnumbers import find_doc_numbers
from index.places import fold_lower
from index.vocabulary import CAPITALS, SMALL_LETTERS  # noqa: F401  (re-exported: the answer side reads them here)

# Figures as written in Vietnamese: "402,6", "1.939.211", "34,4%", "22,3m3" (the number part).
FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")
# "quý I/2021", "tháng 3/2021", "6 tháng đầu năm" keep their period marker as one token too.
PERIOD = re.compile(r"\b(?:quý|quy)\s+(I{1,3}|IV|[1-4])(?:\s*/\s*(\d{4}))?", re.IGNORECASE)
WORD = re.compile(r"[\wĐđ]+")


def fold(text: str) -> str:
    """Lower case without diacritics: "Quảng Ngãi" → "quang ngai", "Đường" → "duong"."""
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return fold_lower(text)


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese diacritic (or is đ)."""
    return fold(text) != text.lower()


def doc_number_keys(text: str, *, strict: bool = False) -> list[str]:
    """Comparison keys of the document numbers in `text` ("1389/QD-UBND"), however they were typed."""
    return [number.key for number in find_doc_numbers(text, strict=strict)]


def number_token(key: str) -> str:
    """The BM25 token of a document number key: marked, so it never collides with a syllable."""
    return "#" + key.lower()


def tokenize(text: str) -> list[str]:
    """Tokens for BM25: folded syllables, syllable bigrams, and whole document numbers, figures and periods."""
    tokens: list[str] = []
    for number in find_doc_numbers(text, strict=False):
        tokens.append(number_token(number.key))
    for match in PERIOD.finditer(text):
        roman = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}.get(match.group(1), match.group(1).lower())
        tokens.append(f"quy_{roman}")
        if match.group(2):
            tokens.append(f"quy_{roman}_{match.group(2)}")
    for match in FIGURE.finditer(text):
        figure = match.group(0)
        if len(figure) > 1 or figure.isdigit():
            tokens.append(figure.rstrip("%"))
    words = [fold(w) for w in WORD.findall(text)]
    tokens.extend(words)
    tokens.extend(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return tokens


def accent_forms(text: str) -> Counter[str]:
    """The lower-case words of a passage and its pairs of neighbouring words ("sản lượng"), counted: what the
    diacritic restorer learns from."""
    tokens = [w.lower() for w in WORD.findall(text)]
    counts = Counter(tokens)
    counts.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return counts


class DiacriticRestorer:
    """Puts accents back on a question typed without them, using the archive's own words.

    For each folded syllable pair ("kim ngach") and syllable ("ngach") it keeps the most frequent accented form seen
    in the indexed text; a question is restored pair-first, so "san luong bia" becomes "sản lượng bia" because that
    is what the documents say, not what a general-purpose model guesses.
    """

    MIN_PAIR_COUNT = 2

    def __init__(self, words: dict[str, str], pairs: dict[str, str]) -> None:
        self.words = words
        self.pairs = pairs

    @classmethod
    def learn(cls, texts: Iterable[str]) -> DiacriticRestorer:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(accent_forms(text))
        return cls.from_counts(counts)

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> DiacriticRestorer:
        """The restorer of `accent_forms` counts summed over the archive's passages."""
        by_key: dict[str, list[str]] = {}
        for form in counts:
            by_key.setdefault(fold(form), []).append(form)
        words: dict[str, str] = {}
        pairs: dict[str, str] = {}
        for key, forms in by_key.items():
            best = cls.preferred(forms, counts)
            if best is None:
                continue
            (pairs if " " in key else words)[key] = best
        return cls(words, pairs)

    @classmethod
    def preferred(cls, forms: Iterable[str], counts: Mapping[str, int]) -> str | None:
        """The form kept for one folded key: the most frequent; on a tie the one that sorts last, so that an
        accented form wins over the same letters bare and the choice never depends on the order passages were
        counted in. A pair seen fewer than MIN_PAIR_COUNT times is not kept (None)."""
        seen = [form for form in forms if counts.get(form, 0) > 0]
        if not seen:
            return None
        best = max(seen, key=lambda form: (counts[form], form))
        if " " in best and counts[best] < cls.MIN_PAIR_COUNT:
            return None
        return best

    def restore(self, text: str) -> str:
        matches = list(WORD.finditer(text))
        folded = [fold(m.group(0)) for m in matches]
        out = [self.words.get(f, m.group(0)) for f, m in zip(folded, matches, strict=True)]
        fixed = [False] * len(out)  # set by a pair: a pair to the right may not override it
        for i in range(len(out) - 1):
            pair = self.pairs.get(f"{folded[i]} {folded[i + 1]}")
            if pair:
                first, second = pair.split(" ")
                if not fixed[i]:
                    out[i] = first
                out[i + 1], fixed[i], fixed[i + 1] = second, True, True
        # what lies between words (slashes of numbers, punctuation) stays as typed
        pieces, last = [], 0
        for match, word in zip(matches, out, strict=True):
            pieces.append(text[last : match.start()])
            pieces.append(_keep_case(match.group(0), word))
            last = match.end()
        pieces.append(text[last:])
        return "".join(pieces)

    def to_json(self) -> dict[str, dict[str, str]]:
        return {"words": self.words, "pairs": self.pairs}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, str]]) -> DiacriticRestorer:
        return cls(data.get("words", {}), data.get("pairs", {}))


def _keep_case(typed: str, restored: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return typed  # acronyms and codes as typed: "UBND", "VLNCN"
    if typed[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored
