"""Vietnamese text for the lexical index: diacritic folding and tokens that keep numbers and document numbers whole."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from index.citations.docnumbers import find_doc_numbers
from index.places import fold_lower

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
        word_forms: dict[str, Counter[str]] = {}
        pair_counts: Counter[str] = Counter()
        for text in texts:
            tokens = [w.lower() for w in WORD.findall(text)]
            for token in tokens:
                word_forms.setdefault(fold(token), Counter())[token] += 1
            pair_counts.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
        words = {key: forms.most_common(1)[0][0] for key, forms in word_forms.items()}
        best_pairs: dict[str, tuple[int, str]] = {}
        for pair, count in pair_counts.items():
            if count < cls.MIN_PAIR_COUNT:
                continue
            key = fold(pair)
            if key not in best_pairs or count > best_pairs[key][0]:
                best_pairs[key] = (count, pair)
        return cls(words, {key: pair for key, (_, pair) in best_pairs.items()})

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
