"""The catalog keeps what chunking and metadata give, and opens catalogs written by earlier versions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from index.catalog import Catalog
from index.chunking import chunk_document
from index.loaders import load_document
from index.ocr import OcrConfig
from index.records import Chunk, DocMeta, quote_pages
from tests.data.fixtures import make_text_pdf

# The schema before page marks and addressees: chunks without page_marks, DocMeta JSON without "addressees".
OLD_SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, kind TEXT, status TEXT NOT NULL,
    reason TEXT, pages INTEGER NOT NULL DEFAULT 0, pages_ocr INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0, meta TEXT, version TEXT NOT NULL DEFAULT '',
    indexed_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE chunks (
    chunk_id TEXT PRIMARY KEY, doc_path TEXT NOT NULL, ordinal INTEGER NOT NULL, text TEXT NOT NULL,
    heading TEXT NOT NULL, page_start INTEGER NOT NULL, page_end INTEGER NOT NULL
);
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
OLD_META = {
    "path": "bc.pdf",
    "number": "45/BC-SCT",
    "number_source": "header",
    "doc_type": "Báo cáo",
    "date": "2023-04-04",
    "place": None,
    "issuer": "Sở Công Thương tỉnh Hòa Bình Xanh",
    "subject": "Tình hình quý I",
    "signer": None,
    "signer_capacity": None,
    "recipients": ["Bộ Công Thương", "Lưu: VT"],
    "pages": 3,
    "pages_ocr": 0,
}


def test_page_marks_of_a_real_pdf_survive_the_catalog(tmp_path: Path) -> None:
    pages = [
        "BÁO CÁO\nTình hình thương mại quý I\n1. Xuất khẩu\nKim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD.",
        "2. Bán lẻ\nTổng mức bán lẻ hàng hóa ước đạt 3.781 tỷ đồng.",
        "3. Giá cả\nGiá các mặt hàng thiết yếu ổn định, không có biến động lớn.",
    ]
    loaded = load_document(
        make_text_pdf(tmp_path / "kho" / "bc.pdf", pages), tmp_path / "kho", OcrConfig(enabled=False)
    )
    chunks = chunk_document(loaded.pages, loaded.path)
    (chunk,) = chunks  # one passage over three pages
    assert [page for _, page in chunk.page_marks] == [1, 2, 3]

    catalog = Catalog(tmp_path / "catalog.sqlite")
    try:
        catalog.record_indexed("bc.pdf", "sha", 1, "pdf", DocMeta("bc.pdf", pages=3), chunks, "2")
        stored = catalog.chunks_of("bc.pdf")[0]
        assert stored == chunk
        assert catalog.chunks_by_id([chunk.chunk_id])[chunk.chunk_id].page_marks == chunk.page_marks
        assert next(catalog.all_chunks()).page_marks == chunk.page_marks
        assert quote_pages(stored, "Tổng mức bán lẻ hàng hóa ước đạt 3.781 tỷ đồng.") == (2, 2)
    finally:
        catalog.close()


def test_a_catalog_written_before_page_marks_and_addressees_opens_and_reads(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA)
    old.execute(
        "INSERT INTO files (path, sha256, size, kind, status, pages, chunks, meta, version)"
        " VALUES ('bc.pdf', 'sha', 1, 'pdf', 'indexed', 3, 1, ?, '1')",
        (json.dumps(OLD_META, ensure_ascii=False),),
    )
    old.execute("INSERT INTO chunks VALUES ('bc.pdf#0', 'bc.pdf', 0, 'Kim ngạch đạt 402,6 triệu USD.', '[]', 2, 3)")
    old.commit()
    old.close()

    catalog = Catalog(path)
    try:
        (chunk,) = catalog.chunks_of("bc.pdf")
        assert (chunk.page_start, chunk.page_end, chunk.page_marks) == (2, 3, ())
        assert quote_pages(chunk, "Kim ngạch đạt 402,6 triệu USD.") == (2, 3)  # not known: the range, as before
        meta = catalog.files()["bc.pdf"].meta
        assert meta is not None
        assert (meta.number, meta.recipients, meta.addressees) == ("45/BC-SCT", ("Bộ Công Thương", "Lưu: VT"), ())
        # new rows are written beside the old ones
        new = Chunk("b.pdf", 0, "Dòng một.\nDòng hai.", (), 1, 2, ((0, 1), (10, 2)))
        catalog.record_indexed("b.pdf", "sha2", 1, "pdf", DocMeta("b.pdf", addressees=("UBND tỉnh",)), [new], "2")
        assert catalog.files()["b.pdf"].meta == DocMeta("b.pdf", addressees=("UBND tỉnh",))
        assert catalog.chunks_of("b.pdf") == [new]
        # built when every file was embedded before its row was written: it counts as fully embedded
        assert catalog.files()["bc.pdf"].embedded and catalog.pending_embedding() == []
        # new rows may wait for their vectors (phase 2 of an ingest)
        waiting = Chunk("c.pdf", 0, "Dòng ba.", (), 1, 1)
        catalog.record_indexed("c.pdf", "sha3", 1, "pdf", DocMeta("c.pdf"), [waiting], "2", embedded=False)
        state = catalog.embedding_state()
        assert (state.documents, state.embedded, state.chunks_pending, state.complete) == (3, 2, 1, False)
    finally:
        catalog.close()
    reopened = Catalog(path)  # a second opening finds the columns there, and what was written
    try:
        assert [r.path for r in reopened.pending_embedding()] == ["c.pdf"]
        assert not reopened.mark_embedded("c.pdf", "another-sha")  # the file changed since: not its vectors
        assert reopened.mark_embedded("c.pdf", "sha3") and reopened.embedding_state().complete
    finally:
        reopened.close()
