"""The chat's handlers over the real demo index, without a browser: streaming, sources, follow-ups, filters, logging."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from assistant.answers import Answer, Done, Notice, Replace, Sources, Token
from assistant.web import chat as chat_module
from assistant.web.chat import ChatHandlers, Streamed, Turn, history_of, paced, route_events
from assistant.web.feedback import FeedbackLog
from assistant.web.filters import ANY

QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"
REQUEST = SimpleNamespace(session_hash="phien-1", username=None)


@pytest.fixture
def handlers(web_index, tmp_path: Path) -> ChatHandlers:
    return ChatHandlers(web_index.context(), FeedbackLog(tmp_path / "feedback.sqlite"))


def ask(handlers: ChatHandlers, question: str, turns=None, chat=None, filters=(ANY, ANY, "", "")) -> list[tuple]:
    return list(handlers.respond(question, chat or [], turns or [], *filters, REQUEST))


def test_an_answer_streams_then_ends_with_its_source_cards(handlers: ChatHandlers) -> None:
    steps = ask(handlers, QUESTION)
    box, chat, turns, copied = steps[-1]
    assert box == ""
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert "Đang tìm" in steps[0][1][-1]["content"]  # the placeholder shows before retrieval finishes
    assert any("318,4 triệu USD" in s[1][-1]["content"] and "tl-sources" not in s[1][-1]["content"] for s in steps)
    final = chat[-1]["content"]
    assert "Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương tỉnh Vân Mộng" in final
    assert 'href="tep/bao-cao/BC_45-BC-SCT_04.4.2025_Bao-cao-tinh-hinh-quy-I-2025.pdf#page=' in final
    assert "<mark>" in final
    assert copied.startswith("Kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD [1].")  # the direct sentence first
    assert "\nNguồn:\n[1] Báo cáo số 45/BC-SCT" in copied
    assert turns == [Turn(QUESTION, turns[0].answer, copied, turns[0].answer_id, 1, final)]  # html: to redraw it
    assert "318,4" in turns[0].answer and "tl-" not in turns[0].answer  # history holds plain text, not markup


def plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses chat.py takes, recorded instead of slept (only chat.py's clock is replaced)."""
    slept: list[float] = []
    monkeypatch.setattr(chat_module, "time", SimpleNamespace(perf_counter=time.perf_counter, sleep=slept.append))
    return slept


def test_an_extractive_answer_reaches_the_page_word_by_word(handlers: ChatHandlers, waits: list[float]) -> None:
    steps = ask(handlers, QUESTION)
    shown = [plain(s[1][-1]["content"]) for s in steps[1:-1]]  # between the placeholder and the source cards
    assert len(shown) >= 5
    assert all(len(a) < len(b) and b.startswith(a) for a, b in zip(shown, shown[1:], strict=False))
    assert shown[0].startswith("Kim ") and len(shown[0].split()) <= 5 and "318,4 triệu USD" in shown[-1]
    turns = steps[-1][2]
    assert shown[-1] == turns[0].answer.replace("\n", "")  # the whole answer streamed, as kept
    # paced for the browser: every piece after the first waited, within the answer's budget
    assert len(waits) == len(shown) - 1 and all(w > 0 for w in waits)
    assert sum(waits) <= chat_module.PACING_BUDGET_S + 1e-9


def test_the_api_streams_the_same_pieces_without_pacing(handlers: ChatHandlers, waits: list[float]) -> None:
    streamed = list(handlers.api_chat(QUESTION, request=REQUEST))
    partial, final = streamed[:-1], streamed[-1]
    assert len(partial) >= 5 and len(partial[0].split()) <= 5 and final.startswith(partial[-1].rstrip())
    assert waits == []


def test_pacing_waits_between_pieces_within_its_budget() -> None:
    slept: list[float] = []
    clock = SimpleNamespace(perf_counter=lambda: 0.0, sleep=slept.append)  # pieces arriving all at once
    texts = [f"từ {i}" for i in range(40)]
    original = chat_module.time
    chat_module.time = clock  # type: ignore[assignment]
    try:
        assert list(paced(iter(texts), frame_s=0.02, budget_s=0.5)) == texts
    finally:
        chat_module.time = original  # type: ignore[assignment]
    assert slept[0] == pytest.approx(0.02) and len(slept) == 25  # 25 pauses of 20 ms fill the budget: no more
    assert sum(slept) == pytest.approx(0.5)


def test_every_answer_is_logged(handlers: ChatHandlers) -> None:
    *_, (_, _, turns, copied) = ask(handlers, QUESTION)
    rows = handlers.feedback.review()
    assert [(r.answer_id, r.question, r.answer, r.channel) for r in rows] == [
        (turns[0].answer_id, QUESTION, copied, "web")
    ]
    assert rows[0].total_ms is not None and rows[0].total_ms > 0


