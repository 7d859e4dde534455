"""What a retrieved passage and its document hold of a question: the weight of its terms a unit holds in its own
words and around it, the names it writes, each document's text, headings and best dense similarity."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.named import writes_name, written_words
from assistant.questions import Question
from assistant.retrieval import Passage
from assistant.vietnamese import WORD, fold
from index.metadata.text import is_upper_line
from index.vocabulary import FOLDED_STOPWORDS


def document_words(passage: Passage) -> str:
    """What a passage and its document's subject say: where a header fact's period is read."""
    return " ".join([passage.chunk.text, passage.meta.subject or ""] if passage.meta else [passage.chunk.text])


def share_named(q: Question, text: str) -> float:
    """The share of the question's names that `text` writes, each as whole words."""
    if not q.names:
        return 0.0
    words = written_words(text)
    return sum(1 for name in q.names if writes_name(words, name)) / len(q.names)


def gives_asked(q: Question, text: str) -> bool:
    """Whether a line writes the noun a question asks "nào"/"gì" of, followed by a word the question does not say
    ("nền: màu cam" for "nền màu gì"): it gives what is asked, where a line restating the question does not."""
    if not q.asked_noun:
        return False
    said = _said(q.text)
    words = [fold(w) for w in WORD.findall(text)]
    return any(
        word == q.asked_noun and after not in FOLDED_STOPWORDS and after not in said
        for word, after in zip(words, words[1:], strict=False)
    )


@lru_cache(maxsize=256)
def _said(question: str) -> frozenset[str]:
    """The question's words, folded: read once for every unit it is weighed against."""
    return frozenset(fold(w) for w in WORD.findall(question))


def held_weight(
    weights: dict[str, float],
    own: set[str],
    paragraph: set[str],
    context: set[str],
    document: set[str],
    around: tuple[float, float, float],
) -> float:
    """The weight of the question's terms a unit holds: in full in its own words, `around` = (share in its
    paragraph, share in its passage or document's metadata, share in the rest of the document's retrieved
    passages)."""
    shares = ((own, 1.0), (paragraph, around[0]), (context, around[1]), (document, around[2]))
    return sum(w * next((share for terms, share in shares if t in terms), 0.0) for t, w in weights.items())


def document_texts(passages: list[Passage], headings_only: bool = False) -> dict[str, str]:
    """Each document's retrieved passages (or only their headings: what the document is about, "Điều 1. Cho phép
    Công ty X"), joined: what the answer step knows the document says."""
    texts: dict[str, list[str]] = {}
    for passage in passages:
        body = [] if headings_only else [passage.chunk.text]
        texts.setdefault(passage.doc_path, []).extend([*passage.chunk.heading_path, *body])
    return {path: " ".join(dict.fromkeys(parts)) for path, parts in texts.items()}


def title_block(text: str) -> str:
    """A document's title in capitals and the line under it, which says what the document is about ("NHẬN XÉT, PHẢN
    BIỆN PHÁP LÝ / Hồ sơ kho … thủy điện Ngòi Nhù 1A …"): its subject, which the metadata gives only under a title of
    a known type; empty when the document opens otherwise."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:2]
    if len(lines) == 2 and is_upper_line(lines[0]) and not is_upper_line(lines[1]):
        return " ".join(lines)
    return ""


def document_titles(passages: list[Passage]) -> dict[str, str]:
    """The title block of each document whose metadata has no subject and whose first chunk was retrieved: what it
    is about, said of all its passages as a subject would be."""
    return {
        p.doc_path: title_block(p.chunk.text)
        for p in passages
        if p.chunk.ordinal == 0 and not (p.meta and p.meta.subject)
    }


def section_texts(passages: list[Passage]) -> dict[tuple[str, tuple[str, ...]], str]:
    """The retrieved text of each innermost section of each document, by (document, heading path): a section is about
    one thing ("Điều 1. Chấp thuận ... nhà đầu tư": the investor its first chunk names, the capital its third gives).
    Passages without a heading are no section; a chapter ("I. KẾT QUẢ") holds subsections, each its own."""
    texts: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for passage in passages:
        if passage.chunk.heading_path:
            texts.setdefault((passage.doc_path, tuple(passage.chunk.heading_path)), []).append(passage.chunk.text)
    return {key: " ".join(dict.fromkeys(parts)) for key, parts in texts.items()}


def document_similarity(passages: list[Passage]) -> dict[str, float]:
    """The best dense similarity of each document's passages (a sibling chunk inherits its document's)."""
    best: dict[str, float] = {}
    for passage in passages:
        if passage.similarity is not None:
            best[passage.doc_path] = max(best.get(passage.doc_path, -1.0), passage.similarity)
    return best


def self_reference(passage: Passage) -> tuple[re.Pattern[str] | None, str]:
    """How a document's text names itself ("Luật này", "Quyết định này": its type and "này") and what that name
    stands for, as it is cited: a law by its name and number ("Luật Hóa chất số 69/2025/QH15"), any other document
    by its type and number (its subject describes it: "Chỉ thị này" says none of "về bảo đảm an toàn cầu …")."""
    meta = passage.meta
    if not meta or not meta.doc_type:
        return None, ""
    name = meta.subject if meta.doc_type in ("Luật", "Bộ luật") else None
    title = " ".join(filter(None, [meta.doc_type, name, f"số {meta.number}" if meta.number else None]))
    return _naming_itself(meta.doc_type), title


@lru_cache(maxsize=64)
def _naming_itself(doc_type: str) -> re.Pattern[str]:
    """The pattern of "Quyết định này", compiled once per type, not once per passage of every question."""
    return re.compile(rf"\b{re.escape(doc_type)}\s+này\b", re.IGNORECASE)
