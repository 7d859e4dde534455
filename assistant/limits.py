"""Bounds on one question, so that no question can hold the server: its length, how many things it asks at once, and
how long its answer may take.

The web chat, the /chat API and the CLI check the first two before any work starts (`check_question`); the web
answers run under a deadline (`within_deadline`). A question's cost grows with its parts: each one is retrieved and
judged on its own, so a 1,000-character question of 25 clauses costs 25 questions.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import TypeVar

from assistant.questions import question_parts

T = TypeVar("T")


class QuestionRefused(ValueError):
    """A question over a limit; the message (in Vietnamese) says which limit and what to do."""


class AnswerTimeout(RuntimeError):
    """The answer was not complete within its deadline; its work was stopped."""


def check_question(question: str, max_chars: int, max_parts: int) -> None:
    """Raise QuestionRefused when the question is longer than `max_chars` or asks more than `max_parts` things."""
    if len(question) > max_chars:
        msg = (
            f"Câu hỏi dài {vietnamese_number(len(question))} ký tự, quá giới hạn {vietnamese_number(max_chars)} ký tự."
            " Hãy rút gọn câu hỏi."
        )
        raise QuestionRefused(msg)
    parts = len(question_parts(question))  # after the length check: splitting a huge text is itself work
    if parts > max_parts:
        msg = f"Câu hỏi gồm {parts} ý hỏi, quá giới hạn {max_parts} ý. Hãy tách thành nhiều câu hỏi ngắn hơn."
        raise QuestionRefused(msg)


def timeout_message(seconds: float) -> str:
    return (
        f"Hết thời gian trả lời ({vietnamese_number(seconds)} giây): đã dừng tìm câu trả lời."
        " Hãy hỏi ngắn gọn hơn hoặc thu hẹp bằng bộ lọc, rồi hỏi lại."
    )


def vietnamese_number(value: float) -> str:
    """20000 → "20.000", 0.5 → "0,5": thousands with dots, decimals with a comma."""
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    if value != whole:
        text += "," + f"{value - whole:.2f}"[2:].rstrip("0")
    return text


@dataclass(frozen=True)
class _Failed:
    error: Exception


_END = object()


def within_deadline(
    events: Iterator[T], seconds: float, turn: threading.Semaphore | None = None
) -> Generator[T, None, None]:
    """The items of `events` until `seconds` have passed, then AnswerTimeout; with `turn`, the work waits for it
    first (within the same deadline) and gives it back when it has stopped.

    The items are produced on a thread of their own, so that the timeout comes on time even while one stage (the
    retrieval, an LLM reading its prompt) is still busy. The producer stops at the next item once the deadline has
    passed or this generator is closed: Gradio closes a handler's generator when the user presses Dừng or the client
    disconnects, and the handler closes this one. What cannot be interrupted is the stage already running; each is
    bounded by `check_question`.
    """
    handoff: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in events:
                handoff.put(item)
                if stop.is_set():
                    break
        except Exception as error:  # raised again on the consumer's side, as if it had iterated itself
            handoff.put(_Failed(error))
        finally:
            handoff.put(_END)
            _close(events)  # a generator's own `finally` runs now, on the thread that iterated it
            if turn is not None:
                turn.release()  # only now: work that outlived its deadline still holds its turn

    ends_at = time.monotonic() + seconds
    if turn is not None and not turn.acquire(timeout=seconds):
        _close(events)
        raise AnswerTimeout(timeout_message(seconds))
    threading.Thread(target=produce, name="answer", daemon=True).start()
    try:
        while True:
            try:
                item = handoff.get(timeout=max(ends_at - time.monotonic(), 0.0))
            except queue.Empty:
                raise AnswerTimeout(timeout_message(seconds)) from None
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]  # anything but the two markers is an item of `events`
    finally:
        stop.set()


def _close(events: Iterator[object]) -> None:
    close = getattr(events, "close", None)
    if close is not None:
        close()
