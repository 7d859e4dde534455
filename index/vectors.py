"""The vectors: one Chroma collection that records which embedding model filled it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from chromadb.errors import ChromaError

from index.errors import IndexModelMismatch
from index.records import Chunk, DocMeta

ADD_BATCH = 1000


# vectors read per page when listing the documents that have vectors (well under SQLite's 32,766 variables)
DOC_PATHS_PAGE = 5000


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    doc_path: str
    distance: float


class VectorStore:
    """A Chroma collection (embedded or on a server: the client is passed in) holding one vector per chunk."""

    def __init__(self, client: Any, collection: str, model_name: str, dimension: int) -> None:
        self._client = client
        self.model_name = model_name
        self.dimension = dimension
        # embedding_function=None: vectors always come from our own embedder (Chroma's default would download one).
        self._collection = client.get_or_create_collection(
            collection,
            embedding_function=None,
            metadata={"embedding_model": model_name, "dimension": dimension},
            configuration={"hnsw": {"space": "cosine"}},
        )
        stored = self._collection.metadata or {}
        if stored.get("embedding_model") != model_name or int(stored.get("dimension", dimension)) != dimension:
            msg = (
                f"Chỉ mục được tạo bằng mô hình {stored.get('embedding_model')!r} ({stored.get('dimension')} chiều), "
                f"khác mô hình đang cấu hình {model_name!r} ({dimension} chiều). Hãy dùng lại mô hình cũ, "
                "hoặc chọn một thư mục chỉ mục / collection mới rồi lập chỉ mục lại."
            )
            raise IndexModelMismatch(msg)

    def close(self) -> None:
        """Release the client: the last client of an embedded Chroma folder stops it and closes its files."""
        self._client.close()

    def count(self) -> int:
        return self._collection.count()

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], meta: DocMeta) -> None:
        """Store the chunks of one document; ids are stable, so a retry overwrites instead of duplicating."""
        self.add_documents([(chunks, vectors, meta)])

    def add_documents(self, documents: Sequence[tuple[Sequence[Chunk], Sequence[Sequence[float]], DocMeta]]) -> None:
        """Store the chunks of several documents, ADD_BATCH to a call: Chroma's cost is per call as much as per
        vector (10,000 vectors took 31 s in calls of 34, 11 s in calls of 1,000)."""
        rows = [(c, v, meta) for chunks, vectors, meta in documents for c, v in zip(chunks, vectors, strict=True)]
        for start in range(0, len(rows), ADD_BATCH):
            part = rows[start : start + ADD_BATCH]
            self._collection.upsert(
                ids=[c.chunk_id for c, _, _ in part],
                embeddings=[list(v) for _, v, _ in part],
                documents=[c.text for c, _, _ in part],
                metadatas=[chunk_metadata(c, meta) for c, _, meta in part],
            )

    def delete_document(self, doc_path: str) -> None:
        """Every vector of the document, found by its metadata: a scan that grows with the collection (0.66 s at
        30,000 chunks), for vectors the catalogue may not list (`Index._settle_vector_journal`)."""
        self._collection.delete(where={"doc_path": doc_path})

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """The vectors of these chunks, by id: what the catalogue lists of a document, at the cost of its size."""
        for start in range(0, len(chunk_ids), ADD_BATCH):
            self._collection.delete(ids=list(chunk_ids[start : start + ADD_BATCH]))

    def doc_paths(self) -> set[str]:
        """Every document that has vectors (to clean leftovers of an interrupted run), read a page at a time: one
        `get` of the whole collection fails past about 33,000 vectors in Chroma 1.5 ("too many SQL variables",
        scripts/bench_scale.py at 100,000 chunks)."""
        paths: set[str] = set()
        offset = 0
        while True:
            got = self._collection.get(include=["metadatas"], limit=DOC_PATHS_PAGE, offset=offset)
            metadatas = got["metadatas"] or []
            paths |= {str(m["doc_path"]) for m in metadatas if m}
            if len(got["ids"]) < DOC_PATHS_PAGE:
                return paths
            offset += DOC_PATHS_PAGE

    def search(self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None) -> list[VectorHit]:
        """The k nearest chunks. Only ids and distances are read: with each hit's metadata too, 500 hits took 136 ms
        instead of 10 on 30,000 chunks (the document is in the id)."""
        # no count() first: a query of an empty collection returns empty lists, and the count cost 7 ms a question
        result = self._collection.query(
            query_embeddings=[list(vector)], n_results=k, where=where or None, include=["distances"]
        )
        return _hits(result)

    def search_among(
        self, vector: Sequence[float], k: int, chunk_ids: Sequence[str], doc_paths: Sequence[str]
    ) -> list[VectorHit]:
        """The k nearest of these chunks. Chroma is given their ids (11,400 of a million: 110 ms, against 440 ms for
        an $in over their 306 documents' paths); it refuses an id it does not hold (another process may have
        deleted the document since), and then the documents' paths are asked instead."""
        try:
            result = self._collection.query(
                query_embeddings=[list(vector)], n_results=k, ids=list(chunk_ids), include=["distances"]
            )
        except ChromaError:
            return self.search(vector, k, where={"doc_path": {"$in": list(doc_paths)}})
        return _hits(result)

    def similarities(self, vector: Sequence[float], chunk_ids: Sequence[str]) -> dict[str, float]:
        """The cosine similarity of each of these chunks to the vector, from their stored vectors (50 chunks: 2-5 ms
        on 26,560, where a query among their ids took 18-28 ms); a chunk without a vector is left out."""
        if not chunk_ids:
            return {}
        got = self._collection.get(ids=list(chunk_ids), include=["embeddings"])
        if not len(got["ids"]):
            return {}
        stored = np.asarray(got["embeddings"], dtype=np.float32)
        stored /= np.maximum(np.linalg.norm(stored, axis=1, keepdims=True), 1e-12)
        query = np.asarray(vector, dtype=np.float32)
        query /= max(float(np.linalg.norm(query)), 1e-12)
        return {i: float(s) for i, s in zip(got["ids"], stored @ query, strict=True)}


def _hits(result: Any) -> list[VectorHit]:
    """The hits of a one-vector Chroma query read with ids and distances (the document is in the id)."""
    ids = result["ids"][0]
    dists = (result["distances"] or [[]])[0]
    return [VectorHit(i, i.rsplit("#", 1)[0], float(d)) for i, d in zip(ids, dists, strict=True)]


def chunk_metadata(chunk: Chunk, meta: DocMeta) -> dict[str, str | int]:
    """What Chroma keeps beside each vector: enough to filter by issuer, type and date without the catalog."""
    fields: dict[str, str | int | None] = {
        "doc_path": chunk.doc_path,
        "ordinal": chunk.ordinal,
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "heading": chunk.heading,
        "number": meta.number,
        "doc_type": meta.doc_type,
        "issuer": meta.issuer,
        "date": meta.date,
        "year": int(meta.date[:4]) if meta.date else None,
    }
    # Chroma metadata values cannot be None.
    return {k: v for k, v in fields.items() if v is not None}
