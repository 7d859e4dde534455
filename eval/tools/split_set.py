#!/usr/bin/env python3
"""Split a question set into its tuning and report halves with the deterministic rule of eval/README.md.

Answerable and unanswerable cases are split separately. Each case gets the key (sorted tuple of its tags' ranks
in the set's tag order -- `abstain` left out --, sha1 hex of its id); cases are sorted by the key and dealt
alternately: 1st, 3rd, 5th, ... to tune, 2nd, 4th, ... to report. Within each output file, lines are sorted
answerable first, then by id. A tag that is neither in the order nor `abstain` stops the split.

The whole set, the two halves and the tag order come from the folder's `set.toml` (see set_config.py); --set,
--tune and --report override the paths (e.g. to write the halves elsewhere). Prints the size of each half, the
count of every tag per half and the answerable cases by folder of their first source (from memory: the written
report half is not read back).

Usage: python eval/tools/split_set.py eval/archive-2/set.toml [--set PATH] [--tune PATH] [--report PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

from set_config import load_config, read_cases


def split(cases: list[dict], order: list[str]) -> tuple[list[dict], list[dict]]:
    unknown = {t for c in cases for t in c["tags"]} - set(order) - {"abstain"}
    if unknown:
        raise SystemExit(f"tags not in ORDER: {sorted(unknown)}")

    def key(c: dict) -> tuple[tuple[int, ...], str]:
        return (
            tuple(sorted(order.index(t) for t in c["tags"] if t in order)),
            hashlib.sha1(c["id"].encode()).hexdigest(),
        )

    tune: list[dict] = []
    report: list[dict] = []
    answerable = [c for c in cases if c["answerable"]]
    unanswerable = [c for c in cases if not c["answerable"]]
    for group in (answerable, unanswerable):
        for i, c in enumerate(sorted(group, key=key)):
            (tune if i % 2 == 0 else report).append(c)

    def lines(c: dict) -> tuple[bool, str]:
        return (not c["answerable"], c["id"])

    return sorted(tune, key=lines), sorted(report, key=lines)


def write(path: Path, cases: list[dict]) -> None:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")


def dash(n: int) -> str:
    return str(n) if n else "–"


def print_counts(tune: list[dict], report: list[dict], order: list[str]) -> None:
    def count(half: list[dict], ans: bool) -> Counter:
        return Counter(t for c in half if c["answerable"] == ans for t in c["tags"])

    ta, tu, ra, ru = count(tune, True), count(tune, False), count(report, True), count(report, False)
    print("\n| tag | tune (ans / unans) | report (ans / unans) |\n|---|---|---|")
    for t in ["abstain", *order]:
        if ta[t] + tu[t] + ra[t] + ru[t]:
            print(f"| {t} | {dash(ta[t])} / {dash(tu[t])} | {dash(ra[t])} / {dash(ru[t])} |")

    def folders(half: list[dict]) -> Counter:
        return Counter(c["sources"][0].split("/")[0] for c in half if c["answerable"] and c["sources"])

    ft, fr = folders(tune), folders(report)
    print("\nAnswerable cases by folder of the first source:\n\n| folder | tune | report |\n|---|---|---|")
    for name in dict.fromkeys([*ft, *fr]):
        print(f"| `{name}/` | {ft[name]} | {fr[name]} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path, help="the folder's set.toml")
    parser.add_argument("--set", type=Path, help="the whole set (default: the config's)")
    parser.add_argument("--tune", type=Path, help="where to write the tuning half (default: the config's)")
    parser.add_argument("--report", type=Path, help="where to write the report half (default: the config's)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    tune, report = split(read_cases(args.set or config.set), config.order)
    for path, half in ((args.tune or config.tune, tune), (args.report or config.report, report)):
        write(path, half)
        n_ans = sum(c["answerable"] for c in half)
        print(f"{path.name}: {len(half)} cases ({n_ans} answerable, {len(half) - n_ans} unanswerable)")
    print_counts(tune, report, config.order)


if __name__ == "__main__":
    main()
