"""The generative answer backend: any LangChain chat model (a local GGUF via llama.cpp, or an OpenAI-compatible
server), told to answer only from numbered passages. Its text is verified afterwards like any other draft."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.answers import NOT_FOUND, AnswerBackend, Draft
from assistant.citations import document_label
from assistant.retrieval import Passage

_MARKER = re.compile(r"\[(\d{1,2})\]")
CHARS_PER_TOKEN = 3.2  # Vietnamese text in Qwen's tokenizer, measured roughly; keeps the prompt inside the window


def format_passages(passages: list[Passage], budget_chars: int) -> str:
    """Numbered passages inside <<< >>> fences, cut to the budget; fences inside documents are neutralised."""
    blocks, used = [], 0
    for n, passage in enumerate(passages, start=1):
        label = document_label(passage.meta, passage.doc_path)
        body = passage.chunk.text.replace("<<<", "‹‹‹").replace(">>>", "›››")
        block = f"[{n}] {label}\n<<<\n{body}\n>>>"
        if used + len(block) > budget_chars and blocks:
            break
        blocks.append(block)
        used += len(block)
    return "\n\n".join(blocks)


class GenerativeBackend(AnswerBackend):
    """`GenerativeBackend(chat_model, prompt)`: streams the model's answer, then reports which [n] it cited."""

    name = "generative"

    def __init__(self, chat_model: Any, prompt: str, context_tokens: int = 4096, answer_tokens: int = 512) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.budget_chars = int((context_tokens - answer_tokens - 400) * CHARS_PER_TOKEN)

    def _messages(self, question: str, passages: list[Passage]) -> str:
        return self.prompt.format(passages=format_passages(passages, self.budget_chars), question=question)

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Draft]:
        if not passages:
            yield Draft(NOT_FOUND, abstained=True)
            return
        pieces = []
        for chunk in self.chat_model.stream(self._messages(question, passages)):
            text = str(getattr(chunk, "content", chunk))
            if text:
                pieces.append(text)
                yield text
        yield self._draft("".join(pieces), len(passages))

    def draft(self, question: str, passages: list[Passage]) -> Draft:
        result: Draft | None = None
        for piece in self.stream(question, passages):
            if isinstance(piece, Draft):
                result = piece
        return result or Draft(NOT_FOUND, abstained=True)

    @staticmethod
    def _draft(text: str, n_passages: int) -> Draft:
        text = text.strip()
        if not text or NOT_FOUND.rstrip(".").lower() in text.lower():
            return Draft(NOT_FOUND, abstained=True)
        used = tuple(dict.fromkeys(int(m) - 1 for m in _MARKER.findall(text) if 1 <= int(m) <= n_passages))
        return Draft(text, used=used)
