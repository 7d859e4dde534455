#!/usr/bin/env python3
"""Check archive-new.jsonl (and the two halves split from it) against the project's catalogue.

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

Usage: python3 check.py [FILE.jsonl ...] [--catalog PATH] [--abstain]
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
    "an-abs-period-qn-xk-t11-2021": ["tháng 11/2021", "11 tháng đầu năm", "11 tháng năm 2021", "tháng 11 năm 2021"],
    "an-abs-period-tv-tietkiemdien-t3": [
        "tháng 3/2021",
        "tháng 03/2021",
        "tháng 3 năm 2021",
        "lũy kế 03 tháng",
        "lũy kế 3 tháng",
    ],
    "an-abs-period-lc-gcn-vlncn-t9-2026": ["tháng 9/2026", "tháng 9 năm 2026", "tháng 09/2026"],
    "an-abs-period-qn-iip-q3-2023": [
        "quý III/2023",
        "quý III năm 2023",
        "quý 3/2023",
        "9 tháng đầu năm 2023",
        "9 tháng năm 2023",
        "6 tháng đầu năm 2023",
    ],
    "an-abs-period-tv-gtsx-t2-2022": ["tháng 02/2022", "tháng 2/2022", "tháng 02 năm 2022", "tháng 2 năm 2022"],
    "an-abs-period-fu-qn-nk-t12": ["tháng 12/2021", "tháng 12 năm 2021"],
    "an-abs-place-binhdinh-iip-t10-2021": ["Bình Định"],
    "an-abs-place-fu-bentre-iip": ["Bến Tre"],
    "an-abs-place-sonla-kho-vlncn": ["Sơn La"],
    "an-abs-place-quangnam-hoadon": ["Quảng Nam"],
    "an-abs-place-moduc-nhatam": ["Mộ Đức"],
    "an-abs-place-phuyen-dutoan-dttg": ["Phú Yên"],
    "an-abs-doc-cv-4466-sct": ["4466"],
    "an-abs-doc-kh-3648-sct": ["3648"],
    "an-abs-doc-qd-3901-sct": ["3901"],
    "an-abs-doc-tt-27-2026-bct": ["27/2026"],
    "an-abs-doc-gp-4721-ubnd": ["4721"],
    "an-abs-doc-tb-4093-qn": ["4093"],
    "an-abs-topic-lc-gia-ron95": ["RON 95", "RON95", "giá xăng", "xăng RON"],
    "an-abs-topic-lc-bienche-sct": ["biên chế công chức", "số lượng biên chế", "giao biên chế"],
    "an-abs-topic-lc-cho-vmtm": ["chợ đạt chuẩn", "chợ văn minh", "văn minh thương mại"],
    "an-abs-topic-qn-tmdt-doanhthu": [
        "doanh thu thương mại điện tử",
        "doanh số thương mại điện tử",
        "giá trị giao dịch thương mại điện tử",
    ],
    "an-abs-topic-lc-khuyenmai-2026": [
        "thông báo khuyến mại",
        "chương trình khuyến mại",
        "thông báo thực hiện khuyến mại",
    ],
    "an-abs-topic-lc-gia-lonhoi": ["lợn hơi", "giá thịt", "giá lợn"],
    "an-abs-entity-ccn-minhquan2": ["Minh Quân 2", "Minh Quân II"],
    "an-abs-entity-fu-kcn-phuxuan2": ["Phú Xuân 2", "Phú Xuân II"],
    "an-abs-entity-kho-mongsen2": ["Móng Sến 2", "Móng Sến II"],
    "an-abs-entity-thaithinhphat": ["Thái Thịnh Phát"],
    "an-abs-entity-langlanh3": ["Làng Lạnh III", "Làng Lạnh 3"],
    "an-abs-entity-winmart-lci35": ["LCI 35", "LCI35"],
}


def norm(s):
    s = unicodedata.normalize("NFC", s).casefold()
    return re.sub(r"\s+", " ", s).strip()


def fold(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.replace("đ", "d").replace("Đ", "D")


def load_texts(catalog):
    con = sqlite3.connect(catalog)
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
