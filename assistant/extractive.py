"""The embedded default answer backend: no LLM. It states the answer in one direct sentence cut from the line that
answers, then quotes that line, one per part of the question (more only when the part asks for a list).

Which lines answer is the answerability decision's (assistant/answerability.py): this module only writes. Nothing is
paraphrased: the direct sentence is a verbatim stretch of the quoted line, so every figure is the archive's own.
"""

from __future__ import annotations

import re

from assistant.answerability import PLACE_DATE_LINE, Judge
from assistant.answers import AnswerBackend, Draft
from assistant.decision import Decision, Unit
from assistant.evidence import TABLE_ROW, carries_kind, labels_kind
from assistant.grammar import CONSEQUENCE
from assistant.parts import part_question
from assistant.periods import matches as period_matches
from assistant.periods import periods_for
from assistant.questions import Question, own_words
from assistant.retrieval import Passage
from assistant.tables import extreme_row, row_sentence
from assistant.units import terms_of
from assistant.vietnamese import CAPITALS, fold
from index.chunking.lines import LIST_MARKER

# A part asking for several things ("những doanh nghiệp nào", "gồm các nội dung gì", "danh sách") may quote a list.
_ASKS_LIST = re.compile(r"\b(nhung|cac)\b.*\b(nao|gi)\b|\b(gom|bao gom|danh sach|liet ke|nhung gi)\b")
MAX_LIST_UNITS = 4
LIST_KEEP_RATIO = 0.75  # a further unit of a list answer scores at least this share of the best
# A part that asks one thing quotes one unit, and a second only when it scores within 10% of the best. Measured on the
# tuning halves: 1 unit gave answer accuracy 0.52 (archive-tune) and 0.90 (demo-tune); 2 units within 0.9 gave 0.62
# and 1.00; 3 units or a ratio of 0.7-0.8 gave no more.
MAX_PART_UNITS = 2
CLOSE_RATIO = 0.9
_CLAUSE = re.compile(r"(?<=[,;:])\s+")
_SENTENCE = re.compile(rf"(?<=[.!?])\s+(?=[{CAPITALS}\"“(])")
# a heading in capitals run into the line it heads: "III. KIẾN NGHỊ, ĐỀ XUẤT Đề nghị UBND tỉnh ..."
CAPS_HEADING_WORDS = 2  # "KIẾN NGHỊ", "ĐỀ XUẤT": a heading in capitals has two words at least (one may be an acronym)
DIRECT_MAX = 160  # characters the clauses before the one that answers may add to the direct sentence


class ExtractiveBackend(AnswerBackend):
    """Writes the direct sentence and quotes from the units the answerability decision found, with [n] markers."""

    name = "extractive"

    def __init__(self, judge: Judge) -> None:
        self.judge = judge

    def draft(self, question: str, passages: list[Passage], decision: Decision | None = None) -> Draft:
        decision = decision or self.judge.judge(question, passages)
        if not decision.answerable:
            return Draft(text="", abstained=True, extra={"reason": decision.reason})
        answers, unanswered = self.choose(question, passages, decision)
        if not answers:
            return Draft(text="", abstained=True, extra={"reason": "coverage"})
        text = _compose(question, answers, passages)
        chosen = [unit for unit, _ in answers]
        used = tuple(dict.fromkeys(u.passage for u in chosen))
        return Draft(text=text, used=used, quotes=_quotes(chosen, passages), unanswered=tuple(unanswered))

    def choose(
        self, question: str, passages: list[Passage], decision: Decision
    ) -> tuple[list[tuple[Unit, Question]], list[str]]:
        """One unit per part of the question (a list part may take several), each with the part it answers (as a
        question of its own); the parts no unit answers."""
        whole = Question(question)
        if len(whole.parts) <= 1:
            # a header fact is said by the direct sentence alone, which states the first unit: a later one would be
            # neither said nor quoted, only cited
            picked = _for_part(whole, list(decision.support), passages)
            return [(u, whole) for n, u in enumerate(picked) if n == 0 or not u.header], []
        chosen: list[tuple[Unit, Question]] = []
        unanswered = []
        judged = dict(decision.parts)
        for part in whole.parts:
            # a part judged in the whole question's context: "tổng vốn bao nhiêu" is still about the project named
            asked = part_question(part, whole)
            part_decision = judged.get(part) or self.judge.judge_one(asked, passages)
            # a line is quoted once; one quoted for an earlier part answers this part only when no other line does
            # ("Ngày 21/3/2025, Giám đốc Sở Công Thương chủ trì cuộc họp": ngày nào, và ai chủ trì)
            quoted = {c.text for c, _ in chosen}
            fresh = [u for u in part_decision.support if u.text not in quoted]
            picked = _for_part(asked, fresh, passages) or _for_part(asked, list(part_decision.support), passages)[:1]
            if picked:
                chosen.extend((u, asked) for u in picked)
            else:
                unanswered.append(part)
        if not chosen:
            return [(u, whole) for u in _for_part(whole, list(decision.support), passages)], []
        return chosen, unanswered


