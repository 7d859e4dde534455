"""The answer chain: rewrite → retrieve → answer → verify, as LangChain runnables and as a stream of typed events.

Citations are made here from the stored metadata of the passages the backend actually used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from langchain_core.runnables import RunnableLambda

from assistant.aliases import Aliases
from assistant.answerability import Judge
from assistant.answers import (
    NOT_FOUND,
    Answer,
    AnswerBackend,
    Done,
    Draft,
    Event,
    Notice,
    Replace,
    Sources,
    Token,
    word_pieces,
)
from assistant.citations import Citation, cite, document_label
from assistant.decision import Decision
from assistant.metadata_filters import Filters
from assistant.parts import part_question
from assistant.questions import Question
from assistant.retrieval import Passage
from assistant.verify import verify
from index.citations.docnumbers import replace_doc_numbers

Rewriter = Callable[[str, Sequence[dict[str, str]]], str]
DirectiveLookup = Callable[[str], list[str]]  # a question → a brief on each document number it names
_MARKER = re.compile(r"\[(\d{1,2})\]")
PART_NOT_FOUND = "Không tìm thấy trong kho văn bản thông tin cho phần «{part}»."
PART_K = 4  # passages retrieved for each part of a question in several parts


class Retrieves(Protocol):
    """What the chain needs of a retriever: the hybrid `Retriever`, or the baseline recipe in the eval."""

    def retrieve(
        self, query: str, k: int = 10, filters: Filters | None = None, dense: bool = True
    ) -> list[Passage]: ...


@dataclass(frozen=True)
class Request:
    question: str
    history: tuple[dict[str, str], ...] = ()
    filters: Filters | None = None


class Assistant:
    """`Assistant(retriever, backend, rewriter, judge=...)`: answers a question with verified citations, or declines
    when the answerability decision finds nothing that answers it; with `directives`, a question naming a document
    number also gets the registry's brief on that document."""

    def __init__(
        self,
        retriever: Retrieves,
        backend: AnswerBackend,
        rewriter: Rewriter,
        k: int = 8,
        directives: DirectiveLookup | None = None,
        judge: Judge | None = None,
    ) -> None:
        self.retriever = retriever
        self.backend = backend
        self.rewriter = rewriter
        self.k = k
        self.directives = directives
        self.judge = judge or _default_judge(retriever)

    # -- steps ---------------------------------------------------------------------------------------------------
    def rewrite(self, request: Request) -> str:
        return self.rewriter(request.question, request.history) if request.history else request.question

    def retrieve(self, query: str, filters: Filters | None = None) -> list[Passage]:
        """The passages for the question; a question in several parts ("X của Trà Vinh và Y của Quảng Ngãi") also
        gets the best passages of each part, so that no part is left without its document."""
        whole = self.retriever.retrieve(query, k=self.k, filters=filters)
        question = Question(query)
        if len(question.parts) < 2:
            return whole
        # each part with what it leaves to the rest of the question ("tổng vốn bao nhiêu (KCN Bản Qua)")
        asked = [part_question(part, question).text for part in question.parts]
        # the whole question was searched by meaning; its parts by their words (an embedding each cost ~35 ms)
        lists = [whole, *(self.retriever.retrieve(part, k=PART_K, filters=filters, dense=False) for part in asked)]
        ranked = _interleave([[p for p in found if not p.sibling] for found in lists])
        siblings = [p for found in lists for p in found if p.sibling]
        return _interleave([ranked[: self.k + PART_K * len(asked)], siblings])

    def decide(self, request: Request, query: str, passages: list[Passage]) -> tuple[list[Passage], Decision]:
        """The answerability decision, and the passages reordered so that those that answer come first."""
        decision = self.judge.judge(query, passages)
        if not decision.answerable:
            return passages, decision
        answering = decision.passages
        first = set(answering)
        order = answering + [i for i in range(len(passages)) if i not in first]
        return [passages[i] for i in order], decision.reordered(order)

    def declined(self, request: Request, query: str, passages: list[Passage], decision: Decision) -> Answer:
        """The answer when nothing answers: why, and what the archive holds instead (never a figure for what was
        asked: what it holds is named by period and document, not quoted)."""
        rewritten = query if query != request.question else None
        filters = request.filters
        if not passages and filters is not None and filters.active():
            text = f"Không tìm thấy văn bản nào khớp bộ lọc ({describe_filters(filters)})."
        elif decision.reason == "period" and decision.missing and decision.held:
            held = ", ".join(
                f"{label} ({document_label(passages[i].meta, passages[i].doc_path)})" for label, i in decision.held
            )
            missing = ", ".join(decision.missing)
            text = f"Không tìm thấy số liệu {missing} trong kho văn bản. Kho có số liệu {held}; không có {missing}."
        else:
            text = NOT_FOUND
        return Answer(request.question, text, (), True, tuple(passages), (), rewritten, declined=decision.why)

    def finish(self, request: Request, query: str, passages: list[Passage], draft: Draft) -> Answer:
        """The verified answer, with the registry's brief on the document numbers the question names (built from
        the registry in code, so it is shown beside the answer, not mixed into the verified text)."""
        answer = self.verified(request, query, passages, draft)
        return self.with_directives(answer, query)

    def with_directives(self, answer: Answer, query: str) -> Answer:
        briefs = tuple(self.directives(query)) if self.directives else ()
        return replace(answer, directives=briefs) if briefs else answer

    def verified(self, request: Request, query: str, passages: list[Passage], draft: Draft) -> Answer:
        """Verify the draft against the passages it used, renumber its markers, and attach citations."""
        rewritten = query if query != request.question else None
        if draft.abstained or not draft.used or NOT_FOUND.rstrip(".") in draft.text:
            return Answer(request.question, NOT_FOUND, (), True, tuple(passages), (), rewritten, declined="draft")
        used = [i for i in draft.used if 0 <= i < len(passages)]
        # one citation per document, however many of its passages were used: an official reply names it once
        by_document: dict[str, list[int]] = {}
        for i in used:
            by_document.setdefault(passages[i].doc_path, []).append(i)
        citations = []
        renumber = {}
        for number, group in enumerate(by_document.values(), start=1):
            first = passages[group[0]]
            more = [passages[i].chunk for i in group[1:]]
            citations.append(cite(first.chunk, first.meta, first.kind, more, quotes=draft.quotes or None))
            renumber.update({i + 1: number for i in group})
        evidence = "\n".join([*(passage_evidence(passages[i]) for i in used), *(c.text for c in citations)])
        checked = verify(draft.text, evidence, {i + 1 for i in used})
        if not checked.text.strip() or not _MARKER.search(checked.text):
            return Answer(request.question, NOT_FOUND, (), True, tuple(passages), checked.notices, rewritten)
        text = _MARKER.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", checked.text)
        text += "".join(f"\n\n{PART_NOT_FOUND.format(part=_bare_part(part))}" for part in draft.unanswered)
        return Answer(request.question, text, tuple(citations), False, tuple(passages), checked.notices, rewritten)

    # -- whole ---------------------------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[dict[str, str]] = (), filters: Filters | None = None) -> Answer:
        return self.chain().invoke(Request(question, tuple(history), filters))

    def chain(self) -> Any:
        """The same steps as a LangChain runnable sequence (invoke/batch; `stream_events` below for the UI)."""
        rewrite: Any = RunnableLambda(lambda r: {"request": r, "query": self.rewrite(r)}, name="rewrite")
        retrieve: Any = RunnableLambda(
            lambda s: {**s, "passages": self.retrieve(s["query"], s["request"].filters)}, name="retrieve"
        )
        decide: Any = RunnableLambda(self._decide_step, name="decide")
        answer: Any = RunnableLambda(self._answer_step, name="answer")
        return rewrite | retrieve | decide | answer

    def _decide_step(self, s: dict[str, Any]) -> dict[str, Any]:
        passages, decision = self.decide(s["request"], s["query"], s["passages"])
        return {**s, "passages": passages, "decision": decision}

    def _answer_step(self, s: dict[str, Any]) -> Answer:
        request, query, passages, decision = s["request"], s["query"], s["passages"], s["decision"]
        if not decision.answerable:
            return self.with_directives(self.declined(request, query, passages, decision), query)
        draft = self.backend.draft(query, passages, decision)
        return self.finish(request, query, passages, draft)

    def stream(
        self, question: str, history: Sequence[dict[str, str]] = (), filters: Filters | None = None
    ) -> Iterator[Event]:
        """Tokens as the backend writes them, then the verified answer's sources and notices, then Done."""
        request = Request(question, tuple(history), filters)
        query = self.rewrite(request)
        passages, decision = self.decide(request, query, self.retrieve(query, filters))
        if not decision.answerable:
            answer = self.with_directives(self.declined(request, query, passages, decision), query)
            yield from (Token(piece) for piece in word_pieces(answer.text))
            yield Sources(())
            yield Done(answer)
            return
        draft: Draft | None = None
        for piece in self.backend.stream(query, passages, decision):
            if isinstance(piece, Draft):
                draft = piece
            elif piece:
                yield Token(piece)
        answer = self.finish(request, query, passages, draft or Draft("", abstained=True))
        if answer.abstained or answer.notices:
            yield Replace()  # verification changed what was streamed: the final text is authoritative
        for notice in answer.notices:
            yield Notice(notice)
        yield Sources(answer.citations)
        yield Done(answer)


