"""The plain LangChain recipe a user would otherwise write, measured beside ours in the same eval run:
RecursiveCharacterTextSplitter (1000 characters, 200 overlap) over the same loaded text, the same Chroma and
embedder, dense-only top-4. Its passages go through the same answer step, so the comparison isolates chunking and
retrieval."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from assistant.retrieval import Passage
from index.catalog import Catalog
from index.embedding import EmbeddingCache, NamedEmbeddings, embed_with_cache
from index.errors import UnreadableDocument
from index.loaders import load_document
from index.ocr import OcrConfig
from index.pipeline import file_sha256, scan_archive
from index.records import Chunk

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


class CachedEmbeddings(NamedEmbeddings):
    """The project's embedder behind the content-hash cache: the same vectors, computed once."""

    def __init__(self, embedder: NamedEmbeddings, cache: EmbeddingCache | None) -> None:
        self.embedder = embedder
        self.cache = cache
        self.name = embedder.name
        self.dimension = embedder.dimension

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return embed_with_cache(self.embedder, self.cache, texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


class BaselineRecipe:
    """`langchain_chroma.Chroma` + `RecursiveCharacterTextSplitter`, as the LangChain docs teach it."""

    def __init__(self, client: Any, collection: str, embedder: NamedEmbeddings, cache: EmbeddingCache | None) -> None:
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.store = Chroma(
            client=client, collection_name=collection, embedding_function=CachedEmbeddings(embedder, cache)
        )
        self.splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)

    def build(self, archive: Path, ocr: OcrConfig, max_pages: int) -> int:
        """Index every readable file not indexed yet (by content hash); returns the number of chunks added."""
        indexed = {m.get("sha256") for m in self.store.get(include=["metadatas"])["metadatas"] if m}
        added = 0
        for rel, file in scan_archive(archive):
            sha = file_sha256(file)
            if sha in indexed:
                continue
            try:
                text = load_document(file, archive, ocr, max_pages=max_pages).text
            except UnreadableDocument as error:
                log.info("baseline skips %s: %s", rel, error)
                continue
            pieces = self.splitter.split_text(text)
            if not pieces:
                continue
            self.store.add_texts(
                pieces,
                metadatas=[{"source": rel, "sha256": sha, "ordinal": i} for i in range(len(pieces))],
                ids=[f"{rel}#{i}" for i in range(len(pieces))],
            )
            indexed.add(sha)
            added += len(pieces)
        return added

    def retrieve(self, question: str, catalog: Catalog, k: int = TOP_K) -> list[Passage]:
        documents = {r.path: r for r in catalog.indexed_documents()}
        passages = []
        for doc, distance in self.store.similarity_search_with_score(question, k=k):
            path = doc.metadata["source"]
            record = documents.get(path)
            chunk = Chunk(path, int(doc.metadata.get("ordinal", 0)), doc.page_content)
            passages.append(
                Passage(chunk, record.meta if record else None, record.kind if record else None, 1.0 - float(distance))
            )
        return passages


class BaselineRetriever:
    """Lets the baseline stand where the hybrid retriever stands in the chain (filters are not part of the recipe)."""

    def __init__(self, recipe: BaselineRecipe, catalog: Catalog) -> None:
        self.recipe = recipe
        self.catalog = catalog

    def retrieve(self, query: str, k: int = TOP_K, filters: object | None = None, dense: bool = True) -> list[Passage]:
        return self.recipe.retrieve(query, self.catalog, k=TOP_K)
