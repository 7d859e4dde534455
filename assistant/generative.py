"""The generative answer backend: any LangChain chat model (the bundled GGUF via llama.cpp, or an OpenAI-compatible
server), told to answer only from numbered, fenced passages. Its text is verified afterwards like any other draft.

The passages are cut to a token budget (the model's window less the instructions, the question and the answer), counted
with the model's own tokenizer when there is one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answers import NOT_FOUND, AnswerBackend, Draft
from assistant.chain import passage_evidence
from assistant.citations import document_label
from assistant.llm import BackendUnavailable, LanguageModel, approximate_tokens
from assistant.retrieval import Passage
from assistant.verify import numbers_supported, unsupported_facts
from assistant.vietnamese import WORD, fold

if TYPE_CHECKING:
    from assistant.decision import Decision

log = logging.getLogger(__name__)
_MARKER = re.compile(r"\[(\d{1,2})\]")
# "[1, 2]", "[1,2,3]" and "[1-2]": small models group references; the chain and verify.py read only "[n]"
_GROUPED = re.compile(r"\[(\d{1,2}(?:\s*[,;–-]\s*\d{1,2})+)\]")
_NOT_FOUND_START = re.compile(r"^\W*không (tìm thấy|có) thông tin", re.IGNORECASE)
ANSWER_TOKENS = 320  # one to three sentences with references; the window's rest goes to passages
TEMPLATE_OVERHEAD = 32  # tokens the chat template wraps around the messages (role tags, turn markers)
WORD_OVERLAP = 0.6  # share of a figure-less sentence's words a passage must hold to vouch for it
_SENTENCE_END = re.compile(r"(?<=[.!?])(?=\s)")  # split after the punctuation, keeping the spaces with the next piece
_TRAILING = re.compile(r"[.!?…:;,\s]*$")


def fence(text: str) -> str:
    """Document text made unable to close or open a passage fence."""
    return text.replace("<<<", "‹‹‹").replace(">>>", "›››")


def passage_block(n: int, passage: Passage, body: str | None = None) -> str:
    label = document_label(passage.meta, passage.doc_path)
    return f"[{n}] {label}\n<<<\n{fence(passage.chunk.text if body is None else body)}\n>>>"


def fit_passages(passages: list[Passage], budget_tokens: int, count_tokens: Callable[[str], int]) -> tuple[str, int]:
    """Numbered, fenced passages that fit `budget_tokens`, best first, and how many of them went in.

    Passages are whole or absent, except the first, which is shortened when it alone is over the budget: a question
    always gets some evidence."""
    blocks: list[str] = []
    used = 0
    for n, passage in enumerate(passages, start=1):
        block = passage_block(n, passage)
        cost = count_tokens(block) + 2  # the blank line between blocks
        if used + cost > budget_tokens:
            if blocks:
                break
            block = _shortened(n, passage, budget_tokens, count_tokens)
            cost = count_tokens(block)
        blocks.append(block)
        used += cost
    return "\n\n".join(blocks), len(blocks)


def _shortened(n: int, passage: Passage, budget_tokens: int, count_tokens: Callable[[str], int]) -> str:
    text = passage.chunk.text
    block = passage_block(n, passage, text)
    while len(text) > 80 and count_tokens(block) > budget_tokens:
        text = text[: int(len(text) * 0.8)]
        block = passage_block(n, passage, text + " …")
    return block


class GenerativeBackend(AnswerBackend):
    """`GenerativeBackend(chat_model, prompt, ...)`: streams the model's answer, then reports which [n] it cited.

    `prompt` is the user turn with {passages} and {question}; `system` (optional) holds the rules."""

    name = "generative"

    def __init__(
        self,
        chat_model: Any,
        prompt: str,
        context_tokens: int = 4096,
        answer_tokens: int = ANSWER_TOKENS,
        count_tokens: Callable[[str], int] = approximate_tokens,
        system: str | None = None,
        max_passages: int | None = None,
    ) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.system = system
        self.context_tokens = context_tokens
        self.answer_tokens = answer_tokens
        self.count_tokens = count_tokens
        self.max_passages = max_passages
        self.model: LanguageModel | None = None

    @classmethod
    def from_model(cls, model: LanguageModel, prompt: str, system: str | None = None) -> GenerativeBackend:
        """The backend for a configured model: its window and tokenizer; it keeps the model (and its runtime) alive."""
        backend = cls(model.chat, prompt, model.context_tokens, ANSWER_TOKENS, model.count_tokens, system)
        backend.model = model
        return backend

    def passage_budget(self, question: str) -> int:
        """Tokens left for passages once the rules, the question, the answer and the template are counted."""
        frame = (self.system or "") + self.prompt.format(passages="", question=question)
        return self.context_tokens - self.answer_tokens - TEMPLATE_OVERHEAD - self.count_tokens(frame)

    def messages(self, question: str, passages: list[Passage]) -> tuple[list[BaseMessage], int]:
        """The messages sent to the model and the number of passages they hold."""
        given = passages[: self.max_passages] if self.max_passages else passages
        text, n = fit_passages(given, self.passage_budget(question), self.count_tokens)
        turns: list[BaseMessage] = [SystemMessage(self.system)] if self.system else []
        turns.append(HumanMessage(self.prompt.format(passages=text, question=question)))
        return turns, n

    def stream(self, question: str, passages: list[Passage], decision: Decision | None = None) -> Iterator[str | Draft]:
        """The model's answer as it streams; the chain has put the passages that answer first (`decision`)."""
        if not passages:
            yield Draft(NOT_FOUND, abstained=True)
            return
        messages, n_given = self.messages(question, passages)
        pieces = []
        try:
            for chunk in self.chat_model.stream(messages):
                text = str(getattr(chunk, "content", chunk))
                if text:
                    pieces.append(text)
                    yield text
        except BackendUnavailable:
            raise
        except Exception as error:  # connection refused, timeout, server error: one message the user can act on
            msg = f"Mô hình ngôn ngữ không trả lời được ({type(error).__name__}: {error})"
            raise BackendUnavailable(msg) from error
        yield self._draft("".join(pieces), passages[:n_given])

    def draft(self, question: str, passages: list[Passage], decision: Decision | None = None) -> Draft:
        result: Draft | None = None
        for piece in self.stream(question, passages, decision):
            if isinstance(piece, Draft):
                result = piece
        return result or Draft(NOT_FOUND, abstained=True)

    @staticmethod
    def _draft(text: str, given: list[Passage]) -> Draft:
        text = drop_bare_references(_GROUPED.sub(_split_group, text.replace("<<<", "").replace(">>>", "")).strip())
        if not WORD.search(_MARKER.sub("", text)) or NOT_FOUND.rstrip(".").lower() in text.lower():
            return Draft(NOT_FOUND, abstained=True)
        if _NOT_FOUND_START.search(text):
            return Draft(NOT_FOUND, abstained=True)
        text = keep_numbers_in_cited_text(attach_markers(text, given), given)
        if not WORD.search(_MARKER.sub("", text)):
            return Draft(NOT_FOUND, abstained=True)
        used = tuple(dict.fromkeys(int(m) - 1 for m in _MARKER.findall(text) if 1 <= int(m) <= len(given)))
        return Draft(text, used=used)


