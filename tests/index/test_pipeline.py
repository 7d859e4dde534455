"""The whole ingest on real files: incremental by content hash, bad input skipped with a reason, resumable."""

from __future__ import annotations

import shutil
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.lexical import LexicalIndex
from index import pipeline
from index.embedding import EmbeddingCache
from index.index import Index
from index.ocr import OcrConfig
from index.pipeline import IngestOptions
from index.vectors import VectorStore
from tests.chroma_server import chroma_server
from tests.data.fixtures import (
    SAMPLE_HEADER_LEFT,
    SAMPLE_HEADER_RIGHT,
    make_docx,
    make_encrypted_pdf,
    make_scanned_pdf,
    make_text_pdf,
    make_zip_bomb_docx,
)

REPORT = [
    "UBND TỈNH HÒA BÌNH XANH\nSỞ CÔNG THƯƠNG\nSố: 123/BC-SCT\nBÁO CÁO\nTình hình thương mại quý I năm 2023\n"
    "I. TÌNH HÌNH THỰC HIỆN\n1. Xuất khẩu\nKim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD, tăng 12% so với cùng kỳ.",
    "2. Bán lẻ\nTổng mức bán lẻ hàng hóa ước đạt 3.781 tỷ đồng.\nII. NHIỆM VỤ QUÝ II\nTiếp tục theo dõi thị trường.",
]


def make_archive(root: Path) -> Path:
    make_text_pdf(root / "bao-cao" / "BC-123 quý I.pdf", REPORT)
    make_docx(
        root / "cong-van" / "Công văn số 45 về điện.docx",
        ["V/v kiểm tra an toàn điện", "Sở Công Thương đề nghị các đơn vị kiểm tra an toàn điện trước mùa mưa."],
        table=[["Đơn vị", "Số trạm"], ["Điện lực A", "12"], ["Điện lực B", "7"]],
        header_block=(SAMPLE_HEADER_LEFT, SAMPLE_HEADER_RIGHT),
    )
    make_scanned_pdf(root / "thong-bao" / "TB-718 scan.pdf")
    (root / "ghi-chu.txt").write_text("Ghi chú: sản lượng bia quý I đạt 43.045 nghìn lít.\n", encoding="utf-8")
    return root


