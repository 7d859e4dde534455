"""The question's words marked in a passage, accents and case ignored: "kim ngach" marks "Kim ngạch".

Vietnamese words are often two syllables, so a syllable the question uses inside a pair ("sản lượng") is marked
only where the passage has that pair, not in every "sản phẩm"; a syllable standing alone in the question ("bia"),
and any number, is marked wherever it occurs.

A number is matched whole: "4" is not marked inside "318,4", "4,3%" or "1.389", nor a word inside a longer word.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assistant.vietnamese import fold
from index.vocabulary import is_stopword

# A number with its decimal or thousands separators ("318,4", "1.389"), ending at a word boundary; else a word.
_TOKEN = r"\d+(?:[.,]\d+)*(?![\wĐđ])|[\wĐđ]+"
_TOKENS = re.compile(_TOKEN)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Tokens and what lies between them; only spaces between two tokens make them a pair.
_PIECES = re.compile(_TOKEN + r"|[^\wĐđ]+")
# Punctuation that ends a phrase of the question, but not a separator inside a number.
_PHRASE_BREAK = re.compile(r"(?:(?<!\d)[.,]|[.,](?!\d)|[^\w\sĐđ.,])+")


@dataclass(frozen=True)
class QueryTerms:
    """What to mark: folded syllables, the syllable pairs the question contains, and the syllables it uses alone."""

    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    alone: frozenset[str]

    def __contains__(self, word: str) -> bool:
        return word in self.words


def query_terms(question: str) -> QueryTerms:
    """The folded words of a question worth marking (no question words or glue, no single letters), with pairs."""
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    paired: set[str] = set()
    for segment in _PHRASE_BREAK.split(question.lower()):
        syllables = _TOKENS.findall(segment)
        keep = [not is_stopword(s) and (len(s) > 1 or s.isdigit()) for s in syllables]
        folded = [fold(s) for s in syllables]
        words.update(f for f, k in zip(folded, keep, strict=True) if k)
        for i in range(len(folded) - 1):
            if keep[i] or keep[i + 1]:
                pairs.add((folded[i], folded[i + 1]))
            if keep[i] and keep[i + 1]:
                paired.update((folded[i], folded[i + 1]))
    return QueryTerms(frozenset(words), frozenset(pairs), frozenset(words - paired))


def highlight(text: str, terms: QueryTerms) -> str:
    """`text` as HTML (escaped), with the runs of matching words wrapped in <mark>."""
    pieces = _PIECES.findall(text)
    folded = [fold(p) if _TOKENS.fullmatch(p) else None for p in pieces]

    def neighbour(i: int, step: int) -> str | None:
        j = i + step  # the next word, if only spaces separate it from this one
        if 0 <= j < len(pieces) and folded[j] is None and pieces[j].strip(" ") == "":
            j += step
        return folded[j] if 0 <= j < len(pieces) and j != i + step else None

    def marked(i: int) -> bool:
        word = folded[i]
        if word is None or word not in terms.words:
            return False
        if word in terms.alone or _NUMBER.fullmatch(word):
            return True
        before, after = neighbour(i, -1), neighbour(i, 1)
        return (before, word) in terms.pairs or (word, after) in terms.pairs

    marks = [marked(i) for i in range(len(pieces))]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        if not marks[i]:
            out.append(html.escape(pieces[i]))
            i += 1
            continue
        end = i  # extend the run over "word space word" while the words are marked
        while end + 2 < len(pieces) and marks[end + 2] and pieces[end + 1].strip(" ") == "":
            end += 2
        out.append("<mark>" + html.escape("".join(pieces[i : end + 1])) + "</mark>")
        i = end + 1
    return "".join(out)
