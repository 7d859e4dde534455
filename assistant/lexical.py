"""The lexical side of retrieval: BM25 over folded Vietnamese tokens, saved beside the index in segments.

Each chunk is indexed with its document's type, number, subject and issuer and its heading path, so a question naming
a document ("Thông báo 2245", "Thông tư 43/2025/TT-BCT") meets every passage of it, not only the header.

The scores are those of bm25s (Lucene's BM25, k1 = 1.2, b = 0.75) which built this index before: the same tokens,
the same idf and length normalisation, so the ranking is unchanged. They are computed when a question is asked,
from term counts kept by segment (assistant/lexical_segments.py), rather than stored per chunk: a stored score
depends on the number of chunks and their mean length, which every added file changes, and would force the
rebuild of every chunk that the segments avoid (assistant/lexical_store.py keeps them in line with the catalogue).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import numpy as np

from assistant.lexical_segments import Segment, SourceDocument, chunk_search_text, term_key
from assistant.lexical_store import LEXICAL_FORMAT, LexicalFolder
from assistant.vietnamese import DiacriticRestorer, tokenize
from index.catalog import Catalog
from index.records import Chunk, DocMeta

__all__ = ["LEXICAL_FORMAT", "MAX_QUERY_TERMS", "LexicalHit", "LexicalIndex", "chunk_search_text"]

# BM25 costs the postings of every query token. A question of ordinary length has under 100 tokens and is scored by
# all of them; a longer text (1,000 characters make ~470) by its rarest 128, which carry the score anyway.
MAX_QUERY_TERMS = 128
K1, B = 1.2, 0.75


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    doc_path: str
    score: float


@dataclass(frozen=True)
class _Part:
    """A segment as one index sees it: its live rows, their positions among the index's chunks, and each row's
    length term of BM25 (k1 * (1 - b + b * length / mean length), which depends on the whole index)."""

    segment: Segment
    live: np.ndarray | None  # None: every row is live
    start: int  # the position of its first live row among the index's chunks
    size: int  # how many live rows it has
    norm: np.ndarray

    def postings(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The live postings of the terms of these keys, all at once (a question's terms cost a few numpy calls,
        not a few per term): for each entry, which key it is of, its row and the term's count in that row."""
        term_keys, sparse = self.segment.term_keys, self.segment.postings
        if not len(term_keys):
            return _EMPTY, _EMPTY, _EMPTY.astype(np.float32)
        columns = np.minimum(term_keys.searchsorted(keys), len(term_keys) - 1)
        held = term_keys[columns] == keys
        which, columns = np.flatnonzero(held), columns[held]
        starts = sparse.indptr[columns]
        lengths = sparse.indptr[columns + 1] - starts
        entries = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        which, rows, counts = np.repeat(which, lengths), sparse.rows[entries], sparse.counts[entries]
        if self.live is not None:
            keep = self.live[rows]
            which, rows, counts = which[keep], rows[keep], counts[keep]
        return which, rows, counts


_EMPTY = np.zeros(0, dtype=np.int64)


