"""The catalog: a SQLite file beside the vectors that says which files are indexed, with their metadata and chunks.

It is the source of truth for "done": a file's row and its chunks are written in one transaction (phase 1 of an
ingest), and `embedded` says when its vectors are stored (phase 2), so an interrupted ingest leaves every listed file
complete. Vectors of unlisted files are ignored, and the vector journal names the documents whose vectors an
interrupted run may have left (index/journal.py). The rows as Python values: index/catalog_rows.py.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from index.catalog_rows import (
    CHUNK_COLUMNS,
    CHUNK_FIELDS,
    FILE_FIELDS,
    EmbeddingState,
    FileRecord,
    Totals,
    chunk_row,
    file_record,
    meta_json,
)
from index.records import Chunk, DocMeta
from index.sqlitedb import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT,
    status TEXT NOT NULL,          -- 'indexed' | 'skipped'
    reason TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    pages_ocr INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    meta TEXT,
    version TEXT NOT NULL DEFAULT '',  -- the pipeline version that read it: a rules change re-reads the file
    embedded INTEGER NOT NULL DEFAULT 1,  -- 0 while its chunks wait for their vectors (phase 2 of an ingest)
    mtime_ns INTEGER NOT NULL DEFAULT 0,  -- the file's modification time when hashed: 0 = unknown, hash it again
    indexed_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_path TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    heading TEXT NOT NULL,         -- JSON list: the heading path
    page_start INTEGER NOT NULL,
    page_end INTEGER NOT NULL,
    page_marks TEXT NOT NULL DEFAULT '[]'  -- JSON list of [offset, page]: where each page begins in the text
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_path, ordinal);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- documents whose vectors are being written or deleted: a path stays here until the catalogue agrees with the vector
-- store again, so an interrupted run's stray vectors are found without listing the whole collection
CREATE TABLE IF NOT EXISTS vector_journal (path TEXT PRIMARY KEY);
"""


