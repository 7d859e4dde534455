"""A SQLite connection the app's threads share: closing it while other threads read must not crash the interpreter
(CPython frees the connection under a statement another thread is stepping), and the readers get the usual error."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index.sqlitedb import connect

ROOT = Path(__file__).resolve().parents[2]

# Rounds of: readers scanning a table on one shared connection, and the connection closed under them. Before the
# connection waited for calls in flight, two runs in three of this died of a segmentation fault.
CLOSE_UNDER_READERS = textwrap.dedent(
    """
    import sqlite3, sys, threading, time
    from pathlib import Path
    from index.sqlitedb import connect

    folder = Path(sys.argv[1])
    refused = 0
    for round in range(12):
        db = connect(folder / f"shared{round}.sqlite", "CREATE TABLE t (a INTEGER, b TEXT);")
        with db:
            db.executemany("INSERT INTO t VALUES (?, ?)", ((i, str(i) * 20) for i in range(20000)))
        outcomes = []

        def read():
            try:
                while True:
                    db.execute("SELECT b, count(*) FROM t WHERE a % 7 = 3 GROUP BY b").fetchall()
                    sum(1 for _ in db.execute("SELECT a FROM t"))
            except sqlite3.ProgrammingError:
                outcomes.append("refused")

        readers = [threading.Thread(target=read) for _ in range(4)]
        for reader in readers:
            reader.start()
        time.sleep(0.15)
        db.close()
        for reader in readers:
            reader.join()
        refused += outcomes.count("refused")
    print("refused", refused)
    """
)


def test_closing_a_shared_connection_under_reading_threads_refuses_them_without_crashing(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", CLOSE_UNDER_READERS, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["refused", str(12 * 4)]


def test_a_shared_connection_reads_writes_and_iterates_as_sqlite3(tmp_path):
    db = connect(tmp_path / "plain.sqlite", "CREATE TABLE t (a INTEGER);")
    with db:
        db.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(1300)))
    assert [a for (a,) in db.execute("SELECT a FROM t ORDER BY a")] == list(range(1300))  # pages of rows
    cursor = db.execute("SELECT a FROM t WHERE a < 3 ORDER BY a")
    assert (next(cursor), cursor.fetchone(), cursor.fetchall()) == ((0,), (1,), [(2,)])
    with pytest.raises(ZeroDivisionError), db:  # a failed block rolls back
        db.execute("DELETE FROM t")
        raise ZeroDivisionError
    assert db.execute("SELECT count(*) FROM t").fetchone() == (1300,)
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")