def _default_judge(retriever: Retrieves) -> Judge:
    """A judge over the retriever's lexical index (the baseline retriever of the eval has one too)."""
    lexical = getattr(retriever, "lexical", None)
    if lexical is None:
        msg = "Assistant needs a judge, or a retriever with a lexical index to build one from"
        raise TypeError(msg)
    return Judge(lexical.rarity, aliases=Aliases(getattr(retriever, "glossary", None) or {}))


def _interleave(lists: list[list[Passage]]) -> list[Passage]:
    """Round-robin over ranked lists, each chunk once."""
    out: list[Passage] = []
    seen: set[str] = set()
    for rank in range(max((len(found) for found in lists), default=0)):
        for found in lists:
            if rank < len(found) and found[rank].chunk.chunk_id not in seen:
                seen.add(found[rank].chunk.chunk_id)
                out.append(found[rank])
    return out


def _bare_part(part: str) -> str:
    """A part of the question as the user would name it: without the joining "và"/"còn" and the question mark, and
    with "…" for a document number (the answer names no number that its sources do not hold)."""
    return replace_doc_numbers(re.sub(r"^(?:và|còn)\s+", "", part.strip(" ?,;"), flags=re.IGNORECASE), "…")


def describe_filters(filters: Filters) -> str:
    """The active filters as the user set them: "Cơ quan: Lào Cai; Loại: Thông báo; từ 2023"."""
    parts = []
    if filters.area:
        parts.append(f"Lĩnh vực: {filters.area}")
    if filters.issuer:
        parts.append(f"Cơ quan ban hành: {filters.issuer}")
    if filters.doc_type:
        parts.append(f"Loại: {filters.doc_type}")
    if filters.date_from:
        parts.append(f"từ {filters.date_from}")
    if filters.date_to:
        parts.append(f"đến {filters.date_to}")
    return "; ".join(parts)


