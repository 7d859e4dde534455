"""The lexical side of retrieval: BM25 (bm25s) over folded Vietnamese tokens, saved beside the index.

Each chunk is indexed with its document's type, number, subject and issuer and its heading path, so a question naming
a document ("Thông báo 2245", "Thông tư 43/2025/TT-BCT") meets every passage of it, not only the header.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.vietnamese import DiacriticRestorer, tokenize
from index.catalog import Catalog
from index.records import Chunk, DocMeta

log = logging.getLogger(__name__)

LEXICAL_FORMAT = 2  # bump when tokens or saved files change: a saved index of another format is rebuilt
# BM25 costs the postings of every query token. A question of ordinary length has under 100 tokens and is scored by
# all of them; a longer text (1,000 characters make ~470) by its rarest 128, which carry the score anyway.
MAX_QUERY_TERMS = 128


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    doc_path: str
    score: float


def chunk_search_text(chunk: Chunk, meta: DocMeta | None) -> str:
    """What BM25 sees for a chunk: document identity, heading path and the passage."""
    head = []
    if meta:
        head = [meta.doc_type or "", meta.number or "", meta.subject or "", meta.issuer or ""]
    return "\n".join([" ".join(h for h in head if h), " ".join(chunk.heading_path), chunk.text])


class LexicalIndex:
    """BM25 over every chunk of the catalog; `scores()` gives one score per chunk for fusion."""

    def __init__(
        self, chunk_ids: list[str], doc_paths: list[str], retriever: object, restorer: DiacriticRestorer
    ) -> None:
        self.chunk_ids = chunk_ids
        self.doc_paths = doc_paths
        self._retriever = retriever
        self.restorer = restorer
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}

    @classmethod
    def build(cls, items: Iterable[tuple[Chunk, DocMeta | None]]) -> LexicalIndex:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import and logs every build
        ids, paths, corpus, texts = [], [], [], []
        for chunk, meta in items:
            ids.append(chunk.chunk_id)
            paths.append(chunk.doc_path)
            corpus.append(tokenize(chunk_search_text(chunk, meta)) or ["_"])
            texts.append(chunk.text)
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        if corpus:
            retriever.index(corpus, show_progress=False)
        return cls(ids, paths, retriever, DiacriticRestorer.learn(texts))

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> LexicalIndex:
        metas = {r.path: r.meta for r in catalog.indexed_documents()}
        return cls.build((chunk, metas.get(chunk.doc_path)) for chunk in catalog.all_chunks())

    @classmethod
    def open(cls, catalog: Catalog, directory: Path) -> LexicalIndex:
        """Load the saved index if it matches the catalog, else rebuild and save it."""
        import bm25s

        fingerprint = catalog.fingerprint()  # the index is rebuilt when a file is added, changed or removed
        stamp = directory / "fingerprint.json"
        if stamp.exists():
            saved = json.loads(stamp.read_text(encoding="utf-8"))
            if saved.get("fingerprint") == fingerprint and saved.get("format") == LEXICAL_FORMAT:
                retriever = bm25s.BM25.load(str(directory))
                restorer = json.loads((directory / "accents.json").read_text(encoding="utf-8"))
                return cls(saved["chunk_ids"], saved["doc_paths"], retriever, DiacriticRestorer.from_json(restorer))
        index = cls.from_catalog(catalog)
        directory.mkdir(parents=True, exist_ok=True)
        if index.chunk_ids:
            index._retriever.save(str(directory))  # type: ignore[attr-defined]
            payload = {
                "format": LEXICAL_FORMAT,
                "fingerprint": fingerprint,
                "chunk_ids": index.chunk_ids,
                "doc_paths": index.doc_paths,
            }
            accents = json.dumps(index.restorer.to_json(), ensure_ascii=False)
            (directory / "accents.json").write_text(accents, encoding="utf-8")
            stamp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        return index

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for `query` (zeros when nothing matches)."""
        tokens = tokenize(query)
        if not self.chunk_ids or not tokens:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        tokens = self.query_terms(tokens)
        if not tokens:  # none of a long text's words is in the archive
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]

    def query_terms(self, tokens: list[str]) -> list[str]:
        """The tokens a query is scored by: all of them up to MAX_QUERY_TERMS, else the rarest distinct ones that
        the archive holds (a token it lacks scores nothing)."""
        if len(tokens) <= MAX_QUERY_TERMS:
            return tokens
        held = {token: df for token in set(tokens) if (df := self.document_frequency(token))}
        return sorted(held, key=lambda token: (held[token], token))[:MAX_QUERY_TERMS]

    def document_frequency(self, token: str) -> int:
        """How many chunks hold the token (0 for a token the archive lacks)."""
        vocab = getattr(self._retriever, "vocab_dict", {}) or {}
        tid = vocab.get(token)
        if tid is None or not self.chunk_ids:
            return 0
        indptr = self._retriever.scores["indptr"]  # type: ignore[attr-defined]
        return int(indptr[tid + 1] - indptr[tid])

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of each token over the chunks (unknown tokens get the rarest value)."""
        n = max(len(self.chunk_ids), 1)
        weights = {}
        for token in tokens:
            df = self.document_frequency(token)
            weights[token] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return weights

    def rarity(self, tokens: list[str]) -> dict[str, float]:
        """How rare each token is, on a scale that means the same on 7 documents and on 30,000: log(N/df) over
        log(2N), so 1.0 is a token no chunk has, about 0.9 one chunk in a large archive, 0 a token every chunk has."""
        n = max(len(self.chunk_ids), 1)
        top = np.log(2 * n)
        weights = {}
        for token in tokens:
            df = self.document_frequency(token)
            weights[token] = float(np.log((n + 0.5) / (df + 0.5)) / top) if df else 1.0
        return weights

    def token_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 scores for exact tokens (e.g. a document-number token), bypassing the tokenizer."""
        if not self.chunk_ids:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[LexicalHit]:
        """Top-k chunks; `allowed` is a boolean mask (metadata filters) over chunk positions."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [LexicalHit(self.chunk_ids[i], self.doc_paths[i], float(scores[i])) for i in top if scores[i] > 0]
