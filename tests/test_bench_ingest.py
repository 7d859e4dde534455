"""The ingest benchmark script: skips without an archive, draws its sample right, and reports sane figures."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import SCRIPTS, load_script


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("bench_ingest")


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo-archive")
    load_script("make_demo_archive").write_demo_archive(target)
    return target


def test_missing_archive_is_skipped_cleanly(bench, tmp_path, capsys):
    assert bench.main([str(tmp_path / "absent"), "--out", str(tmp_path / "bench.json")]) == 0
    assert "skipped: archive not found" in capsys.readouterr().out
    assert not (tmp_path / "bench.json").exists()


def test_sample_separates_text_files_from_scans(bench, demo_archive):
    files = sorted(p for p in demo_archive.rglob("*") if p.is_file())
    sample = bench.draw_sample(files, 2, seed=0, max_pages=100)
    assert len(sample.text_files) == 2
    assert [path.name for path, _ in sample.scanned] == ["TB_87-TB-SCT_25.3.2025_Ket-luan-hop-CCN_scan.pdf"]
    assert sample.ocr_pages == 1
    assert all("_scan" not in path.name for path in sample.text_files)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_bench_on_demo_archive_writes_sane_figures(demo_archive, tmp_path):
    out = tmp_path / "bench.json"
    script = SCRIPTS / "bench_ingest.py"
    done = subprocess.run(
        [sys.executable, str(script), str(demo_archive), "--sample", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "re-ingest of the unchanged sample" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))

    assert report["sample"]["n"] == 1
    assert report["text"]["files"] == 1 and report["text"]["pages_per_s"] > 0
    assert report["ocr"]["pages"] == 1 and report["ocr"]["failed"] == 0 and report["ocr"]["pages_per_s"] > 0
    assert report["embedding"]["chunks"] >= 1 and report["embedding"]["chars_per_s"] > 0
    assert report["memory"]["ingest_peak_rss_mb"] > 50
    assert report["sample_ingest"]["files_indexed"] == 2 and report["sample_ingest"]["pages_ocr"] == 1
    reingest = report["reingest"]
    assert reingest["second_run_files_unchanged"] == reingest["files"] == 2
    assert reingest["sha256_archive"]["files"] == 7
    coverage = report["coverage"]
    assert coverage["files_indexed"] == coverage["files_total"] == 2
    assert coverage["pages_ocr"] == 1
    assert coverage["with_number"] == coverage["documents"] == 2
    assert report["full"] is None
