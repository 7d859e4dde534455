"""The areas and their pages, kept in step with the index: `AreaBook(index_dir).pages()`.

Areas are found again only when the catalog changed (its fingerprint), and a page is rebuilt only when its
area's documents changed (the digest of their paths and file hashes) or the admin's choices did: after an ingest
of one file only that file's area is built again. Both are cached in INDEX_DIR/areas-cache.pickle, a file this
module alone writes; an index that cannot be written to (read-only) is served from memory.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path

from assistant.areas.detect import Area, detect_areas
from assistant.areas.duties import DUTIES_SHOWN, Duty, recurring_duties
from assistant.areas.legal import LegalText, LinksOf, legal_basis
from assistant.areas.overrides import Overrides, apply_overrides
from assistant.areas.procedures import Procedure, cases_of, procedures
from assistant.areas.roles import Signing, signers
from assistant.areas.words import Word, area_words
from index.catalog import Catalog
from index.citations.grouping import CitedGroup
from index.citations.registry import REGISTRY_FILE, Registry
from index.records import Chunk, DocMeta

log = logging.getLogger(__name__)
CACHE_FILE = "areas-cache.pickle"
CACHE_VERSION = 11  # raised when a page's contents or the areas found change: old caches are built again


@dataclass(frozen=True)
class AreaPage:
    """Everything one area's page shows, each fact with the document it comes from."""

    area: Area
    legal: tuple[LegalText, ...]  # the most cited, at most LEGAL_BASIS_SHOWN
    legal_total: int  # every legal text the area's documents cite
    procedures: tuple[Procedure, ...]
    cases: int
    duties: tuple[Duty, ...]  # at most DUTIES_SHOWN
    duties_total: int
    signers: tuple[Signing, ...]
    words: tuple[Word, ...]
    questions: tuple[str, ...] = ()  # starter questions the assistant answered when checked
    questions_checked: bool = False

    def counts(self) -> dict[str, int]:
        return {
            "documents": len(self.area.paths),
            "legal_texts": self.legal_total,
            "procedures": len(self.procedures),
            "cases": self.cases,
            "duties": self.duties_total,
        }


@dataclass
class _Cache:
    version: int = CACHE_VERSION
    fingerprint: str = ""
    found: list[Area] = field(default_factory=list)
    pages: dict[str, tuple[str, AreaPage]] = field(default_factory=dict)  # key -> (digest, page)


class AreaBook:
    """The areas of one index and their pages; safe to share between threads."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._cache = self._load()

    def areas(self) -> list[Area]:
        """The found areas with the admin's choices applied."""
        with self._lock, closing(Catalog(self.index_dir / "catalog.sqlite")) as catalog:
            return self._areas(catalog)

    def pages(self) -> list[AreaPage]:
        """One page per area, built for the areas whose documents changed since last time."""
        with self._lock, closing(Catalog(self.index_dir / "catalog.sqlite")) as catalog:
            areas = self._areas(catalog)
            files = {r.path: r for r in catalog.indexed_documents()}
            metas = {p: r.meta for p, r in files.items() if r.meta}
            pages, registry, changed = [], None, False
            try:
                for area in areas:
                    digest = _digest(area, {p: files[p].sha256 for p in area.paths if p in files})
                    cached = self._cache.pages.get(area.key)
                    if cached and cached[0] == digest:
                        pages.append(cached[1])
                        continue
                    if registry is None:
                        registry = Registry(self.index_dir / REGISTRY_FILE)
                        cited: dict[str, list[CitedGroup]] = {}  # each directive grouped once for every area
                        # a document's links serve its area's two readers
                        links_of = cache(partial(registry.cites, memo=cited))
                    page = build_page(area, metas, registry, links_of, catalog.chunks_of)
                    self._cache.pages[area.key] = (digest, page)
                    pages.append(page)
                    changed = True
            finally:
                if registry is not None:
                    registry.close()
            for key in set(self._cache.pages) - {a.key for a in areas}:
                del self._cache.pages[key]
            if changed:
                self._save()
            return pages

    def page(self, key: str) -> AreaPage | None:
        return next((p for p in self.pages() if p.area.key == key), None)

    def with_questions(self, key: str, questions: list[str]) -> None:
        """Record the starter questions checked for one area (kept until its documents change)."""
        with self._lock:
            digest, page = self._cache.pages[key]
            self._cache.pages[key] = (digest, _replace_questions(page, questions))
            self._save()

    def _areas(self, catalog: Catalog) -> list[Area]:
        fingerprint = catalog.fingerprint()
        if fingerprint != self._cache.fingerprint:
            metas = {r.path: r.meta for r in catalog.indexed_documents() if r.meta}
            with closing(Registry(self.index_dir / REGISTRY_FILE)) as registry:
                glossary = registry.glossary()
            self._cache.found = detect_areas(metas, _texts_reader(catalog), glossary)
            self._cache.fingerprint = fingerprint
            self._save()
        return apply_overrides(self._cache.found, Overrides.load(self.index_dir))

    def _load(self) -> _Cache:
        path = self.index_dir / CACHE_FILE
        try:
            with path.open("rb") as stream:
                cache = pickle.load(stream)  # noqa: S301 - a file this module wrote itself, in the index folder
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return _Cache()
        return cache if isinstance(cache, _Cache) and cache.version == CACHE_VERSION else _Cache()

    def _save(self) -> None:
        path = self.index_dir / CACHE_FILE
        try:
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(pickle.dumps(self._cache))
            temporary.replace(path)
        except OSError as error:
            log.info("Không ghi được bộ đệm lĩnh vực (%s): trang được dựng lại mỗi lần mở", error)


def build_page(
    area: Area,
    metas: dict[str, DocMeta],
    registry: Registry,
    links_of: LinksOf,
    chunks_of: Callable[[str], list[Chunk]],
) -> AreaPage:
    """The facts of one area, from the catalog's metadata and chunks and the registry's citations."""
    paths = list(area.paths)
    cases = cases_of(paths, metas, links_of)
    legal, legal_total = legal_basis(paths, registry, links_of)
    duties = recurring_duties(paths, chunks_of, limit=None)
    return AreaPage(
        area=area,
        legal=tuple(legal),
        legal_total=legal_total,
        procedures=tuple(procedures(cases)),
        cases=len(cases),
        duties=tuple(duties[:DUTIES_SHOWN]),
        duties_total=len(duties),
        signers=tuple(signers(paths, metas)),
        words=tuple(area_words(paths, registry, chunks_of)),
    )


def _texts_reader(catalog: Catalog) -> Callable[[list[str]], list[str]]:
    def texts(paths: list[str]) -> list[str]:
        return [chunk.text for path in paths for chunk in catalog.chunks_of(path)]

    return texts


def _digest(area: Area, hashes: dict[str, str]) -> str:
    state = [area.key, area.name, sorted(hashes.items()), CACHE_VERSION]
    return hashlib.sha256(repr(state).encode()).hexdigest()


def _replace_questions(page: AreaPage, questions: list[str]) -> AreaPage:
    return replace(page, questions=tuple(questions), questions_checked=True)
