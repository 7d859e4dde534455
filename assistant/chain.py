"""The answer chain: rewrite → retrieve → answer → verify, as LangChain runnables and as a stream of typed events.

Citations are made here from the stored metadata of the passages the backend actually used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from langchain_core.runnables import RunnableLambda

from assistant.answers import NOT_FOUND, Answer, AnswerBackend, Done, Draft, Event, Notice, Sources, Token
from assistant.citations import Citation, cite
from assistant.retrieval import Filters, Passage
from assistant.verify import verify
from assistant.vietnamese import doc_number_keys

Rewriter = Callable[[str, Sequence[dict[str, str]]], str]
DirectiveLookup = Callable[[str], list[str]]  # a question → a brief on each document number it names
_MARKER = re.compile(r"\[(\d{1,2})\]")


class Retrieves(Protocol):
    """What the chain needs of a retriever: the hybrid `Retriever`, or the baseline recipe in the eval."""

    def retrieve(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Passage]: ...


@dataclass(frozen=True)
class Request:
    question: str
    history: tuple[dict[str, str], ...] = ()
    filters: Filters | None = None


class Assistant:
    """`Assistant(retriever, backend, rewriter)`: answers a question with verified citations; with `directives`,
    a question naming a document number also gets the registry's brief on that document."""

    def __init__(
        self,
        retriever: Retrieves,
        backend: AnswerBackend,
        rewriter: Rewriter,
        k: int = 8,
        directives: DirectiveLookup | None = None,
    ) -> None:
        self.retriever = retriever
        self.backend = backend
        self.rewriter = rewriter
        self.k = k
        self.directives = directives

    # -- steps ---------------------------------------------------------------------------------------------------
    def rewrite(self, request: Request) -> str:
        return self.rewriter(request.question, request.history) if request.history else request.question

    def retrieve(self, query: str, filters: Filters | None = None) -> list[Passage]:
        return self.retriever.retrieve(query, k=self.k, filters=filters)

    def finish(self, request: Request, query: str, passages: list[Passage], draft: Draft) -> Answer:
        """The verified answer, with the registry's brief on the document numbers the question names (built from
        the registry in code, so it is shown beside the answer, not mixed into the verified text)."""
        answer = self.verified(request, query, passages, draft)
        briefs = tuple(self.directives(query)) if self.directives else ()
        return replace(answer, directives=briefs) if briefs else answer

    def verified(self, request: Request, query: str, passages: list[Passage], draft: Draft) -> Answer:
        """Verify the draft against the passages it used, renumber its markers, and attach citations."""
        rewritten = query if query != request.question else None
        if draft.abstained or not draft.used or NOT_FOUND.rstrip(".") in draft.text:
            return Answer(request.question, NOT_FOUND, (), True, tuple(passages), (), rewritten)
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
            citations.append(cite(first.chunk, first.meta, first.kind, more))
            renumber.update({i + 1: number for i in group})
        evidence = "\n".join([*(passage_evidence(passages[i]) for i in used), *(c.text for c in citations)])
        # compared by number and first symbol part: a document known only as "4280/SCT" still answers "4280/SCT-CN"
        named = {key.split("-")[0] for key in doc_number_keys(query)}
        if named and not named & {key.split("-")[0] for key in doc_number_keys(evidence)}:
            # the question names a document none of the quoted passages is or cites: an answer about another
            # document would pass for an answer about this one
            return Answer(request.question, NOT_FOUND, (), True, tuple(passages), (), rewritten)
        checked = verify(draft.text, evidence, {i + 1 for i in used})
        if not checked.text.strip() or not _MARKER.search(checked.text):
            return Answer(request.question, NOT_FOUND, (), True, tuple(passages), checked.notices, rewritten)
        text = _MARKER.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", checked.text)
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
        answer: Any = RunnableLambda(
            lambda s: {**s, "draft": self.backend.draft(s["query"], s["passages"])}, name="answer"
        )
        check: Any = RunnableLambda(
            lambda s: self.finish(s["request"], s["query"], s["passages"], s["draft"]), name="verify"
        )
        return rewrite | retrieve | answer | check

    def stream(
        self, question: str, history: Sequence[dict[str, str]] = (), filters: Filters | None = None
    ) -> Iterator[Event]:
        """Tokens as the backend writes them, then the verified answer's sources and notices, then Done."""
        request = Request(question, tuple(history), filters)
        query = self.rewrite(request)
        passages = self.retrieve(query, filters)
        draft: Draft | None = None
        for piece in self.backend.stream(query, passages):
            if isinstance(piece, Draft):
                draft = piece
            elif piece:
                yield Token(piece)
        answer = self.finish(request, query, passages, draft or Draft("", abstained=True))
        if answer.abstained or answer.notices:
            # the streamed text was replaced by verification: the final text is authoritative
            yield Notice("replace")
        for notice in answer.notices:
            yield Notice(notice)
        yield Sources(answer.citations)
        yield Done(answer)


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
