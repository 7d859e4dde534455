"""Split demo-new.jsonl into demo-tune3.jsonl and demo-report3.jsonl with the demo split rule of eval/README.md.

Usage: python split.py [--counts]

Rule (eval/README.md, "demo-*.jsonl"): answerable and unanswerable cases are taken separately; each case gets the
key (sorted tuple of the ranks of its tags in ORDER — `abstain` left out —, sha1 hex of its id); cases are sorted by
that key and dealt alternately, 1st, 3rd, 5th, … to tune and 2nd, 4th, … to report. Within each file, lines are
sorted answerable first, then by id. ORDER is the README's demo order with the tag new in this set (`list`)
appended at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "doc-missing", "place-miss", "period-miss", "topic-miss", "entity-miss", "first-screen", "followup",
    "multi-part", "doc-number", "metadata", "no-diacritics", "ocr", "numeric", "period", "table",
    "list",  # new in this set, appended
]  # fmt: skip


def key(case: dict) -> tuple[tuple[int, ...], str]:
    return (
        tuple(sorted(ORDER.index(t) for t in case["tags"] if t in ORDER)),
        hashlib.sha1(case["id"].encode()).hexdigest(),
    )


def split(cases: list[dict]) -> tuple[list[dict], list[dict]]:
    unknown = {t for c in cases for t in c["tags"]} - set(ORDER) - {"abstain"}
    if unknown:
        raise SystemExit(f"tags not in ORDER: {sorted(unknown)}")
    tune: list[dict] = []
    report: list[dict] = []
    answerable = [c for c in cases if c["answerable"]]
    unanswerable = [c for c in cases if not c["answerable"]]
    for group in (answerable, unanswerable):
        for i, c in enumerate(sorted(group, key=key)):
            (tune if i % 2 == 0 else report).append(c)
    order = lambda c: (not c["answerable"], c["id"])  # noqa: E731
    return sorted(tune, key=order), sorted(report, key=order)


def write(path: Path, cases: list[dict]) -> None:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")


def counts(cases: list[dict]) -> dict[str, tuple[int, int]]:
    ans = Counter(t for c in cases if c["answerable"] for t in c["tags"])
    una = Counter(t for c in cases if not c["answerable"] for t in c["tags"])
    return {t: (ans[t], una[t]) for t in ["abstain", *ORDER] if ans[t] or una[t]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", action="store_true", help="print a markdown table of tag counts per half")
    args = parser.parse_args()
    cases = [json.loads(line) for line in (HERE / "demo-new.jsonl").read_text(encoding="utf-8").splitlines() if line]
    tune, report = split(cases)
    write(HERE.parent / "demo-tune3.jsonl", tune)
    write(HERE.parent / "demo-report3.jsonl", report)

    def n(cs: list[dict]) -> str:
        answerable = sum(c["answerable"] for c in cs)
        return f"{len(cs)} cases: {answerable} answerable, {len(cs) - answerable} unanswerable"

    print(f"demo-tune3.jsonl   {n(tune)}")
    print(f"demo-report3.jsonl {n(report)}")
    if args.counts:
        ct, cr = counts(tune), counts(report)
        dash = lambda v: str(v) if v else "–"  # noqa: E731
        print("\n| tag | tune (ans / unans) | report (ans / unans) |\n|---|---|---|")
        for t in ["abstain", *ORDER]:
            a, b = ct.get(t, (0, 0)), cr.get(t, (0, 0))
            if any(a) or any(b):
                print(f"| {t} | {dash(a[0])} / {dash(a[1])} | {dash(b[0])} / {dash(b[1])} |")


if __name__ == "__main__":
    main()
