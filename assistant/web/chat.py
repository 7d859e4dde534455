"""The chat's handlers: a question streamed to the page or to the /chat API, 👍/👎 and remarks on the answers.

They only route the chain's typed events (Token, Replace, Done) to the page; retrieval happens in the chain. The
page's answer is paced (`paced`) so that a browser sees it grow; the /chat API gets the pieces as they come.
`ctx.assistant` is read on every question: the upload tab swaps it after re-indexing. The tab's layout, which wires
these handlers to its components, is chat_tab.py.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.answers import Answer, Done, Replace, Token
from assistant.limits import AnswerTimeout, QuestionRefused, check_question, within_deadline
from assistant.llm import BackendUnavailable
from assistant.metadata_filters import Filters
from assistant.web.context import WebContext
from assistant.web.doc_explain import explainer
from assistant.web.feedback import Asker, FeedbackLog
from assistant.web.filters import ANY, BadDate, make_filters
from assistant.web.sources import answer_html, copy_text, streaming_html

log = logging.getLogger(__name__)

WAITING = "<p class='tl-waiting'>Đang tìm trong kho văn bản…</p>"
# A question longer than any of the eval sets' (204 characters) costs several ordinary ones; long ones take turns,
# LONG_AT_ONCE at a time, so that a few clients pasting long texts cannot take the CPU from everyone else.
LONG_QUESTION_CHARS = 300
LONG_AT_ONCE = 1
# The API's conversation comes from the client: the rewriters read the last few turns only (the LLM's the last six).
API_HISTORY_TURNS = 12
# The extractive answer's pieces all arrive within a millisecond: sent to the browser back to back, they land in one
# frame and the answer appears whole. The page waits so that pieces are FRAME_S apart, at most PACING_BUDGET_S per
# answer; a backend that streams at its own speed (a language model) is not slowed. Pacing lives here, not in the
# chain, because only a person watching needs it: the API, `ask` and `eval` take the pieces at once.
FRAME_S = 0.02
PACING_BUDGET_S = 0.5
NO_INDEX = "Chưa có chỉ mục: hãy lập chỉ mục kho văn bản (python -m assistant ingest THU_MUC_KHO) rồi tải lại trang."


@dataclass
class Turn:
    """One answered question, kept per browser session (gr.State): what follow-ups and feedback refer to, and what
    redraws it when its conversation is reopened (conversations.py)."""

    question: str
    answer: str  # the answer's text, as the history given to the chain
    copy: str  # as pasted into a document
    answer_id: int  # row in the feedback log
    message_index: int  # position of the answer in the chatbot
    html: str = ""  # the answer as drawn in the chatbot, sources included


def history_of(turns: list[Turn]) -> list[dict[str, str]]:
    """The conversation as the chain takes it: plain user and assistant turns."""
    out: list[dict[str, str]] = []
    for turn in turns:
        out.append({"role": "user", "content": turn.question})
        out.append({"role": "assistant", "content": turn.answer})
    return out


@dataclass
class Streamed:
    """What routing the events of one question produced."""

    text: str = ""
    answer: Answer | None = None
    first_token_ms: float | None = None
    total_ms: float | None = None


def route_events(events: Iterator[Any], started: float, result: Streamed) -> Iterator[str]:
    """The text to show after each event (the Done answer lands in `result`); the UI and the API share it."""
    for event in events:
        if isinstance(event, Token):
            if result.first_token_ms is None:
                result.first_token_ms = (time.perf_counter() - started) * 1000
            result.text += event.text
            yield result.text
        elif isinstance(event, Replace):
            result.text = ""  # verification rewrote the answer: Done carries the final text
        elif isinstance(event, Done):
            result.answer = event.answer
            result.total_ms = (time.perf_counter() - started) * 1000


def paced(texts: Iterator[str], frame_s: float = FRAME_S, budget_s: float = PACING_BUDGET_S) -> Iterator[str]:
    """`texts` at least `frame_s` apart, waiting `budget_s` in all at most (see FRAME_S)."""
    waited = 0.0
    last: float | None = None
    for text in texts:
        if last is not None:
            wait = min(frame_s - (time.perf_counter() - last), budget_s - waited)
            if wait > 0:
                time.sleep(wait)
                waited += wait
        yield text
        last = time.perf_counter()


class ChatHandlers:
    """The chat's event handlers, holding the context and the feedback log (testable without a browser)."""

    def __init__(self, ctx: WebContext, feedback: FeedbackLog) -> None:
        self.ctx = ctx
        self.feedback = feedback
        self.long_turns = threading.BoundedSemaphore(LONG_AT_ONCE)

    # -- asking ---------------------------------------------------------------------------------------------------
    def _check(self, question: str) -> None:
        """A question over the length or parts limit is refused before any work starts."""
        try:
            check_question(question, self.ctx.settings.max_question_chars, self.ctx.settings.max_question_parts)
        except QuestionRefused as refusal:
            raise gr.Error(str(refusal)) from None

    def _stream(self, question: str, history: list[dict[str, str]], filters: Filters) -> Generator[Any, None, None]:
        """The chain's events under the answer deadline; closing it (Dừng, a client gone) stops the chain."""
        assistant = self.ctx.assistant
        if assistant is None:
            raise gr.Error(NO_INDEX)
        # counted as a question in flight, so that background embedding waits (assistant/web/background.py)
        events = self.ctx.activity.during(assistant.stream(question, history, filters if filters.active() else None))
        turn = self.long_turns if len(question) > LONG_QUESTION_CHARS else None
        return within_deadline(events, self.ctx.settings.answer_timeout_s, turn)

    def respond(
        self,
        message: str,
        chat: list[dict[str, Any]],
        turns: list[Turn],
        issuer: str | None,
        doc_type: str | None,
        date_from: str | None,
        date_to: str | None,
        request: gr.Request,
        area: str | None = None,  # after the request, which Gradio passes in its place: the inputs end with it
    ) -> Iterator[tuple[Any, list[dict[str, Any]], list[Turn], str]]:
        """Yields (question box, chatbot messages, turns, text to copy) as the answer streams in."""
        question = (message or "").strip()
        chat, turns = list(chat or []), list(turns or [])
        if not question:
            gr.Warning("Hãy nhập câu hỏi.")
            yield message, chat, turns, gr.skip()
            return
        self._check(question)
        filters = self._filters(issuer, doc_type, date_from, date_to, area)
        chat.append({"role": "user", "content": html.escape(question)})
        chat.append({"role": "assistant", "content": WAITING})
        yield "", [*chat], turns, gr.skip()
        started = time.perf_counter()
        result = Streamed()
        try:
            with closing(self._stream(question, history_of(turns), filters)) as events:
                for text in paced(route_events(events, started, result)):
                    chat[-1] = {"role": "assistant", "content": streaming_html(text)}
                    yield "", [*chat], turns, gr.skip()
        except AnswerTimeout as timeout:
            log.warning("answer stopped at its deadline: %r", question[:200])
            # what streamed so far is unverified: the message replaces it; the question goes back into the box
            chat[-1] = {"role": "assistant", "content": f"<p class='tl-note'>{html.escape(str(timeout))}</p>"}
            yield message, chat, turns, gr.skip()
            return
        except BackendUnavailable as error:  # the language model is down: what to tell an administrator
            log.warning("answering %r failed: %s", question[:200], error)
            raise gr.Error(f"Không trả lời được câu hỏi này: {error}") from error
        answer = result.answer
        if answer is None:  # a chain always ends with Done; without it there is nothing to cite
            raise gr.Error("Không nhận được câu trả lời hoàn chỉnh, hãy hỏi lại.")
        copied = copy_text(answer)
        answer_id = self.feedback.log_answer(
            answer, copied, _asker("web", request), filters, result.first_token_ms, result.total_ms
        )
        drawn = answer_html(answer, explainer(self.ctx))
        chat[-1] = {"role": "assistant", "content": drawn}
        turns.append(Turn(question, answer.text, copied, answer_id, len(chat) - 1, drawn))
        yield "", chat, turns, copied

    def api_chat(
        self,
        message: str,
        history: list[dict[str, str]] | None = None,
        issuer: str = "",
        doc_type: str = "",
        date_from: str = "",
        date_to: str = "",
        area: str = "",
        request: gr.Request = None,  # type: ignore[assignment]  # Gradio passes it; the default keeps it optional
    ) -> Iterator[str]:
        """The /chat API: the answer as it streams, then the final text with its "Nguồn:" lines (what staff paste).

        `history` is the conversation so far as [{"role": "user"|"assistant", "content": ...}]; filters as in the UI,
        `area` a work area's name as `python -m assistant areas` lists it.
        """
        question = (message or "").strip()
        if not question:
            raise gr.Error("Hãy nhập câu hỏi.")
        self._check(question)
        filters = self._filters(issuer, doc_type, date_from, date_to, area)
        limit = self.ctx.settings.max_question_chars  # a turn is held to what a question may be
        turns = [
            {"role": str(t.get("role")), "content": str(t.get("content"))[:limit]}
            for t in list(history or [])[-API_HISTORY_TURNS:]
            if isinstance(t, dict) and t.get("content")
        ]
        started = time.perf_counter()
        result = Streamed()
        try:
            with closing(self._stream(question, turns, filters)) as events:
                yield from route_events(events, started, result)
        except AnswerTimeout as timeout:
            log.warning("API answer stopped at its deadline: %r", question[:200])
            raise gr.Error(str(timeout)) from None
        if result.answer is None:
            raise gr.Error("Không nhận được câu trả lời hoàn chỉnh, hãy hỏi lại.")
        copied = copy_text(result.answer)
        self.feedback.log_answer(
            result.answer, copied, _asker("api", request), filters, result.first_token_ms, result.total_ms
        )
        yield copied

    def _filters(
        self, issuer: str | None, doc_type: str | None, date_from: str | None, date_to: str | None, area: str | None
    ) -> Filters:
        try:
            return make_filters(issuer, doc_type, date_from, date_to, area, area_paths(self.ctx, area))
        except BadDate as error:
            raise gr.Error(str(error)) from error

    # -- reacting -------------------------------------------------------------------------------------------------
    def like(self, turns: list[Turn], data: gr.LikeData, request: gr.Request) -> tuple[int | None, Any, Any]:
        """👍/👎 on an answer: recorded at once; the comment box opens for an optional remark."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = next((t for t in turns or [] if t.message_index == index), None)
        if turn is None or data.liked not in (True, False):
            return None, gr.update(visible=False), gr.update()
        rating = 1 if data.liked is True else -1
        feedback_id = self.feedback.rate(turn.answer_id, rating, _asker("web", request))
        label = "Góp ý thêm (không bắt buộc): " + (
            "vì sao câu trả lời hữu ích?" if rating > 0 else "sai hoặc thiếu gì?"
        )
        return feedback_id, gr.update(visible=True), gr.update(value="", label=label)

    def send_comment(self, feedback_id: int | None, comment: str, turns: list[Turn], request: gr.Request) -> Any:
        """The remark, attached to the rating just given, or to the latest answer when none was given."""
        if not (comment or "").strip():
            gr.Warning("Góp ý đang để trống.")
            return gr.update()
        if feedback_id is not None:
            self.feedback.comment(feedback_id, comment)
        elif turns:
            self.feedback.rate(turns[-1].answer_id, None, _asker("web", request), comment)
        else:
            gr.Warning("Chưa có câu trả lời nào để góp ý.")
            return gr.update()
        gr.Info("Đã ghi nhận góp ý. Cảm ơn bạn!")
        return gr.update(visible=False)

    @staticmethod
    def show_copy(text: str | None) -> Any:
        if not text:
            gr.Warning("Chưa có câu trả lời để sao chép.")
            return gr.update(visible=False)
        gr.Info("Đã sao chép câu trả lời kèm nguồn.")
        return gr.update(value=text, visible=True)


def area_paths(ctx: WebContext, area: str | None) -> tuple[str, ...] | None:
    """The documents of the work area named `area` (None for no area or "Tất cả"); gr.Error for an unknown one."""
    if not area or area == ANY:
        return None
    for found in ctx.areas().areas():
        if found.name == area:
            return found.paths
    raise gr.Error(f"Không có lĩnh vực “{area}” trong kho.")


def _asker(channel: str, request: gr.Request | None) -> Asker:
    if request is None:
        return Asker(channel)
    return Asker(channel, getattr(request, "session_hash", None), getattr(request, "username", None) or None)
