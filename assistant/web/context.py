"""What every tab of the web app is given: settings, the assistant, and where the archive and index live.

SQLite handles are opened per use (`with ctx.catalog() as catalog:`): Gradio runs handlers on worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from index.catalog import Catalog
from index.citations.registry import Registry
from index.pipeline import ARCHIVE_ROOT_KEY


@dataclass
class WebContext:
    settings: Settings
    assistant: Any  # assistant.chain.Assistant (Any keeps the UI free of chain internals)

    @contextmanager
    def catalog(self) -> Iterator[Catalog]:
        from assistant.factory import open_catalog

        catalog = open_catalog(self.settings)
        try:
            yield catalog
        finally:
            catalog.close()

    @contextmanager
    def registry(self) -> Iterator[Registry]:
        from assistant.factory import open_registry

        registry = open_registry(self.settings)
        try:
            yield registry
        finally:
            registry.close()

    def open_index(self) -> Any:
        """Catalog, vectors, embedder, cache and registry for an ingest or a deletion (assistant.factory.IndexParts;
        the caller closes it). A context whose assistant uses another embedder overrides this as well as `reload`."""
        from assistant.factory import open_index

        return open_index(self.settings)

    def reload(self) -> None:
        """Rebuild the assistant after the index changed (an upload or a deletion): the lexical index it holds in
        memory would not see the new chunks. Handlers read `ctx.assistant` at call time, so the swap is atomic."""
        from assistant.factory import make_assistant

        self.assistant = make_assistant(self.settings)

    def archive_root(self) -> Path | None:
        """The archive the index was built from (recorded by `ingest`), or None before the first ingest."""
        with self.catalog() as catalog:
            root = catalog.get_info(ARCHIVE_ROOT_KEY)
        return Path(root) if root else None
