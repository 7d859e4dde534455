#!/usr/bin/env python3
"""Check a question set against the extracted text of its archive; shared by the eval/*/ folders.

The text helpers (norm, fold, word_re) follow the eval contract: NFC, case-folded, whitespace collapsed,
substring; probes match on word boundaries, with and without diacritics (đ -> d). demo-2/check.py uses them with
its own extraction of the demo's files.

Run as a script, it checks an archive set against the project's catalogue (data/index-full/catalog.sqlite, table
`chunks`, opened read-only with a sqlite URI mode=ro), which holds the extracted text of every archive file
exactly as the assistant sees it (DOCX/DOC text, PDF text layers, OCR of scanned pages). The text of a file is
its chunks joined in order. Prints:
  * every `answer_contains` alternative that is not found in the text of any file listed in the case's `sources`
    (the main check: nothing printed under MISSING means every alternative is verified);
  * structural problems (duplicate ids, unknown source paths, answerable cases without sources, unanswerable
    cases with sources or answers);
  * with --extra: for every answerable case, the files outside `sources` whose text holds every answer group;
  * with --abstain: for every unanswerable case, each probe phrase of the config's [probes] (with and without
    diacritics, on word boundaries) and the places where it occurs anywhere in the archive, text and file names,
    so a human can confirm that no document answers the question. Probe hits are printed for review; they are
    not errors.

Usage: python eval/tools/check_set.py eval/archive-3/set.toml [FILE.jsonl ...] [--catalog PATH] [--abstain] [--extra]
(without files: the config's whole set)
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

from set_config import load_config, read_cases

DEFAULT_CATALOG = "/work/main/data/index-full/catalog.sqlite"
FIELDS = ("id", "question", "history", "answerable", "answer_contains", "sources", "tags")


def norm(text: str) -> str:
    """NFC, case-folded, whitespace collapsed (FORMAT.md)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


def fold(text: str) -> str:
    """The text without diacritics (đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def word_re(term: str) -> re.Pattern[str]:
    """The term on word boundaries."""
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)")


def load_catalog(catalog: str | Path) -> dict[str, str]:
    """The normalised text of every file of the catalogue, read-only."""
    con = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        parts: dict[str, list[str]] = {}
        for path, text in con.execute("SELECT doc_path, text FROM chunks ORDER BY doc_path, ordinal"):
            parts.setdefault(path, []).append(text)
    finally:
        con.close()
    return {p: norm("\n".join(ts)) for p, ts in parts.items()}


def check_file(path: Path, texts: dict[str, str], problems: list[str], missing: list[str]) -> list[dict]:
    seen = set()
    cases = read_cases(path)
    for c in cases:
        cid = c.get("id")
        if cid in seen:
            problems.append(f"{path.name}: duplicate id {cid}")
        seen.add(cid)
        for k in FIELDS:
            if k not in c:
                problems.append(f"{path.name}: {cid}: no field {k}")
        for s in c["sources"]:
            if s not in texts:
                problems.append(f"{path.name}: {cid}: source not in catalogue: {s}")
        if c["answerable"]:
            if not c["sources"]:
                problems.append(f"{path.name}: {cid}: answerable without sources")
            for group in c["answer_contains"]:
                if not group:
                    problems.append(f"{path.name}: {cid}: empty group")
                for alt in group:
                    a = norm(alt)
                    if not any(a in texts.get(s, "") for s in c["sources"]):
                        missing.append(f"{path.name}: {cid}: {alt!r} not found in {c['sources']}")
        else:
            if c["answer_contains"] or c["sources"]:
                problems.append(f"{path.name}: {cid}: unanswerable case with answers or sources")
            if "abstain" not in c["tags"]:
                problems.append(f"{path.name}: {cid}: unanswerable case without tag abstain")
    return cases


def probe(folded: dict[str, str], term: str, width: int = 80) -> list[tuple[str, str]]:
    """Where the term occurs (without diacritics, on word boundaries) in the folded texts and their file names."""
    pat = word_re(fold(norm(term)))
    hits = []
    for p, ft in folded.items():
        if pat.search(fold(norm(p))):
            hits.append((p, "<file name>"))
        for m in pat.finditer(ft):
            hits.append((p, ft[max(0, m.start() - width) : m.end() + width]))
    return hits


def extra_files(c: dict, texts: dict[str, str]) -> list[str]:
    """The files outside the case's sources whose text holds every answer group."""
    return [
        p
        for p, t in texts.items()
        if p not in c["sources"] and all(any(norm(a) in t for a in g) for g in c["answer_contains"])
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config", type=Path, help="the folder's set.toml (whole set and probe phrases)")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--catalog", default=DEFAULT_CATALOG)
    ap.add_argument("--abstain", action="store_true", help="print probe hits for unanswerable cases")
    ap.add_argument("--extra", action="store_true", help="list files outside sources that hold every answer group")
    args = ap.parse_args(argv)
    config = load_config(args.config)
    files = [Path(f) for f in args.files] or [config.set]
    texts = load_catalog(args.catalog)
    problems: list[str] = []
    missing: list[str] = []
    all_cases: list[dict] = []
    for f in files:
        all_cases += check_file(f, texts, problems, missing)
    for m in missing:
        print("MISSING", m)
    for p in problems:
        print("PROBLEM", p)
    n_alt = sum(len(g) for c in all_cases for g in c["answer_contains"])
    print(f"checked {len(all_cases)} cases, {n_alt} alternatives: {len(missing)} missing, {len(problems)} problems")
    if args.extra:
        for c in all_cases:
            if not c["answerable"] or not c["answer_contains"]:
                continue
            extra = extra_files(c, texts)
            if extra:
                print(f"EXTRA {c['id']}: {len(extra)} other file(s) hold every group: {extra[:8]}")
    if args.abstain:
        folded = {p: fold(t) for p, t in texts.items()}
        for c in all_cases:
            if c["answerable"]:
                continue
            for term in config.probes.get(c["id"], []):
                hits = probe(folded, term)
                print(f"PROBE {c['id']}: {term!r}: {len(hits)} hit(s)")
                for p, ctx in hits[:6]:
                    print(f"    {p}: ...{ctx}...")
            if c["id"] not in config.probes:
                print(f"PROBE {c['id']}: no probe phrases recorded")
    return 1 if (missing or problems) else 0


if __name__ == "__main__":
    sys.exit(main())
