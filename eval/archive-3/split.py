#!/usr/bin/env python3
"""Split eval/archive-3/archive-new.jsonl into eval/archive-tune4.jsonl and eval/archive-report4.jsonl.

The rule is the one in eval/README.md ("Split rule (deterministic)"), with this set's tag order:

    doc-missing, place-miss, period-miss, topic-miss, entity-miss, followup, ocr, multi-doc, table, task,
    directive, multi-part, no-diacritics, period, doc-number, metadata, numeric

Answerable and unanswerable cases are split separately. Each case gets the key (sorted tuple of its tags'
ranks in that list -- `abstain` left out --, sha1 hex of its id); cases are sorted by the key and dealt
alternately: 1st, 3rd, 5th, ... to tune, 2nd, 4th, ... to report. Within each output file, lines are sorted
answerable first, then by id. Prints the count of every tag per half (from memory; the written report half is
not read back).

Usage: python3 split.py [archive-new.jsonl]
"""

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "doc-missing",
    "place-miss",
    "period-miss",
    "topic-miss",
    "entity-miss",
    "followup",
    "ocr",
    "multi-doc",
    "table",
    "task",
    "directive",
    "multi-part",
    "no-diacritics",
    "period",
    "doc-number",
    "metadata",
    "numeric",
]
OUT_TUNE = "archive-tune4.jsonl"
OUT_REPORT = "archive-report4.jsonl"


def key(c):
    return (
        tuple(sorted(ORDER.index(t) for t in c["tags"] if t in ORDER)),
        hashlib.sha1(c["id"].encode()).hexdigest(),
    )


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "archive-new.jsonl"
    cases = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown = {t for c in cases for t in c["tags"] if t not in ORDER and t != "abstain"}
    if unknown:
        sys.exit(f"tags not in ORDER: {sorted(unknown)}")
    answerable = [c for c in cases if c["answerable"]]
    unanswerable = [c for c in cases if not c["answerable"]]
    tune, report = [], []
    for group in (answerable, unanswerable):
        for i, c in enumerate(sorted(group, key=key)):
            (tune if i % 2 == 0 else report).append(c)
    for name, half in ((OUT_TUNE, tune), (OUT_REPORT, report)):
        half.sort(key=lambda c: (not c["answerable"], c["id"]))
        with open(HERE.parent / name, "w", encoding="utf-8") as f:
            for c in half:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        n_ans = sum(c["answerable"] for c in half)
        print(f"{name}: {len(half)} cases ({n_ans} answerable, {len(half) - n_ans} unanswerable)")

    def count(half, ans):
        return Counter(t for c in half if c["answerable"] == ans for t in c["tags"])

    def folders(half):
        return Counter(c["sources"][0].split("/")[0] for c in half if c["answerable"])

    print(f"{'tag':15} tune (ans / unans)   report (ans / unans)")
    for t in ["abstain"] + ORDER:
        ta, tu, ra, ru = count(tune, True)[t], count(tune, False)[t], count(report, True)[t], count(report, False)[t]
        if ta + tu + ra + ru:
            print(f"{t:15} {ta:>4} / {tu:<4}          {ra:>4} / {ru:<4}")
    print("answerable by folder of first source: tune", dict(folders(tune)), "report", dict(folders(report)))


if __name__ == "__main__":
    main()
