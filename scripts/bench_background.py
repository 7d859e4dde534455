"""Question latency while `serve` embeds in the background (assistant/web/background.py), against idle.

    .venv/bin/python scripts/bench_background.py --index INDEX_DIR --questions dev.jsonl [--pending N]
        [--rounds R] [--out OUT.json]

INDEX_DIR (a built index, e.g. data/index-full) is copied to a temporary directory; there the N smallest documents
are marked as waiting for their vectors (phase 2 ignores the vectors the copy still holds and embeds them again,
from an empty embedding cache: real work). The web app's context is opened over the copy with the configured
embedder, as `serve` opens it, and the questions are asked the way the chat asks them (its in-flight count
included), R rounds: first idle, then while the background worker embeds. It prints p50/p95/max of each and the
chunks the worker embedded meanwhile; it judges nothing. Skips (exit 0) when the index or the questions are absent.
"""

from __future__ import annotations

import argparse
import json
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
from assistant.web.context import WebContext  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=ROOT / "data" / "index-full", help="a built index (copied)")
    parser.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--pending", type=int, default=150, help="documents marked as waiting for vectors")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the questions, idle and then busy")
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
    with sqlite3.connect(index_dir / "catalog.sqlite") as db:
        db.execute(
            "UPDATE files SET embedded = 0 WHERE path IN"
            " (SELECT path FROM files WHERE status = 'indexed' ORDER BY size LIMIT ?)",
            (args.pending,),
        )
    settings = replace(Settings.from_env(), index_dir=index_dir, data_dir=work / "data", cache_dir=work / "cache")
    with make_runtime(settings) as runtime, WebContext.open(settings, runtime) as ctx:
        before = ctx.embedding_state()
        ask(ctx, questions[:3])  # the model and the caches warm up
        idle = ask(ctx, questions * args.rounds)
        ctx.start_embedding()
        time.sleep(5)  # the worker has loaded its batch and is embedding
        started = ctx.embedding_state()
        busy = ask(ctx, questions * args.rounds)
        during = ctx.embedding_state()
    assert before is not None and started is not None and during is not None
    return {
        "index": str(args.index),
        "questions": len(questions),
        "rounds": args.rounds,
        "pending_documents": before.documents - before.embedded,
        "pending_chunks": before.chunks_pending,
        "idle": figures(idle),
        "busy": figures(busy),
        "chunks_embedded_while_busy": started.chunks_pending - during.chunks_pending,
        "busy_seconds": round(sum(busy), 1),
    }


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
    idle, busy = report["idle"], report["busy"]
    return (
        f"{report['questions']} questions × {report['rounds']} rounds over {report['index']}"
        f" ({report['pending_documents']} documents, {report['pending_chunks']} chunks waiting for vectors)\n"
        f"idle: p50 {idle['p50_ms']} ms, p95 {idle['p95_ms']} ms, max {idle['max_ms']} ms\n"
        f"while embedding in the background: p50 {busy['p50_ms']} ms, p95 {busy['p95_ms']} ms, max {busy['max_ms']}"
        f" ms; the worker embedded {report['chunks_embedded_while_busy']} chunks in {report['busy_seconds']} s;"
        f" p95 ratio {busy['p95_ms'] / idle['p95_ms']:.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
