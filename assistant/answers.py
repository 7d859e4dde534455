"""What an answer is, the typed events a streamed answer is made of, and the interface of answer backends."""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.citations import Citation
from assistant.retrieval import Passage

if TYPE_CHECKING:
    from assistant.decision import Decision

NOT_FOUND = "Không tìm thấy thông tin này trong kho văn bản."
# A text that appears all at once reads as pasted, not written: a backend that does not stream hands its text over in
# pieces of a word or a few, never more than this many pieces, so a long answer is not drawn out.
MOST_PIECES = 24
_WORD = re.compile(r"\s*\S+\s*")


@dataclass(frozen=True)
class Answer:
    """The final answer: text, the citations built from stored metadata, and what was checked."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    passages: tuple[Passage, ...] = ()  # what the answer step was given
    notices: tuple[str, ...] = ()  # verification warnings shown to the user
    rewritten: str | None = None  # the stand-alone question, when history changed it
    directives: tuple[str, ...] = ()  # the registry's brief on each document number the question names
    # why it declined: the test the closest unit failed ("named", "kind", "period", "coverage", "document",
    # "similarity", "no-passages"), "draft" when the backend wrote no verifiable answer; None when it answered
    declined: str | None = None

    @property
    def cited_files(self) -> list[str]:
        return list(dict.fromkeys(c.doc_path for c in self.citations))


# -- streamed events: the UI only routes these ----------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Sources:
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Notice:
    text: str


@dataclass(frozen=True)
class Replace:
    """The text streamed so far is void: verification changed the answer, and Done carries the final text."""


@dataclass(frozen=True)
class Done:
    answer: Answer


Event = Token | Sources | Notice | Replace | Done


def word_pieces(text: str, most: int = MOST_PIECES) -> list[str]:
    """`text` cut into at most `most` pieces of whole words (with their spaces), which join back into `text`."""
    words = _WORD.findall(text) or ([text] if text else [])
    size = max(1, math.ceil(len(words) / most))
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)]


@dataclass(frozen=True)
class Draft:
    """A backend's answer before verification: text with [n] markers into `passages`, and which were used."""

    text: str
    used: tuple[int, ...] = ()  # indexes into the passages given
    abstained: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chunk_id → the lines quoted from it
    unanswered: tuple[str, ...] = ()  # parts of the question nothing answers (the user's words: not verified)


class AnswerBackend(ABC):
    """Turns a question and retrieved passages into a draft answer, optionally streaming its text."""

    name: str = "backend"

    @abstractmethod
    def draft(self, question: str, passages: list[Passage], decision: Decision | None = None) -> Draft:
        """The draft answer; `decision` is the answerability decision already made on these passages."""

    def stream(self, question: str, passages: list[Passage], decision: Decision | None = None) -> Iterator[str | Draft]:
        """Text pieces as they are produced, then the Draft. A backend that writes its text whole yields it in
        word pieces, so that every backend's answer streams alike."""
        result = self.draft(question, passages, decision)
        yield from word_pieces(result.text)
        yield result
