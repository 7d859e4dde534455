"""What every tab of the web app is given: settings, the runtime, the index opened once, and the assistant over it.

The runtime (embedder, language model) and the index (catalog, vectors, registry, caches) are opened once for the
life of the app. After an upload or a deletion, `reload` swaps the assistant for one over the index's new snapshot:
nothing is opened or started again. The tabs' own lookups open a catalog or registry per use
(`with ctx.catalog() as catalog:`), as Gradio runs handlers on worker threads; they work without an index built,
where they raise IndexNotBuilt.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from assistant.factory import IndexNotBuilt, open_catalog, open_index, open_registry, require_index
from assistant.settings import Settings
from assistant.web.background import Activity, BackgroundEmbedding
from index.catalog import Catalog, EmbeddingState
from index.citations.registry import Registry
from index.pipeline import ARCHIVE_ROOT_KEY

if TYPE_CHECKING:
    from assistant.chain import Assistant
    from assistant.lexical import LexicalIndex
    from assistant.runtime import Runtime
    from index.index import Index


@dataclass
class WebContext:
    """`WebContext.open(settings, runtime)` for a serving app; `WebContext(settings)` alone for tabs that only read
    the catalog and registry (no assistant, no uploads)."""

    settings: Settings
    assistant: Assistant | None = None
    runtime: Runtime | None = None
    index: Index[LexicalIndex] | None = None
    activity: Activity = field(default_factory=Activity)  # questions being answered, for the background worker
    background: BackgroundEmbedding | None = None  # phase 2 of ingests, when `serve` runs it (start_embedding)

    @classmethod
    def open(cls, settings: Settings, runtime: Runtime) -> WebContext:
        """The index of `settings` opened with the runtime's embedder, and the assistant over it; IndexNotBuilt when
        nothing was indexed there. The context owns the index (`close`), the caller the runtime."""
        require_index(settings)
        index = open_index(settings, runtime.embedder)
        try:
            assistant = runtime.assistant(index.snapshot())
        except BaseException:
            index.close()
            raise
        return cls(settings, assistant, runtime, index)

    def reload(self) -> None:
        """After the index changed (an upload or a deletion): the assistant over its new snapshot, under the same
        runtime. Handlers read `ctx.assistant` at call time, so the swap is atomic."""
        if self.runtime is None or self.index is None:
            msg = "Trợ lý chưa mở chỉ mục nào để nạp lại."
            raise IndexNotBuilt(msg)
        self.assistant = self.runtime.assistant(self.index.snapshot())

    def start_embedding(self) -> None:
        """Embed, in a background thread, the chunks waiting for vectors, now and after each upload."""
        if self.background is None and self.index is not None:
            self.background = BackgroundEmbedding(self).start()

    def embedding_state(self) -> EmbeddingState | None:
        """How far phase 2 has come over the index; None before anything was indexed."""
        try:
            with self.catalog() as catalog:
                return catalog.embedding_state()
        except IndexNotBuilt:
            return None

    @contextmanager
    def catalog(self) -> Iterator[Catalog]:
        catalog = open_catalog(self.settings)
        try:
            yield catalog
        finally:
            catalog.close()

    @contextmanager
    def registry(self) -> Iterator[Registry]:
        registry = open_registry(self.settings)
        try:
            yield registry
        finally:
            registry.close()

    def archive_root(self) -> Path | None:
        """The archive the index was built from (recorded by `ingest`), or None before the first ingest."""
        with self.catalog() as catalog:
            root = catalog.get_info(ARCHIVE_ROOT_KEY)
        return Path(root) if root else None

    def close(self) -> None:
        """Stop the background worker, close the index (the runtime is its maker's to close)."""
        if self.background is not None:
            self.background.stop()
            self.background = None
        if self.index is not None:
            self.index.close()
            self.index = None

    def __enter__(self) -> WebContext:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
