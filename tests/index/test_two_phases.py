"""Ingest in two phases (index/backlog.py): searchable by words and numbers first, embedded after; fusion of chunks
with and without vectors; an interrupted phase 2 leaves a consistent index and the next run finishes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lexical import LexicalIndex
from assistant.retrieval import RetrievalConfig, Retriever
from index.backlog import Pacing
from index.index import Index
from tests.assistant.conftest import DOCS, write_archive
from tests.index.test_index import open_index

REPORT = "bao-cao/BC-45 tinh hinh quy I.txt"
DECISION = "quyet-dinh/QD-1389.txt"
# a document added after the others were embedded: the best match by words for FERTILISER, and no vector yet
FERTILISER_DOC = "bao-cao/BC-91 phan bon.txt"
FERTILISER_TEXT = """UBND TỈNH HÒA BÌNH XANH
SỞ CÔNG THƯƠNG
Số: 91/BC-SCT
Hòa Bình Xanh, ngày 02 tháng 7 năm 2023
BÁO CÁO
Tình hình sản xuất phân bón hữu cơ 6 tháng đầu năm 2023
Sản lượng phân bón hữu cơ vi sinh ước đạt 12.400 tấn, tăng 8,2% so với cùng kỳ.
GIÁM ĐỐC
Trần Thị Mẫu
"""
FERTILISER = "sản lượng phân bón hữu cơ vi sinh quý I tỉnh Hòa Bình Xanh tăng so với cùng kỳ"


def retriever(index: Index[LexicalIndex], **config: object) -> Retriever:
    snapshot = index.snapshot()
    return Retriever(
        snapshot.catalog,
        snapshot.store,
        index.embedder,
        snapshot.lexical,
        RetrievalConfig(**config),  # type: ignore[arg-type]
        snapshot.glossary,
        snapshot.documents,
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "kho")


def test_phase_one_answers_by_words_number_and_registry_with_no_vector(tmp_path: Path, archive: Path) -> None:
    with open_index(tmp_path / "idx") as index:
        summary = index.make_searchable(archive)
        state = index.catalog.embedding_state()
        assert (state.documents, state.embedded) == (len(DOCS), 0)
        assert summary.chunks_pending_embedding == summary.chunks == state.chunks_pending > 0
        assert index.store.count() == 0 and index.embedder.calls == 0  # type: ignore[attr-defined]

        found = retriever(index).retrieve("sản lượng bia các loại quý I", k=3)
        assert found[0].doc_path == REPORT and found[0].dense_rank is None
        named = retriever(index).retrieve("Quyết định 1389/QĐ-UBND giao ai chủ trì?")
        assert named[0].doc_path == DECISION and named[0].number_match == "own"
        report = index.snapshot().registry.lookup("1389/QĐ-UBND")
        assert report is not None and REPORT in {c.doc_path for c in report.citations}
        assert index.embedder.calls == 0  # type: ignore[attr-defined]  # no question was embedded either


@pytest.mark.parametrize("fusion", ["weighted", "rrf"])
def test_a_chunk_without_vector_is_fused_on_its_lexical_score_alone(tmp_path: Path, archive: Path, fusion: str) -> None:
    with open_index(tmp_path / "idx") as index:
        index.ingest(archive)
        (archive / FERTILISER_DOC).write_text(FERTILISER_TEXT, encoding="utf-8")
        index.make_searchable(archive)
        assert [r.path for r in index.catalog.pending_embedding()] == [FERTILISER_DOC]

        fused = retriever(index, fusion=fusion).retrieve(FERTILISER, k=5)
        assert fused[0].doc_path == FERTILISER_DOC and fused[0].dense_rank is None
        if fusion == "weighted":
            # the score lexical retrieval alone gives it (no dense weight at all), where a chunk with a vector gets
            # half its lexical score plus half its similarity
            alone = {p.chunk.chunk_id: p.score for p in retriever(index, dense_weight=0.0).retrieve(FERTILISER)}
            assert fused[0].score == pytest.approx(alone[fused[0].chunk.chunk_id])
            # ...and without that, it would have lost: an embedded chunk scores above half of the best lexical score
            others = [p for p in fused if p.doc_path != FERTILISER_DOC]
            assert others and others[0].score > 1 - RetrievalConfig().dense_weight

        index.embed_pending()
        embedded = retriever(index, fusion=fusion).retrieve(FERTILISER, k=5)
        assert embedded[0].doc_path == FERTILISER_DOC and embedded[0].dense_rank is not None


def test_stopped_in_phase_two_the_index_is_consistent_and_the_next_run_finishes(tmp_path: Path, archive: Path) -> None:
    with open_index(tmp_path / "idx") as index:
        searchable = index.make_searchable(archive)
        committed = 0

        def count(what: str, n: int) -> None:
            nonlocal committed
            committed += n if what == "chunk" else 0

        def ctrl_c_once_a_file_is_done() -> None:
            if committed:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            index.embed_pending(count, pacing=Pacing(batch=2, pause=ctrl_c_once_a_file_is_done))
        done = {r.path for r in index.catalog.indexed_documents() if r.embedded}
        waiting = {r.path for r in index.catalog.pending_embedding()}
        assert done and waiting and done | waiting == set(DOCS)
        assert index.store.doc_paths() == done  # no vector of a file still waiting, every vector of a file done
        assert index.store.count() == sum(index.catalog.file(p).chunks for p in done)  # type: ignore[union-attr]

    with open_index(tmp_path / "idx") as reopened:  # a new process: the next run
        summary = reopened.ingest(archive)
        assert summary.files_unchanged == len(DOCS) and summary.files_new == 0
        assert summary.chunks_embedded == searchable.chunks - sum(
            reopened.catalog.file(p).chunks  # type: ignore[union-attr]
            for p in done
        )
        assert summary.chunks_pending_embedding == 0 and reopened.catalog.embedding_state().complete
        assert reopened.store.count() == summary.chunks


def test_vectors_stored_by_a_phase_two_killed_before_its_commit_are_not_trusted_then_redone(
    tmp_path: Path, archive: Path
) -> None:
    with open_index(tmp_path / "idx") as index:
        index.make_searchable(archive)
        record = index.catalog.file(REPORT)
        assert record is not None and record.meta is not None
        chunks = index.catalog.chunks_of(REPORT)
        # what a process killed between storing the vectors and marking the file leaves behind
        index.store.add(chunks, index.embedder.embed_documents([c.text for c in chunks]), record.meta)
        found = retriever(index).retrieve("sản lượng bia các loại quý I", k=3)
        assert found[0].doc_path == REPORT and found[0].dense_rank is None

        assert index.embed_pending() == sum(r.chunks for r in index.catalog.indexed_documents())
        assert index.catalog.embedding_state().complete
        assert index.store.count() == sum(r.chunks for r in index.catalog.indexed_documents())
