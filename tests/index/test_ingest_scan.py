"""What an ingest reads of an archive it already holds: no file whose size and time are unchanged is hashed again,
and the vectors an interrupted run left are found from the catalogue's journal, not by listing every vector."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from index import pipeline
from index.journal import JOURNAL_KEPT
from tests.assistant.conftest import DOCS, write_archive
from tests.index.test_index import open_index

REPORT = "bao-cao/BC-45 tinh hinh quy I.txt"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "kho")


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the ingest hashes, in order."""
    seen: list[Path] = []
    real = pipeline.file_sha256

    def counting(file: Path) -> str:
        seen.append(file)
        return real(file)

    monkeypatch.setattr(pipeline, "file_sha256", counting)
    return seen


def test_unchanged_files_are_not_hashed_again_and_a_touched_one_once(tmp_path, archive, hashed) -> None:
    with open_index(tmp_path / "idx") as index:
        index.ingest(archive)
        assert len(hashed) == len(DOCS)
        hashed.clear()

        summary = index.ingest(archive)
        assert hashed == [] and summary.files_unchanged == len(DOCS)

        report = archive / REPORT
        os.utime(report, ns=(report.stat().st_atime_ns, report.stat().st_mtime_ns + 10**9))  # a copy, a touch
        summary = index.ingest(archive)
        assert [p.name for p in hashed] == [report.name] and summary.files_unchanged == len(DOCS)
        hashed.clear()
        assert index.ingest(archive).files_unchanged == len(DOCS) and hashed == []  # its new time was kept


def test_a_file_changed_to_the_same_size_is_read_again(tmp_path, archive) -> None:
    with open_index(tmp_path / "idx") as index:
        index.ingest(archive)
        report = archive / REPORT
        text = report.read_text(encoding="utf-8")
        figure = re.search(r"\d+,\d+", text)
        assert figure is not None
        changed = figure.group().replace(",", ".")  # same bytes, another figure
        report.write_text(text.replace(figure.group(), changed, 1), encoding="utf-8")
        assert report.stat().st_size == len(text.encode())
        summary = index.ingest(archive)
        assert summary.files_updated == 1
        assert any(changed in c.text for c in index.catalog.chunks_of(REPORT))


def test_vectors_of_a_removal_killed_midway_are_deleted_without_listing_the_store(
    tmp_path, archive, monkeypatch
) -> None:
    with open_index(tmp_path / "idx") as index:
        index.ingest(archive)
        chunks = index.catalog.file(REPORT).chunks  # type: ignore[union-attr]
        before = index.store.count()
        # the process dies after the catalogue forgot the file, before its vectors were deleted
        index.catalog.forget(REPORT)
        assert index.store.count() == before and index.catalog.journalled() == [REPORT]

        def listing() -> set[str]:
            raise AssertionError("an ingest listed every vector")

        monkeypatch.setattr(index.store, "doc_paths", listing)
        (archive / REPORT).unlink()
        index.ingest(archive)
        assert index.store.count() == before - chunks and index.catalog.journalled() == []


def test_vectors_written_by_a_killed_phase_two_of_a_file_since_removed_are_deleted(tmp_path, archive) -> None:
    with open_index(tmp_path / "idx") as index:
        index.make_searchable(archive)
        record = index.catalog.file(REPORT)
        assert record is not None and record.meta is not None
        chunks = index.catalog.chunks_of(REPORT)
        # phase 2 journals the file, stores its vectors, and dies before marking it embedded
        index.catalog.journal_vectors([REPORT])
        index.store.add(chunks, index.embedder.embed_documents([c.text for c in chunks]), record.meta)
        index.embed_pending()
        assert index.catalog.journalled() == []
        assert index.store.count() == sum(r.chunks for r in index.catalog.indexed_documents())


def test_a_catalogue_written_before_the_journal_lists_the_vectors_once(tmp_path, archive, monkeypatch) -> None:
    with open_index(tmp_path / "idx") as index:
        index.ingest(archive)
        record = index.catalog.file(REPORT)
        assert record is not None and record.meta is not None
        # an old catalogue: no journal kept, and vectors of a file it never listed
        index.catalog.set_info(JOURNAL_KEPT, "no")
        stray = [replace(c, doc_path="khac/bo-lai.txt") for c in index.catalog.chunks_of(REPORT)]
        index.store.add(stray, index.embedder.embed_documents([c.text for c in stray]), record.meta)
        listed = []
        real = index.store.doc_paths

        def listing() -> set[str]:
            listed.append(1)
            return real()

        monkeypatch.setattr(index.store, "doc_paths", listing)
        index.ingest(archive)
        index.ingest(archive)
        assert listed == [1] and "khac/bo-lai.txt" not in real()
