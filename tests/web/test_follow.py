"""Two web contexts over one index folder, as two `serve` processes share it: each takes up the other's uploads and
deletions (`refresh`, and `following` on its own), never while an ingest holds the index's lock, and a snapshot
taken while another holds it leaves the saved lexical index alone. The processes themselves: test_two_servers.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import gradio as gr
import pytest

from assistant.web import upload
from assistant.web.auth import hash_password
from assistant.web.context import WebContext
from index.lock import ingest_lock
from tests.web.real_index import RealIndex, build_real_index

ADMIN = gr.Request(username="lan")
UPLOADED = "tai-len/BC 12 xang dau.txt"
QUESTION = "Giá bán lẻ xăng RON 95 là bao nhiêu?"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> RealIndex:
    return build_real_index(tmp_path_factory.mktemp("follow-base"))


@pytest.fixture
def index(built: RealIndex, tmp_path: Path) -> RealIndex:
    fresh = built.clone(tmp_path / "kho-chung")
    fresh.settings = replace(fresh.settings, users=f"lan:admin:{hash_password('mat-khau-cua-lan')}")
    return fresh


@pytest.fixture
def pair(index: RealIndex) -> Iterator[tuple[WebContext, WebContext]]:
    first, second = index.context(), index.context()
    yield first, second
    second.close()
    first.close()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    source = tmp_path / "tai-ve" / "BC 12 xang dau.txt"
    source.parent.mkdir()
    source.write_text("BÁO CÁO\nGiá bán lẻ xăng RON 95 trên địa bàn tỉnh ở mức 23.150 đồng một lít.", encoding="utf-8")
    return source


def found(ctx: WebContext) -> set[str]:
    return {p.doc_path for p in ctx.assistant.retrieve(QUESTION)}


@contextmanager
def held_elsewhere(index_dir: Path) -> Iterator[None]:
    """The index's lock held by another thread, as another process's ingest holds it."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with ingest_lock(index_dir):
            taken.set()
            done.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(timeout=30)
    try:
        yield
    finally:
        done.set()
        holder.join()


def test_each_takes_up_the_other_s_upload_and_deletion(pair: tuple[WebContext, WebContext], report: Path) -> None:
    first, second = pair
    assert not second.refresh()  # nothing changed yet
    assert "Đã thêm" in upload.upload_document(first, ADMIN, report)
    before = second.assistant
    assert UPLOADED in found(first) and UPLOADED not in found(second)

    assert second.refresh()
    assert second.assistant is not before and UPLOADED in found(second)
    assert not second.refresh()  # taken up once

    assert upload.delete_document(second, ADMIN, UPLOADED, True).startswith("Đã xóa")
    assert first.refresh()
    assert UPLOADED not in found(first) and UPLOADED not in found(second)


def test_a_change_is_taken_up_between_ingests_never_during_one(
    pair: tuple[WebContext, WebContext], report: Path, index: RealIndex
) -> None:
    first, second = pair
    assert "Đã thêm" in upload.upload_document(first, ADMIN, report)
    before = second.assistant
    with held_elsewhere(index.settings.index_dir):
        assert not second.refresh()
        assert second.assistant is before
    assert second.refresh()
    assert UPLOADED in found(second)


def test_following_takes_it_up_by_itself(pair: tuple[WebContext, WebContext], report: Path) -> None:
    first, second = pair
    with second.following(every=0.05):
        assert "Đã thêm" in upload.upload_document(first, ADMIN, report)
        deadline = time.monotonic() + 60
        while UPLOADED not in found(second) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert UPLOADED in found(second)


def test_a_snapshot_taken_while_another_holds_the_lock_reads_the_saved_index(index: RealIndex) -> None:
    # the saved lexical index is written one change at a time, each a transaction after its files are in place
    # (assistant/lexical_store.py): a process opening it while another ingests reads the last whole state
    question = "kim ngạch xuất khẩu quý I"
    free = index.context()
    try:
        expected = [p.chunk.chunk_id for p in free.assistant.retrieve(question)]
    finally:
        free.close()
    with held_elsewhere(index.settings.index_dir):
        ctx = index.context()
        try:
            assert [p.chunk.chunk_id for p in ctx.assistant.retrieve(question)] == expected
        finally:
            ctx.close()


def test_a_look_while_nobody_wrote_reads_no_fingerprint(
    pair: tuple[WebContext, WebContext], report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.catalog import Catalog

    first, second = pair
    assert not second.refresh()  # the first look compares fingerprints once
    prints = []
    real = Catalog.fingerprint
    monkeypatch.setattr(Catalog, "fingerprint", lambda catalog: prints.append(1) or real(catalog))
    assert not second.refresh() and not second.refresh()
    assert prints == []  # the whole files table is not read while SQLite counts no commit by another connection
    assert "Đã thêm" in upload.upload_document(first, ADMIN, report)
    assert second.refresh() and prints
