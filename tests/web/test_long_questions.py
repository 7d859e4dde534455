"""Heavy questions in the web app (issue 11, item 3): refused at once in the chat and the API, answers under a
deadline, and the work stopped when its time is up or the client cancels."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from assistant.answerability import Judge
from assistant.answers import Answer, AnswerBackend, Done, Draft, Token
from assistant.chain import Assistant
from assistant.decision import Decision
from assistant.web.chat import API_HISTORY_TURNS, LONG_QUESTION_CHARS, ChatHandlers
from assistant.web.feedback import FeedbackLog
from assistant.web.filters import ANY

QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"
TOO_LONG = "Câu hỏi dài 20.000 ký tự, quá giới hạn 1.000 ký tự. Hãy rút gọn câu hỏi."
REQUEST = SimpleNamespace(session_hash="phien-dai", username=None)
FILTERS = (ANY, ANY, "", "")


class SlowBackend(AnswerBackend):
    """Writes its answer one slow token at a time (an LLM on a busy CPU); records how far it got and its end."""

    name = "cham"

    def __init__(self, pause: float = 0.05, first_pause: float = 0.0) -> None:
        self.pause, self.first_pause = pause, first_pause
        self.produced = 0
        self.closed = threading.Event()

    def draft(self, question, passages, decision=None) -> Draft:
        return Draft("", abstained=True)

    def stream(self, question, passages, decision=None) -> Iterator[str | Draft]:
        try:
            time.sleep(self.first_pause)
            for n in range(400):
                self.produced += 1
                yield f"chữ{n} "
                time.sleep(self.pause)
            yield Draft("", abstained=True)
        finally:
            self.closed.set()


class RecordingAssistant:
    """Stands in for the assistant: records what it is asked and answers at once."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def stream(self, question, history, filters) -> Iterator:
        self.calls.append((question, history))
        yield Token("đáp")
        yield Done(Answer(question, "đáp", abstained=True))


class Answerable(Judge):
    """Finds every question answerable, so that the backend is always asked (timing tests, not answer tests)."""

    def judge(self, question, passages) -> Decision:
        return Decision(True, "ok")


def with_backend(ctx, backend: AnswerBackend, judge: Judge | None = None) -> Assistant:
    real = ctx.assistant
    return Assistant(real.retriever, backend, real.rewriter, judge=judge or real.judge)


@pytest.fixture
def make_handlers(web_index, tmp_path: Path):
    def make(timeout: float = 30.0, assistant=None) -> ChatHandlers:
        ctx = web_index.context(replace(web_index.settings, answer_timeout_s=timeout))
        if assistant is not None:
            ctx.assistant = assistant(ctx) if callable(assistant) else assistant
        return ChatHandlers(ctx, FeedbackLog(tmp_path / "feedback.sqlite"))

    return make


def test_a_20000_character_question_is_refused_at_once_in_the_chat_and_the_api(make_handlers) -> None:
    recording = RecordingAssistant()
    handlers = make_handlers(assistant=recording)
    question = ("Tôi cần số liệu cho báo cáo tổng hợp của tỉnh. " * 500)[:19_960] + QUESTION
    began = time.perf_counter()
    with pytest.raises(gr.Error) as in_chat:
        list(handlers.respond(question, [], [], *FILTERS, REQUEST))
    with pytest.raises(gr.Error) as in_api:
        list(handlers.api_chat(question))
    assert time.perf_counter() - began < 0.5
    assert in_chat.value.message == in_api.value.message == TOO_LONG
    assert recording.calls == []  # nothing was retrieved


def test_a_question_at_the_limit_is_answered(make_handlers) -> None:
    recording = RecordingAssistant()
    handlers = make_handlers(assistant=recording)
    question = ("Tôi cần số liệu cho báo cáo. " * 40)[: 1000 - len(QUESTION)] + QUESTION
    assert len(question) == 1000
    assert list(handlers.api_chat(question))[-1] == "đáp"
    assert recording.calls[0][0] == question


def test_the_api_holds_a_sent_conversation_to_what_a_question_may_be(make_handlers) -> None:
    recording = RecordingAssistant()
    handlers = make_handlers(assistant=recording)
    history = [{"role": "user", "content": "Kim ngạch " * 20_000}, {"role": "assistant", "content": "đáp"}] * 50
    list(handlers.api_chat("Còn nhập khẩu thì sao?", history))
    [(_, sent)] = recording.calls
    assert len(sent) == API_HISTORY_TURNS
    assert max(len(turn["content"]) for turn in sent) == 1000