def _for_part(part: Question, support: list[Unit], passages: list[Passage]) -> list[Unit]:
    """The best unit that answers the part; for a part asking for a list, the units close to it. A second unit
    that answers as well as the best one (an equal score within CLOSE_RATIO) is quoted too: the ranking cannot tell
    them apart, and the user can. A part asking which row of a table is highest or lowest takes that row."""
    if not support:
        return []
    row = extreme_row(part, passages, support)
    if row is not None:  # "mặt hàng nào … cao nhất": the row a comparison of its table picks, not the best match
        return [row]
    listing = bool(_ASKS_LIST.search(fold(own_words(part.text))))  # the part's own words, not a carried subject
    limit, ratio = (MAX_LIST_UNITS, LIST_KEEP_RATIO) if listing else (MAX_PART_UNITS, CLOSE_RATIO)
    best = support[0].score
    picked: list[Unit] = []
    for unit in support:
        if len(picked) >= limit or unit.score < ratio * best:
            break
        key = fold(unit.text)
        if not any(key in fold(p.text) or fold(p.text) in key for p in picked):
            picked.append(unit)
    return picked


def direct_sentence(unit: Unit, question: str | Question) -> str:
    """The answer in one sentence: within the unit's sentence that answers, the stretch from the clause naming the
    question's subject to the clause carrying what is asked, verbatim, without its list marker."""
    text = _without_caps_heading(LIST_MARKER.sub("", unit.text.strip()).strip())
    q = question if isinstance(question, Question) else Question(question)
    if unit.header or labels_kind(q, text):
        return _sentence(text)  # a header fact, a labelled detail ("Địa điểm: …"): whole
    if TABLE_ROW.search(text):
        return _sentence(row_sentence(q, text))  # "Mặt hàng: X; Tháng 4/2025: 14,2": the item and the column asked
    dated = PLACE_DATE_LINE.search(text)
    if dated and q.header_field == "Ngày ban hành":
        return _sentence(dated.group(0).strip())  # "Hà Nội, ngày 26 tháng 01 năm 2026", without the number before
    terms = set(q.terms)

    whole = terms_of(text)

    def carries(piece: str) -> bool:
        # the kind asked (a figure in its unit, a date, a person ...), whatever is counted; the amount's name may sit
        # in an earlier clause of the unit ("Kim ngạch nhập khẩu ..., lũy kế 4 tháng ..., tăng 5,1%")
        return carries_kind(q, piece, whole, None)

    def counts(piece: str) -> bool:
        # ... and of the clauses that do, the one with a figure of what is counted ("thuốc nổ ...: 265.276kg")
        return not q.counted or carries_kind(q, piece, whole, q.counted[-1])

    def in_period(piece: str) -> bool:
        return not q.periods or any(period_matches(p, periods_for(piece, q.asks_plan)) for p in q.periods)

    sentences = [s for s in _SENTENCE.split(text) if s.strip()] or [text]
    # "IIP tháng 3 tăng 4,15%. Tính chung quý I, IIP tăng 6,72%": for "quý I", the sentence of quý I
    sentence = max(sentences, key=lambda s: (carries(s), in_period(s), len(terms & terms_of(s))))
    at = sentences.index(sentence)
    if q.wants == "reason" and at and CONSEQUENCE.match(sentence):
        return _sentence(f"{sentences[at - 1]} {sentence}")  # "…, Công ty không cử người … Do vậy không đủ …"
    if q.wants is None:
        return _sentence(sentence)  # nothing particular asked ("kiến nghị điều gì"): the whole sentence says it
    head, _, tail = sentence.partition(" trong đó")
    # "X tăng 6,72%; trong đó A tăng 7,94%, B giảm 2,61%": the breakdown answers only a question about A or B,
    # words of the question that the unit says nowhere but in the breakdown
    asked_in_tail = q.focus & terms_of(tail) - terms_of(text.replace(tail, " "))
    clauses = _clauses(sentence if asked_in_tail or not carries(head) else head)
    scored = [len(terms & terms_of(c)) for c in clauses]
    # "... tháng 4 ước đạt 95,4 triệu USD; lũy kế 4 tháng ..., tăng 5,1%": the clause of the period asked
    ranks = [(carries(c), counts(c), in_period(c), scored[i], -i) for i, c in enumerate(clauses)]
    target = max(range(len(clauses)), key=ranks.__getitem__)
    # "Lô đất có diện tích là: | Tám mươi hai phẩy năm mét vuông (82,5 m²)": no clause alone names the amount and
    # gives it, so the stretch runs on from the clause that names it to the one that completes it
    while not carries(clauses[target]) and target + 1 < len(clauses) and carries(" ".join(clauses[target:])):
        clauses[target : target + 2] = [" ".join(clauses[target : target + 2])]
        scored[target : target + 2] = [scored[target] + scored[target + 1]]
    start = target
    # the subject may sit a clause or two before the figure ("Tổng mức bán lẻ ..., trong đó: | ước đạt 9.215 tỷ")
    while start > 0 and scored[start] <= 1 and len(" ".join(clauses[start - 1 : target + 1])) <= DIRECT_MAX:
        start -= 1
    # and the period it is for ("Tính chung quý I năm 2025, | IIP tăng 6,72%")
    if start > 0 and not in_period(" ".join(clauses[start : target + 1])) and in_period(clauses[start - 1]):
        start -= 1
    return _sentence(" ".join(clauses[start : target + 1]))


