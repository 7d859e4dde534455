"""The one way this project opens its SQLite files (catalog, registry, embedding cache)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: Path, schema: str) -> sqlite3.Connection:
    """Open (creating folder and tables if needed) a SQLite file in WAL mode, usable from the loader threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")  # readers (a running chat) never block the ingest's writes
    db.executescript(schema)
    return db
