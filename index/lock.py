"""One ingest at a time per index folder, whoever starts it: CLI, web upload or delete, evaluation.

The lock is a lock file beside the catalog, taken with flock: another process waits on it, and so does another
thread of this one (each opens the file anew, and flock locks belong to the open file). It is re-entrant in the
thread that holds it: the web upload takes it around its own checks and then calls `ingest`, which takes it again.
The kernel drops a flock when its holder dies, so a killed ingest never leaves the index locked.

Reading the files only an ingest's holder writes (the saved lexical index) takes it too, without waiting
(`ingest_lock_if_free`): a `serve` taking up another process's upload does so between ingests, never during one.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

LOCK_FILE = ".ingest.lock"
_held = threading.local()  # the lock files this thread holds: a nested `ingest_lock` must not wait on itself


@contextmanager
def ingest_lock(index_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the ingest lock of `index_dir` (created if needed), waiting for whoever holds it now; `on_wait` is
    called when that wait begins, to tell a person why nothing happens yet."""
    with _hold(index_dir, wait=True, on_wait=on_wait):
        yield


@contextmanager
def ingest_lock_if_free(index_dir: Path) -> Iterator[bool]:
    """Hold the ingest lock of `index_dir` if nobody else does; yields whether this thread holds it."""
    with _hold(index_dir, wait=False, on_wait=None) as held:
        yield held


@contextmanager
def _hold(index_dir: Path, *, wait: bool, on_wait: Callable[[], None] | None) -> Iterator[bool]:
    index_dir.mkdir(parents=True, exist_ok=True)
    path = (index_dir / LOCK_FILE).resolve()
    held: set[Path] = _held.__dict__.setdefault("paths", set())
    if path in held:
        yield True
        return
    with path.open("a") as handle:
        if not _try_flock(handle):
            if not wait:
                yield False
                return
            log.warning("Một lượt nạp khác đang chạy trên chỉ mục %s; đang chờ nó xong...", index_dir)
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(path)
        log.debug("lock taken: %s", path)  # with the time, these two show who held it when (tests/serve_hash.py)
        try:
            yield True
        finally:
            log.debug("lock released: %s", path)
            held.discard(path)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_flock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