def passage_evidence(passage: Passage) -> str:
    """What a cited passage vouches for: its heading path, its text, and its document's header facts."""
    meta = passage.meta
    header = [meta.subject or "", meta.signer or "", *meta.recipients] if meta else []
    return "\n".join([*passage.chunk.heading_path, passage.chunk.text, *header])


def render(answer: Answer) -> str:
    """The answer as a user sees and copies it: text, then the numbered sources, then any directive briefs."""
    lines = [answer.text]
    if not answer.abstained:
        lines += ["", "Nguồn:"]
        for n, citation in enumerate(answer.citations, start=1):
            lines.append(f"[{n}] {source_line(citation)}")
        lines.extend(f"Lưu ý: {note}" for note in answer.notices)
    lines.extend(directive_lines(answer))
    return "\n".join(lines)


def directive_lines(answer: Answer) -> list[str]:
    """The registry's briefs under their own heading (empty when the question names no known number)."""
    if not answer.directives:
        return []
    return ["", "Tra cứu số hiệu (sổ văn bản được trích dẫn trong kho):", *answer.directives]


def source_line(citation: Citation) -> str:
    """One numbered source as an official reply cites it: label and page, subject, signer, then the file."""
    line = citation.text
    if citation.subject:
        line += f" — {citation.subject}"
    if citation.signer:
        line += f"; người ký: {citation.signer}"
    return f"{line} ({citation.doc_path})"
