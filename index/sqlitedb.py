"""The one way this project opens its SQLite files (catalog, registry, embedding cache)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path


def connect(path: Path, schema: str) -> sqlite3.Connection:
    """Open (creating folder and tables if needed) a SQLite file in WAL mode, usable from the loader threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")  # readers (a running chat) never block the ingest's writes
    db.executescript(schema)
    return db


class LockedDatabase:
    """A SQLite file the web app writes from several request threads: one connection, one lock around writes."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        self._db = connect(path, schema)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()


def utc_now(timespec: str = "seconds") -> str:
    """The time now as stored in these files: ISO 8601, UTC, to the second (or `timespec`)."""
    return datetime.now(UTC).isoformat(timespec=timespec)
