"""Language models for the optional LLM steps (answering, follow-up rewriting, reranking): the bundled GGUF run
in-process by llama.cpp, or any OpenAI-compatible server. Nothing here loads at import time."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

CHARS_PER_TOKEN = 2.4  # Qwen2.5's tokenizer on Vietnamese report text: 2.5-2.8 characters a token (measured)


class BackendUnavailable(Exception):
    """The configured language model cannot be used (no model file, no runtime, server unreachable)."""


def approximate_tokens(text: str) -> int:
    """A cautious token count when the model's own tokenizer is not at hand."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


class Holder(Protocol):
    """What runs a model on this machine (a local server): it runs until closed."""

    def close(self) -> None: ...


@dataclass
class LanguageModel:
    """A LangChain chat model with its context window, a token counter, and whatever holds it (a local server)."""

    chat: Any
    context_tokens: int
    count_tokens: Callable[[str], int] = approximate_tokens
    name: str = "llm"
    holder: Holder | None = None  # keeps a local runtime alive as long as the model is used

    def close(self) -> None:
        """Stop what runs the model on this machine, if anything does (a remote server is not ours to stop)."""
        if self.holder is not None:
            self.holder.close()