class Parts(Index[LexicalIndex]):
    """An index in tmp_path (catalog, registry, Chroma, cache), opened as the CLI opens one."""

    def __init__(self, base: Path, embedder, client=None) -> None:
        self.client = client or chromadb.PersistentClient(
            path=str(base / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        store = VectorStore(self.client, "test_kho", embedder.name, embedder.dimension)
        cache = EmbeddingCache(base / "cache" / "embeddings.sqlite")
        options = IngestOptions(chunk_size=400, ocr=OcrConfig(cache_dir=base / "cache" / "ocr"))
        super().__init__(base, store, embedder, cache, options, LexicalIndex.from_catalog)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "kho")


def test_first_ingest_indexes_every_format(tmp_path, archive, hash_embedder):
    parts = Parts(tmp_path / "idx", hash_embedder)
    summary = parts.ingest(archive)
    assert summary.files_total == 4
    assert summary.files_indexed == 4
    assert summary.files_skipped == []
    assert summary.pages == 5 and summary.pages_ocr == 1
    assert summary.chunks == parts.store.count() > 4
    docs = {r.path: r for r in parts.catalog.indexed_documents()}
    assert docs["bao-cao/BC-123 quý I.pdf"].meta.number == "123/BC-SCT"
    scanned = " ".join(c.text for c in parts.catalog.chunks_of("thong-bao/TB-718 scan.pdf"))
    assert "giao ban" in scanned  # real Tesseract read the image-only page
    table_chunk = " ".join(c.text for c in parts.catalog.chunks_of("cong-van/Công văn số 45 về điện.docx"))
    assert "Đơn vị: Điện lực A; Số trạm: 12" in table_chunk
    pages = {c.page_start for c in parts.catalog.chunks_of("bao-cao/BC-123 quý I.pdf")}
    assert pages == {1, 2}


def test_second_ingest_changes_nothing_and_embeds_nothing(tmp_path, archive, hash_embedder):
    parts = Parts(tmp_path / "idx", hash_embedder)
    parts.ingest(archive)
    before = (parts.store.count(), hash_embedder.texts_embedded, parts.catalog.files())
    summary = parts.ingest(archive)
    assert summary.files_unchanged == 4 and summary.files_new == 0 and summary.chunks_embedded == 0
    assert (parts.store.count(), hash_embedder.texts_embedded, parts.catalog.files()) == before


def test_changed_file_is_replaced_and_removed_file_deleted_everywhere(tmp_path, archive, hash_embedder):
    parts = Parts(tmp_path / "idx", hash_embedder)
    parts.ingest(archive)
    (archive / "ghi-chu.txt").write_text("Ghi chú mới: chỉ số giá tiêu dùng tăng 1,53%.\n", encoding="utf-8")
    (archive / "cong-van" / "Công văn số 45 về điện.docx").unlink()
    summary = parts.ingest(archive)
    assert summary.files_updated == 1 and summary.files_removed == 1 and summary.files_indexed == 3
    assert "1,53%" in parts.catalog.chunks_of("ghi-chu.txt")[0].text
    assert "cong-van/Công văn số 45 về điện.docx" not in parts.store.doc_paths()
    assert parts.catalog.chunks_of("cong-van/Công văn số 45 về điện.docx") == []
    assert parts.store.count() == sum(r.chunks for r in parts.catalog.indexed_documents())


def test_identical_content_is_embedded_once(tmp_path, archive, hash_embedder):
    shutil.copy(archive / "ghi-chu.txt", archive / "ban-sao-ghi-chu.txt")
    parts = Parts(tmp_path / "idx", hash_embedder)
    summary = parts.ingest(archive)
    assert summary.files_indexed == 5
    assert hash_embedder.texts_embedded == summary.chunks - 1  # the copy's one chunk came from the cache


def test_bad_input_is_skipped_with_a_reason_and_loses_nothing(tmp_path, archive, hash_embedder):
    parts = Parts(tmp_path / "idx", hash_embedder)
    parts.ingest(archive)
    good_chunks = parts.store.count()
    bad = archive / "hỏng"
    bad.mkdir()
    (bad / "rỗng.pdf").write_bytes(b"")
    (bad / "hỏng.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n garbage without xref")
    (bad / "trang web.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    make_encrypted_pdf(bad / "mật khẩu.pdf", archive / "bao-cao" / "BC-123 quý I.pdf")
    make_zip_bomb_docx(bad / "bom.docx")
    (bad / "bảng tính.xlsx").write_bytes(b"PK\x03\x04")
    summary = parts.ingest(archive)
    reasons = {s["file"]: s["reason"] for s in summary.files_skipped}
    assert set(reasons) == {
        "hỏng/rỗng.pdf",
        "hỏng/hỏng.pdf",
        "hỏng/trang web.pdf",
        "hỏng/mật khẩu.pdf",
        "hỏng/bom.docx",
        "hỏng/bảng tính.xlsx",
    }
    assert all(reason and "\n" not in reason for reason in reasons.values())
    assert summary.files_indexed == 4
    assert parts.store.count() == good_chunks


def test_a_long_file_is_indexed_and_over_the_page_limit_is_refused(tmp_path, hash_embedder):
    archive = tmp_path / "kho"
    make_text_pdf(archive / "dai.pdf", [f"Điều {n}. Nội dung điều {n} của văn bản dài." for n in range(1, 301)])
    parts = Parts(tmp_path / "idx", hash_embedder)
    summary = parts.ingest(archive)
    assert summary.files_indexed == 1 and summary.pages == 300
    parts.options = IngestOptions(max_pages=100)
    (archive / "dai.pdf").rename(archive / "dai-2.pdf")
    summary = parts.ingest(archive)
    assert summary.files_indexed == 0 and "100" in summary.files_skipped[0]["reason"]


def test_interrupted_ingest_keeps_done_files_and_resumes(tmp_path, archive, hash_embedder, monkeypatch):
    parts = Parts(tmp_path / "idx", hash_embedder)
    real_index = Index._index_document
    calls = {"n": 0}

    def crash_on_third(index, loaded, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            # vectors of the third file reach Chroma, then the process "dies" before its catalog row is written
            parts.store.add(
                [pipeline.chunk_document(loaded.pages, loaded.path)[0]], [hash_embedder.embed_query("x")], _meta(loaded)
            )
            raise KeyboardInterrupt
        return real_index(index, loaded, *args, **kwargs)

    monkeypatch.setattr(Index, "_index_document", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        parts.ingest(archive)
    done = parts.catalog.indexed_documents()
    assert len(done) == 2
    assert all(parts.catalog.chunks_of(r.path) for r in done)  # the done files answer completely

    monkeypatch.setattr(Index, "_index_document", real_index)
    summary = parts.ingest(archive)
    assert summary.files_indexed == 4 and summary.files_new == 2
    assert parts.store.count() == summary.chunks  # the orphan vectors of the interrupted file are gone


def _meta(loaded):
    from index.records import DocMeta

    return DocMeta(path=loaded.path)


@pytest.mark.server
def test_ingest_into_a_chroma_server(tmp_path, archive, hash_embedder):
    with chroma_server(tmp_path / "server") as (host, port):
        client = chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
        parts = Parts(tmp_path / "idx", hash_embedder, client=client)
        summary = parts.ingest(archive)
        assert summary.files_indexed == 4
        assert client.get_collection("test_kho").count() == summary.chunks
        hits = parts.store.search(hash_embedder.embed_query("kim ngạch xuất khẩu 402,6 triệu USD"), k=1)
        assert hits[0].doc_path == "bao-cao/BC-123 quý I.pdf"