def _clauses(sentence: str) -> list[str]:
    """The sentence's clauses. A figure after its label's colon is the label's; a break inside brackets that give a
    figure is none ("kế hoạch năm (KH: 1.200 triệu USD)" is one clause), inside brackets of words it stays ("5.171
    tỷ đồng (Bằng chữ: ...": `_sentence` drops them)."""
    clauses: list[str] = []
    for piece in (c for c in _CLAUSE.split(sentence) if c.strip()):
        opened = _unclosed_bracket(clauses[-1]) if clauses else None
        # a figure after its label's colon is the label's ("Tổng khối lượng thuốc nổ ... là: 265.276kg")
        labelled = bool(clauses) and clauses[-1].rstrip().endswith(":") and piece[:1].isdigit()
        if labelled or (opened is not None and re.search(r"\d", clauses[-1][opened:] + piece)):
            clauses[-1] = f"{clauses[-1]} {piece}"
        else:
            clauses.append(piece)
    return clauses


def _without_caps_heading(text: str) -> str:
    """The line without a heading in capitals run into it ("KIẾN NGHỊ, ĐỀ XUẤT Đề nghị UBND tỉnh ..."): at least two
    words wholly in capitals (not "Lô đất", not an acronym that opens a sentence: "CCN Đông Phố Mới có ..."), then a
    capitalised word."""
    words = text.split(" ")
    caps = 0
    while caps < len(words) and len(words[caps].rstrip(",;")) > 1 and words[caps].rstrip(",;").isupper():
        caps += 1
    if caps < CAPS_HEADING_WORDS or caps == len(words) or not words[caps][:1].isupper():
        return text
    return " ".join(words[caps:]).strip()


def _sentence(text: str) -> str:
    """A stretch of a line as a sentence: no list marker before it, no bracket left open after it ("5.171 tỷ đồng
    (Bằng chữ" where a clause break fell inside the bracket), no punctuation at its end, a capital at its start."""
    text = LIST_MARKER.sub("", text.strip()).rstrip(" ,;:./")  # "... năm 2026./." closes a document
    opened = _unclosed_bracket(text)
    if opened is not None:
        # a figure inside stays, the bracket closed ("(đối với người là 450 m)"); words alone go ("(Bằng chữ")
        text = text + ")" if re.search(r"\d", text[opened:]) else text[:opened].rstrip(" ,;:.")
    return text[:1].upper() + text[1:]


def _unclosed_bracket(text: str) -> int | None:
    """Where the first bracket left open in `text` opens, if one is."""
    opened: list[int] = []
    for at, char in enumerate(text):
        if char == "(":
            opened.append(at)
        elif char == ")" and opened:
            opened.pop()
    return opened[0] if opened else None


def _quotes(chosen: list[Unit], passages: list[Passage]) -> dict[str, tuple[str, ...]]:
    """chunk_id → the lines quoted from it (for the page each line is on)."""
    quotes: dict[str, list[str]] = {}
    for unit in chosen:
        chunk_id = passages[unit.passage].chunk.chunk_id
        if not unit.header and unit.text not in quotes.get(chunk_id, []):
            quotes.setdefault(chunk_id, []).append(unit.text)
    return {chunk_id: tuple(lines) for chunk_id, lines in quotes.items()}


def _compose(question: str, answers: list[tuple[Unit, Question]], passages: list[Passage]) -> str:
    """The direct sentence of each answered part, then the quotes grouped by document and passage, in the order of
    their best unit; each passage's quotes carry its [n] marker (n = passage index + 1), which the chain turns into
    one number per document."""
    parts = Question(question).parts
    leads = []
    for n, (unit, asked) in enumerate(answers):
        if n and len(parts) <= 1:
            break  # a list answer states its first item; the quotes give the rest
        lead = f"{direct_sentence(unit, asked)} [{unit.passage + 1}]."
        if lead not in leads:  # one sentence answering two parts ("3 dự án với tổng vốn 142,8 tỷ đồng") is said once
            leads.append(lead)
    by_passage: dict[int, list[str]] = {}
    for unit, _ in answers:
        # a header fact (from the stored metadata, not the text) is the direct sentence itself: nothing to quote
        if not unit.header and f"«{unit.text}»" not in by_passage.get(unit.passage, []):  # quoted once, for 2 parts
            by_passage.setdefault(unit.passage, []).append(f"«{unit.text}»")
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
    return "\n\n".join(["\n".join(leads), *blocks])
