"""Ingest an archive: hash → (load + OCR in a worker) → metadata → chunk → embed → store, one file at a time.

Each file is committed on its own, so Ctrl-C or a crash loses at most the file in hand, and the next run resumes.
Loading (where Tesseract does its slow work in a subprocess) runs ahead in a thread pool while the main thread embeds:
both release the GIL, so OCR and embedding overlap on the two cores. A file that cannot be read (no permission, gone
since the scan, a link leading outside the archive: see index/archive.py) is skipped with its reason, never stops
the run. Two ingests into one index folder never run at once (index/lock.py), whoever starts them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from index.archive import VANISHED, NotInArchive, read_failure, resolve_in_archive, walk_archive
from index.archive import scan_archive as scan_archive  # re-exported: the web upload and scripts import it from here
from index.catalog import Catalog
from index.chunking import chunk_document, chunk_text_for_embedding
from index.citations.registry import Registry
from index.embedding import EmbeddingCache, NamedEmbeddings, embed_with_cache
from index.errors import UnreadableDocument
from index.loaders import load_document
from index.lock import ingest_lock
from index.metadata import extract_metadata
from index.ocr import OcrConfig
from index.records import LoadedDocument
from index.vectors import VectorStore

log = logging.getLogger(__name__)

LOAD_AHEAD = 3  # files loaded (and OCR'd) ahead of the embedder
# Bump when loading, metadata or chunking rules change: every file is then re-read on the next ingest (the OCR and
# embedding caches keep that cheap for text that did not change).
PIPELINE_VERSION = "2"
ARCHIVE_ROOT_KEY = "archive_root"


@dataclass
class IngestSummary:
    """What an ingest did; `as_json()` is the `--json` summary other tools read."""

    files_total: int = 0
    files_indexed: int = 0
    files_new: int = 0
    files_updated: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    files_skipped: list[dict[str, str]] = field(default_factory=list)
    pages: int = 0
    pages_ocr: int = 0
    chunks: int = 0
    chunks_embedded: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "files_total": self.files_total,
            "files_indexed": self.files_indexed,
            "files_skipped": self.files_skipped,
            "files_new": self.files_new,
            "files_updated": self.files_updated,
            "files_unchanged": self.files_unchanged,
            "files_removed": self.files_removed,
            "pages": self.pages,
            "pages_ocr": self.pages_ocr,
            "chunks": self.chunks,
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 2),
        }


@dataclass(frozen=True)
class IngestOptions:
    chunk_size: int = 1000
    max_pages: int = 2000
    ocr: OcrConfig = field(default_factory=OcrConfig)
    workers: int = 1


@dataclass(frozen=True)
class _Job:
    path: str
    file: Path
    sha256: str
    size: int


Progress = Callable[[str, int], None]  # (what, how many): "file", "page_ocr", "chunk"


def file_sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest(
    archive: Path,
    catalog: Catalog,
    store: VectorStore,
    embedder: NamedEmbeddings,
    cache: EmbeddingCache | None,
    options: IngestOptions,
    progress: Progress | None = None,
    registry: Registry | None = None,
) -> IngestSummary:
    """Bring the index in line with `archive`: new and changed files indexed, removed ones deleted everywhere.

    Waits for any other ingest into the same index folder (the catalog's) to finish first."""
    if not archive.is_dir():
        msg = f"Không tìm thấy thư mục kho văn bản: {archive}"
        raise FileNotFoundError(msg)
    with ingest_lock(catalog.path.parent):
        return _ingest(archive, catalog, store, embedder, cache, options, progress, registry)


def _ingest(
    archive: Path,
    catalog: Catalog,
    store: VectorStore,
    embedder: NamedEmbeddings,
    cache: EmbeddingCache | None,
    options: IngestOptions,
    progress: Progress | None,
    registry: Registry | None,
) -> IngestSummary:
    started = time.monotonic()
    tick = progress or (lambda what, n: None)
    summary = IngestSummary()
    scan = walk_archive(archive)
    summary.files_total = len(scan.files) + len(scan.refused)
    # The web app serves original files and adds uploads here; it finds the archive through the catalog.
    catalog.set_info(ARCHIVE_ROOT_KEY, str(archive.resolve()))
    known = catalog.files()
    present = {rel for rel, _ in scan.files} | {rel for rel, _ in scan.refused}
    _remove_departed(known, present, catalog, store, registry, summary)
    _clean_leftover_vectors(store, known)

    skipped = list(scan.refused)  # a row indexed from a path now refused (a link turned outside) is purged here
    jobs: list[_Job] = []
    for rel, file in scan.files:
        job = _fingerprint(archive, rel, file)
        if isinstance(job, str):
            skipped.append((rel, job))
            continue
        record = known.get(rel)
        if record and record.sha256 == job.sha256 and record.version == PIPELINE_VERSION:
            summary.files_unchanged += 1
            tick("file", 1)
            continue
        if record:
            summary.files_updated += 1
        else:
            summary.files_new += 1
        jobs.append(job)
    for rel, reason in skipped:
        _forget(rel, catalog, store, registry)
        log.warning("Bỏ qua %s: %s", rel, reason)
        catalog.record_skipped(rel, "", 0, reason, PIPELINE_VERSION)
        tick("file", 1)
    # Small files first: the everyday reports become searchable within minutes; long legal texts come last.
    jobs.sort(key=lambda job: job.size)

    for job, loaded in _load_ahead(jobs, archive, options):
        _forget(job.path, catalog, store, registry)
        if isinstance(loaded, UnreadableDocument):
            log.warning("Bỏ qua %s: %s", job.path, loaded)
            catalog.record_skipped(job.path, job.sha256, job.size, str(loaded), PIPELINE_VERSION)
        else:
            tick("page_ocr", loaded.pages_ocr)
            summary.chunks_embedded += _index_document(
                loaded, job, catalog, store, embedder, cache, options, tick, registry
            )
        tick("file", 1)

    if registry:
        # also fills in documents indexed before the registry existed, or by a run stopped before this step
        registry.sync({r.path: r.meta for r in catalog.indexed_documents() if r.meta}, catalog.chunks_of)
    _fill_totals(catalog, summary)
    summary.seconds = time.monotonic() - started
    return summary


def _fingerprint(archive: Path, rel: str, file: Path) -> _Job | str:
    """The file's hash and size, or why it cannot be read (it may have changed since the scan)."""
    try:
        real = resolve_in_archive(archive, rel)  # again: a link may have been pointed elsewhere since the scan
        return _Job(rel, file, file_sha256(real), real.stat().st_size)
    except NotInArchive as refused:
        return refused.reason
    except OSError as error:
        return read_failure(error)


def _index_document(
    loaded: LoadedDocument,
    job: _Job,
    catalog: Catalog,
    store: VectorStore,
    embedder: NamedEmbeddings,
    cache: EmbeddingCache | None,
    options: IngestOptions,
    tick: Progress,
    registry: Registry | None = None,
) -> int:
    meta = extract_metadata(loaded.text, loaded.path, pages=len(loaded.pages), pages_ocr=loaded.pages_ocr)
    chunks = chunk_document(loaded.pages, loaded.path, max_chars=options.chunk_size)
    # The document title is left out of the embedded text on purpose: metadata rules can then improve without
    # invalidating the embedding cache (the lexical index carries number and subject instead).
    vectors = embed_with_cache(embedder, cache, [chunk_text_for_embedding(c, None) for c in chunks])
    store.add(chunks, vectors, meta)
    catalog.record_indexed(job.path, job.sha256, job.size, loaded.kind, meta, chunks, PIPELINE_VERSION)
    if registry:
        registry.replace_document(job.path, meta, chunks)
    tick("chunk", len(chunks))
    return len(chunks)


def _load_ahead(
    jobs: list[_Job], archive: Path, options: IngestOptions
) -> Iterator[tuple[_Job, LoadedDocument | UnreadableDocument]]:
    """Load files in a worker pool, a few ahead of the consumer, yielding them in order."""

    def load(job: _Job) -> LoadedDocument | UnreadableDocument:
        try:
            return load_document(job.file, archive, options.ocr, max_pages=options.max_pages)
        except UnreadableDocument as error:
            # the loader words a system error in the system's English: say it in Vietnamese
            if isinstance(error.__cause__, OSError) and error.__cause__.errno is not None:
                return UnreadableDocument(read_failure(error.__cause__))
            if not job.file.exists():  # e.g. antiword's own message about a file gone since it was hashed
                return UnreadableDocument(VANISHED)
            return error
        except OSError as error:
            return UnreadableDocument(read_failure(error))
        except Exception as error:  # a bug on one odd file must not stop the archive; it is logged in full
            log.exception("Lỗi không mong đợi khi đọc %s", job.path)
            return UnreadableDocument(f"lỗi không mong đợi khi đọc tệp ({type(error).__name__}), xem nhật ký")

    with ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="load") as pool:
        pending: list[tuple[_Job, Future]] = []
        queue = iter(jobs)
        try:
            for job in queue:
                pending.append((job, pool.submit(load, job)))
                if len(pending) > LOAD_AHEAD:
                    head, future = pending.pop(0)
                    yield head, future.result()
            for head, future in pending:
                yield head, future.result()
        finally:
            for _, future in pending:
                future.cancel()


def _remove_departed(
    known: dict,
    present: set[str],
    catalog: Catalog,
    store: VectorStore,
    registry: Registry | None,
    summary: IngestSummary,
) -> None:
    for path in sorted(set(known) - present):
        _forget(path, catalog, store, registry)
        summary.files_removed += 1


def _forget(path: str, catalog: Catalog, store: VectorStore, registry: Registry | None) -> None:
    """Drop a file everywhere: catalog row and chunks, vectors, registry entries."""
    catalog.forget(path)
    if registry:
        registry.forget(path)
    store.delete_document(path)


def _clean_leftover_vectors(store: VectorStore, known: dict) -> None:
    """Vectors of a file whose catalog row was never written (an interrupted run) are deleted."""
    indexed = {p for p, r in known.items() if r.status == "indexed"}
    for path in store.doc_paths() - indexed:
        store.delete_document(path)


def _fill_totals(catalog: Catalog, summary: IngestSummary) -> None:
    for record in catalog.files().values():
        if record.status == "indexed":
            summary.files_indexed += 1
            summary.pages += record.pages
            summary.pages_ocr += record.pages_ocr
            summary.chunks += record.chunks
        else:
            summary.files_skipped.append({"file": record.path, "reason": record.reason or ""})