def drop_bare_references(text: str) -> str:
    """Remove pieces that are only references ("… USD [1]. [2]"): a [n] that states nothing vouches for nothing."""
    pieces = _SENTENCE_END.split(text)
    return "".join(p for p in pieces if WORD.search(_MARKER.sub("", p))).strip()


def keep_numbers_in_cited_text(text: str, passages: list[Passage]) -> str:
    """Drop sentences writing a document number that the text of the passages they cite does not contain.

    The passage labels shown to the model carry each document's own number; written back into the answer it is
    true, but not found in the cited text, which is what a citation must vouch for (eval/FORMAT.md)."""
    kept = []
    for sentence in _SENTENCE_END.split(text):
        cited = [int(m) - 1 for m in _MARKER.findall(sentence) if 1 <= int(m) <= len(passages)]
        evidence = "\n".join(passage_evidence(passages[i]) for i in cited)
        labels = "\n".join(document_label(passages[i].meta, passages[i].doc_path) for i in cited)
        if numbers_supported(sentence, evidence) or not numbers_supported(sentence, f"{evidence}\n{labels}"):
            kept.append(sentence)  # a number found nowhere is left to verification, which tells the user
        else:
            log.info("câu chỉ dựa vào số hiệu trong nhãn nguồn, đã bỏ: %s", sentence.strip())
    return "".join(kept).strip()


def attach_markers(text: str, passages: list[Passage]) -> str:
    """Sentences written without a [n] get the passage that vouches for them, if exactly one clearly does.

    Small models often state a correct figure and forget the reference; the sentence is then tied to the first
    passage holding every number and figure it writes (or, for a sentence without any, the passage sharing most of
    its words). Verification still checks the result, so a wrong tie removes the sentence rather than letting it pass.
    """
    evidence = [f"{document_label(p.meta, p.doc_path)}\n{passage_evidence(p)}" for p in passages]
    pieces = []
    for sentence in _SENTENCE_END.split(text):
        body = sentence.strip()
        if body and not _MARKER.search(body) and len(WORD.findall(body)) >= 3:
            n = _vouching_passage(body, evidence)
            if n is not None:
                end = _TRAILING.search(sentence)
                cut = end.start() if end else len(sentence)
                sentence = f"{sentence[:cut].rstrip()} [{n + 1}]{sentence[cut:]}"
        pieces.append(sentence)
    return "".join(pieces)


def _vouching_passage(sentence: str, evidence: list[str]) -> int | None:
    if unsupported_facts(sentence, ""):  # the sentence writes numbers or figures: they must all be in the passage
        return next((i for i, text in enumerate(evidence) if not unsupported_facts(sentence, text)), None)
    words = {fold(w) for w in WORD.findall(sentence) if len(w) > 1}
    if not words:
        return None
    overlaps = [len(words & {fold(w) for w in WORD.findall(text)}) / len(words) for text in evidence]
    best = max(range(len(overlaps)), key=overlaps.__getitem__)
    return best if overlaps[best] >= WORD_OVERLAP else None


def _split_group(match: re.Match[str]) -> str:
    """Grouped references split: [1, 3] → [1][3]; [2-4] → [2][3][4]."""
    inner = match.group(1)
    if "-" in inner or "–" in inner:
        low, high = (int(x) for x in re.split(r"\s*[–-]\s*", inner)[:2])
        numbers = list(range(low, high + 1)) if 0 < high - low < 10 else [low, high]
    else:
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", inner)]
    return "".join(f"[{n}]" for n in numbers)
