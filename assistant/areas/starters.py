"""Starter questions for an area, made from its own documents and kept only when the assistant answers them from
the area's documents: each is asked through the real answer chain with the area as its filter, once, when the
area's page is built (and again only when its documents change)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from assistant.answers import Answer
from assistant.areas.topics import heading_topic
from assistant.retrieval import Filters
from index.records import Chunk, DocMeta

STARTERS_SHOWN = 5
CANDIDATES_TRIED = 12
# a heading that points at the document itself ("Quyết định này được ...") names no topic to ask about
_VAGUE = re.compile(r"\b(này|được|sau đây)\b", re.IGNORECASE)


def candidate_questions(
    paths: Sequence[str],
    metas: Mapping[str, DocMeta],
    chunks_of: Callable[[str], list[Chunk]],
    keep_upper: Iterable[str] = (),
    limit: int = CANDIDATES_TRIED,
) -> list[str]:
    """Questions about the area's numbered documents, newest first: what one says about its main heading, and who
    signed one; the two kinds alternate so the list shows both."""
    keep = set(keep_upper)
    about: list[str] = []
    signed: list[str] = []
    numbered = [p for p in paths if metas.get(p) and metas[p].number and metas[p].doc_type]
    for path in sorted(numbered, key=lambda p: metas[p].date or "", reverse=True):
        meta = metas[path]
        reference = f"{meta.doc_type} {meta.number}"
        weight: Counter[str] = Counter()
        for chunk in chunks_of(path):
            for depth, heading in enumerate(chunk.heading_path[:3]):
                topic = heading_topic(heading, keep)
                if topic and not _VAGUE.search(topic):
                    weight[topic] += len(chunk.text) // (depth + 1)
        if weight:
            topic = max(weight.items(), key=lambda kv: (kv[1], kv[0]))[0]
            about.append(f"{reference} nói gì về {topic}?")
        if meta.signer:
            signed.append(f"Ai ký {reference}?")
    queues = defaultdict(list, {0: about, 1: signed})
    questions: list[str] = []
    while (queues[0] or queues[1]) and len(questions) < limit:
        for kind in (0, 1):
            if queues[kind] and len(questions) < limit:
                questions.append(queues[kind].pop(0))
    return questions


def answered(answer: Answer, paths: Sequence[str]) -> bool:
    """The assistant answered (no decline, no abstention) and cites only documents of the area."""
    cited = answer.cited_files
    return not answer.abstained and answer.declined is None and bool(cited) and set(cited) <= set(paths)


def checked_questions(
    candidates: Sequence[str],
    area_name: str,
    paths: Sequence[str],
    ask: Callable[[str, Filters], Answer],
    limit: int = STARTERS_SHOWN,
) -> list[str]:
    """The first `limit` candidates the assistant answers with the area as filter."""
    filters = Filters(area=area_name, area_paths=tuple(paths))
    kept = []
    for question in candidates:
        if answered(ask(question, filters), paths):
            kept.append(question)
            if len(kept) == limit:
                break
    return kept
