"""An index folder opened once: catalogue, vectors, registry, embedding cache and lexical index, behind one lock.

Every way of changing an index (the CLI's ingest, the web upload and delete, the evaluation) goes through `ingest`
and `forget`, which hold the folder's ingest lock (index/lock.py): they never run alongside one another, in this
process or another. Questions read a `Snapshot`, taken by `snapshot()`: the documents, lexical index and glossary as
they stood then, read through handles of their own, so that an ingest writing meanwhile is never seen half-done. The
lexical index is built by a function the caller passes (assistant/lexical.py's BM25): this package keeps it in step
with the catalogue without depending on how questions are tokenised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Lock
from types import MappingProxyType, TracebackType
from typing import Generic, TypeVar

from index.archive import walk_archive
from index.backlog import Pacing, embed_in_batches, next_pending, still_pending
from index.catalog import Catalog, FileRecord
from index.citations.registry import REGISTRY_FILE, Registry
from index.embedding import EmbeddingCache, NamedEmbeddings
from index.errors import UnreadableDocument
from index.journal import settle_vector_journal
from index.lock import ingest_lock
from index.pipeline import (
    ARCHIVE_ROOT_KEY,
    PIPELINE_VERSION,
    IndexedMetas,
    IngestOptions,
    IngestSummary,
    Job,
    Progress,
    fill_totals,
    fingerprint,
    load_ahead,
    prepare,
    same_stamp,
)
from index.records import DocMeta, LoadedDocument
from index.vectors import VectorStore

log = logging.getLogger(__name__)

CATALOG_FILE = "catalog.sqlite"
L = TypeVar("L")  # the lexical index a snapshot carries


@dataclass(frozen=True)
class Snapshot(Generic[L]):
    """What questions read, fixed when it was taken: the indexed documents, the lexical index and the glossary over
    them. Chunk texts, vectors and registry lookups go through reading handles that every snapshot of the index
    shares; a chunk deleted since the snapshot is not found, and the retriever skips it."""

    documents: Mapping[str, FileRecord]  # the catalogue view: indexed documents by path
    lexical: L
    glossary: Mapping[str, tuple[str, int]]  # abbreviations the archive defines
    catalog: Catalog
    store: VectorStore
    registry: Registry
    # the catalogue's fingerprint, the index's count of changes and the count of documents embedded when it was
    # taken: phase 2 changes only the last, and the lexical index is then kept
    state: tuple[str, int, int]


class Index(Generic[L]):
    """`Index(directory, store, embedder, cache, options, lexical)`: opens the catalogue and registry in `directory`,
    and owns them with the vector store and cache it is given; `close()` (or leaving a `with` block) closes them all.
    `lexical(catalog)` builds (or loads) the lexical index over a catalogue, for `snapshot()`."""

    def __init__(
        self,
        directory: Path,
        store: VectorStore,
        embedder: NamedEmbeddings,
        cache: EmbeddingCache,
        options: IngestOptions,
        lexical: Callable[[Catalog], L],
    ) -> None:
        self.directory = directory
        self.store = store
        self.embedder = embedder
        self.cache = cache
        self.options = options
        self._lexical = lexical
        self.catalog = Catalog(directory / CATALOG_FILE)
        self.registry = Registry(directory / REGISTRY_FILE)
        # Reading handles for snapshots, opened at the first one: the writing handles above sit inside an ingest's
        # transactions, where a reader on the same connection would see a document half-written.
        self._readers: tuple[Catalog, Registry] | None = None
        self._snapshot: Snapshot[L] | None = None
        self._snapshot_lock = Lock()
        # Documents (re)indexed or forgotten through this index: a file re-read under new rules keeps its hash, and
        # the catalogue's fingerprint alone would not show that it changed.
        self._changes = 0

    # -- changing the index ------------------------------------------------------------------------------------
    def locked(self, on_wait: Callable[[], None] | None = None) -> AbstractContextManager[None]:
        """Hold the folder's ingest lock: for a caller's own checks around an `ingest` or `forget` (re-entrant);
        `on_wait` is called if another holds it and the wait begins."""
        return ingest_lock(self.directory, on_wait)

    def ingest(self, archive: Path, progress: Progress | None = None, embed: bool = True) -> IngestSummary:
        """Bring the index in line with `archive`: new and changed files indexed, removed ones deleted everywhere;
        phase 1, then (`embed`) the work it leaves behind: `tidy`, and phase 2, `embed_pending`. Waits for any other
        ingest or deletion on this index folder to finish first."""
        summary = self.make_searchable(archive, progress)
        if embed:
            self.finish_ingest(progress, summary)
        return summary

    def finish_ingest(self, progress: Progress | None = None, summary: IngestSummary | None = None) -> None:
        """The work phase 1 leaves behind: the lexical segments merged (`tidy`), then phase 2 (`embed_pending`)."""
        self.tidy()
        self.embed_pending(progress, summary)

    def make_searchable(self, archive: Path, progress: Progress | None = None) -> IngestSummary:
        """Phase 1: every new or changed file read into the catalogue, the registry and the lexical index, without
        vectors; when it returns, the whole archive answers by words and document numbers."""
        if not archive.is_dir():
            msg = f"Không tìm thấy thư mục kho văn bản: {archive}"
            raise FileNotFoundError(msg)
        started = time.monotonic()
        with self.locked():
            summary = self._ingest(archive, progress or _no_progress)
        self.snapshot()  # builds (and saves) the lexical index now, not at the first question
        summary.chunks_pending_embedding = self.catalog.embedding_state().chunks_pending
        summary.seconds_to_searchable = summary.seconds = time.monotonic() - started
        return summary

    def tidy(self) -> int:
        """The merges the lexical index's segments call for after a change (a lexical index that keeps no segments
        has none to make); the merges made. Taken out of the change itself so that an upload is searchable without
        waiting for a merge; questions read the segments as they were until it commits, the next snapshot the new."""
        tidy = getattr(self._lexical, "tidy", None)
        merged = int(tidy()) if tidy is not None else 0
        if merged:
            with self._snapshot_lock:
                self._changes += 1  # the catalogue is unchanged: the next snapshot must still take the merged index
        return merged

    def totals(self) -> IngestSummary:
        """A summary of the index as it stands, as an ingest that found nothing to change would give it."""
        summary = IngestSummary()
        fill_totals(self.catalog, summary)
        summary.files_total = summary.files_indexed + len(summary.files_skipped)
        summary.chunks_pending_embedding = self.catalog.embedding_state().chunks_pending
        return summary

    def embed_pending(
        self, progress: Progress | None = None, summary: IngestSummary | None = None, pacing: Pacing | None = None
    ) -> int:
        """Phase 2 (index/backlog.py): vectors for every chunk that lacks one, file by file, smallest first, until
        none is left or `pacing.stop` is set; the chunks embedded. Adds its work and time to `summary`."""
        started = time.monotonic()
        pacing = pacing or Pacing()
        tick = progress or _no_progress
        embedded = 0
        while not pacing.stop.is_set():
            with self.locked():  # the writing handle is read only between the transactions of other changes
                settle_vector_journal(self.catalog, self.store)
                group = next_pending(self.catalog, pacing.batch)
            if not group:
                break
            vectors = embed_in_batches(
                [c for pending in group for c in pending.chunks], self.embedder, self.cache, pacing
            )
            if vectors is None:
                break
            with self.locked():
                ready = []  # the group's files still waiting as they were read, with their vectors
                for pending in group:
                    own, vectors = vectors[: len(pending.chunks)], vectors[len(pending.chunks) :]
                    if still_pending(self.catalog, pending):
                        ready.append((pending, own))
                self.catalog.journal_vectors([pending.record.path for pending, _ in ready])
                self.store.add_documents(
                    [(p.chunks, own, p.record.meta or DocMeta(path=p.record.path)) for p, own in ready]
                )
                for pending, _ in ready:
                    self.catalog.mark_embedded(pending.record.path, pending.record.sha256)
                    embedded += len(pending.chunks)
                    tick("chunk", len(pending.chunks))
        if summary is not None:
            summary.chunks_embedded += embedded
            summary.chunks_pending_embedding = self.catalog.embedding_state().chunks_pending
            summary.seconds += time.monotonic() - started
        return embedded

    def forget(self, path: str) -> None:
        """Drop one document everywhere (catalogue row and chunks, registry entries, vectors), under the lock."""
        with self.locked():
            self._forget(path)
            self._changes += 1

    def _ingest(self, archive: Path, tick: Progress) -> IngestSummary:
        summary = IngestSummary()
        scan = walk_archive(archive)
        summary.files_total = len(scan.files) + len(scan.refused)
        # The web app serves original files and adds uploads here; it finds the archive through the catalog.
        self.catalog.set_info(ARCHIVE_ROOT_KEY, str(archive.resolve()))
        known = self.catalog.files(with_meta=False)
        present = {rel for rel, _ in scan.files} | {rel for rel, _ in scan.refused}
        for path in sorted(set(known) - present):
            self._forget(path)
            summary.files_removed += 1
        settle_vector_journal(self.catalog, self.store)

        skipped = list(scan.refused)  # a row indexed from a path now refused (a link turned outside) is purged here
        jobs: list[Job] = []
        for rel, file in scan.files:
            record = known.get(rel)
            current = record if record and record.version == PIPELINE_VERSION else None
            if current and same_stamp(current, file):  # not read again: hashing every file grows with the archive
                summary.files_unchanged += 1
                tick("file", 1)
                continue
            job = fingerprint(archive, rel, file)
            if isinstance(job, str):
                skipped.append((rel, job))
                continue
            if current and current.sha256 == job.sha256:
                self.catalog.restamp(rel, job.mtime_ns)
                summary.files_unchanged += 1
                tick("file", 1)
                continue
            if record:
                summary.files_updated += 1
            else:
                summary.files_new += 1
            jobs.append(job)
        for rel, reason in skipped:
            self._forget(rel)
            log.warning("Bỏ qua %s: %s", rel, reason)
            self.catalog.record_skipped(rel, "", 0, reason, PIPELINE_VERSION)
            tick("file", 1)
        # Small files first: the everyday reports become searchable within minutes; long legal texts come last.
        jobs.sort(key=lambda job: job.size)

        for job, loaded in load_ahead(jobs, archive, self.options):
            self._forget(job.path)
            if isinstance(loaded, UnreadableDocument):
                log.warning("Bỏ qua %s: %s", job.path, loaded)
                self.catalog.record_skipped(
                    job.path, job.sha256, job.size, str(loaded), PIPELINE_VERSION, mtime_ns=job.mtime_ns
                )
            else:
                tick("page_ocr", loaded.pages_ocr)
                self._index_document(loaded, job)
            tick("file", 1)

        # also fills in documents indexed before the registry existed, or by a run stopped before this step
        self.registry.sync(IndexedMetas(self.catalog), self.catalog.chunks_of)
        fill_totals(self.catalog, summary)
        return summary

    def _index_document(self, loaded: LoadedDocument, job: Job) -> None:
        """Store one document's row and chunks, waiting for vectors (the file is searchable when that is written),
        then its registry entries."""
        meta, chunks = prepare(loaded, self.options)
        self.catalog.record_indexed(
            job.path,
            job.sha256,
            job.size,
            loaded.kind,
            meta,
            chunks,
            PIPELINE_VERSION,
            embedded=not chunks,
            mtime_ns=job.mtime_ns,
        )
        self.registry.replace_document(job.path, meta, chunks)
        self._changes += 1

    def _forget(self, path: str) -> None:
        # the catalogue first: it says what is indexed, so vectors a failure leaves behind are never shown, and the
        # next ingest deletes them
        listed = self.catalog.chunk_ids_of(path)  # by id: a search of the vectors' metadata grows with the archive
        self.catalog.forget(path)  # journals its vectors for deletion in the same transaction
        self.registry.forget(path)
        self.store.delete_chunks(listed)
        self.catalog.settled(path)

    # -- reading it ----------------------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot[L]:
        """The index as questions see it now; the very same snapshot again while nothing has changed."""
        with self._snapshot_lock:
            if self._readers is None:
                self._readers = (Catalog(self.catalog.path), Registry(self.registry.path))
            catalog, registry = self._readers
            state = (catalog.fingerprint(), self._changes, catalog.embedding_state().embedded)
            previous = self._snapshot
            if previous is not None and previous.state == state:
                return previous
            documents = MappingProxyType({r.path: r for r in catalog.indexed_documents()})
            if previous is not None and previous.state[:2] == state[:2]:
                # only vectors were added (phase 2): no word changed, the lexical index and glossary stay
                self._snapshot = replace(previous, documents=documents, state=state)
            else:
                glossary = MappingProxyType(registry.glossary())
                self._snapshot = Snapshot(
                    documents, self._lexical(catalog), glossary, catalog, self.store, registry, state
                )
            return self._snapshot

    # -- closing -------------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close every handle the index holds; its snapshots are not to be read afterwards."""
        readers = self._readers or ()
        for handle in (*readers, self.catalog, self.registry, self.cache, self.store):
            handle.close()
        self._readers = None
        self._snapshot = None

    def __enter__(self) -> Index[L]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _no_progress(what: str, n: int) -> None:
    return None
