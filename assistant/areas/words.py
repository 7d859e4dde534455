"""Words of an area: the abbreviations its documents define and the terms they explain ("Trong Nghị định này, các
từ ngữ dưới đây được hiểu như sau: 1. Vật liệu nổ công nghiệp là ...")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.vietnamese import fold
from index.citations.registry import Registry
from index.records import Chunk

WORDS_SHOWN = 40
DEFINITION_MAX_CHARS = 300
_EXPLAINS = re.compile(r"giai thich tu ngu|duoc hieu nhu sau")
_TERM = re.compile(r"(?m)^\s*\d{1,2}\.\s+([^\n.:;]{3,80}?)\s+(?:là|được hiểu là)\s+([^\n]{10,})")


@dataclass(frozen=True)
class Word:
    word: str
    meaning: str
    kind: str  # "abbreviation" | "term"
    doc_path: str
    page: int | None


def area_words(
    paths: Sequence[str], registry: Registry, chunks_of: Callable[[str], list[Chunk]], limit: int = WORDS_SHOWN
) -> list[Word]:
    """Abbreviations, then explained terms, each once (its first definition in path order)."""
    seen: set[str] = set()
    found: list[Word] = []
    for path in paths:
        for abbreviation, expansion in registry.definitions(path):
            if fold(abbreviation) not in seen:
                seen.add(fold(abbreviation))
                found.append(Word(abbreviation, expansion, "abbreviation", path, None))
    for path in paths:
        for chunk in chunks_of(path):
            if not _EXPLAINS.search(fold(chunk.text)) and not _EXPLAINS.search(fold(chunk.heading)):
                continue
            for match in _TERM.finditer(chunk.text):
                term, meaning = match.group(1).strip(), match.group(2).strip()
                if fold(term) in seen or len(term.split()) > 10:
                    continue
                seen.add(fold(term))
                if len(meaning) > DEFINITION_MAX_CHARS:
                    meaning = meaning[:DEFINITION_MAX_CHARS].rsplit(" ", 1)[0] + " …"
                found.append(Word(term, meaning, "term", path, chunk.page_at(match.start())))
    return found[:limit]
