"""Procedures of an area as document sequences: the documents of one case are found by their citations of each
other (a notice "thực hiện Kế hoạch số 2242/KH-SCT"), put in date order, and the cases that go through the same
kinds of documents make one procedure, with a real case as its example and the days between steps measured."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.areas.legal import LinksOf, is_legal_basis
from assistant.vietnamese import fold
from index.citations.records import DirectiveLink
from index.records import DocMeta

PROCEDURES_SHOWN = 6
LINKS_PER_DOCUMENT = 3  # a document carries on at most this many documents of its case (the first it names)
CUE_REACH = 120  # how far before a document's number the phrase carrying the case on may stand
CITERS_OF_A_STEP = 2  # cited by more of the area's documents: a standing document, not a step of one case
_CASE_CUES = (
    "thuc hien", "can cu", "de nghi", "phuc dap", "nhan duoc", "tiep theo", "tra loi", "theo ke hoach",
    "theo quyet dinh", "theo thong bao", "theo van ban", "kinh gui",
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One document of a case: an archive document (`path`), or one only cited (`cited_in`, with the sentence)."""

    doc_type: str
    date: str | None
    title: str
    path: str | None
    cited_in: str | None = None
    page: int | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class Procedure:
    kinds: tuple[str, ...]  # document types in order
    cases: int
    example: tuple[Step, ...]  # the steps of one real case
    typical_days: tuple[int | None, ...]  # median days from each step to the next, over the cases that date both


def cases_of(paths: Sequence[str], metas: Mapping[str, DocMeta], links_of: LinksOf) -> list[list[Step]]:
    """The area's cases: groups of two or more documents joined by the citations that carry a case on ("Thực hiện
    Kế hoạch số ...", "Xét đề nghị của ... tại Văn bản số ..."), each in date order. A document many of the area's
    documents cite (a standing decision setting up the inspection team) is context, not a step of one case."""
    steps: dict[str, Step] = {}
    links: dict[str, list[str]] = {}
    citers: Counter[str] = Counter()
    area = set(paths)
    for path in paths:
        meta = metas.get(path)
        if meta is None or not meta.doc_type or is_legal_basis(meta.doc_type, meta.number or ""):
            continue
        steps[path] = Step(meta.doc_type, meta.date, meta.title, path)
        links[path] = []
        for link in links_of(path):
            if not _carries_case(link) or len(links[path]) == LINKS_PER_DOCUMENT:
                continue
            held = [p for p in link.archive_paths if p in area]
            node = held[0] if held else f"key:{link.key}"
            if node == path or node in links[path]:
                continue
            if node not in steps:
                m = link.mention
                title = f"{link.doc_type} số {link.number}"
                steps[node] = Step(str(link.doc_type), m.date, title, None, path, m.page, m.sentence)
            links[path].append(node)
            citers[node] += 1
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for path, cited in links.items():
        for node in cited:
            if citers[node] <= CITERS_OF_A_STEP:
                parent[root(node)] = root(path)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        groups[root(node)].append(node)
    cited_nodes = {node for named in links.values() for node in named}
    cases = [
        [steps[n] for n in sorted(nodes, key=lambda n: (_sortable(steps[n].date), n not in cited_nodes))]
        for nodes in groups.values()
        if len(nodes) > 1
    ]
    return sorted(cases, key=lambda c: _sortable(c[0].date))


def _sortable(date: str | None) -> str:
    """A date to order steps by: a month or year alone after every day it holds ("2026-06" after "2026-06-20"), an
    unknown date last; at one date, a document cited comes before the one citing it (the caller's second key)."""
    if not date:
        return "9999"
    return date + "-99" * (2 - date.count("-"))


def _carries_case(link: DirectiveLink) -> bool:
    """A citation that moves a case on: a local document named in an opening phrase, not a legal text nor an item
    of an evidence list; a letter of unknown type only when it asks for something ("đề nghị")."""
    if not link.doc_type or is_legal_basis(link.doc_type, link.number):
        return False
    sentence = fold(link.mention.sentence)
    at = sentence.find(fold(link.number).split("/")[0] + "/")
    before = sentence[max(0, at - CUE_REACH) : at] if at >= 0 else sentence  # the phrase that names it
    if link.doc_type == "Văn bản":
        return "de nghi" in before or "nhan duoc" in before
    return any(cue in before for cue in _CASE_CUES)


def procedures(cases: Sequence[Sequence[Step]], limit: int = PROCEDURES_SHOWN) -> list[Procedure]:
    """The distinct sequences of document kinds, the most frequent first, with an example and typical gaps."""
    by_kinds: dict[tuple[str, ...], list[Sequence[Step]]] = defaultdict(list)
    for case in cases:
        by_kinds[_kinds(case)].append(case)
    found = []
    for kinds, group in sorted(by_kinds.items(), key=lambda kv: (-len(kv[1]), -len(kv[0]), kv[0])):
        if len(kinds) < 2:
            continue
        example = max(group, key=lambda c: sum(1 for s in c if s.path))  # the case the archive holds most of
        found.append(Procedure(kinds, len(group), _first_of_each(example), _typical_days(group)))
    return found[:limit]


def _kinds(case: Sequence[Step]) -> tuple[str, ...]:
    kinds: list[str] = []
    for step in case:
        if not kinds or kinds[-1] != step.doc_type:
            kinds.append(step.doc_type)
    return tuple(kinds)


def _first_of_each(case: Sequence[Step]) -> tuple[Step, ...]:
    steps: list[Step] = []
    for step in case:
        if not steps or steps[-1].doc_type != step.doc_type:
            steps.append(step)
    return tuple(steps)


def _typical_days(group: Sequence[Sequence[Step]]) -> tuple[int | None, ...]:
    gaps: dict[int, list[int]] = defaultdict(list)
    for case in group:
        firsts = _first_of_each(case)
        for i in range(len(firsts) - 1):
            a, b = _day(firsts[i].date), _day(firsts[i + 1].date)
            if a and b:
                gaps[i].append((b - a).days)
    width = len(_kinds(group[0])) - 1
    return tuple(round(statistics.median(gaps[i])) if gaps[i] else None for i in range(width))


def _day(text: str | None) -> date | None:
    if not text or len(text) != 10:
        return None
    return date.fromisoformat(text)
