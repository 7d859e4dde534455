"""Sweep the answerability levels over question sets: abstention, false abstention and answer accuracy per setting.

Run it on the TUNING halves only (eval/*-tune.jsonl); the report halves, ../shared/eval/dev.jsonl and the held-out
set are for reporting, never for choosing a level.

TRO_LY_INDEX_DIR=data/index-full python scripts/calibrate_answerability.py eval/archive-tune.jsonl \\
    --coverage 0.3,0.4,0.5,0.6 --similarity none,0.78,0.80,0.82
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.answerability import Judge  # noqa: E402
from assistant.evaluation import build_report, load_cases, score_case  # noqa: E402
from assistant.factory import open_assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402


class RememberingRetriever:
    """Retrieval does not depend on the levels swept: each query is retrieved once."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.lexical = inner.lexical
        self.seen: dict[tuple[str, int, Any], Any] = {}

    def retrieve(self, query: str, k: int = 10, filters: Any = None, dense: bool = True) -> Any:
        key = (query, k, filters, dense)
        if key not in self.seen:
            self.seen[key] = self.inner.retrieve(query, k=k, filters=filters, dense=dense)
        return self.seen[key]


def _levels(text: str) -> list[float | None]:
    return [None if v.strip().lower() == "none" else float(v) for v in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="+", type=Path, help="tuning question sets (JSON Lines)")
    parser.add_argument("--coverage", default="0.3,0.4,0.5,0.6,0.7", help="min_coverage levels")
    parser.add_argument("--similarity", default="none,0.78,0.80,0.82,0.84", help="min_similarity levels")
    args = parser.parse_args()
    from assistant.chain import render

    with open_assistant(Settings.from_env()) as assistant:
        assistant.retriever = RememberingRetriever(assistant.retriever)
        cases = [case for path in args.questions for case in load_cases(path)]
        base = assistant.judge.config
        print(f"{'coverage':>9}{'similarity':>11}{'abstain':>9}{'false_abst':>11}{'answer':>8}{'cite_valid':>11}")
        for coverage, similarity in itertools.product(_levels(args.coverage), _levels(args.similarity)):
            config = replace(base, min_coverage=coverage, min_similarity=similarity)
            judge = Judge(assistant.judge.rarity, config, assistant.judge.aliases)
            assistant.judge = judge
            if hasattr(assistant.backend, "judge"):
                assistant.backend.judge = judge
            results = []
            for case in cases:
                answer = assistant.ask(case["question"], history=case["history"])
                results.append(score_case(case, answer, render(answer), 0.0))
            m = build_report(cases, results, 0.0)["metrics"]
            print(
                f"{coverage:>9}{similarity!s:>11}{m['abstention_accuracy']:>9.2f}{m['false_abstention']:>11.2f}"
                f"{m['answer_accuracy']:>8.2f}{m['citation_validity']:>11.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
