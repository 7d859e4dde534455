"""Would one weighted score over the answerability tests decide and rank better than the tests as vetoes?

Each candidate unit carries the outcome and measure of every test (`Unit.signals`: coverage, named things, period,
kind, document similarity, rank ...). This script asks every case of the question sets as the chain does, labels a
unit as answering when it holds one of the case's `answer_contains` alternatives, fits a logistic weighting of the
signals on the TUNING sets (numpy, no extra package), and prints, for the tuning sets (left-one-set-out) and the
report sets (fitted on all tuning sets), what today's vetoes and the weighted score give at several levels:

  acc    the part's best unit holds an expected answer   (a proxy of answer accuracy: eval quotes up to 2 units)
  FA     answerable cases declined                        abst   unanswerable cases declined

TRO_LY_INDEX_DIR=data/index-full python scripts/weigh_answerability.py --tune eval/archive-tune*.jsonl \\
    --report eval/archive-report*.jsonl ../shared/eval/dev.jsonl
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.answerability import Judge  # noqa: E402
from assistant.chain import Assistant, Request  # noqa: E402
from assistant.evaluation import load_cases  # noqa: E402
from assistant.factory import open_assistant  # noqa: E402
from assistant.parts import part_question  # noqa: E402
from assistant.questions import Question  # noqa: E402
from assistant.settings import Settings  # noqa: E402

Unit = dict[str, Any]  # {"signals": {...}, "passes": bool, "score": float, "label": bool}
Case = dict[str, Any]  # {"set", "answerable", "labelled", "parts": [[Unit, ...], ...]}
LEVELS = (0.5, 0.7, 0.8, 0.9)
PASSES = -1e300  # the level at which vetoes() answers: some unit passes (one that fails scores -inf)


def _form(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def collect(assistant: Assistant, path: Path) -> list[Case]:
    """Every case of a set with every candidate unit of each of its parts, as the chain judges them."""
    cases = []
    for case in load_cases(path):
        query = assistant.rewrite(Request(case["question"], tuple(case["history"]), None))
        passages = assistant.retrieve(query)
        whole = Question(query)
        parts = [part_question(p, whole) for p in whole.parts] if len(whole.parts) > 1 else [whole]
        expected = [_form(alt) for group in case["answer_contains"] for alt in group]
        units = [
            [
                {
                    "signals": dict(u.signals),
                    "passes": u.failed is None,
                    "score": u.score,
                    "label": any(alt in _form(u.text) for alt in expected),
                }
                for u in assistant.judge.units(part, passages)
            ]
            for part in parts
        ]
        cases.append({"set": path.stem, "answerable": case["answerable"], "labelled": bool(expected), "parts": units})
    return cases


def features(unit: Unit) -> list[float]:
    s = unit["signals"]
    return [
        s["coverage"],
        1 / (1 + s["rank"]),
        s["own"],
        s["header"],
        s["asked_header"],
        s["kind_ok"],
        float(s["named_missing"] == 0),
        s["keys_ok"],
        s["document_ok"],
        s["period_ok"],
        s["similarity"],
        s["named_here"],
        s["cites"],
        math.log1p(s["length"]),
        s["sibling"],
        float(unit["passes"]),
    ]


def fit(cases: list[Case], l2: float = 1.0, steps: int = 300, passing: bool = False) -> Callable[[Unit], float]:
    """Logistic weights by Newton steps, classes balanced (few units answer); returns the unit's probability.
    `passing`: fitted on the units that pass every test only, to order them (the vetoes still decide)."""
    rows, labels = [], []
    for case in cases:
        for part in case["parts"]:
            part = [u for u in part if u["passes"]] if passing else part
            if case["answerable"] and not any(u["label"] for u in part):
                continue  # the answer is not among the candidates: nothing to learn about ranking
            rows += [[*features(u), 1.0] for u in part]
            labels += [float(case["answerable"] and u["label"]) for u in part]
    x, y = np.array(rows), np.array(labels)
    balance = np.where(y == 1, len(y) / (2 * max(y.sum(), 1)), len(y) / (2 * max(len(y) - y.sum(), 1)))
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (balance * (p - y)) + l2 * w
        hess = (x * (balance * p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return lambda u: float(1 / (1 + math.exp(-np.dot(w, [*features(u), 1.0]))))


def vetoes(unit: Unit) -> float:
    """Today's rule: the best-scored unit among those that pass every test; none passes → declined."""
    return unit["score"] if unit["passes"] else -math.inf


def ordered(weighted: Callable[[Unit], float]) -> Callable[[Unit], float]:
    """The vetoes decide; the weighted score orders the units that pass."""
    return lambda u: weighted(u) if u["passes"] else -math.inf


def outcome(cases: list[Case], score: Callable[[Unit], float], level: float) -> Counter[str]:
    counts: Counter[str] = Counter()
    for case in cases:
        best = [max(part, key=score, default=None) for part in case["parts"]]
        answered = any(u is not None and score(u) >= level for u in best)
        if not case["answerable"]:
            counts["unanswerable"] += 1
            counts["answered_unanswerable"] += answered
        elif case["labelled"]:
            counts["answerable"] += 1
            counts["declined"] += not answered
            counts["right"] += answered and any(u is not None and u["label"] for u in best)
    return counts


def line(name: str, c: Counter[str]) -> str:
    n, m = max(c["answerable"], 1), max(c["unanswerable"], 1)
    acc, fa, abst = c["right"] / n, c["declined"] / n, 1 - c["answered_unanswerable"] / m
    sizes = f"(answerable {c['answerable']}, not {c['unanswerable']})"
    return f"{name:28} acc={acc:.2f} FA={fa:.2f} abst={abst:.2f}  {sizes}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tune", nargs="+", type=Path, required=True, help="tuning sets (weights are fitted here)")
    parser.add_argument("--report", nargs="*", type=Path, default=[], help="report-only sets")
    args = parser.parse_args()
    with open_assistant(Settings.from_env()) as assistant:
        judge = assistant.judge
        assistant.judge = Judge(judge.rarity, replace(judge.config, record_signals=True), judge.aliases)
        tune = [c for path in args.tune for c in collect(assistant, path)]
        report = [c for path in args.report for c in collect(assistant, path)]
    print(line("tune, vetoes", outcome(tune, vetoes, PASSES)))
    sets = sorted({c["set"] for c in tune})
    for level in LEVELS:
        total: Counter[str] = Counter()
        for held in sets:  # left-one-set-out: each tuning set scored by weights fitted on the others
            total += outcome([c for c in tune if c["set"] == held], fit([c for c in tune if c["set"] != held]), level)
        print(line(f"tune, weighted ≥ {level}", total))
    total = Counter()
    for held in sets:
        fitted = fit([c for c in tune if c["set"] != held], passing=True)
        total += outcome([c for c in tune if c["set"] == held], ordered(fitted), PASSES)
    print(line("tune, vetoes, weighted order", total))
    if report:
        weighted = fit(tune)
        print(line("report, vetoes", outcome(report, vetoes, PASSES)))
        for level in LEVELS:
            print(line(f"report, weighted ≥ {level}", outcome(report, weighted, level)))
        print(line("report, vetoes, weighted order", outcome(report, ordered(fit(tune, passing=True)), PASSES)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
