"""Follow-up questions made stand-alone: by the LLM when one is configured, else by carrying over the previous
question's subject, period and document numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.vietnamese import WORD, fold

# Signs that a question leans on the conversation: pronouns, "còn ... thì sao", "vậy", very short questions.
_ANAPHORA = re.compile(
    r"^(con|vay|the con|va|nhung)\b|\b(do|nay|tren|ay|thi sao|the nao nua|nua|cung vay|o do|luc do|van ban nay|"
    r"van ban do|ke hoach nay|bao cao nay|doanh nghiep nay|cong ty nay)\b"
)
# Periods the new question may replace: "quý I/2021", "6 tháng đầu năm", "tháng 3/2021", "năm 2021", "cả năm".
_PERIOD = re.compile(
    r"(lũy kế\s+)?(quý\s+[IV\d]+(?:\s*/\s*\d{4})?|\d+\s+tháng\s+đầu\s+năm(?:\s+\d{4})?|"
    r"tháng\s+\d{1,2}(?:\s*/\s*\d{4})?|cả\s+năm(?:\s+\d{4})?)",
    re.IGNORECASE,
)
_QUESTION_TAIL = re.compile(
    r"\s*(là\s+)?(bao nhiêu|được bao nhiêu|đạt bao nhiêu|thế nào|như thế nào|ra sao|gì|nào|không)\s*\??\s*$",
    re.I,
)
SHORT_QUESTION = 9  # syllables


def is_follow_up(question: str) -> bool:
    folded = fold(question)
    return bool(_ANAPHORA.search(folded)) or len(WORD.findall(question)) <= SHORT_QUESTION


def carry_over(question: str, history: Sequence[dict[str, str]]) -> str:
    """Rule-based rewrite: the new question, then the previous user question's topic (its period replaced if the
    new question names one)."""
    previous = [turn["content"] for turn in history if turn.get("role") == "user" and turn.get("content")]
    if not previous or not is_follow_up(question):
        return question
    topic = previous[-1]
    if _PERIOD.search(question):
        topic = _PERIOD.sub(" ", topic)
    topic = _QUESTION_TAIL.sub("", topic).strip(" ?")
    return f"{question.strip()} ({' '.join(topic.split())})"


class LlmRewriter:
    """Asks a LangChain chat model to rewrite the follow-up; falls back to `carry_over` on any empty reply."""

    def __init__(self, chat_model: Any, prompt: str) -> None:
        self.chat_model = chat_model
        self.prompt = prompt

    def __call__(self, question: str, history: Sequence[dict[str, str]]) -> str:
        if not history:
            return question
        turns = "\n".join(f"{t['role']}: {t['content']}" for t in history[-6:])
        reply = self.chat_model.invoke(self.prompt.format(history=turns, question=question))
        text = str(getattr(reply, "content", reply)).strip().splitlines()
        return text[0].strip() if text and text[0].strip() else carry_over(question, history)


def rule_rewriter(question: str, history: Sequence[dict[str, str]]) -> str:
    return carry_over(question, history)
