"""The lexical index of a real index folder: loading it, one file removed and added back, a question's BM25.

    .venv/bin/python scripts/bench_lexical.py --index data/index-full [--file PATH] [--json OUT.json]

The catalogue and the lexical folder are copied to a temporary folder first (the index given is only read). Times:
loading the saved index in a fresh process as `serve` does (the first load of an index saved in an older format
rebuilds it, timed apart), removing one file from the catalogue and bringing the index in line, adding it back
and doing the same, and the BM25 scores of every chunk for each question of scale_corpus's kind. Printed, and
written to --json; never judged.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.lexical import LexicalIndex  # noqa: E402
from index.catalog import Catalog  # noqa: E402

QUESTIONS = (
    "sản lượng bia năm 2023", "kim ngach xuat khau quy I/2021", "Thông tư 43/2025/TT-BCT", "giá bán lẻ xăng RON 95",
    "tình hình kinh tế xã hội 6 tháng đầu năm", "điện thương phẩm", "vốn đầu tư công giải ngân", "xuất khẩu gạo",
    "thu ngân sách nhà nước 402,6 tỷ đồng", "chỉ số sản xuất công nghiệp tăng", "Bộ Công Thương", "hóa chất",
)  # fmt: skip


def opener(directory: Path):  # noqa: ANN201  # the app's way in, whichever version of the module this is
    kept_in = getattr(LexicalIndex, "kept_in", None)
    if kept_in is not None:
        return kept_in(directory)
    return lambda catalog: LexicalIndex.open(catalog, directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index folder (read only)")
    parser.add_argument("--file", help="the file removed and added back (default: the median by chunks)")
    parser.add_argument("--json", type=Path, metavar="OUT.json")
    parser.add_argument("--load-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_child:  # a fresh process: the saved index loaded as `serve` would
        catalog = Catalog(args.load_child / "catalog.sqlite")
        started, cpu = time.perf_counter(), time.process_time()
        loaded = opener(args.load_child / "lexical")(catalog)
        spent = {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}
        print(json.dumps(spent | {"chunks": len(loaded)}))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-lexical-", dir="/tmp") as temporary:
        figures = measure(args.index, Path(temporary), args.file)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def measure(index: Path, work: Path, chosen: str | None) -> dict:
    for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
        if (index / name).exists():
            shutil.copy2(index / name, work / name)
    if (index / "lexical").exists():
        shutil.copytree(index / "lexical", work / "lexical")
    figures: dict = {"first_load": load_in_child(work), "load": load_in_child(work)}
    catalog = Catalog(work / "catalog.sqlite")
    lexical = opener(work / "lexical")
    current = lexical(catalog)
    figures["chunks"] = len(current)
    spent = []
    for _ in range(5):
        for question in QUESTIONS:
            started = time.perf_counter()
            current.scores(question)
            spent.append(time.perf_counter() - started)
    p50, p95 = np.percentile(np.asarray(spent) * 1000, [50, 95])
    figures.update(scores_p50_ms=round(float(p50), 2), scores_p95_ms=round(float(p95), 2))

    records = {r.path: r for r in catalog.indexed_documents()}
    path = chosen or sorted(records, key=lambda p: (records[p].chunks, p))[len(records) // 2]
    record, chunks = records[path], catalog.chunks_of(path)
    assert record.meta is not None
    catalog.forget(path)
    started, cpu = time.perf_counter(), time.process_time()
    current = lexical(catalog)
    figures.update(_spent("remove", started, cpu))
    assert path not in set(current.doc_paths)
    catalog.record_indexed(path, record.sha256, record.size, record.kind or "", record.meta, chunks, record.version)
    started, cpu = time.perf_counter(), time.process_time()
    current = lexical(catalog)
    figures.update(_spent("add", started, cpu))
    assert current.doc_paths.count(path) == len(chunks)
    figures.update(file=path, file_chunks=len(chunks))
    catalog.close()
    return figures


def load_in_child(work: Path) -> dict:
    """Seconds to open the saved lexical index in a new process (rebuilding it if it is of an older format)."""
    command = [sys.executable, __file__, "--index", str(work), "--load-child", str(work)]
    started = time.perf_counter()
    shown = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    process = {"process_seconds": round(time.perf_counter() - started, 2)}
    return {"seconds": round(shown["seconds"], 2), "cpu_seconds": round(shown["cpu_seconds"], 2)} | process


def _spent(step: str, started: float, cpu: float) -> dict:
    """Wall and CPU seconds since then: on a shared machine the CPU time is the steadier figure."""
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    return {f"{step}_seconds": round(wall, 2), f"{step}_cpu_seconds": round(used, 2)}


if __name__ == "__main__":
    raise SystemExit(main())
