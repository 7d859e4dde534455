"""Why the assistant answered what it did: the retrieved passages and the best-scored answer units of a question.

TRO_LY_INDEX_DIR=data/shared-index python scripts/explain.py "Kim ngạch xuất khẩu quý I/2021 đạt bao nhiêu?"
python scripts/explain.py --case dv-num-lc-suoibac ../shared/eval/dev.jsonl   (a case of a question set)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.chain import render  # noqa: E402
from assistant.factory import open_assistant  # noqa: E402
from assistant.parts import part_question
from assistant.questions import Question  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("question", help="the question, or a case id with --case")
    parser.add_argument("questions", nargs="?", type=Path, help="a question set (with --case)")
    parser.add_argument("--case", action="store_true", help="QUESTION is a case id of the question set")
    parser.add_argument("--units", type=int, default=8, help="how many scored units to show")
    args = parser.parse_args()
    history: list[dict[str, str]] = []
    question = args.question
    if args.case:
        cases = {c["id"]: c for c in map(json.loads, args.questions.read_text(encoding="utf-8").splitlines()) if c}
        case = cases[args.question]
        question, history = case["question"], case.get("history", [])
        print("want:", case.get("answer_contains"), case.get("sources"))
    with open_assistant(Settings.from_env()) as assistant:
        answer = assistant.ask(question, history=history)
        query = answer.rewritten or question
        print("query:", query)
        for n, passage in enumerate(answer.passages, start=1):
            where = passage.chunk.heading_path[-1:]
            print(f"[{n}] {passage.score:.3f} {passage.number_match or '-':5} {passage.doc_path} :: {where}")
        judge = assistant.judge
        parts = Question(query).parts
        for part in parts:
            q = part_question(part, Question(query)) if len(parts) > 1 else Question(query)
            decision = judge.judge_one(q, list(answer.passages))
            print(f"part «{q.text}»: {decision.reason} wants={q.wants} unit={q.asked_unit} missing={decision.missing}")
            for unit in judge.units(q, list(answer.passages))[: args.units]:
                verdict = unit.failed or "OK"
                print(f"  {unit.score:.3f} cov={unit.coverage:.2f} {verdict:10} [{unit.passage + 1}] {unit.text[:150]}")
        print("---\n" + render(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
