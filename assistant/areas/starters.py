"""Starter questions for an area, made from its own documents and kept only when the assistant answers them from
the area's documents: each is asked through the real answer chain with the area as its filter, once, when the
area's page is built (and again only when its documents change)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from assistant.answers import Answer
from assistant.areas.topics import heading_topic
from assistant.metadata_filters import Filters
from index.records import Chunk, DocMeta

STARTERS_SHOWN = 5
# Each candidate is one run of the answer chain (retrieval, and the language model when one is set), so the build
# tries at most this many per area: 4 kinds of question over the 6 newest numbered documents, enough that a few
# declined kinds or documents still leave 5, and a bound of 24 chain runs per area on the build.
CANDIDATES_TRIED = 24
# a heading that points at the document itself ("Quyết định này được ...") names no topic to ask about
# enough words of a trích yếu to find its document by them, short enough to read as a question
SUBJECT_WORDS = 10
_SUBJECT_LEAD = re.compile(r"^\s*(v/v|về việc|về)\s+", re.IGNORECASE)
_VAGUE = re.compile(r"\b(này|được|sau đây)\b", re.IGNORECASE)


def _main_topic(chunks: Iterable[Chunk], keep: set[str]) -> str | None:
    """The heading that covers most of a document's text (a deeper heading weighs less)."""
    weight: Counter[str] = Counter()
    for chunk in chunks:
        for depth, heading in enumerate(chunk.heading_path[:3]):
            topic = heading_topic(heading, keep)
            if topic and not _VAGUE.search(topic):
                weight[topic] += len(chunk.text) // (depth + 1)
    return max(weight.items(), key=lambda kv: (kv[1], kv[0]))[0] if weight else None


def _questions_on(meta: DocMeta, chunks_of: Callable[[str], list[Chunk]], keep: set[str]) -> list[str | None]:
    """One question of each kind the assistant answers from a document's header or body, None where the document
    gives nothing to ask: what it says about its main heading, who signed it, when it was issued, what it is
    about (its trích yếu). A document without a number is named by its type and trích yếu instead."""
    reference = _reference(meta)
    if reference is None:
        return []
    topic = _main_topic(chunks_of(meta.path), keep)
    return [
        f"{reference} nói gì về {topic}?" if topic else None,
        f"Ai ký {reference}?" if meta.signer else None,
        f"{reference} ban hành ngày nào?" if meta.date else None,
        f"{reference} về việc gì?" if meta.subject and meta.number else None,
    ]


def _reference(meta: DocMeta) -> str | None:
    """ "Báo cáo 560/BC-SCT"; "Báo cáo về tình hình triển khai các cụm công nghiệp" (its first words); None
    without a type, or without both number and trích yếu."""
    if not meta.doc_type:
        return None
    if meta.number:
        return f"{meta.doc_type} {meta.number}"
    words = _SUBJECT_LEAD.sub("", meta.subject or "").split()
    if len(words) < 2:
        return None
    if words[1].islower():  # a sentence's capital, not a name's ("Lào Cai")
        words[0] = words[0].lower()
    return f"{meta.doc_type} về {' '.join(words[:SUBJECT_WORDS])}"


def candidate_questions(
    paths: Sequence[str],
    metas: Mapping[str, DocMeta],
    chunks_of: Callable[[str], list[Chunk]],
    keep_upper: Iterable[str] = (),
    limit: int = CANDIDATES_TRIED,
) -> list[str]:
    """Questions about the area's documents, numbered ones first, newest first, the kinds taken in turn (one of
    each kind before a second of any) so that a kind the chain declines costs one slot per round, not the list."""
    keep = set(keep_upper)
    named = [p for p in paths if metas.get(p) and _reference(metas[p])]
    by_kind: defaultdict[int, list[str]] = defaultdict(list)
    # numbered documents first (a number finds its document surely), each group newest first
    newest = sorted(named, key=lambda p: (bool(metas[p].number), metas[p].date or ""), reverse=True)
    for path in newest[:limit]:  # a document past the limit could not have a question tried
        for kind, question in enumerate(_questions_on(metas[path], chunks_of, keep)):
            if question:
                by_kind[kind].append(question)
    questions: list[str] = []
    for round_ in range(max((len(q) for q in by_kind.values()), default=0)):
        questions += [by_kind[kind][round_] for kind in sorted(by_kind) if round_ < len(by_kind[kind])]
    return list(dict.fromkeys(questions))[:limit]


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
