"""The embedded default answer backend: no LLM; it quotes the sentences or table rows that answer the question.

Each candidate unit (a line, a table row, or a sentence of a long paragraph) of the top passages is scored by how
much of the question's rare vocabulary it covers (IDF-weighted syllables and syllable pairs, its heading counting
half), with small bonuses when it carries what the question asks for (a figure, a date, a person). The best units
are quoted verbatim, grouped by document; nothing is paraphrased, so every figure is the archive's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answers import AnswerBackend, Draft
from assistant.retrieval import Passage
from assistant.vietnamese import FIGURE, WORD, fold
from index.places import places_in

# Question words and glue that say nothing about the topic.
STOPWORDS = frozenset(
    fold(w)
    for w in (
        "bao nhiêu là gì của có được những các thế nào như ai đâu khi nào bao giờ vậy thì sao còn và về trong tại "
        "với cho theo đã đang sẽ này đó kia nào mấy một hay hoặc ở do bởi từ đến ra vào lên nhằm để mà thì làm "
        "gì không chưa cũng rất nhiều ít hơn nhất bị phải cần nêu cho biết hãy"
    ).split()
)
_QUANTITY = re.compile(r"\b(bao nhieu|may|ty le|phan tram|so luong|quy mo|tong so|muc|suc chua|toi da)\b")
_DATE = re.compile(r"\b(ngay nao|khi nao|bao gio|thoi gian|thoi han|han|hieu luc|khung gio|gio nao|luc nao)\b")
_PERSON = re.compile(r"\b(ai|nguoi nao|ong nao|ba nao|dong chi nao|ky)\b")
_PLACE = re.compile(r"\b(o dau|tai dau|dia diem|noi nao|cho nao)\b")
_HAS_PLACE = re.compile(r"\b(?:tại|địa điểm|hội trường|phòng họp|trụ sở|địa chỉ)\b", re.IGNORECASE)
_HAS_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|ngày\s+\d{1,2}\s+tháng|\d{1,2}h\d{0,2}|\d{1,2}\s*giờ")
_PERSON_NAME = re.compile(r"(?:ông|bà|đồng chí|Ông|Bà|Đồng chí)?\s*[A-ZĐ][a-zà-ỹđ]+(?:\s+[A-ZĐ][a-zà-ỹđ]+){1,3}")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ0-9\"“(-])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# a line that stops mid-sentence and a next line that carries on (a figure, or a lower-case word) belong together
_CONTINUES = re.compile(r"^(?:[a-zà-ỹđ]|\d(?![.)]\s|\d*[.)]\s))")
# What a question asks for sits next to its question word ("sử dụng tối đa [bao nhiêu] thuốc nổ mỗi năm"); the rest
# names whom or what it is about, which the document as a whole usually establishes.
_ASKING = re.compile(r"^(bao|nhieu|may|nao|ai|dau|gio|gi|sao)$")
_ASKING_WORDS = frozenset({"nhieu", "may", "nao", "ai", "dau", "gio", "gi", "sao"})
FOCUS_WINDOW = 3  # content words on each side of the question word
FOCUS_BOOST = 2.0
# (what the question says, what a unit that answers it carries)
_ANSWER_TYPES = (
    (_QUANTITY, FIGURE),
    (_DATE, _HAS_DATE),
    (_PERSON, _PERSON_NAME),
    (_PLACE, _HAS_PLACE),
)
# Questions about a document's header ("do ai ký", "gửi những ai", "về việc gì") and the header line that answers them
_HEADER_ASKS = {
    "Người ký": (re.compile(r"\b(ai ky|nguoi ky|ky boi|do ai|cua ai)\b"),),
    "Nơi nhận": (re.compile(r"\b(gui (cho )?(ai|nhung ai|co quan nao|don vi nao)|noi nhan|gui .{0,40}\bnao\b)"),),
    "Trích yếu": (re.compile(r"\b(ve viec gi|noi dung gi|trich yeu|ve van de gi)\b"),),
}
_NEVER_A_TOKEN = "\x00"
LONG_LINE = 320
INTRO_LINE = 120  # a short line ending in a colon introduces the next one
MIN_UNIT = 12


@dataclass(frozen=True)
class Unit:
    text: str
    passage: int  # index into the passages given
    score: float
    terms: frozenset[str] = frozenset()  # the question terms the unit itself contains
    factor: float = 1.0  # constraint penalty of its passage
    own: float = 0.0  # the share of the question the unit covers by itself
    header: bool = False  # a fact of the document's header (signer, recipients, subject), not a line of its text


@dataclass(frozen=True)
class ExtractiveConfig:
    max_units: int = 4
    max_passages: int = 6
    keep_ratio: float = 0.75  # a further unit is quoted when it scores at least this share of the best,
    gain_ratio: float = 0.5  # or when it scores this share and ...
    min_gain: float = 0.15  # ... covers this much of the question that the quoted units leave open
    abstain_below: float = 0.42  # best coverage of the question's vocabulary below this: nothing answers it
    context_weight: float = 0.5  # share of a term's weight when only the unit's passage or document has it
    missing_constraint: float = 0.45  # score factor when the passage lacks a year or province the question names
    own_number_prior: float = 0.15  # the passage belongs to the document the question names by number
    focus_boost: float = FOCUS_BOOST
    type_bonus: float = 0.1  # the unit carries the kind of thing the question asks for
    type_miss: float = 1.0  # score factor when it does not
    header_bonus: float = 0.3  # the header line a question about the header asks for ("do ai ký" → the signer)


def focus_terms(question: str) -> set[str]:
    """Content syllables (and their pairs) within a few words of the question word."""
    words = [fold(w) for w in WORD.findall(question)]
    asking = [i for i, w in enumerate(words) if _ASKING.match(w)]
    focus: set[str] = set()
    for i in asking:
        for step in (-1, 1):
            j, seen = i + step, 0
            while 0 <= j < len(words) and seen < FOCUS_WINDOW:
                if words[j] not in STOPWORDS:
                    focus.add(words[j])
                    seen += 1
                j += step
    pairs = {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a in focus or b in focus}
    return focus | pairs


def question_terms(question: str) -> list[str]:
    """Folded content syllables and syllable pairs of a question."""
    words = [fold(w) for w in WORD.findall(question)]
    content = [w for w in words if w not in STOPWORDS]
    pairs = [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a not in STOPWORDS or b not in STOPWORDS]
    return content + pairs


_CLAUSE_BREAK = re.compile(r"\?|[,;]\s+|\s+(?:và|còn)\s+", re.IGNORECASE)


def question_parts(question: str) -> list[str]:
    """The parts of a question that each ask something ("bao nhiêu ha | tổng vốn bao nhiêu") or name their own
    province ("tháng 2 của Trà Vinh | và tháng 3 của Quảng Ngãi"); clauses that do neither join the next part."""
    parts: list[str] = []
    pending = ""
    compares_places = len(places_in(question)) > 1
    for clause in (c.strip() for c in _CLAUSE_BREAK.split(question)):
        if not clause:
            continue
        pending = f"{pending} {clause}".strip()
        words = {fold(w) for w in WORD.findall(clause)}
        if words & _ASKING_WORDS or (compares_places and places_in(clause)):
            parts.append(pending)
            pending = ""
    if pending:
        if parts:
            parts[-1] = f"{parts[-1]} {pending}"
        else:
            parts.append(pending)
    return parts


def _logical_lines(text: str) -> list[str]:
    """Lines, with a sentence that a PDF broke before a figure or a lower-case word put back together."""
    lines: list[str] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if lines and line and lines[-1][-1:].isalpha() and _CONTINUES.match(line):
            lines[-1] = f"{lines[-1]} {line}"
        elif lines and line and lines[-1].endswith(":") and len(lines[-1]) < INTRO_LINE:
            # "2. Chủng loại, số lượng VLNCN được phép sử dụng:" says what the next line's figures are
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


@dataclass(frozen=True)
class Constraints:
    """Years and provinces a question names: a passage about other years or provinces does not answer it."""

    years: frozenset[str]
    places: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.years or self.places)


def question_constraints(question: str) -> Constraints:
    return Constraints(frozenset(_YEAR.findall(question)), frozenset(places_in(question)))


def split_units(text: str) -> list[str]:
    """Lines of a chunk; a long paragraph is split into sentences (table rows are never split)."""
    units: list[str] = []
    for line in _logical_lines(text):
        line = line.strip()
        if len(line) > LONG_LINE and "; " not in line[:200]:
            units.extend(s.strip() for s in _SENTENCE_END.split(line))
        elif line:
            units.append(line)
    return [u for u in units if len(u) >= MIN_UNIT]


def _terms_of(text: str) -> set[str]:
    words = [fold(w) for w in WORD.findall(text)]
    return set(words) | {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}


class ExtractiveBackend(AnswerBackend):
    """Quotes the best-matching units of the top passages, with [n] markers to their citations."""

    name = "extractive"

    def __init__(self, idf: Callable[[list[str]], dict[str, float]], config: ExtractiveConfig | None = None) -> None:
        self.idf = idf
        self.config = config or ExtractiveConfig()

    def weights(self, question: str, part: str | None = None) -> dict[str, float]:
        """IDF weight of each question term, the terms next to the question word (of `part`) counting more."""
        terms = list(dict.fromkeys(question_terms(question)))
        if not terms:
            return {}
        weights = self.idf(terms)
        # a syllable pair no chunk contains ("nhiều_thuốc" across "bao nhiêu | thuốc nổ") is an artefact of pairing
        # neighbours, not a phrase the archive could answer with; an unknown single syllable stays (a name the
        # archive lacks is evidence that it cannot answer)
        unknown = self.idf([_NEVER_A_TOKEN])[_NEVER_A_TOKEN]
        weights = {t: w for t, w in weights.items() if "_" not in t or w < unknown - 1e-9}
        focus = focus_terms(part or question)
        return {t: w * (self.config.focus_boost if t in focus else 1.0) for t, w in weights.items()}

    def score_units(self, question: str, passages: list[Passage], part: str | None = None) -> list[Unit]:
        """Candidate units by how well they answer `question` (or one `part` of it, in the whole's context)."""
        weights = self.weights(question, part)
        if not weights:
            return []
        total = sum(weights.values()) or 1.0
        folded_q = fold(part or question)
        asked = [has for wants, has in _ANSWER_TYPES if wants.search(folded_q)]
        constraints = (part and question_constraints(part)) or question_constraints(question)
        units: list[Unit] = []
        seen_docs: set[str] = set()
        for index, passage in enumerate(passages):
            if index >= self.config.max_passages and not passage.sibling:
                continue
            # what the passage as a whole says (headings, its text, its document's subject and file name) half-covers
            # a term: the unit itself must carry what is asked, the context may carry whom or what it is about
            context_terms = _terms_of(" ".join([*passage.chunk.heading_path, passage.chunk.text, _meta_text(passage)]))
            prior = 0.1 / (1 + index)
            if passage.number_match == "own":
                prior += self.config.own_number_prior
            factor = self._constraint_factor(constraints, passage)
            header = header_units(passage) if passage.doc_path not in seen_docs else []
            seen_docs.add(passage.doc_path)
            for text in [*split_units(passage.chunk.text), *header]:
                own = _terms_of(text)
                own_share = sum(w for t, w in weights.items() if t in own) / total
                covered = own_share * total
                # a header fact stands for the whole document: it must carry the question's words itself
                context_weight = 0.0 if text in header else self.config.context_weight
                covered += context_weight * sum(w for t, w in weights.items() if t not in own and t in context_terms)
                score = covered / total + prior
                # what the question asks for (a figure, a date, a person, a place): a unit that carries it gains,
                # one that lacks it loses; a question may ask for several, and a unit may answer one of them
                for has in asked:
                    if has.search(text):
                        score += self.config.type_bonus
                    else:
                        score *= self.config.type_miss
                if text in header and _asks_header(text, folded_q):
                    score += self.config.header_bonus
                terms = frozenset(t for t in weights if t in own)
                units.append(Unit(text, index, score * factor, terms, factor, own_share * factor, text in header))
        return sorted(units, key=lambda u: -u.score)

    def _constraint_factor(self, constraints: Constraints, passage: Passage) -> float:
        """Penalty for each named year or province absent from the passage, its headings and its document's metadata."""
        if not constraints:
            return 1.0
        meta = passage.meta
        context = " ".join(
            [passage.chunk.text, *passage.chunk.heading_path, passage.doc_path]
            + ([meta.issuer or "", meta.subject or "", meta.date or "", meta.place or ""] if meta else [])
        )
        years, places = set(_YEAR.findall(context)), places_in(context)
        # a question may compare two provinces or years: a passage must match at least one of each kind it names
        kinds = ((constraints.years, years), (constraints.places, places))
        missing = sum(1 for named, present in kinds if named and not named & present)
        return self.config.missing_constraint**missing

    def draft(self, question: str, passages: list[Passage]) -> Draft:
        units = self.score_units(question, passages)
        if not units or units[0].score < self.config.abstain_below:
            return Draft(text="", abstained=True, extra={"best": f"{units[0].score:.3f}" if units else "0"})
        # a question in several parts ("quy mô bao nhiêu ha, tổng vốn bao nhiêu?") gets the best line for each part
        parts = question_parts(question)
        firsts = [self.score_units(question, passages, part)[:1] for part in parts] if len(parts) > 1 else []
        picks = [u[0] for u in firsts if u and u[0].score >= self.config.abstain_below]
        # a question about the header ("do ai ký") is answered by the header line, even when the body scores higher
        asked_header = [u for u in units if u.header and _asks_header(u.text, question)]
        picks += asked_header[:1]
        chosen = self._select(question, units, picks)
        return Draft(text=_compose(chosen, passages), used=tuple(dict.fromkeys(u.passage for u in chosen)))

    def _select(self, question: str, units: list[Unit], picks: list[Unit] | None = None) -> list[Unit]:
        """The best units by score, plus those that answer a part of the question the chosen ones leave open."""
        weights = self.weights(question)
        total = sum(weights.values()) or 1.0
        floor = self.config.gain_ratio * units[0].score
        chosen: list[Unit] = []
        for pick in picks or []:
            if all(pick.text != c.text for c in chosen):
                chosen.append(pick)
        covered: set[str] = set().union(*(c.terms for c in chosen)) if chosen else set()
        pool = [u for u in units if u.score >= floor][:40]
        limit = self.config.max_units + len(chosen)
        for unit in pool:
            if len(chosen) >= limit:
                break
            gain = sum(weights[t] for t in unit.terms - covered) / total * unit.factor
            strong = unit.score >= self.config.keep_ratio * units[0].score
            if not chosen or strong or gain >= self.config.min_gain:
                key = fold(unit.text)
                if any(key in fold(c.text) or fold(c.text) in key for c in chosen):
                    continue
                chosen.append(unit)
                covered |= unit.terms
        return chosen


def _asks_header(header_line: str, question: str) -> bool:
    """Whether the question asks for what this header line ("Người ký: …") says."""
    folded = fold(question)
    return any(ask.search(folded) for ask in _HEADER_ASKS.get(header_line.split(":")[0], ()))


def header_units(passage: Passage) -> list[str]:
    """The document's header facts as answer lines: who signed it, to whom it went, what it is about. A chunk of
    the body rarely repeats them, and "ai ký", "gửi ai", "về việc gì" are common questions."""
    meta = passage.meta
    if meta is None:
        return []
    lines = []
    if meta.signer:
        lines.append("Người ký: " + " ".join(p for p in (meta.signer_capacity, meta.signer) if p))
    if meta.recipients:
        lines.append("Nơi nhận: " + "; ".join(meta.recipients))
    if meta.subject:
        lines.append(f"Trích yếu: {meta.subject}")
    return lines


def _meta_text(passage: Passage) -> str:
    """The document's metadata and file name: "GP-than-da-Suoi-Bac.docx" says whom a permit is for."""
    meta = passage.meta
    name = re.sub(r"[-_.]+", " ", passage.doc_path.rsplit("/", 1)[-1])
    fields = [meta.doc_type, meta.number, meta.subject, meta.issuer] if meta else []
    return " ".join(filter(None, [*fields, name]))


def _compose(chosen: list[Unit], passages: list[Passage]) -> str:
    """Quotes grouped by document and then by passage, in the order of their best unit; each passage's quotes carry
    its [n] marker (n = passage index + 1), which the chain turns into one number per document."""
    by_passage: dict[int, list[str]] = {}
    for unit in chosen:
        # header facts come from the stored metadata, not verbatim from the text: shown as such, not in quotes
        by_passage.setdefault(unit.passage, []).append(f"({unit.text})" if unit.header else f"«{unit.text}»")
    by_document: dict[str, list[int]] = {}
    for index in by_passage:
        by_document.setdefault(passages[index].doc_path, []).append(index)
    blocks = []
    for indexes in by_document.values():
        lines = []
        for n, index in enumerate(indexes):
            heading = passages[index].chunk.heading_path
            where = f", mục «{heading[-1]}»" if heading else ""
            lead = f"Theo nguồn [{index + 1}]{where}:" if n == 0 else f"Cũng nguồn đó [{index + 1}]{where}:"
            lines.append(lead + "\n" + "\n".join(by_passage[index]))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
