"""One ingest at a time per index folder, whoever starts it: CLI, web upload or delete, evaluation.

The lock is a lock file beside the catalog, taken with flock: another process waits on it, and so does another
thread of this one (each opens the file anew, and flock locks belong to the open file). It is re-entrant in the
thread that holds it: the web upload takes it around its own checks and then calls `ingest`, which takes it again.
The kernel drops a flock when its holder dies, so a killed ingest never leaves the index locked.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE = ".ingest.lock"
_held = threading.local()  # the lock files this thread holds: a nested `ingest_lock` must not wait on itself


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """Hold the ingest lock of `index_dir` (created if needed), waiting for whoever holds it now."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = (index_dir / LOCK_FILE).resolve()
    held: set[Path] = _held.__dict__.setdefault("paths", set())
    if path in held:
        yield
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("Một lượt nạp khác đang chạy trên chỉ mục %s; đang chờ nó xong...", index_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
            fcntl.flock(handle, fcntl.LOCK_UN)
