"""`ingest` in two phases from the command line: the searchable line, the JSON fields, `--embed-only`."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.factory import make_embedder, open_index
from assistant.settings import Settings
from tests.assistant.conftest import DOCS, write_archive
from tests.assistant.test_cli import st_env  # noqa: F401  (fixture: the real MiniLM model, offline)


@pytest.mark.slow  # the real MiniLM model (st_env)
def test_ingest_says_when_the_archive_is_searchable_and_reports_both_phases(st_env, capsys):  # noqa: F811
    archive = write_archive(st_env / "kho")
    out = st_env / "summary.json"
    assert main(["ingest", str(archive), "--index", str(st_env / "idx"), "--json", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    searchable = printed.index(f"Đã tìm được theo từ khóa và số hiệu: {len(DOCS)} tệp")
    assert searchable < printed.index("Tệp trong kho:")  # said before phase 2, not with the summary
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert 0 < summary["seconds_to_searchable"] <= summary["seconds"]
    assert summary["chunks_pending_embedding"] == 0 and summary["chunks_embedded"] == summary["chunks"] > 0


@pytest.mark.slow  # the real MiniLM model (st_env)
def test_embed_only_finishes_what_phase_one_left(st_env, capsys):  # noqa: F811
    archive = write_archive(st_env / "kho")
    settings = Settings.from_env().with_index(st_env / "idx")
    with open_index(settings, make_embedder(settings)) as index:  # phase 1 only, as a run stopped after it leaves
        chunks = index.make_searchable(archive).chunks
    out = st_env / "summary.json"
    assert main(["ingest", "--embed-only", "--index", str(st_env / "idx"), "--json", str(out), "--no-progress"]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert (summary["chunks_embedded"], summary["chunks_pending_embedding"]) == (chunks, 0)
    assert summary["seconds_to_searchable"] == 0 and summary["files_indexed"] == len(DOCS)
    assert f"Đang nhúng {chunks} đoạn" in capsys.readouterr().out

    assert main(["ingest", "--embed-only", "--index", str(st_env / "idx"), "--json", str(out), "--no-progress"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["chunks_embedded"] == 0  # nothing left to do


def test_ingest_needs_an_archive_or_embed_only_and_an_index_for_it(tmp_path, capsys):
    assert main(["ingest", "--index", str(tmp_path / "idx")]) == 2
    assert "--embed-only" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path), "--embed-only", "--index", str(tmp_path / "idx")]) == 2
    assert main(["ingest", "--embed-only", "--index", str(tmp_path / "none")]) == 1
    assert "python -m assistant ingest" in capsys.readouterr().err