def test_the_deadline_stops_a_slow_answer_in_the_chat_and_says_so(make_handlers) -> None:
    backend = SlowBackend()
    handlers = make_handlers(timeout=0.2, assistant=lambda ctx: with_backend(ctx, backend))
    began = time.perf_counter()
    steps = list(handlers.respond(QUESTION, [], [], *FILTERS, REQUEST))
    assert time.perf_counter() - began < 2.0  # the retrieval before it runs at full speed, then 0.2 s of tokens
    box, chat, turns, _ = steps[-1]
    assert "Hết thời gian trả lời (0,2 giây)" in chat[-1]["content"]
    assert "chữ0" not in chat[-1]["content"]  # the unverified draft is not left as if it were an answer
    assert box == QUESTION and turns == []  # the question is back in the box, to shorten or narrow
    assert handlers.feedback.review() == []
    assert backend.closed.wait(1.0)
    stopped_at = backend.produced
    time.sleep(0.2)
    assert backend.produced == stopped_at < 40


def test_the_deadline_answers_the_api_with_the_same_message(make_handlers) -> None:
    backend = SlowBackend(first_pause=2.0)  # busy before its first token: the message does not wait for it
    handlers = make_handlers(timeout=0.2, assistant=lambda ctx: with_backend(ctx, backend))
    began = time.perf_counter()
    with pytest.raises(gr.Error) as timeout:
        list(handlers.api_chat(QUESTION))
    assert time.perf_counter() - began < 1.5
    assert timeout.value.message.startswith("Hết thời gian trả lời (0,2 giây)")
    assert backend.closed.wait(4.0) and backend.produced == 1


def test_closing_the_chat_handler_stops_the_answer(make_handlers) -> None:
    backend = SlowBackend()
    handlers = make_handlers(assistant=lambda ctx: with_backend(ctx, backend))
    steps = handlers.respond(QUESTION, [], [], *FILTERS, REQUEST)
    while backend.produced < 2:
        next(steps)
    steps.close()  # what Gradio does when the user presses Dừng
    assert backend.closed.wait(1.0)
    assert backend.produced < 10


def test_a_client_that_cancels_stops_the_work_on_the_server(live_app, web_index) -> None:
    from gradio_client import Client

    backend = SlowBackend(pause=0.1)
    ctx = web_index.context()
    ctx.assistant = with_backend(ctx, backend)
    app = live_app(ctx)
    client = Client(app.url, verbose=False, download_files=False)
    job = client.submit(QUESTION, api_name="/chat")
    deadline = time.monotonic() + 30
    while backend.produced < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backend.produced >= 2
    job.cancel()
    assert backend.closed.wait(5.0)
    assert backend.produced < 100  # 400 tokens at 0.1 s: it did not run to the end
    client.close()


class TimedBackend(AnswerBackend):
    """Takes a second to write each answer and records when it did, per question."""

    name = "do-gio"

    def __init__(self) -> None:
        self.spans: dict[str, tuple[float, float]] = {}

    def draft(self, question, passages, decision=None) -> Draft:
        return Draft("", abstained=True)

    def stream(self, question, passages, decision=None) -> Iterator[str | Draft]:
        began = time.monotonic()
        for n in range(10):
            yield f"chữ{n} "
            time.sleep(0.1)
        self.spans[question] = (began, time.monotonic())
        yield Draft("", abstained=True)


def test_long_questions_take_turns_while_an_ordinary_one_goes_ahead(make_handlers) -> None:
    backend = TimedBackend()
    handlers = make_handlers(assistant=lambda ctx: with_backend(ctx, backend, Answerable(lambda tokens: {})))
    memo = "Tôi cần số liệu cho báo cáo tổng hợp gửi Ủy ban nhân dân tỉnh. " * 6
    first, second = memo + QUESTION, memo + "Tổng mức bán lẻ hàng hóa đạt bao nhiêu?"
    assert min(len(first), len(second)) > LONG_QUESTION_CHARS
    threads = []
    for question in (first, second, QUESTION):
        threads.append(threading.Thread(target=lambda q=question: list(handlers.api_chat(q))))
        threads[-1].start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=30)
    spans = {q: backend.spans[q] for q in (first, second, QUESTION)}
    ordered = sorted([spans[first], spans[second]])
    assert ordered[0][1] <= ordered[1][0]  # one long answer after the other, never both at once
    assert spans[QUESTION][0] < ordered[0][1]  # the ordinary question did not wait for them
