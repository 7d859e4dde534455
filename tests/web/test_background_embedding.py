"""Phase 2 inside the web app: the chat answers while documents wait for vectors, says how far embedding has come,
and an upload is searchable by words at once, embedded (and its lexical segment merged) behind the questions."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from assistant.factory import make_runtime, open_index
from assistant.lexical_store import DB_FILE, MERGE_FACTOR
from assistant.settings import Settings
from assistant.web import upload
from assistant.web.background import BackgroundEmbedding
from assistant.web.context import WebContext
from assistant.web.index_status import status_text
from tests.assistant.conftest import DOCS, write_archive
from tests.conftest import HashEmbeddings
from tests.data.fixtures import make_text_pdf
from tests.web.test_upload import ADMIN, FUEL_REPORT, USERS

UPLOADED = "tai-len/BC 12 xang dau.pdf"


def phase_one_context(base: Path) -> WebContext:
    """A context as `serve` opens one over an archive that phase 1 alone has indexed; the worker not started."""
    settings = Settings(
        data_dir=base / "data", index_dir=base / "index", cache_dir=base / "cache", ocr=False, users=USERS
    )
    with open_index(settings, HashEmbeddings()) as index:
        index.make_searchable(write_archive(base / "kho"))
    return WebContext.open(settings, make_runtime(settings, HashEmbeddings()))


@pytest.fixture
def ctx(tmp_path: Path) -> WebContext:
    opened = phase_one_context(tmp_path)
    yield opened
    opened.close()


def wait_until_embedded(ctx: WebContext) -> None:
    deadline = time.monotonic() + 120  # a bound on a hang, not a speed figure
    while not ctx.embedding_state().complete:  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "background embedding never finished"
        time.sleep(0.1)


def test_the_chat_answers_before_any_vector_and_the_worker_embeds_everything(ctx: WebContext) -> None:
    assert status_text(ctx.embedding_state()) == (
        f"Đã tìm được theo từ khóa: {len(DOCS)}/{len(DOCS)} tệp; đã hiểu nghĩa: 0/{len(DOCS)} tệp"
    )
    answer = ctx.assistant.ask("Sản lượng bia quý I ước đạt bao nhiêu?")  # type: ignore[union-attr]
    assert "43.045" in answer.text and all(p.dense_rank is None for p in answer.passages)

    ctx.start_embedding()
    wait_until_embedded(ctx)
    assert status_text(ctx.embedding_state()) == ""  # nothing shown once every document has its vectors
    ctx.background.stop()  # type: ignore[union-attr]  # its last reload is done once it has stopped
    answer = ctx.assistant.ask("Sản lượng bia quý I ước đạt bao nhiêu?")  # type: ignore[union-attr]
    assert "43.045" in answer.text and any(p.dense_rank is not None for p in answer.passages)


def test_an_upload_is_searchable_by_words_at_once_and_embedded_behind(ctx: WebContext, tmp_path: Path) -> None:
    idle = BackgroundEmbedding(ctx)  # there, so uploads leave phase 2 to it, but not started yet
    ctx.background = idle
    assert ctx.index is not None
    ctx.index.embed_pending()  # the archive itself embedded: only the upload will wait
    pdf = make_text_pdf(tmp_path / "in" / "BC 12 xang dau.pdf", FUEL_REPORT)

    message = upload.upload_document(ctx, ADMIN, pdf)

    assert "Đã thêm" in message and "theo từ khóa và số hiệu" in message and "chạy nền" in message
    state = ctx.embedding_state()
    assert state is not None and (state.documents, state.embedded) == (len(DOCS) + 1, len(DOCS))
    found = ctx.assistant.ask("giá bán lẻ xăng RON 95").passages  # type: ignore[union-attr]
    assert found[0].doc_path == UPLOADED and found[0].dense_rank is None

    idle.start()
    wait_until_embedded(ctx)
    idle.stop()
    found = ctx.assistant.ask("giá bán lẻ xăng RON 95").passages  # type: ignore[union-attr]
    assert found[0].doc_path == UPLOADED and found[0].dense_rank is not None


def test_uploads_leave_their_lexical_segments_for_the_worker_to_merge(ctx: WebContext, tmp_path: Path) -> None:
    idle = BackgroundEmbedding(ctx)
    ctx.background = idle
    lexical = ctx.settings.index_dir / "lexical"
    first = segment_count(lexical)
    for n in range(MERGE_FACTOR):  # one-chunk documents: segments of one size class, as many as call for a merge
        pages = [FUEL_REPORT[0].replace("12/BC-SCT", f"{n + 20}/BC-SCT").replace("tháng 5", f"tháng {n + 1}")]
        assert "Đã thêm" in upload.upload_document(ctx, ADMIN, make_text_pdf(tmp_path / "in" / f"BC {n}.pdf", pages))
    assert segment_count(lexical) == first + MERGE_FACTOR  # each searchable at once, none waiting for a merge

    idle.start()
    wait_until_embedded(ctx)
    idle.stop()
    assert segment_count(lexical) < first + MERGE_FACTOR
    found = ctx.assistant.ask("Báo cáo 22/BC-SCT giá bán lẻ xăng RON 95 tháng 3").passages  # type: ignore[union-attr]
    assert found[0].doc_path == "tai-len/BC 2.pdf"


def segment_count(lexical: Path) -> int:
    with sqlite3.connect(lexical / DB_FILE) as db:
        return int(db.execute("SELECT count(*) FROM segments").fetchone()[0])


def test_without_a_background_worker_an_upload_is_embedded_before_it_returns(ctx: WebContext, tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "in" / "BC 12 xang dau.pdf", FUEL_REPORT)
    message = upload.upload_document(ctx, ADMIN, pdf)
    assert "Đã thêm" in message and "chạy nền" not in message
    assert ctx.embedding_state().complete  # type: ignore[union-attr]  # the archive's waiting files too


def test_the_worker_waits_while_a_question_is_answered(ctx: WebContext) -> None:
    waited = threading.Event()

    def between_batches() -> None:
        ctx.activity.wait_quiet(longest=60)
        waited.set()

    with ctx.activity.answering():
        worker = threading.Thread(target=between_batches)
        worker.start()
        assert not waited.wait(0.3)  # still waiting: a question is in flight
    assert waited.wait(30)  # and on its way once the answer is done
    worker.join()
    events = ctx.activity.during(iter(["a", "b"]))
    assert next(events) == "a" and ctx.activity.busy
    events.close()  # a closed stream (Dừng, a client gone) counts no more
    assert not ctx.activity.busy
