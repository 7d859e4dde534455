"""What every tab of the web app is given: settings, the runtime, the index opened once, and the assistant over it.

The runtime (embedder, language model) and the index (catalog, vectors, registry, caches) are opened once for the
life of the app. After an upload or a deletion, `reload` swaps the assistant for one over the index's new snapshot:
nothing is opened or started again. The tabs' own lookups open a catalog or registry per use
(`with ctx.catalog() as catalog:`), as Gradio runs handlers on worker threads; they work without an index built,
where they raise IndexNotBuilt.

Several `serve` processes may share one index folder (their vectors on a Chroma server): while `following()` runs,
each takes up what the others changed (`refresh`) within seconds, between ingests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from assistant.areas.book import AreaBook
from assistant.factory import IndexNotBuilt, open_catalog, open_index, open_registry, require_index
from assistant.settings import Settings
from assistant.web.background import Activity, BackgroundEmbedding
from index.catalog import Catalog, EmbeddingState
from index.citations.registry import Registry
from index.lock import ingest_lock_if_free
from index.pipeline import ARCHIVE_ROOT_KEY

if TYPE_CHECKING:
    from assistant.chain import Assistant
    from assistant.lexical import LexicalIndex
    from assistant.runtime import Runtime
    from index.index import Index

log = logging.getLogger(__name__)

# How often a serving app looks for changes other processes made to its index: SQLite's count of the catalogue's
# commits by other connections, then, only when it moved, a fingerprint of the files table (measured 1 ms for 301
# files, 10 ms for 3,000, 120 ms for 30,000), and a new snapshot only when that differs.
FOLLOW_SECONDS = 2.0


@dataclass
class WebContext:
    """`WebContext.open(settings, runtime)` for a serving app; `WebContext(settings)` alone for tabs that only read
    the catalog and registry (no assistant, no uploads)."""

    settings: Settings
    assistant: Assistant | None = None
    runtime: Runtime | None = None
    index: Index[LexicalIndex] | None = None
    # the catalogue's fingerprint under the assistant, and a handle of its own to compare it with the catalogue now
    _fingerprint: str | None = field(default=None, init=False, repr=False)
    _watching: Catalog | None = field(default=None, init=False, repr=False)
    _seen_version: int | None = field(default=None, init=False, repr=False)  # the commit count last found in step
    _area_book: AreaBook | None = field(default=None, init=False, repr=False)

    def areas(self) -> AreaBook:
        """The work areas of the index and their pages (built on first use, then kept in step with the catalog)."""
        if self._area_book is None:
            require_index(self.settings)
            self._area_book = AreaBook(self.settings.index_dir)
        return self._area_book

    activity: Activity = field(default_factory=Activity)  # questions being answered, for the background worker
    background: BackgroundEmbedding | None = None  # phase 2 of ingests, when `serve` runs it (start_embedding)

    @classmethod
    def open(cls, settings: Settings, runtime: Runtime) -> WebContext:
        """The index of `settings` opened with the runtime's embedder, and the assistant over it; IndexNotBuilt when
        nothing was indexed there. The context owns the index (`close`), the caller the runtime."""
        require_index(settings)
        index = open_index(settings, runtime.embedder)
        try:
            snapshot = index.snapshot()
            assistant = runtime.assistant(snapshot)
        except BaseException:
            index.close()
            raise
        ctx = cls(settings, assistant, runtime, index)
        ctx._fingerprint = snapshot.state[0]
        return ctx

    def reload(self) -> None:
        """After the index changed (an upload or a deletion): the assistant over its new snapshot, under the same
        runtime. Handlers read `ctx.assistant` at call time, so the swap is atomic."""
        if self.runtime is None or self.index is None:
            msg = "Trợ lý chưa mở chỉ mục nào để nạp lại."
            raise IndexNotBuilt(msg)
        snapshot = self.index.snapshot()
        self.assistant = self.runtime.assistant(snapshot)
        self._fingerprint = snapshot.state[0]

    def refresh(self) -> bool:
        """Take up what another process changed in the index (an upload through another `serve`, a CLI ingest):
        when the catalogue differs from the assistant's and no ingest runs, `reload`; whether it did."""
        if self.index is None:
            return False
        if self._watching is None:
            self._watching = Catalog(self.index.catalog.path)
        version = self._watching.data_version()
        if version == self._seen_version:
            return False  # nobody committed since the last look found the catalogue in step
        if self._watching.fingerprint() == self._fingerprint:
            self._seen_version = version
            return False
        with ingest_lock_if_free(self.index.directory) as held:
            if held:  # else an ingest runs, here or elsewhere: its end is taken up at a later look
                self.reload()
                self._seen_version = version
                log.info("Đã nạp lại chỉ mục sau thay đổi từ nơi khác (%s)", self.index.directory)
            return held

    @contextmanager
    def following(self, every: float = FOLLOW_SECONDS) -> Iterator[None]:
        """While the block runs, `refresh` every `every` seconds on a thread of its own."""
        stop = threading.Event()

        def follow() -> None:
            while not stop.wait(every):
                try:
                    self.refresh()
                except Exception:  # a look that failed (e.g. the catalogue busy) is made again at the next tick
                    log.exception("Không kiểm tra được thay đổi của chỉ mục; sẽ thử lại")

        thread = threading.Thread(target=follow, name="index-follower", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

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
        if self._watching is not None:
            self._watching.close()
            self._watching = None
        if self.index is not None:
            self.index.close()
            self.index = None

    def __enter__(self) -> WebContext:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
