#!/usr/bin/env python3
"""Check eval/archive-3/archive-new.jsonl (and the two halves split from it) against the project's catalogue.

Adapted from eval/archive-2/check.py: the catalogue is opened read-only (sqlite URI mode=ro), and --extra lists,
for every answerable case, the files outside `sources` whose text holds every answer group (to review `sources`).

The catalogue (data/index-full/catalog.sqlite, table `chunks`) holds the extracted text of every archive
file exactly as the assistant sees it (DOCX/DOC text, PDF text layers, OCR of scanned pages). The text of a
file is its chunks joined in order. Matching follows the eval contract: NFC, case-folded, whitespace collapsed,
substring.

Prints:
  * every `answer_contains` alternative that is not found in the text of any file listed in the case's `sources`
    (the main check: nothing printed under MISSING means every alternative is verified);
  * structural problems (duplicate ids, unknown source paths, answerable cases without sources, unanswerable
    cases with sources or answers);
  * with --abstain: for every unanswerable case, each probe phrase (with and without diacritics, on word
    boundaries) and the places where it occurs anywhere in the archive, text and file names, so a human can
    confirm that no document answers the question. Probe hits are printed for review; they are not errors.

Usage: python3 check.py [FILE.jsonl ...] [--catalog PATH] [--abstain] [--extra]
"""

import argparse
import json
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CATALOG = "/work/main/data/index-full/catalog.sqlite"

# Phrases whose presence would suggest that an unanswerable case is answered somewhere after all.
ABSTAIN_PROBES = {
    "a3-abs-period-tv-dien-quyI": [
        "quý I/2021",
        "quý I năm 2021",
        "3 tháng đầu năm 2021",
        "lũy kế 03 tháng",
        "lũy kế 3 tháng",
        "tháng 3/2021",
    ],
    "a3-abs-period-qn-banle-9t-2021": ["9 tháng đầu năm 2021", "9 tháng năm 2021", "lũy kế 9 tháng", "tháng 9/2021"],
    "a3-abs-period-lc-thuocno-6t-2026": [
        "6 tháng đầu năm 2026",
        "sáu tháng đầu năm 2026",
        "khối lượng thuốc nổ các loại",
    ],
    "a3-abs-period-qn-xk-quyII-2023": ["quý II/2023", "quý II năm 2023", "6 tháng đầu năm 2023", "tháng 6/2023"],
    "a3-abs-period-fu-tv-phiencho-t3": ["phiên chợ hàng Việt", "gian hàng"],
    "a3-abs-place-kontum-hodien": ["Kon Tum"],
    "a3-abs-place-caobang-thuocno": ["Cao Bằng"],
    "a3-abs-place-khanhhoa-xk-q1": ["Khánh Hòa", "Khánh Hoà"],
    "a3-abs-place-tunghia-chxd": ["Tư Nghĩa"],
    "a3-abs-place-thainguyen-ccn": ["Thái Nguyên"],
    "a3-abs-doc-qd-2418-qn": ["2418"],
    "a3-abs-doc-cv-5127-sct": ["5127"],
    "a3-abs-doc-kh-447-sct": ["447/KH", "447/KH-SCT"],
    "a3-abs-doc-tt-47-2026-bct": ["47/2026"],
    "a3-abs-doc-ct-19-qn": ["19/CT-UBND", "19/CT"],
    "a3-abs-topic-lc-tramsac": ["trạm sạc", "sạc xe điện", "xe điện"],
    "a3-abs-topic-qn-xk-hatdieu": ["hạt điều", "điều nhân"],
    "a3-abs-topic-tv-bachhoaxanh": ["Bách Hóa Xanh", "Bách Hoá Xanh"],
    "a3-abs-topic-qn-lyson-khach": ["lượt khách", "khách du lịch"],
    "a3-abs-topic-fu-qn-giavang": ["giá vàng", "vàng miếng", "một lượng"],
    "a3-abs-entity-ccn-yenhop3": ["Yên Hợp 3", "Yên Hợp III"],
    "a3-abs-entity-kho-batxat": ["kho Bát Xát", "cụm kho Bát Xát"],
    "a3-abs-entity-ccn-baohung3": ["Bảo Hưng 3", "Bảo Hưng III"],
    "a3-abs-entity-k6-duyenhai": ["K6", "K6 Duyên Hải"],
}


def norm(s):
    s = unicodedata.normalize("NFC", s).casefold()
    return re.sub(r"\s+", " ", s).strip()


def fold(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.replace("đ", "d").replace("Đ", "D")


def load_texts(catalog):
    con = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    parts = {}
    for path, text in con.execute("SELECT doc_path, text FROM chunks ORDER BY doc_path, ordinal"):
        parts.setdefault(path, []).append(text)
    return {p: norm("\n".join(ts)) for p, ts in parts.items()}


def check_file(path, texts, problems, missing):
    seen = set()
    cases = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    for c in cases:
        cid = c.get("id")
        if cid in seen:
            problems.append(f"{path.name}: duplicate id {cid}")
        seen.add(cid)
        for k in ("id", "question", "history", "answerable", "answer_contains", "sources", "tags"):
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


def probe(texts, folded, term, width=80, limit=6):
    t = fold(norm(term))
    pat = re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)")
    hits = []
    for p, ft in folded.items():
        if pat.search(fold(norm(p))):
            hits.append((p, "<file name>"))
        for m in pat.finditer(ft):
            hits.append((p, ft[max(0, m.start() - width) : m.end() + width]))
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--catalog", default=DEFAULT_CATALOG)
    ap.add_argument("--abstain", action="store_true", help="print probe hits for unanswerable cases")
    ap.add_argument("--extra", action="store_true", help="list files outside sources that hold every answer group")
    args = ap.parse_args()
    files = [Path(f) for f in args.files] or [HERE / "archive-new.jsonl"]
    texts = load_texts(args.catalog)
    problems, missing, all_cases = [], [], []
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
            extra = [
                p
                for p, t in texts.items()
                if p not in c["sources"] and all(any(norm(a) in t for a in g) for g in c["answer_contains"])
            ]
            if extra:
                print(f"EXTRA {c['id']}: {len(extra)} other file(s) hold every group: {extra[:8]}")
    if args.abstain:
        folded = {p: fold(t) for p, t in texts.items()}
        for c in all_cases:
            if c["answerable"]:
                continue
            for term in ABSTAIN_PROBES.get(c["id"], []):
                hits = probe(texts, folded, term)
                print(f"PROBE {c['id']}: {term!r}: {len(hits)} hit(s)")
                for p, ctx in hits[:6]:
                    print(f"    {p}: ...{ctx}...")
            if c["id"] not in ABSTAIN_PROBES:
                print(f"PROBE {c['id']}: no probe phrases recorded")
    return 1 if (missing or problems) else 0


if __name__ == "__main__":
    sys.exit(main())