class Catalog:
    """SQLite catalog of files, document metadata and chunk texts, at INDEX_DIR/catalog.sqlite."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, SCHEMA)
        _migrate(self._db)

    def close(self) -> None:
        self._db.close()

    # -- files -------------------------------------------------------------------------------------------------
    def files(self, with_meta: bool = True) -> dict[str, FileRecord]:
        """Every file's row; `with_meta=False`: without reading its metadata (meta None), for a scan of the stamps."""
        fields = FILE_FIELDS if with_meta else FILE_FIELDS.replace(" meta,", " NULL,")
        rows = self._db.execute(f"SELECT {fields} FROM files")
        return {row[0]: file_record(row) for row in rows}

    def indexed_paths(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT path FROM files WHERE status = 'indexed' ORDER BY path")]

    def totals(self) -> Totals:
        """Indexed files, their pages, OCR'd pages and chunks."""
        row = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(pages), 0), COALESCE(SUM(pages_ocr), 0), COALESCE(SUM(chunks), 0)"
            " FROM files WHERE status = 'indexed'"
        ).fetchone()
        return Totals(*(int(n) for n in row))

    def skipped(self) -> list[tuple[str, str]]:
        """(path, reason) of every file not indexed."""
        rows = self._db.execute("SELECT path, COALESCE(reason, '') FROM files WHERE status != 'indexed' ORDER BY path")
        return [(path, reason) for path, reason in rows]

    def file(self, path: str) -> FileRecord | None:
        row = self._db.execute(f"SELECT {FILE_FIELDS} FROM files WHERE path = ?", (path,)).fetchone()
        return file_record(row) if row else None

    def fingerprint(self) -> str:
        """Changes whenever a file is added, changed or removed: what is built over the catalog is rebuilt then."""
        rows = self._db.execute("SELECT path, sha256, status FROM files")
        state = sorted([path, sha256, status] for path, sha256, status in rows)
        return hashlib.sha256(json.dumps(state).encode()).hexdigest()

    def data_version(self) -> int:
        """SQLite's count of commits to this file by other connections: unchanged, nothing was written elsewhere."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def index_stamps(self) -> dict[str, str]:
        """Each indexed file's stamp, which changes whenever its row is written again (even with the same bytes, when
        a new pipeline version re-reads it): what is built per document over the catalog is rebuilt for it then."""
        rows = self._db.execute("SELECT path, sha256, version, chunks, indexed_at FROM files WHERE status = 'indexed'")
        return {path: f"{sha}|{version}|{chunks}|{at}" for path, sha, version, chunks, at in rows}

    def indexed_documents(self) -> list[FileRecord]:
        return sorted((r for r in self.files().values() if r.status == "indexed"), key=lambda r: r.path)

    def forget(self, path: str) -> None:
        """Drop a file and its chunks (before re-indexing it, or when it left the archive); its vectors are journalled
        for deletion in the same transaction (`settled` once they are gone)."""
        with self._db:
            self._db.execute("DELETE FROM chunks WHERE doc_path = ?", (path,))
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._db.execute("INSERT OR IGNORE INTO vector_journal VALUES (?)", (path,))

    def restamp(self, path: str, mtime_ns: int) -> None:
        """A file hashed again and found unchanged (touched, copied): its new time, so the next ingest skips it."""
        with self._db:
            self._db.execute("UPDATE files SET mtime_ns = ? WHERE path = ?", (mtime_ns, path))

    def record_indexed(
        self,
        path: str,
        sha256: str,
        size: int,
        kind: str,
        meta: DocMeta,
        chunks: list[Chunk],
        version: str = "",
        embedded: bool = True,
        mtime_ns: int = 0,
    ) -> None:
        """Write the file row and all its chunks in one transaction: the file is done when this returns (searchable
        by words at once; by meaning once `embedded`, or once `mark_embedded` says its vectors are stored)."""
        with self._db:
            self._db.execute("DELETE FROM chunks WHERE doc_path = ?", (path,))
            self._db.execute(
                "INSERT OR REPLACE INTO files (path, sha256, size, kind, status, reason, pages, pages_ocr, chunks,"
                " meta, version, embedded, mtime_ns)"
                " VALUES (?, ?, ?, ?, 'indexed', NULL, ?, ?, ?, ?, ?, ?, ?)",
                (
                    path,
                    sha256,
                    size,
                    kind,
                    meta.pages,
                    meta.pages_ocr,
                    len(chunks),
                    meta_json(meta),
                    version,
                    int(embedded),
                    mtime_ns,
                ),
            )
            self._db.executemany(
                f"INSERT INTO chunks ({CHUNK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.chunk_id,
                        c.doc_path,
                        c.ordinal,
                        c.text,
                        json.dumps(c.heading_path, ensure_ascii=False),
                        c.page_start,
                        c.page_end,
                        json.dumps(c.page_marks, separators=(",", ":")),
                    )
                    for c in chunks
                ],
            )

    def record_skipped(
        self, path: str, sha256: str, size: int, reason: str, version: str = "", mtime_ns: int = 0
    ) -> None:
        with self._db:
            self._db.execute("DELETE FROM chunks WHERE doc_path = ?", (path,))
            self._db.execute(
                "INSERT OR REPLACE INTO files (path, sha256, size, kind, status, reason, version, mtime_ns)"
                " VALUES (?, ?, ?, NULL, 'skipped', ?, ?, ?)",
                (path, sha256, size, reason, version, mtime_ns),
            )

    # -- vectors (phase 2) ------------------------------------------------------------------------------------------
    def pending_embedding(self) -> list[FileRecord]:
        """Indexed files whose chunks still wait for their vectors, smallest first (the order phase 2 takes)."""
        rows = self._db.execute(
            f"SELECT {FILE_FIELDS} FROM files WHERE status = 'indexed' AND embedded = 0 ORDER BY size, path"
        )
        return [file_record(row) for row in rows]

    def mark_embedded(self, path: str, sha256: str) -> bool:
        """Record that the file's vectors are stored, and settle its journal entry (`journal_vectors`); False when
        the file changed or left meanwhile (its vectors belong to no row then: the entry stays, and they go)."""
        with self._db:
            done = self._db.execute(
                "UPDATE files SET embedded = 1 WHERE path = ? AND sha256 = ? AND status = 'indexed'", (path, sha256)
            )
            if done.rowcount == 1:
                self._db.execute("DELETE FROM vector_journal WHERE path = ?", (path,))
        return done.rowcount == 1

    # -- the vector journal --------------------------------------------------------------------------------------
    def journal_vectors(self, paths: list[str]) -> None:
        """Before vectors of these documents are written: until `mark_embedded`, they are not to be trusted."""
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO vector_journal VALUES (?)", [(p,) for p in paths])

    def journalled(self) -> list[str]:
        """Documents whose vectors may disagree with this catalogue (an interrupted write or deletion)."""
        return [row[0] for row in self._db.execute("SELECT path FROM vector_journal ORDER BY path")]

    def settled(self, path: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM vector_journal WHERE path = ?", (path,))

    def embedding_state(self) -> EmbeddingState:
        row = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(embedded), 0), COALESCE(SUM(CASE WHEN embedded = 0 THEN chunks END), 0)"
            " FROM files WHERE status = 'indexed'"
        ).fetchone()
        return EmbeddingState(int(row[0]), int(row[1]), int(row[2]))

    # -- chunks ------------------------------------------------------------------------------------------------
    def all_chunks(self) -> Iterator[Chunk]:
        """Every chunk of every indexed file, in document order."""
        rows = self._db.execute(f"SELECT {CHUNK_FIELDS} FROM chunks ORDER BY doc_path, ordinal")
        for row in rows:
            yield chunk_row(row)

    def chunks_of(self, doc_path: str) -> list[Chunk]:
        rows = self._db.execute(
            f"SELECT {CHUNK_FIELDS} FROM chunks WHERE doc_path = ? ORDER BY ordinal",
            (doc_path,),
        )
        return [chunk_row(row) for row in rows]

    def chunk_ids_of(self, doc_path: str) -> list[str]:
        rows = self._db.execute("SELECT chunk_id FROM chunks WHERE doc_path = ?", (doc_path,))
        return [row[0] for row in rows]

    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        found: dict[str, Chunk] = {}
        for start in range(0, len(chunk_ids), 500):
            part = chunk_ids[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT chunk_id, {CHUNK_FIELDS} FROM chunks WHERE chunk_id IN ({marks})",
                part,
            )
            for row in rows:
                found[row[0]] = chunk_row(row[1:])
        return found

    # -- info --------------------------------------------------------------------------------------------------
    def get_info(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a catalog written by an earlier version up to this schema: its chunks read with no page marks, and its
    files count as embedded (an ingest then stored each file's vectors before its row), and are hashed again once."""
    added = (
        ("chunks", "page_marks", "TEXT NOT NULL DEFAULT '[]'"),
        ("files", "embedded", "INTEGER NOT NULL DEFAULT 1"),
        ("files", "mtime_ns", "INTEGER NOT NULL DEFAULT 0"),
    )
    for table, column, declaration in added:
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            with db:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
