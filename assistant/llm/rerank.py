"""Optional: the language model reorders the top retrieved passages before the answer step (TRO_LY_LLM_RERANK=1)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.chain import Assistant
from assistant.generative import TEMPLATE_OVERHEAD, fence
from assistant.llm import approximate_tokens
from assistant.metadata_filters import Filters
from assistant.retrieval import Passage

_NUMBER = re.compile(r"\d{1,2}")
REPLY_TOKENS = 24  # a short list of numbers


class LlmReranker:
    """`LlmReranker(chat_model, prompt)`: the passages the model names as answering go first, in its order.

    The model sees an excerpt of each of the `top` passages; passages it does not name keep their retrieval order
    after the named ones, so a poor reply can reorder but never lose evidence."""

    def __init__(
        self,
        chat_model: Any,
        prompt: str,
        count_tokens: Callable[[str], int] = approximate_tokens,
        context_tokens: int = 2048,
        top: int = 8,
        excerpt_chars: int = 450,
    ) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.count_tokens = count_tokens
        self.context_tokens = context_tokens
        self.top = top
        self.excerpt_chars = excerpt_chars

    def listing(self, passages: list[Passage], budget_tokens: int) -> tuple[str, int]:
        """Numbered excerpts that fit the budget, and how many."""
        blocks: list[str] = []
        used = 0
        for n, passage in enumerate(passages, start=1):
            heading = " > ".join(passage.chunk.heading_path)
            text = " ".join(passage.chunk.text.split())[: self.excerpt_chars]
            block = f"[{n}] {heading}\n<<<\n{fence(text)}\n>>>"
            cost = self.count_tokens(block) + 2
            if used + cost > budget_tokens:
                break
            blocks.append(block)
            used += cost
        return "\n\n".join(blocks), len(blocks)

    def __call__(self, question: str, passages: list[Passage]) -> list[Passage]:
        frame = self.count_tokens(self.prompt.format(passages="", question=question))
        budget = self.context_tokens - REPLY_TOKENS - TEMPLATE_OVERHEAD - frame
        listing, shown = self.listing(passages[: self.top], budget)
        head = passages[:shown]  # only what the model saw can be ranked by it
        if len(head) < 2:
            return passages
        message = self.prompt.format(passages=listing, question=question)
        reply = self.chat_model.bind(max_tokens=REPLY_TOKENS).invoke(message)
        order = self.parse(str(getattr(reply, "content", reply)), len(head))
        chosen = [head[i] for i in order]
        rest = [p for i, p in enumerate(head) if i not in order]
        return [*chosen, *rest, *passages[shown:]]

    @staticmethod
    def parse(reply: str, n: int) -> list[int]:
        """Zero-based indexes named in the reply, in its order; numbers outside 1..n are ignored."""
        first_line = reply.strip().splitlines()[0] if reply.strip() else ""
        return list(dict.fromkeys(int(m) - 1 for m in _NUMBER.findall(first_line) if 1 <= int(m) <= n))


class RerankingAssistant(Assistant):
    """The assistant with an LLM reranking step between retrieval and the answer."""

    def __init__(self, *args: Any, reranker: LlmReranker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reranker = reranker

    def retrieve(self, query: str, filters: Filters | None = None) -> list[Passage]:
        return self.reranker(query, super().retrieve(query, filters))
