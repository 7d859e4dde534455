"""Question latency while `serve` embeds in the background (assistant/web/background.py), against idle.

    .venv/bin/python scripts/bench_background.py --index INDEX_DIR --questions dev.jsonl [--pending N]
        [--rounds R] [--out OUT.json]

INDEX_DIR (a built index, e.g. data/index-full) is copied to a temporary directory; there the N smallest documents
are marked as waiting for their vectors (phase 2 ignores the vectors the copy still holds and embeds them again,
from an empty embedding cache: real work). The web app's context is opened over the copy with the configured
embedder, as `serve` opens it, and the questions are asked the way the chat asks them (its in-flight count
included), R rounds: first idle, then while the background worker embeds, then (--impolite) while a worker that
does not give way embeds (no nice, all cores, big batches, no waiting). It prints p50/p95/max of each, the chunks
committed and the CPU-seconds the process used meanwhile; it judges nothing. Skips (exit 0) when the index or the
questions are absent.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.factory import make_runtime  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.web.background import BackgroundEmbedding  # noqa: E402
from assistant.web.context import WebContext  # noqa: E402
from index.catalog import Catalog  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=ROOT / "data" / "index-full", help="a built index (copied)")
    parser.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--pending", type=int, default=150, help="documents marked as waiting for vectors")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the questions per condition")
    parser.add_argument("--impolite", action="store_true", help="also measure a worker that does not give way")
    parser.add_argument("--out", type=Path, help="also write the figures here as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.index / "catalog.sqlite").exists() or not args.questions.exists():
        print(f"skipped: no index at {args.index} or no questions at {args.questions}")
        return 0
    questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()]
    work = Path(tempfile.mkdtemp(prefix="bench-background-"))
    try:
        report = run(args, questions, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(format_report(report))
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def run(args: argparse.Namespace, questions: list[str], work: Path) -> dict:
    index_dir = work / "index"
    shutil.copytree(args.index, index_dir, ignore=shutil.ignore_patterns(".ingest.lock"))
    Catalog(index_dir / "catalog.sqlite").close()  # an index built before phase 2 existed gains its column
    with sqlite3.connect(index_dir / "catalog.sqlite") as db:
        db.execute(
            "UPDATE files SET embedded = 0 WHERE path IN"
            " (SELECT path FROM files WHERE status = 'indexed' ORDER BY size LIMIT ?)",
            (args.pending,),
        )
    settings = replace(Settings.from_env(), index_dir=index_dir, data_dir=work / "data", cache_dir=work / "cache")
    with make_runtime(settings) as runtime, WebContext.open(settings, runtime) as ctx:
        before = ctx.embedding_state()
        assert before is not None
        ask(ctx, questions[:3])  # the model and the caches warm up
        report: dict = {
            "index": str(args.index),
            "questions": len(questions),
            "rounds": args.rounds,
            "pending_documents": before.documents - before.embedded,
            "pending_chunks": before.chunks_pending,
        }
        # idle and busy rounds in turn, so that what else the machine does weighs on both alike
        conditions = [("idle", None), ("busy", True)] + ([("impolite", False)] if args.impolite else [])
        took: dict[str, list[dict]] = {name: [] for name, _ in conditions}
        for _ in range(args.rounds):
            for name, polite in conditions:
                if polite is not None:
                    ctx.background = BackgroundEmbedding(ctx, polite=polite).start()
                    time.sleep(5)  # the worker has read its files and is embedding
                took[name].append(measured(ctx, questions))
                if ctx.background is not None:
                    ctx.background.stop(wait=600)  # its batch done: no worker outlives its round
                    ctx.background = None
        report.update({name: merged(rounds) for name, rounds in took.items()})
    return report


def merged(rounds: list[dict]) -> dict:
    seconds = [s for r in rounds for s in r.pop("took")]
    totals = {key: round(sum(r[key] for r in rounds), 1) for key in ("seconds", "chunks_committed", "cpu_seconds")}
    return {**figures(seconds), **totals}


def measured(ctx: WebContext, questions: list[str]) -> dict:
    """The questions' latency, and the chunks committed and CPU-seconds this process used meanwhile."""
    state, cpu = ctx.embedding_state(), _cpu()
    took = ask(ctx, questions)
    after = ctx.embedding_state()
    assert state is not None and after is not None
    return {
        "took": took,
        "seconds": round(sum(took), 1),
        "chunks_committed": state.chunks_pending - after.chunks_pending,
        "cpu_seconds": round(_cpu() - cpu, 1),
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def ask(ctx: WebContext, questions: list[str]) -> list[float]:
    """Seconds each question takes to its last event, asked as the chat asks (counted as in flight)."""
    took = []
    for question in questions:
        started = time.perf_counter()
        assert ctx.assistant is not None
        for _ in ctx.activity.during(ctx.assistant.stream(question, [], None)):
            pass
        took.append(time.perf_counter() - started)
    return took


def figures(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "n": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def format_report(report: dict) -> str:
    idle = report["idle"]
    lines = [
        f"{report['questions']} questions × {report['rounds']} rounds over {report['index']}"
        f" ({report['pending_documents']} documents, {report['pending_chunks']} chunks waiting for vectors)"
    ]
    for name, what in [("idle", "idle"), ("busy", "background worker"), ("impolite", "worker not giving way")]:
        if name in report:
            f = report[name]
            lines.append(
                f"{what}: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, max {f['max_ms']} ms (p95 ×"
                f" {f['p95_ms'] / idle['p95_ms']:.2f}); {f['chunks_committed']} chunks committed and"
                f" {f['cpu_seconds']} CPU-s used in {f['seconds']} s"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