def test_follow_up_questions_get_the_conversation(handlers: ChatHandlers) -> None:
    *_, (_, chat, turns, _) = ask(handlers, QUESTION)
    *_, (_, chat, turns, copied) = ask(handlers, "Còn nhập khẩu thì sao?", turns, chat)
    assert len(chat) == 4 and len(turns) == 2
    assert "276,5 triệu USD" in copied  # the import figure of the same report: the topic came from history
    assert turns[1].message_index == 3


def test_filters_reach_retrieval(handlers: ChatHandlers) -> None:
    *_, (_, _, _, copied) = ask(handlers, QUESTION, filters=(ANY, "Công văn", "", ""))
    assert "45/BC-SCT" not in copied
    *_, (_, _, _, copied) = ask(handlers, QUESTION, filters=("Vân Mộng", "Báo cáo", "2025", "04/2025"))
    assert "45/BC-SCT" in copied
    *_, (_, _, _, copied) = ask(handlers, QUESTION, filters=(ANY, ANY, "2026", ""))
    assert copied == "Không tìm thấy văn bản nào khớp bộ lọc (từ 2026)."  # says the filter left nothing


def test_a_bad_date_is_a_message_not_a_crash(handlers: ChatHandlers) -> None:
    with pytest.raises(gr.Error, match="không hợp lệ"):
        ask(handlers, QUESTION, filters=(ANY, ANY, "hôm qua", ""))


def test_an_empty_question_changes_nothing(handlers: ChatHandlers) -> None:
    steps = ask(handlers, "   ")
    assert len(steps) == 1 and steps[0][1] == [] and steps[0][2] == []
    assert handlers.feedback.review() == []


class ScriptedAssistant:
    """Replays events: a token, a verification that replaces it, the final answer."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def stream(self, question, history, filters) -> Iterator:
        self.calls.append((question, history, filters))
        final = Answer(question, "Văn bản đã sửa [1].", (), False, (), ("Số liệu 999 không có trong nguồn",))
        yield Token("Bản nháp có 999")
        yield Replace()
        yield Notice("Số liệu 999 không có trong nguồn")
        yield Sources(())
        yield Done(final)


def test_the_assistant_is_read_at_call_time_and_verification_replaces_the_draft(handlers: ChatHandlers) -> None:
    scripted = ScriptedAssistant()
    handlers.ctx.assistant = scripted  # what ctx.reload() does after an upload
    *_, (_, chat, turns, copied) = ask(handlers, "câu hỏi", [Turn("trước", "đáp trước", "", 1, 1)])
    assert scripted.calls == [
        ("câu hỏi", [{"role": "user", "content": "trước"}, {"role": "assistant", "content": "đáp trước"}], None)
    ]
    assert "999" not in chat[-1]["content"].split("⚠️")[0]  # the draft text is gone, the warning stays
    assert "Số liệu 999 không có trong nguồn" in chat[-1]["content"]
    assert copied.endswith("Lưu ý: Số liệu 999 không có trong nguồn")


def test_only_the_typed_event_voids_the_streamed_text() -> None:
    answer = Answer("câu hỏi", "Văn bản cuối [1].")
    voided = Streamed()
    shown = list(route_events(iter([Token("nháp "), Replace(), Token("mới"), Done(answer)]), 0.0, voided))
    assert shown == ["nháp ", "mới"] and voided.answer == answer
    # a notice is text for the reader, whatever its words: it never wipes what was streamed
    kept = Streamed()
    shown = list(route_events(iter([Token("nháp "), Notice("replace"), Token("mới"), Done(answer)]), 0.0, kept))
    assert shown == ["nháp ", "nháp mới"] and kept.text == "nháp mới"


def test_history_of_is_alternating_plain_turns() -> None:
    assert history_of([Turn("h1", "đ1", "", 1, 1), Turn("h2", "đ2", "", 2, 3)]) == [
        {"role": "user", "content": "h1"},
        {"role": "assistant", "content": "đ1"},
        {"role": "user", "content": "h2"},
        {"role": "assistant", "content": "đ2"},
    ]


def test_like_records_a_rating_and_opens_the_comment_box(handlers: ChatHandlers) -> None:
    *_, (_, _, turns, _) = ask(handlers, QUESTION)
    data = SimpleNamespace(index=1, liked=False)
    feedback_id, box, comment = handlers.like(turns, data, REQUEST)
    assert box["visible"] is True and "sai hoặc thiếu" in comment["label"]
    handlers.send_comment(feedback_id, "Thiếu số liệu nhập khẩu", turns, REQUEST)
    [row] = handlers.feedback.review()
    assert (row.rating, row.comments) == (-1, ("Thiếu số liệu nhập khẩu",))
    # a like on the user's own message (index 0) is not an answer: nothing is recorded
    assert handlers.like(turns, SimpleNamespace(index=0, liked=True), REQUEST)[0] is None
