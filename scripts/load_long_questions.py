"""Does a normal question stay fast while others send very long ones? Latency of short questions under long ones.

    .venv/bin/python scripts/load_long_questions.py [--url http://127.0.0.1:7860/] [--long-clients 4]
        [--long-chars 1000] [--shape paste|parts] [--parts N] [--seconds 30] [--target-p95 2.0] [--json OUT.json]

Start the server first (`python -m assistant serve`, open mode: no users file). First one client asks normal
questions alone for --seconds/3 (the idle figure); then --long-clients clients each send --long-chars-character
questions back to back through the /chat API while the same client keeps asking normal questions for --seconds.
The time of one question is from the call to the complete answer, queue wait included. Two shapes of long question:

- paste: a memo pasted as context, then one question (what staff do; one part to retrieve);
- parts: clauses that each ask something (each part is retrieved and judged): with --parts N, N of them after the
  memo (6, the default TRO_LY_MAX_QUESTION_PARTS: the costliest question the limits let through); without, as many
  as fit (25 in 1,000 characters: refused by the parts limit, at once).

No two long questions are the same (the sentences rotate), so no cache answers them. A refusal (a question over
TRO_LY_MAX_QUESTION_CHARS) counts as a long answer, its time included: the server still had to say no.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_chat import BUILT_IN, percentile  # noqa: E402  (scripts/ is not a package)

# A memo as a clerk might paste it before asking: plain report sentences, none of them a question.
MEMO = (
    "Theo báo cáo của các sở, ngành, tình hình kinh tế - xã hội của tỉnh trong quý tiếp tục ổn định.",
    "Sản xuất công nghiệp duy trì đà tăng trưởng, nhiều doanh nghiệp có đơn hàng đến hết năm.",
    "Hoạt động thương mại, dịch vụ sôi động trong dịp lễ, tết; giá cả các mặt hàng thiết yếu cơ bản ổn định.",
    "Công tác quản lý vật liệu nổ công nghiệp được tăng cường, không để xảy ra sự cố mất an toàn.",
    "Các khu công nghiệp tiếp tục thu hút đầu tư, giải ngân vốn đầu tư công được đôn đốc quyết liệt.",
    "Công tác cải cách hành chính, chuyển đổi số được đẩy mạnh, tỷ lệ hồ sơ trực tuyến tăng so với cùng kỳ.",
    "Tuy nhiên, một số chỉ tiêu còn đạt thấp so với kế hoạch năm, cần có giải pháp khắc phục trong thời gian tới.",
)
NORMAL = BUILT_IN[:3]


def long_question(n: int, chars: int, shape: str, parts: int = 0) -> str:
    """The n-th long question of a shape, `chars` characters long, ending with what is asked; for "parts", `parts`
    asking clauses after the memo (0: asking clauses only, as many as fit)."""
    if shape == "parts":
        clauses = [q.rstrip("?") for q in BUILT_IN[:4]]  # the four that ask something ("bao nhiêu", "nào")
        asked = ", và ".join(clauses[(n + i) % len(clauses)] for i in range(parts or chars // 20 + 1))
        asked = asked[: chars - 1] + "?"
    else:
        asked = NORMAL[n % len(NORMAL)]
    sentences = [MEMO[(n + i) % len(MEMO)] for i in range(chars // 60 + 1)]
    memo = " ".join(sentences)[: max(chars - len(asked) - 1, 0)]
    return f"{memo} {asked}".lstrip()


@dataclass
class Figures:
    phase: str
    normal_answers: int
    normal_p50: float
    normal_p95: float
    normal_max: float
    long_answers: int
    long_errors: int
    long_p50: float
    long_max: float


def _summary(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return float("nan"), float("nan"), float("nan")
    return round(statistics.median(values), 3), round(percentile(values, 95), 3), round(max(values), 3)


def run_phase(url: str, long_clients: int, chars: int, shape: str, parts: int, seconds: float) -> Figures:
    from gradio_client import Client

    normal: list[float] = []
    long: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def ask_long(k: int) -> None:
        client = Client(url, verbose=False, download_files=False)
        n = k
        while not stop.is_set():
            began = time.perf_counter()
            try:
                client.predict(long_question(n, chars, shape, parts), api_name="/chat")
            except Exception:  # a refusal or a timeout message: counted, and the load goes on
                with lock:
                    errors[0] += 1
            with lock:
                long.append(time.perf_counter() - began)
            n += long_clients
        client.close()

    threads = [threading.Thread(target=ask_long, args=(k,), daemon=True) for k in range(long_clients)]
    for thread in threads:
        thread.start()
    if threads:
        time.sleep(min(3.0, seconds / 5))  # the long questions are already running when the first normal one comes
    client = Client(url, verbose=False, download_files=False)
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end:
        began = time.perf_counter()
        client.predict(NORMAL[i % len(NORMAL)], api_name="/chat")
        normal.append(time.perf_counter() - began)
        i += 1
        time.sleep(0.2)  # a person reads the answer before asking again
    client.close()
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    n50, n95, nmax = _summary(normal)
    l50, _, lmax = _summary(long)
    kind = f"{shape}, {parts} ý" if shape == "parts" and parts else shape
    phase = f"{long_clients} × {chars} ký tự ({kind})" if long_clients else "không tải"
    return Figures(phase, len(normal), n50, n95, nmax, len(long), errors[0], l50, lmax)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--long-clients", type=int, default=4)
    parser.add_argument("--long-chars", type=int, default=1000)
    parser.add_argument("--shape", choices=("paste", "parts"), default="paste")
    parser.add_argument("--parts", type=int, default=0, help="asking clauses in a 'parts' question (0: all it holds)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the loaded phase runs")
    parser.add_argument("--target-p95", type=float, default=2.0, help="seconds, for the normal questions")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    print(f"{args.url}; câu hỏi dài: {args.long_chars} ký tự, dạng {args.shape}")
    print(f"{'tải':<28} {'thường':>6} {'p50 s':>6} {'p95 s':>6} {'max s':>6} | {'dài':>4} {'lỗi':>4} {'p50 s':>6}")
    results = []
    for clients, seconds in ((0, args.seconds / 3), (args.long_clients, args.seconds)):
        figures = run_phase(args.url, clients, args.long_chars, args.shape, args.parts, seconds)
        results.append(figures)
        normal = f"{figures.normal_answers:>6} {figures.normal_p50:>6.2f} {figures.normal_p95:>6.2f}"
        long = f"{figures.long_answers:>4} {figures.long_errors:>4} {figures.long_p50:>6.2f}"
        print(f"{figures.phase:<28} {normal} {figures.normal_max:>6.2f} | {long}", flush=True)
    held = results[-1].normal_p95 < args.target_p95
    print(
        f"p95 câu hỏi thường khi có tải: {results[-1].normal_p95:.2f} s ({'đạt' if held else 'KHÔNG đạt'} < "
        f"{args.target_p95:g} s)"
    )
    if args.json:
        payload = {"url": args.url, "shape": args.shape, "phases": [asdict(f) for f in results], "held": held}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if held else 1


if __name__ == "__main__":
    raise SystemExit(main())
