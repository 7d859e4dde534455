"""The Chroma collection: stores, searches, deletes by document, and refuses another embedding model."""

from __future__ import annotations

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from index.errors import IndexModelMismatch
from index.records import Chunk, DocMeta
from index.vectors import VectorStore


def _client(tmp_path):
    return chromadb.PersistentClient(path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))


def test_store_search_and_delete(tmp_path, hash_embedder):
    store = VectorStore(_client(tmp_path), "test_col", hash_embedder.name, hash_embedder.dimension)
    meta = DocMeta(path="a.pdf", number="718/TB-SCT", doc_type="Thông báo", date="2023-04-04")
    chunks = [Chunk("a.pdf", 0, "kim ngạch xuất khẩu tăng"), Chunk("a.pdf", 1, "sản lượng bia giảm")]
    store.add(chunks, hash_embedder.embed_documents([c.text for c in chunks]), meta)
    other = [Chunk("b.docx", 0, "phòng cháy chữa cháy")]
    store.add(other, hash_embedder.embed_documents([other[0].text]), DocMeta(path="b.docx"))

    hits = store.search(hash_embedder.embed_query("sản lượng bia"), k=3)
    assert hits[0].chunk_id == "a.pdf#1"
    only_2023 = store.search(hash_embedder.embed_query("phòng cháy"), k=3, where={"year": 2023})
    assert {h.doc_path for h in only_2023} == {"a.pdf"}

    store.delete_document("a.pdf")
    assert store.count() == 1
    assert store.doc_paths() == {"b.docx"}


def test_opening_with_another_model_is_a_clear_error(tmp_path, hash_embedder):
    client = _client(tmp_path)
    VectorStore(client, "test_col", hash_embedder.name, hash_embedder.dimension)
    with pytest.raises(IndexModelMismatch, match="khác mô hình"):
        VectorStore(client, "test_col", "multilingual-e5-small-q4", 384)


def test_the_documents_with_vectors_are_listed_a_page_at_a_time(tmp_path, hash_embedder, monkeypatch):
    # one get of a whole large collection fails in Chroma 1.5 ("too many SQL variables" past ~33,000 vectors)
    monkeypatch.setattr("index.vectors.DOC_PATHS_PAGE", 3)
    store = VectorStore(_client(tmp_path), "test_col", hash_embedder.name, hash_embedder.dimension)
    for n in range(4):
        path = f"bc-{n}.txt"
        chunks = [Chunk(path, i, f"đoạn {i} của báo cáo {n}") for i in range(n + 1)]
        store.add(chunks, hash_embedder.embed_documents([c.text for c in chunks]), DocMeta(path=path))
    assert store.count() == 10
    assert store.doc_paths() == {"bc-0.txt", "bc-1.txt", "bc-2.txt", "bc-3.txt"}


def test_similarities_of_named_chunks_are_those_a_search_gives(tmp_path, hash_embedder):
    store = VectorStore(_client(tmp_path), "test_col", hash_embedder.name, hash_embedder.dimension)
    chunks = [Chunk("a.pdf", 0, "kim ngạch xuất khẩu tăng"), Chunk("a.pdf", 1, "sản lượng bia giảm")]
    store.add(chunks, hash_embedder.embed_documents([c.text for c in chunks]), DocMeta(path="a.pdf"))
    vector = hash_embedder.embed_query("sản lượng bia")
    searched = {h.chunk_id: 1.0 - h.distance for h in store.search(vector, k=2)}
    read = store.similarities(vector, ["a.pdf#0", "a.pdf#1", "gone.pdf#0"])
    assert set(read) == {"a.pdf#0", "a.pdf#1"}  # a chunk without a vector is left out, not an error
    assert read == pytest.approx(searched, abs=1e-5)
    assert store.similarities(vector, []) == {}
