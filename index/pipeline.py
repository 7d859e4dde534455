"""The stages of an ingest: hash → (load + OCR in a worker) → metadata → chunk → store; then embed, as functions.

`Index.ingest` (index/index.py) runs them over the parts it holds in two phases. Phase 1 reads every new or changed
file, one at a time, into the catalogue, the registry and the lexical index: when it ends the whole archive answers
by words and numbers. Phase 2 (index/backlog.py) embeds the chunks file by file, smallest first. Each file is
committed on its own in each phase, so Ctrl-C or a crash loses at most the file in hand, and the next run resumes.
Loading (where Tesseract does its slow work in a subprocess) runs ahead in a thread pool. A file that cannot be read
(no permission, gone since the scan, a link leading outside the archive: see index/archive.py) is skipped with its
reason, never stops the run.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from index.archive import VANISHED, NotInArchive, read_failure, resolve_in_archive
from index.archive import scan_archive as scan_archive  # re-exported: scripts import it from here
from index.catalog import Catalog, FileRecord
from index.chunking import chunk_document, chunk_text_for_embedding
from index.embedding import EmbeddingCache, NamedEmbeddings, embed_with_cache
from index.errors import UnreadableDocument
from index.loaders import load_document
from index.metadata import extract_metadata
from index.ocr import OcrConfig
from index.records import Chunk, DocMeta, LoadedDocument

log = logging.getLogger(__name__)

LOAD_AHEAD = 3  # files loaded (and OCR'd) ahead of the embedder
# Bump when loading, metadata or chunking rules change: every file is then re-read on the next ingest (the OCR and
# embedding caches keep that cheap for text that did not change).
PIPELINE_VERSION = "7"  # 7: a chunk opening mid-sentence repeats the line before it
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
    chunks_pending_embedding: int = 0
    seconds_to_searchable: float = 0.0  # phase 1: the archive answers by words and numbers from then on
    seconds: float = 0.0  # both phases

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
            "chunks_pending_embedding": self.chunks_pending_embedding,
            "seconds_to_searchable": round(self.seconds_to_searchable, 2),
            "seconds": round(self.seconds, 2),
        }


@dataclass(frozen=True)
class IngestOptions:
    chunk_size: int = 1000
    max_pages: int = 2000
    ocr: OcrConfig = field(default_factory=OcrConfig)
    workers: int = 1


@dataclass(frozen=True)
class Job:
    """A file to (re)index: where it is, and the content hash and size it had when it was fingerprinted."""

    path: str
    file: Path
    sha256: str
    size: int
    mtime_ns: int = 0


Progress = Callable[[str, int], None]  # (what, how many): "file", "page_ocr", "chunk"


def file_sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(archive: Path, rel: str, file: Path) -> Job | str:
    """The file's hash and size, or why it cannot be read (it may have changed since the scan)."""
    try:
        real = resolve_in_archive(archive, rel)  # again: a link may have been pointed elsewhere since the scan
        stat = real.stat()  # before the hash: a file written meanwhile then has a newer time, and is hashed again
        return Job(rel, file, file_sha256(real), stat.st_size, stat.st_mtime_ns)
    except NotInArchive as refused:
        return refused.reason
    except OSError as error:
        return read_failure(error)


def prepare(loaded: LoadedDocument, options: IngestOptions) -> tuple[DocMeta, list[Chunk]]:
    """A loaded document's metadata and chunks: what phase 1 stores."""
    meta = extract_metadata(loaded.text, loaded.path, pages=len(loaded.pages), pages_ocr=loaded.pages_ocr)
    return meta, chunk_document(loaded.pages, loaded.path, max_chars=options.chunk_size)


def embed_chunks(chunks: list[Chunk], embedder: NamedEmbeddings, cache: EmbeddingCache | None) -> list[list[float]]:
    """The chunks' vectors, through the content-hash cache."""
    # The document title is left out of the embedded text on purpose: metadata rules can then improve without
    # invalidating the embedding cache (the lexical index carries number and subject instead).
    return embed_with_cache(embedder, cache, [chunk_text_for_embedding(c, None) for c in chunks])


def load_ahead(
    jobs: list[Job], archive: Path, options: IngestOptions
) -> Iterator[tuple[Job, LoadedDocument | UnreadableDocument]]:
    """Load files in a worker pool, a few ahead of the consumer, yielding them in order."""

    def load(job: Job) -> LoadedDocument | UnreadableDocument:
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
        pending: list[tuple[Job, Future]] = []
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


def same_stamp(record: FileRecord, file: Path) -> bool:
    """Whether the file still has the size and modification time the catalogue recorded when it was hashed."""
    try:
        stat = file.stat()
    except OSError:
        return False  # fingerprint() says why
    return record.same_file(stat.st_size, stat.st_mtime_ns)


class IndexedMetas(Mapping[str, DocMeta]):
    """The indexed documents' metadata, read only for the documents asked for: the registry's check that it is in
    step with the catalogue reads the paths alone."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._paths = catalog.indexed_paths()

    def __getitem__(self, path: str) -> DocMeta:
        record = self._catalog.file(path)
        if record is None or record.meta is None:
            raise KeyError(path)
        return record.meta

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def fill_totals(catalog: Catalog, summary: IngestSummary) -> None:
    """The summary's totals over the whole index, as the catalog now lists it (counted by SQLite: reading every
    row's metadata grew with the archive)."""
    totals = catalog.totals()
    summary.files_indexed += totals.files
    summary.pages += totals.pages
    summary.pages_ocr += totals.pages_ocr
    summary.chunks += totals.chunks
    summary.files_skipped += [{"file": path, "reason": reason} for path, reason in catalog.skipped()]
