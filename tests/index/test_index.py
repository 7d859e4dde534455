"""The Index on a real folder (Chroma, SQLite, lexical index in tmp_path): forget, snapshots, the lock, closing."""

from __future__ import annotations

import gc
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.lexical import LexicalIndex
from index.catalog import Catalog
from index.embedding import EmbeddingCache
from index.index import Index
from index.ocr import OcrConfig
from index.pipeline import IngestOptions
from index.vectors import VectorStore
from tests.assistant.conftest import write_archive
from tests.conftest import HashEmbeddings

DECISION = "quyet-dinh/QD-1389.txt"


class CountingLexical:
    """The BM25 index over a catalog, counting how often one is built."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self, catalog: Catalog) -> LexicalIndex:
        self.builds += 1
        return LexicalIndex.from_catalog(catalog)


def open_index(base: Path, lexical: CountingLexical | None = None) -> Index[LexicalIndex]:
    """An index in `base` as the factory opens one: its own Chroma client, cache and options."""
    embedder = HashEmbeddings()
    client = chromadb.PersistentClient(path=str(base / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    store = VectorStore(client, "test_kho", embedder.name, embedder.dimension)
    options = IngestOptions(ocr=OcrConfig(enabled=False))
    return Index(base, store, embedder, EmbeddingCache(base / "cache.sqlite"), options, lexical or CountingLexical())


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "kho")


@pytest.fixture
def index(tmp_path: Path, archive: Path) -> Index[LexicalIndex]:
    opened = open_index(tmp_path / "idx")
    opened.ingest(archive)
    yield opened
    opened.close()


def test_forget_drops_a_document_from_catalog_vectors_and_registry(index: Index[LexicalIndex]) -> None:
    assert index.registry.lookup("1389/QĐ-UBND").in_archive

    index.forget(DECISION)

    assert DECISION not in index.catalog.files() and index.catalog.chunks_of(DECISION) == []
    assert DECISION not in index.store.doc_paths()
    report = index.registry.lookup("1389/QĐ-UBND")
    assert report is not None and not report.in_archive  # still cited by the reports, no longer held
    assert index.store.count() == sum(r.chunks for r in index.catalog.indexed_documents())  # the others stay whole


def test_a_snapshot_is_kept_until_the_index_changes_and_never_changes_itself(
    index: Index[LexicalIndex], archive: Path
) -> None:
    lexical = index._lexical
    first = index.snapshot()
    assert index.snapshot() is first
    index.ingest(archive)  # nothing changed in the archive: nothing to rebuild
    assert index.snapshot() is first and lexical.builds == 1

    index.forget(DECISION)
    second = index.snapshot()

    assert second is not first and lexical.builds == 2
    assert DECISION in first.documents and DECISION not in second.documents
    assert len(second.lexical) < len(first.lexical) and DECISION not in second.lexical.doc_paths
    assert second.catalog is first.catalog and second.registry is first.registry  # the reading handles are kept
    with pytest.raises(TypeError):
        first.documents[DECISION] = second.documents["khac/ghi-chu-la.txt"]  # type: ignore[index]


def test_a_file_re_read_with_the_same_bytes_gives_a_new_snapshot(index: Index[LexicalIndex], archive: Path) -> None:
    first = index.snapshot()
    with closing(sqlite3.connect(index.catalog.path)) as db, db:  # as if the rules changed since it was read
        db.execute("UPDATE files SET version = 'cu' WHERE path = ?", (DECISION,))
    index.ingest(archive)
    assert index.snapshot() is not first


def test_changes_wait_for_the_lock_whoever_holds_it(tmp_path: Path, index: Index[LexicalIndex], archive: Path) -> None:
    other = open_index(tmp_path / "idx")  # a second opener of the folder, as the CLI beside the web app
    done: list[str] = []
    workers = [
        threading.Thread(target=lambda: (other.forget(DECISION), done.append("forget"))),
        threading.Thread(target=lambda: (other.ingest(archive), done.append("ingest"))),
    ]
    try:
        with index.locked():
            for worker in workers:
                worker.start()
            time.sleep(1.0)
            assert done == [] and all(worker.is_alive() for worker in workers)
            done.append("released")
        for worker in workers:
            worker.join(timeout=60)
    finally:
        other.close()
    assert done[0] == "released" and sorted(done[1:]) == ["forget", "ingest"]


def _open_fds() -> int:
    gc.collect()  # what earlier tests dropped is closed now, not in the middle of the count
    return len(os.listdir("/proc/self/fd"))


def test_closing_an_index_releases_every_file_it_opened(tmp_path: Path, archive: Path) -> None:
    with open_index(tmp_path / "idx") as warm:  # Chroma and SQLite create their files on first use
        warm.ingest(archive)
        warm.snapshot()
    before = _open_fds()
    for _ in range(5):
        with open_index(tmp_path / "idx") as opened:
            opened.ingest(archive)
            opened.snapshot()
        with pytest.raises(sqlite3.ProgrammingError):
            opened.catalog.files()
    assert _open_fds() == before
