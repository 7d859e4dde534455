"""Follow-up questions made stand-alone: by the LLM when one is configured, else by carrying over the previous
question's subject, period and document numbers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from assistant.asking import TYPE_NOUNS
from assistant.periods import periods_in, strip_periods
from assistant.vietnamese import CAPITALS, WORD, doc_number_keys, fold
from index.citations.docnumbers import iter_doc_numbers, replace_doc_numbers

# Signs that a question leans on the conversation: pronouns, "còn ... thì sao", "vậy", very short questions.
_ANAPHORA = re.compile(
    r"^(con|vay|the|va|nhung)\b|\b(do|nay|tren|ay|thi sao|the nao nua|nua|cung vay|o do|luc do|van ban nay|"
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
# Vietnamese questions name their subject first and ask after it: "Trà Vinh | có bao nhiêu xã đạt ...?"
_ASKING = re.compile(r"\b(bao nhiêu|mấy|nào|ai|gì|đâu|bao giờ|thế nào|ra sao)\b", re.IGNORECASE)
_TRAILING_VERB = re.compile(r"\s+(có|được|là|đạt|ước đạt|bằng)\s*$", re.IGNORECASE)
# names in the rest of the question still say what it is about: "Ngòi Nhù 1A", "VLNCN", "Quảng Ngãi"
_NAME = re.compile(rf"(?<![.?!]\s)(?<!^)\b[{CAPITALS}]\w*(?:\s+(?:[{CAPITALS}]\w*|\d+[A-Z]?))*")
SHORT_QUESTION = 9  # syllables
_BRACKET = re.compile(r"\s*[()]\s*")


def is_follow_up(question: str) -> bool:
    folded = fold(question)
    return bool(_ANAPHORA.search(folded)) or len(WORD.findall(question)) <= SHORT_QUESTION


def carry_over(question: str, history: Sequence[dict[str, str]]) -> str:
    """Rule-based rewrite: the new question, then the previous user question's topic (its period replaced if the
    new question names one)."""
    previous = [turn["content"] for turn in history if turn.get("role") == "user" and turn.get("content")]
    if not previous or not is_follow_up(question):
        return question
    topic = subject_of(previous[-1])
    if periods_in(question):
        topic = strip_periods(unicodedata.normalize("NFC", topic))
    if doc_number_keys(question):
        topic = replace_doc_numbers(topic, " ")  # "Còn công văn 311 thì sao?": about 311, not the 310 before
    else:
        topic = " ".join([topic, *_documents_referred_to(question, history)])
    # the topic goes in brackets: its own brackets ("Luật Thanh tra năm 2025 (Luật số 84/2025/QH15)") become commas
    topic = _BRACKET.sub(", ", topic).strip(" ,")
    return f"{question.strip()} ({' '.join(topic.split())})"


# "Luật đó", "quyết định này", "văn bản trên": a document the conversation named, by its type and a demonstrative
_THAT_DOCUMENT = re.compile(rf"\b(?:{TYPE_NOUNS})\s+(?:do|nay|ay|tren)\b")


def _documents_referred_to(question: str, history: Sequence[dict[str, str]]) -> list[str]:
    """The document a follow-up points to ("Luật đó có hiệu lực từ khi nào?") when the last answer named it by its
    number and the question before it did not ("Luật Xây dựng mới là luật số mấy?" | "Luật số 135/2025/QH15"):
    the first number that answer writes."""
    if not _THAT_DOCUMENT.search(fold(question)):
        return []
    turns = [t for t in history if t.get("content")]
    if len(turns) < 2 or turns[-1].get("role") != "assistant" or doc_number_keys(turns[-2]["content"]):
        return []
    named = next(iter_doc_numbers(turns[-1]["content"]), None)
    return [turns[-1]["content"][named[1] : named[2]]] if named else []


def subject_of(question: str) -> str:
    """What a question is about: the words before its question word, plus the names after it. What it asked
    ("bao nhiêu xã đạt tiêu chí số 4") is left behind, so that the follow-up's own question decides the answer."""
    asking = _ASKING.search(question)
    if not asking or asking.start() == 0:
        return _QUESTION_TAIL.sub("", question).strip(" ?")
    head = _TRAILING_VERB.sub("", question[: asking.start()].rstrip(" ,"))
    names = [m.group(0) for m in _NAME.finditer(question[asking.end() :]) if m.group(0) not in head]
    # names apart, so that the words between them dropped do not make one name of two ("Hội nghị đánh giá Chương
    # trình" is no "Hội Chương")
    return ", ".join([head, *names]).strip(" ?,")


_ROLES = {"user": "Người hỏi", "assistant": "Trợ lý"}
_LABEL = re.compile(r"^\W*(câu hỏi( độc lập| đã viết lại)?|trả lời)\s*:\s*", re.IGNORECASE)
REWRITE_TOKENS = 96  # one question; a runaway reply is cut, not waited for
TURN_CHARS = 400  # an earlier answer is context for the subject, not evidence: its head is enough


class LlmRewriter:
    """Asks a LangChain chat model to rewrite the follow-up; falls back to `carry_over` on an empty reply."""

    def __init__(self, chat_model: Any, prompt: str) -> None:
        self.chat_model = chat_model
        self.prompt = prompt

    def __call__(self, question: str, history: Sequence[dict[str, str]]) -> str:
        if not history:
            return question
        turns = "\n".join(
            f"{_ROLES.get(t.get('role', ''), t.get('role', ''))}: {' '.join(t.get('content', '').split())[:TURN_CHARS]}"
            for t in history[-6:]
        )
        reply = self.chat_model.bind(max_tokens=REWRITE_TOKENS).invoke(
            self.prompt.format(history=turns, question=question)
        )
        lines = [line.strip() for line in str(getattr(reply, "content", reply)).strip().splitlines() if line.strip()]
        text = _LABEL.sub("", lines[0]).strip(" \"'«»") if lines else ""
        return text if len(text) > 3 else carry_over(question, history)


def rule_rewriter(question: str, history: Sequence[dict[str, str]]) -> str:
    return carry_over(question, history)
