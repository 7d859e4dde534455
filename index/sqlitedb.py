"""The one way this project opens its SQLite files (catalog, registry, embedding cache, lexical index)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def connect(path: Path, schema: str) -> sqlite3.Connection:
    """Open (creating folder and tables if needed) a SQLite file in WAL mode, usable from the loader threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, factory=SharedConnection)
    db.execute("PRAGMA journal_mode=WAL")  # readers (a running chat) never block the ingest's writes
    db.executescript(schema)
    return db


ITERATION_PAGE = 512
"""Rows a `for row in cursor` fetches per call in flight."""


class SharedConnection(sqlite3.Connection):
    """A connection the app's threads share: `close` waits for the calls running on other threads, and a call after
    it raises sqlite3.ProgrammingError, as on any closed connection.

    Python releases the GIL while SQLite steps a statement, and its `close` frees the connection under a statement
    another thread is stepping: the interpreter crashed when a test's server closed its index while the work-area
    warm-up was still asking questions. SQLite itself is serialized (`sqlite3.threadsafety == 3`), so calls from
    several threads may run at once; only the close waits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._running = 0
        self._closed = False
        self._changed = threading.Condition()

    @contextmanager
    def in_use(self) -> Iterator[None]:
        with self._changed:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._running += 1
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.wait_for(lambda: self._running == 0)
        super().close()

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self.cursor(_SharedCursor).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        return self.cursor(_SharedCursor).executemany(sql, parameters)

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        return self.cursor(_SharedCursor).executescript(script)

    def commit(self) -> None:
        with self.in_use():
            super().commit()

    def rollback(self) -> None:
        with self.in_use():
            super().rollback()

    def __exit__(self, *exc: Any) -> Any:  # the C method commits or rolls back without calling the two above
        with self.in_use():
            return super().__exit__(*exc)


class _SharedCursor(sqlite3.Cursor):
    """A cursor whose every step counts as a call in flight on its SharedConnection."""

    connection: SharedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> _SharedCursor:
        with self.connection.in_use():
            return super().execute(sql, parameters)  # type: ignore[return-value]

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> _SharedCursor:
        with self.connection.in_use():
            return super().executemany(sql, parameters)  # type: ignore[return-value]

    def executescript(self, script: str, /) -> _SharedCursor:
        with self.connection.in_use():
            return super().executescript(script)  # type: ignore[return-value]

    def fetchone(self) -> Any:
        with self.connection.in_use():
            return super().fetchone()

    def fetchmany(self, size: int | None = None) -> list[Any]:
        with self.connection.in_use():
            return super().fetchmany(self.arraysize if size is None else size)

    def fetchall(self) -> list[Any]:
        with self.connection.in_use():
            return super().fetchall()

    # a page of rows per call in flight, not one: scans of a million chunks (a generator, not the cursor itself)
    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        while rows := self.fetchmany(ITERATION_PAGE):
            yield from rows

    def __next__(self) -> Any:
        with self.connection.in_use():
            return super().__next__()


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
