"""Time and score answers of the configured backend (TRO_LY_LLM=off|local|openai) on cases of an eval set.

Each case goes through the streamed chain as the web UI consumes it, and is scored exactly as `python -m assistant
eval` scores it (same figures, by tag). Adds what the eval does not measure: time to first token and the peak resident
memory of this process (the model included when it runs in-process). The JSON is rewritten after every case, so a
long run stopped early still leaves its figures. The index must already be built.

    TRO_LY_LLM=local python scripts/bench_answers.py /work/shared/eval/dev.jsonl --index data/llm-index --limit 8
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answers import Done, Token  # noqa: E402
from assistant.chain import render  # noqa: E402
from assistant.evaluation import build_report, format_report, load_cases, score_case  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def time_case(assistant: Any, case: dict[str, Any]) -> dict[str, Any]:
    """One case through the streamed chain: the eval's scores plus time to first token."""
    started = time.perf_counter()
    first: float | None = None
    answer = None
    for event in assistant.stream(case["question"], history=case["history"]):
        if isinstance(event, Token) and first is None:
            first = time.perf_counter() - started
        elif isinstance(event, Done):
            answer = event.answer
    total = time.perf_counter() - started
    assert answer is not None
    row = score_case(case, answer, render(answer), total * 1000)
    row["ttft_s"] = round(first if first is not None else total, 2)
    row["total_s"] = round(total, 2)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N cases (0: all)")
    parser.add_argument("--ids", help="comma-separated case ids to run, in this order")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)

    from assistant.factory import open_assistant

    settings = Settings.from_env().with_index(args.index)
    cases = load_cases(args.questions)
    if args.ids:
        by_id = {c["id"]: c for c in cases}
        cases = [by_id[i] for i in args.ids.split(",")]  # in the order given: a run stopped early is a chosen subset
    elif args.limit:
        cases = cases[: args.limit]
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    with open_assistant(settings) as assistant:
        assistant.ask("khởi động")  # model load and first-use caches are not a question's latency
        warm_up_s = time.perf_counter() - t0
        rows: list[dict[str, Any]] = []
        summary: dict[str, Any] = {}
        for case in cases:
            row = time_case(assistant, case)
            rows.append(row)
            print(
                f"{row['id']:<28} ttft {row['ttft_s']:>6.1f} s  total {row['total_s']:>6.1f} s  ok={row['answer_ok']}  "
                f"cite={row['citation_ok']}  {' '.join(row['answer'].split())[:80]}",
                flush=True,
            )
            ttft = [r["ttft_s"] for r in rows]
            total = [r["total_s"] for r in rows]
            summary = {
                "backend": settings.llm,
                "context": settings.llm_context,
                "threads": settings.llm_threads,
                "rewrite": settings.llm_rewrite,
                "rerank": settings.llm_rerank,
                "cases": len(rows),
                "warm_up_s": round(warm_up_s, 1),
                "ttft_s_median": round(statistics.median(ttft), 2),
                "ttft_s_max": round(max(ttft), 2),
                "total_s_median": round(statistics.median(total), 2),
                "total_s_max": round(max(total), 2),
                "peak_rss_mb": round(peak_rss_mb()),
                "rss_before_model_mb": round(rss_before),
            }
            if args.json:
                report = build_report(cases[: len(rows)], rows, 0.0)
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps({"summary": summary, **report}, ensure_ascii=False, indent=2), "utf-8")
    print(format_report(build_report(cases[: len(rows)], rows, 0.0)))
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
