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
from collections.abc import Iterable, Sequence
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

    positions: np.ndarray | None  # when some rows are dead: each row's position among the index's chunks

    def spans(self, keys: np.ndarray) -> list[tuple[int, int, int]]:
        """(which key, start, end) of each key's postings this segment holds: `segment.postings.rows[start:end]`
        and `.counts[start:end]`, read in place (gathering every term's postings into new arrays first cost most
        of a question's time at a million chunks)."""
        term_keys, indptr = self.segment.term_keys, self.segment.postings.indptr
        if not len(term_keys):
            return []
        columns = np.minimum(term_keys.searchsorted(keys), len(term_keys) - 1)
        held = np.flatnonzero(term_keys[columns] == keys)
        return [(int(w), int(indptr[c]), int(indptr[c + 1])) for w, c in zip(held, columns[held], strict=True)]

    def live_count(self, start: int, end: int) -> int:
        """How many entries of postings[start:end] are of live rows (a term's document frequency here)."""
        if self.live is None:
            return end - start
        return int(self.live[self.segment.postings.rows[start:end]].sum())

    def live_postings(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The live entries of postings[start:end]: their rows in the segment, their positions in the index, and
        the term's count in each."""
        rows = self.segment.postings.rows[start:end]
        counts = self.segment.postings.counts[start:end]
        if self.live is None or self.positions is None:
            return rows, rows + self.start, counts
        keep = self.live[rows]
        rows = rows[keep]
        return rows, self.positions[rows], counts[keep]

    def rows_at(self, positions: np.ndarray) -> np.ndarray:
        """The segment rows of these positions (all within this part)."""
        if self.positions is None:
            return positions - self.start
        return self.positions.searchsorted(positions)  # a dead row repeats the position of the live row before it


def _keys(tokens: list[str]) -> np.ndarray:
    return np.fromiter((term_key(t) for t in tokens), dtype=np.int64, count=len(tokens))


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
            positions = None if live is None else np.cumsum(live) - 1 + offset
            self._parts.append(_Part(segment, live, offset, size, norm, positions))
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
    def kept_in(cls, directory: Path) -> KeptLexical:
        """The index saved in `directory`, for `Index` (see KeptLexical)."""
        return KeptLexical(cls, LexicalFolder(directory))

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
        held = {token: df for token, df in zip(distinct, self._frequencies(distinct).tolist(), strict=True) if df}
        return sorted(held, key=lambda token: (held[token], token))[:MAX_QUERY_TERMS]

    def document_frequency(self, token: str) -> int:
        """How many chunks hold the token (0 for a token the archive lacks)."""
        return int(self._frequencies([token])[0])

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of each token over the chunks (unknown tokens get the rarest value)."""
        n = max(len(self.chunk_ids), 1)
        frequencies = self._frequencies(tokens).tolist()
        return {t: float(np.log(1 + (n - df + 0.5) / (df + 0.5))) for t, df in zip(tokens, frequencies, strict=True)}

    def rarity(self, tokens: list[str]) -> dict[str, float]:
        """How rare each token is, on a scale that means the same on 7 documents and on 30,000: log(N/df) over
        log(2N), so 1.0 is a token no chunk has, about 0.9 one chunk in a large archive, 0 a token every chunk has."""
        n = max(len(self.chunk_ids), 1)
        top = np.log(2 * n)
        weights = {}
        for token, df in zip(tokens, self._frequencies(tokens).tolist(), strict=True):
            weights[token] = float(np.log((n + 0.5) / (df + 0.5)) / top) if df else 1.0
        return weights

    def token_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 scores for exact tokens (e.g. a document-number token), bypassing the tokenizer; a token given
        twice counts twice, as in bm25s."""
        keys, idf = self._weighted_idf(tokens)
        scores = np.zeros(len(self.chunk_ids), dtype=np.float64)
        for part in self._parts:
            for which, start, end in part.spans(keys):
                rows, positions, counts = part.live_postings(start, end)
                weight = part.norm[rows]  # tf / (tf + norm) * idf, in place: the postings of "năm" are every chunk
                weight += counts
                np.divide(counts, weight, out=weight)
                weight *= idf[which]
                scores[positions] += weight  # a term holds a row once: no two entries add to one position
        return scores.astype(np.float32)

    def scores_at(self, tokens: list[str], positions: Sequence[int]) -> np.ndarray:
        """What `token_scores` gives these chunks only, at a cost that does not grow with the index: each chunk's
        entry in a term's postings is found by bisection, the rows of a term being ascending in every segment
        (built in row order, merged in part order). The chunks of one document, scored against the whole index's
        postings, had cost 46 ms at a million chunks."""
        wanted = np.asarray(positions, dtype=np.int64)
        scores = np.zeros(len(wanted), dtype=np.float64)
        if not len(wanted) or not tokens:
            return scores.astype(np.float32)
        keys, idf = self._weighted_idf(tokens)
        for part in self._parts:
            inside = np.flatnonzero((wanted >= part.start) & (wanted < part.start + part.size))
            if not len(inside):
                continue
            rows = part.rows_at(wanted[inside])
            for which, start, end in part.spans(keys):
                term_rows = part.segment.postings.rows[start:end]
                at = np.minimum(term_rows.searchsorted(rows), len(term_rows) - 1)
                held = term_rows[at] == rows
                counts = part.segment.postings.counts[start:end][at[held]]
                scores[inside[held]] += counts / (counts + part.norm[rows[held]]) * idf[which]  # float32, as above
        return scores.astype(np.float32)

    def _weighted_idf(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The distinct tokens' keys and their BM25 idf, times how often each is given (bm25s's precision)."""
        times = Counter(tokens)
        keys = _keys(list(times))
        n = len(self.chunk_ids)
        df = self._frequencies(list(times), keys)
        return keys, (np.log(1 + (n - df + 0.5) / (df + 0.5)) * np.fromiter(times.values(), float)).astype(np.float32)

    def _frequencies(self, tokens: list[str], keys: np.ndarray | None = None) -> np.ndarray:
        """Each token's document frequency over the live chunks."""
        keys = _keys(tokens) if keys is None else keys
        df = np.zeros(len(tokens), dtype=np.int64)
        for part in self._parts:
            for which, start, end in part.spans(keys):
                df[which] += part.live_count(start, end)
        return df

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[LexicalHit]:
        """Top-k chunks; `allowed` is a boolean mask (metadata filters) over chunk positions."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [LexicalHit(self.chunk_ids[i], self.doc_paths[i], float(scores[i])) for i in top if scores[i] > 0]


class KeptLexical:
    """The lexical index saved in a folder, for `Index`: each call brings it in line with the catalogue, tokenising
    only the documents that changed since the last, and returns the same object while nothing changed; `tidy()`
    makes the merges the segments call for, after a change (`Index.tidy`)."""

    def __init__(self, kind: type[LexicalIndex], folder: LexicalFolder) -> None:
        self.kind = kind
        self.folder = folder
        self._last: dict[str, LexicalIndex] = {}

    def __call__(self, catalog: Catalog) -> LexicalIndex:
        saved = self.folder.sync(catalog)
        if saved.state not in self._last:
            self._last.clear()
            self._last[saved.state] = self.kind(saved.parts, saved.restorer)
        return self._last[saved.state]

    def tidy(self) -> int:
        """Merge until the segments call for no merge; the merges committed."""
        merged = 0
        while self.folder.merge_step():
            merged += 1
        return merged
