"""The abbreviations an archive defines ("VLNCN" = "vật liệu nổ công nghiệp", from its own "(sau đây gọi tắt là …)"
lines, index/citations/glossary.py): a line writing one form holds the question's other form."""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.units import terms_of
from assistant.vietnamese import WORD, fold

Alias = tuple[str, str]  # (abbreviation, expansion), folded


class Aliases:
    """`Aliases(glossary)`; `for_question(q_text)` → the pairs a question uses; `extend(terms, text, pairs)`."""

    def __init__(self, glossary: Mapping[str, tuple[str, int]]) -> None:
        self.pairs: list[Alias] = sorted({(fold(a), fold(e)) for a, (e, _) in glossary.items() if a and e})

    def for_question(self, question: str) -> list[Alias]:
        """The pairs of which the question writes either form."""
        folded = fold(question)
        words = set(WORD.findall(folded))
        return [(a, e) for a, e in self.pairs if a in words or _has_phrase(folded, e)]


def extend(terms: set[str], text: str, pairs: list[Alias]) -> set[str]:
    """`terms` (of `text`) with the other form of each abbreviation or expansion `text` writes."""
    if not pairs:
        return terms
    folded = fold(text)
    extended = set(terms)
    for abbreviation, expansion in pairs:
        if abbreviation in terms:
            extended |= terms_of(expansion)
        elif _has_phrase(folded, expansion):
            extended.add(abbreviation)
    return extended


def _has_phrase(folded: str, phrase: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded))
