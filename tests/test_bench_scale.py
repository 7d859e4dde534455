"""The scale benchmark: its synthetic archive is deterministic and well formed, and a tiny run reports every figure."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from assistant.vietnamese import doc_number_keys
from tests.conftest import SCRIPTS, load_script

BUILD = ("files", "seconds", "vectors_seconds", "catalogue_seconds", "registry_seconds", "bm25_seconds")
BACKEND = (
    "open_seconds",
    "serve_startup_seconds",
    "serve_rss_mb",
    "add_seconds",
    "add_ingest_seconds",
    "add_reload_seconds",
    "remove_seconds",
    "remove_forget_seconds",
    "remove_reload_seconds",
    "scan_hash_seconds",
    "vector_paths_seconds",
    *(f"{f}{kind}_{p}_ms" for f in ("", "filtered_") for kind in ("retrieve", "answer") for p in ("p50", "p95")),
)


def test_corpus_is_deterministic_and_sized():
    corpus = load_script("scale_corpus")
    first = list(corpus.documents(500, seed=3))
    again = list(corpus.documents(500, seed=3))
    assert first == again
    assert sum(len(doc.chunks) for doc in first) == 500
    assert all(len(doc.chunks) <= 100 for doc in first)
    assert all(len(doc.chunks) >= 10 for doc in first[:-1])  # only the last one is cut to fit
    assert len({doc.path for doc in first}) == len(first)


def test_corpus_numbers_parse_as_document_numbers():
    corpus = load_script("scale_corpus")
    docs = list(corpus.documents(2000, seed=0))
    for doc in docs:
        assert doc_number_keys(doc.meta.number), doc.meta.number
        assert f"Số: {doc.meta.number}" in doc.text()
    assert len({doc.meta.issuer for doc in docs}) > 5
    assert len({(doc.meta.date or "")[:4] for doc in docs}) > 5
    asked = corpus.questions(random.Random(0), [(d.meta.doc_type, d.meta.number) for d in docs], 12)
    numbers = {doc.meta.number for doc in docs}
    by_number = [q for q in asked if "/" in q]
    assert len(asked) == 12 and by_number
    assert all(any(n in q for n in numbers) for q in by_number)


def test_tiny_run_writes_every_figure(tmp_path: Path):
    out = tmp_path / "scale.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "bench_scale.py"), "--chunks", "300", "--queries", "8", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "300 chunks" in done.stdout
    [run] = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert run["chunks"] == 300 and run["server"] is None
    assert set(BUILD) <= set(run["build"])
    assert run["disk"]["total_bytes"] >= run["disk"]["chroma_bytes"] > 0
    embedded = run["embedded"]
    assert set(BACKEND) <= set(embedded), set(BACKEND) - set(embedded)
    assert embedded["add_found_first"] is True  # the file added is found by its number
    assert embedded["add_chunks"] > 0


def test_a_built_work_folder_is_measured_over_a_chroma_server_alone(tmp_path: Path):
    """A million chunks take hours: a later run measures the server over the folder built before, and what each
    backend measured is kept in the folder as it comes."""
    run = [
        sys.executable,
        str(SCRIPTS / "bench_scale.py"),
        "--chunks",
        "300",
        "--queries",
        "4",
        "--work",
        str(tmp_path),
    ]
    first = subprocess.run([*run, "--json", str(tmp_path / "a.json")], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    assert json.loads((tmp_path / "300" / "measured.json").read_text(encoding="utf-8"))["embedded"]
    out = tmp_path / "b.json"
    second = subprocess.run(
        [*run, "--chroma-server", "--server-only", "--json", str(out)], capture_output=True, text=True, timeout=600
    )
    assert second.returncode == 0, second.stderr[-2000:]
    [measured] = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert measured["reused"] == str(tmp_path / "300") and measured["embedded"] is None
    assert set(BACKEND) <= set(measured["server"]) and measured["server"]["add_found_first"] is True