class LexicalIndex:
    """BM25 over every live chunk of some segments; `scores()` gives one score per chunk for fusion."""

    def __init__(self, parts: Sequence[tuple[Segment, np.ndarray | None]], restorer: DiacriticRestorer) -> None:
        """`parts`: each segment with a boolean mask of its live documents (None: all of them)."""
        self.restorer = restorer
        self.chunk_ids: list[str] = []
        self.doc_paths: list[str] = []
        kept: list[tuple[Segment, np.ndarray | None]] = []
        total_length = 0
        for segment, live_docs in parts:
            live = None if live_docs is None or live_docs.all() else np.repeat(live_docs, np.diff(segment.doc_start))
            if live is not None and not live.any():
                continue
            self.chunk_ids += segment.chunk_ids(live)
            self.doc_paths += segment.row_paths(live)
            total_length += int(segment.lengths.sum() if live is None else segment.lengths[live].sum())
            kept.append((segment, live))
        n = len(self.chunk_ids)
        mean_length = total_length / n if n else 1.0
        self._parts: list[_Part] = []
        offset = 0
        for segment, live in kept:
            size = segment.rows if live is None else int(live.sum())
            norm = (K1 * (1 - B + B * segment.lengths / mean_length)).astype(np.float32)  # bm25s's precision
            self._parts.append(_Part(segment, live, offset, size, norm))
            offset += size
        self.position = {cid: i for i, cid in enumerate(self.chunk_ids)}

    @classmethod
    def build(cls, items: Iterable[tuple[Chunk, DocMeta | None]]) -> LexicalIndex:
        """An index of these chunks (grouped by document, in order), in memory only."""
        documents = []
        for path, grouped in groupby(items, key=lambda item: item[0].doc_path):
            group = list(grouped)
            documents.append(SourceDocument(path, "", [chunk for chunk, _ in group], group[0][1]))
        segment = Segment.build("memory", documents)
        counts: Counter[str] = Counter()
        for d in range(len(segment.doc_paths)):
            counts.update(segment.form_counts_of(d))
        return cls([(segment, None)], DiacriticRestorer.from_counts(counts))

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> LexicalIndex:
        metas = {r.path: r.meta for r in catalog.indexed_documents()}
        return cls.build((chunk, metas.get(chunk.doc_path)) for chunk in catalog.all_chunks())

    @classmethod
    def kept_in(cls, directory: Path) -> Callable[[Catalog], LexicalIndex]:
        """The index saved in `directory`, for `Index`: each call brings it in line with the catalogue, tokenising
        only the documents that changed since the last, and returns the same object while nothing changed."""
        folder = LexicalFolder(directory)
        last: dict[str, LexicalIndex] = {}

        def lexical(catalog: Catalog) -> LexicalIndex:
            saved = folder.sync(catalog)
            if saved.state not in last:
                last.clear()
                last[saved.state] = cls(saved.parts, saved.restorer)
            return last[saved.state]

        return lexical

    @classmethod
    def open(cls, catalog: Catalog, directory: Path) -> LexicalIndex:
        """Load the saved index, first bringing it in line with the catalog (an older format is rebuilt once)."""
        return cls.kept_in(directory)(catalog)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for `query` (zeros when nothing matches)."""
        tokens = tokenize(query)
        if not self.chunk_ids or not tokens:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return self.token_scores(self.query_terms(tokens))

    def query_terms(self, tokens: list[str]) -> list[str]:
        """The tokens a query is scored by: all of them up to MAX_QUERY_TERMS, else the rarest distinct ones that
        the archive holds (a token it lacks scores nothing)."""
        if len(tokens) <= MAX_QUERY_TERMS:
            return tokens
        distinct = sorted(set(tokens))
        held = {token: df for token, df in zip(distinct, self._frequencies(distinct)[1].tolist(), strict=True) if df}
        return sorted(held, key=lambda token: (held[token], token))[:MAX_QUERY_TERMS]

    def document_frequency(self, token: str) -> int:
        """How many chunks hold the token (0 for a token the archive lacks)."""
        return int(self._frequencies([token])[1][0])

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of each token over the chunks (unknown tokens get the rarest value)."""
        n = max(len(self.chunk_ids), 1)
        frequencies = self._frequencies(tokens)[1].tolist()
        return {t: float(np.log(1 + (n - df + 0.5) / (df + 0.5))) for t, df in zip(tokens, frequencies, strict=True)}

    def rarity(self, tokens: list[str]) -> dict[str, float]:
        """How rare each token is, on a scale that means the same on 7 documents and on 30,000: log(N/df) over
        log(2N), so 1.0 is a token no chunk has, about 0.9 one chunk in a large archive, 0 a token every chunk has."""
        n = max(len(self.chunk_ids), 1)
        top = np.log(2 * n)
        weights = {}
        for token, df in zip(tokens, self._frequencies(tokens)[1].tolist(), strict=True):
            weights[token] = float(np.log((n + 0.5) / (df + 0.5)) / top) if df else 1.0
        return weights

    def token_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 scores for exact tokens (e.g. a document-number token), bypassing the tokenizer; a token given
        twice counts twice, as in bm25s."""
        n = len(self.chunk_ids)
        times = Counter(tokens)
        found, df = self._frequencies(list(times))
        idf = (np.log(1 + (n - df + 0.5) / (df + 0.5)) * np.fromiter(times.values(), float)).astype(np.float32)
        scores = np.zeros(n, dtype=np.float64)
        for part, (which, rows, counts) in zip(self._parts, found, strict=True):
            weight = part.norm[rows]  # tf / (tf + norm) * idf, in place: the postings of "năm" are every chunk
            weight += counts
            np.divide(counts, weight, out=weight)
            weight *= idf[which]
            by_row = np.bincount(rows, weight, minlength=part.segment.rows)
            scores[part.start : part.start + part.size] += by_row if part.live is None else by_row[part.live]
        return scores.astype(np.float32)

    def _frequencies(self, tokens: list[str]) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray]], np.ndarray]:
        """The live postings of the tokens in each part (`_Part.postings`), and each token's document frequency."""
        keys = np.fromiter((term_key(t) for t in tokens), dtype=np.int64, count=len(tokens))
        found = [part.postings(keys) for part in self._parts]
        df = np.zeros(len(tokens), dtype=np.int64)
        for which, _, _ in found:
            df += np.bincount(which, minlength=len(tokens))
        return found, df

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[LexicalHit]:
        """Top-k chunks; `allowed` is a boolean mask (metadata filters) over chunk positions."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [LexicalHit(self.chunk_ids[i], self.doc_paths[i], float(scores[i])) for i in top if scores[i] > 0]
