"""How many chats at once the web app holds: N simulated staff asking questions back to back through the /chat API.

    .venv/bin/python scripts/load_chat.py [--url http://127.0.0.1:7860/] [--levels 1,2,4,8] [--seconds 30]
        [--questions FILE.jsonl] [--target-p95 2.0] [--json OUT.json]

Start the server first (`python -m assistant serve`). For each level, that many threads, each with its own
gradio_client Client (its own session), ask questions one after another for --seconds; the time of one question
is from the call to the complete answer (sources included), queue wait included. Prints, per level, answers per
second and latency p50/p95/max, then the largest level whose p95 stays under --target-p95. Run it at lower
priority (`nice -n 5`) on the server's own machine: the figures then include the load generator's share of the CPU.
Questions come from ../shared/eval/dev.jsonl when present (one JSON object with "question" per line), else a
built-in list.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
BUILT_IN = [
    "Kim ngạch xuất khẩu quý I đạt bao nhiêu?",
    "Sản lượng bia các loại quý I ước đạt bao nhiêu?",
    "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng đạt bao nhiêu?",
    "Văn bản nào nhắc đến Quyết định 1389/QĐ-UBND?",
    "kiem tra an toan vat lieu no cong nghiep",
]


@dataclass
class Level:
    users: int
    answers: int
    errors: int
    seconds: float
    per_second: float
    p50: float
    p95: float
    max: float


def load_questions(path: Path | None) -> list[str]:
    path = path or DEFAULT_QUESTIONS
    if not path.exists():
        return BUILT_IN
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [r["question"] for r in rows if r.get("question") and not r.get("history")]
    return questions or BUILT_IN


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run_level(url: str, users: int, seconds: float, questions: list[str]) -> Level:
    from gradio_client import Client

    clients = [Client(url, verbose=False, download_files=False) for _ in range(users)]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(users + 1)
    deadline = [0.0]

    def user(n: int) -> None:
        client = clients[n]
        i = n  # users start at different questions, as real staff would
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            question = questions[i % len(questions)]
            i += users
            began = time.perf_counter()
            try:
                client.predict(question, api_name="/chat")
            except Exception as error:  # counted and reported: a load test must finish to say what failed
                with lock:
                    errors[0] += 1
                print(f"  lỗi: {error}", file=sys.stderr)
                continue
            with lock:
                latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    for client in clients:
        client.close()
    return Level(
        users=users,
        answers=len(latencies),
        errors=errors[0],
        seconds=round(elapsed, 1),
        per_second=round(len(latencies) / elapsed, 2),
        p50=round(statistics.median(latencies), 3) if latencies else float("nan"),
        p95=round(percentile(latencies, 95), 3),
        max=round(max(latencies), 3) if latencies else float("nan"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--levels", default="1,2,4,8", help="numbers of simultaneous users, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long each level runs")
    parser.add_argument("--questions", type=Path, help="JSONL with a 'question' per line")
    parser.add_argument("--target-p95", type=float, default=2.0, help="seconds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    levels = [int(n) for n in args.levels.split(",") if n.strip()]
    print(f"{len(questions)} câu hỏi; {args.url}; mỗi mức {args.seconds:.0f} s")
    print(f"{'users':>5} {'answers':>7} {'errors':>6} {'ans/s':>6} {'p50 s':>6} {'p95 s':>6} {'max s':>6}")
    results = []
    for users in levels:
        level = run_level(args.url, users, args.seconds, questions)
        results.append(level)
        print(
            f"{level.users:>5} {level.answers:>7} {level.errors:>6} {level.per_second:>6.2f} {level.p50:>6.2f}"
            f" {level.p95:>6.2f} {level.max:>6.2f}",
            flush=True,
        )
    best = 0  # the last level before the first one that misses the target (levels are asked in rising order)
    for level in sorted(results, key=lambda lv: lv.users):
        if level.errors or not level.p95 < args.target_p95:
            break
        best = level.users
    print(f"Số người hỏi cùng lúc với p95 < {args.target_p95:g} s: {best}")
    if args.json:
        payload = {"url": args.url, "questions": len(questions), "levels": [asdict(lv) for lv in results], "held": best}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
