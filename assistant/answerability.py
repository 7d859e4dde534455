"""The answerability decision, made once before any backend writes: does a unit of the retrieved passages answer the
question, or does the archive not hold it?

Every piece of evidence is on a scale that means the same on a 7-document archive and on a 30,000-document one:
- coverage: the share of the question's content terms, weighted by size-normalised rarity (`LexicalIndex.rarity`),
  that the unit holds (its passage and document count for half: they may say whom or what it is about);
- what the question names: every place, year, period (in any wording: quý I = 3 tháng đầu năm), proper name, bare
  number and document number must occur in the unit's passage or its document's metadata — periods in the unit
  itself or its headings;
- the kind of thing asked: a figure for "bao nhiêu" (of the counted noun, for "bao nhiêu doanh nghiệp"), a date for
  "khi nào", a person for "ai", a place for "ở đâu";
- the dense similarity of the unit's document to the question.
A unit that passes every test answers; when none does, the decision says why (and, for a period the archive does not
hold, which periods of the same topic it does hold).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.aliases import Alias, Aliases, extend
from assistant.coverage import (
    document_similarity,
    document_texts,
    document_titles,
    document_words,
    gives_asked,
    held_weight,
    section_texts,
    self_reference,
    share_named,
)
from assistant.decision import AnswerabilityConfig, Decision, Unit
from assistant.evidence import kind_missing, labels_kind
from assistant.grammar import ASKING_WORDS, CLASSIFIERS
from assistant.named import holds_periods, holds_years, missing_named, names_document, of_named_type
from assistant.parts import part_question
from assistant.periods import periods_in
from assistant.questions import Question
from assistant.retrieval import Passage
from assistant.units import (
    answering_fields,
    header_units,
    is_noise,
    passage_context,
    terms_of,
    units_in_paragraphs,
)
from assistant.vietnamese import doc_number_keys, fold
from index.vocabulary import DOCUMENT_TYPES

# "Vân Mộng, ngày 06 tháng 5 năm 2025": the line of the header that dates a document (a layout may put the number
# before it on the same line: "Số: 45/2026/NĐ-CP Hà Nội, ngày 26 tháng 01 năm 2026")
PLACE_DATE_LINE = re.compile(
    r"(?:^|\s)[^,.;:\d]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$", re.IGNORECASE
)
# a header line of the text itself ("Kính gửi: Sở Tài chính", "V/v báo cáo ..."): it answers the field it is, nothing
# else (its words are those of every question about the document)
_FIELD_LINE = {"Kính gửi": re.compile(r"^\s*kính gửi\b", re.I), "Trích yếu": re.compile(r"^\s*(?:v/v|về việc)\b", re.I)}
# "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;": the legal basis a document lists before its text
# (a document of some type, not "Căn cứ kết quả kiểm tra thực tế ngày 29/6/2026 ...", which states a fact)
_LEGAL_BASIS = re.compile(
    r"^\s*căn cứ\s+(?:" + "|".join(sorted((t.name for t in DOCUMENT_TYPES), key=len, reverse=True)) + r")\b", re.I
)
Rarity = Callable[[list[str]], dict[str, float]]
ELLIPTICAL_TERMS = 3  # a question with at most this many content syllables of its own leans on its carried subject


def _asks_basis(q: Question, line: str) -> bool:
    """Whether a legal-basis line answers the question: one naming a document the line cites (what Nghị quyết 35 is
    about), or asking for a document, a provision or the basis itself; any other question only shares its words."""
    asked = q.wants in ("document", "provision") or re.search(r"\bcan cu\b", q.folded) is not None
    return asked or bool(set(q.doc_numbers) & set(doc_number_keys(line)))


class Judge:
    """`Judge(rarity)`; `judge(question, passages)` → Decision. Used before every answer backend."""

    def __init__(
        self, rarity: Rarity, config: AnswerabilityConfig | None = None, aliases: Aliases | None = None
    ) -> None:
        self.rarity = rarity
        self.config = config or AnswerabilityConfig()
        self.aliases = aliases

    def weights(self, question: Question) -> dict[str, float]:
        """Size-normalised rarity of each content term; places, years, numbers and proper names are tested as named
        things (a permit gives its amounts without repeating its company's name)."""
        named = {w for p in question.places for w in p.split()}
        terms = [t for t in question.terms if not any(part in named or part.isdigit() for part in t.split("_"))]
        names = {w for n in question.names for w in n.split()}
        terms = [t for t in terms if not all(part in names for part in t.split("_"))] or terms
        if not terms:
            return {}
        weights = self.rarity(terms)
        # a syllable pair no chunk holds ("nhiều_thuốc" across "bao nhiêu | thuốc nổ") is an artefact of pairing
        # neighbours; an unknown single syllable stays (a word the archive lacks is evidence it cannot answer)
        weights = {t: w for t, w in weights.items() if "_" not in t or w < 1.0}
        # a follow-up's carried-over subject, in brackets after the user's own words, is context: it counts half,
        # unless the user's own words say next to nothing ("Thế tính cả hai tháng đầu năm thì được bao nhiêu?")
        own = question.own_terms
        carried = 0.5 if len([t for t in own if "_" not in t]) > ELLIPTICAL_TERMS else 1.0
        return {
            t: w * (self.config.focus_boost if t in question.focus else 1.0) * (1.0 if t in own else carried)
            for t, w in weights.items()
        }

    def judge(self, question: str | Question, passages: list[Passage]) -> Decision:
        q = question if isinstance(question, Question) else Question(question)
        if len(q.parts) > 1:
            # "X bao nhiêu, và Y bao nhiêu?": answerable when a part is; the parts no unit answers are named then
            reach = self.config.max_passages + self.config.part_passages * len(q.parts)
            judge = Judge(self.rarity, replace(self.config, max_passages=reach), self.aliases)
            decisions = [judge.judge_one(part_question(part, q), passages) for part in q.parts]
            answered = [d for d in decisions if d.answerable]
            if answered:
                support = tuple(sorted({u for d in answered for u in d.support}, key=lambda u: -u.score))
                parts = tuple(zip(q.parts, decisions, strict=True))
                return Decision(True, "ok", support, weights=self.weights(q), parts=parts)
            return max(decisions, key=lambda d: len(d.held))
        return self.judge_one(q, passages)

    def judge_one(self, q: Question, passages: list[Passage]) -> Decision:
        """The decision for a question in one part."""
        weights = self.weights(q)
        units = self.units(q, passages, weights)
        if not units:
            return Decision(False, "no-passages")
        support = tuple(u for u in units if u.failed is None)
        if support:
            return Decision(True, "ok", support, weights=weights)
        # the closest unit: the best-covering one among those that failed latest in the order of the tests
        order = ["similarity", "coverage", "document", "named", "kind", "period"]
        closest = max(units, key=lambda u: (order.index(u.failed or "period"), u.score))
        missing: tuple[str, ...] = ()
        held: tuple[tuple[str, int], ...] = ()
        if closest.failed == "period":
            missing = tuple(p.label() for p in q.periods)
            held = self._held_periods(q, passages, [u for u in units if u.failed == "period"])
        elif closest.failed == "named":
            passage = passages[closest.passage]
            document = document_texts(passages, headings_only=True)[passage.doc_path]
            # read as the judge read it, the document's title block included
            context = passage_context(passage, document_titles(passages).get(passage.doc_path, ""))
            missing = tuple(missing_named(q, passage, context, document, self._aliases_of(q)))
        return Decision(False, closest.failed or "coverage", (), missing, held, weights, lacks=closest.lacks)

    def units(self, q: Question, passages: list[Passage], weights: dict[str, float] | None = None) -> list[Unit]:
        """Every candidate unit of the passages, scored, with the first test it fails (`weights`: the question's, when
        the caller has them already)."""
        weights = self.weights(q) if weights is None else weights
        total = sum(weights.values())
        if not total and not q.header_field:
            return []
        # the part's own words, without the subject it carries over from the part before (in brackets)
        mine = {t: w for t, w in weights.items() if t in q.own_terms} if q.carries_subject else {}
        mine_total = sum(mine.values())
        similarity = document_similarity(passages)
        counted = self._counted(q)
        # what the user's own words name: a word of a carried-over subject was the earlier question's, answered then
        rarity = self.rarity([t for t in q.terms if "_" not in t and t not in ASKING_WORDS and t in q.own_terms])
        # a classifier ("bao lâu một lần") is grammar, not the topic; a number, with its unit or not ("1000m"), is
        # tested as a number (evidence.bare_numbers), which meets its other spellings ("1.000m")
        keys = {
            t for t, r in rarity.items() if r >= self.config.key_rarity and not t[0].isdigit() and t not in CLASSIFIERS
        }
        units: list[Unit] = []
        seen_docs: set[str] = set()
        pairs = self._aliases_of(q)
        # each document's terms once, however many of its passages were retrieved
        texts = document_texts(passages)
        documents = {path: extend(terms_of(text), text, pairs) for path, text in texts.items()}
        headings = document_texts(passages, headings_only=True)
        sections = section_texts(passages)
        titles = document_titles(passages)
        for index, passage in enumerate(passages):
            if index >= self.config.max_passages and not passage.sibling:
                continue
            context = passage_context(passage, titles.get(passage.doc_path, ""))
            context_terms = extend(terms_of(context), context, pairs)
            # what the rest of the document says (its other retrieved passages) counts for less still
            document_terms = documents[passage.doc_path] - context_terms
            section = sections.get((passage.doc_path, tuple(passage.chunk.heading_path)), "")
            document_ok = names_document(q, passage, f"{context} {section}")  # "II. KIẾN NGHỊ" cites it once
            # a header fact answers for the type of document the question names ("Kế hoạch … do ai ký")
            typed = of_named_type(q, passage)
            heads = f"{headings[passage.doc_path]} {section}"
            missing = missing_named(q, passage, context, heads, pairs, texts[passage.doc_path])
            keys_ok = keys <= context_terms
            level = self.config.min_similarity
            similar = level is None or similarity.get(passage.doc_path, 1.0) >= level
            # a question naming a document by number asks for that document's header, not the header of one citing it
            cited_only = bool(q.doc_numbers) and passage.number_match != "own"
            headers = header_units(passage) if passage.doc_path not in seen_docs and not cited_only else []
            # the signature block's name line: the signer is the "Người ký" header fact, not a line to quote
            signer = fold(passage.meta.signer) if passage.meta and passage.meta.signer else None
            seen_docs.add(passage.doc_path)
            prior = 0.1 / (1 + index) + (0.15 if passage.number_match == "own" else 0.0)
            # the rest of a document the question names by number is what the question describes: it counts as the
            # passage does; of another document, half that
            weight = self.config.context_weight
            around = (self.config.paragraph_weight, weight, weight if passage.number_match == "own" else weight / 2)
            paragraph_terms: dict[str, set[str]] = {}  # the sentences of one long paragraph share its terms
            itself, title = self_reference(passage)
            title_terms = extend(terms_of(title), title, pairs) if itself else set()
            for text, paragraph in [*units_in_paragraphs(passage.chunk.text), *((h, h) for h in headers)]:
                header = text in headers
                asked_header = (header and text.startswith(answering_fields(q.header_field, headers))) or (
                    q.header_field == "Ngày ban hành" and bool(PLACE_DATE_LINE.search(text))
                )
                signature = signer is not None and fold(text).strip(" .") == signer
                other_field = any(field != q.header_field and line.match(text) for field, line in _FIELD_LINE.items())
                other_field = other_field or (_LEGAL_BASIS.match(text) is not None and not _asks_basis(q, text))
                if not asked_header and (
                    header or signature or other_field or is_noise(text, passage.chunk.heading_path)
                ):
                    continue  # "Kính gửi: các tổ chức ..." answers whom it is sent to, nothing else
                own = extend(terms_of(text), text, pairs)
                # "Luật này có hiệu lực …": the document names itself by its type, and so says its title
                said_title = title if itself and itself.search(text) else ""
                own = own | title_terms if said_title else own
                # a sentence of a long paragraph holds its paragraph's words for less
                if paragraph != text and paragraph not in paragraph_terms:
                    paragraph_terms[paragraph] = extend(terms_of(paragraph), paragraph, pairs)
                near = own | paragraph_terms[paragraph] if paragraph != text else own
                # a header fact stands for the whole document: it must carry the question's words itself
                shares = (0.0, 0.0, 0.0) if header else around
                # a labelled detail of the kind asked ("Địa điểm: …" for "ở đâu") holds its passage's words as its own
                labelled = labels_kind(q, text)
                held = (own | context_terms if labelled else own, near, context_terms, document_terms)
                coverage = held_weight(weights, *held, shares) / total if total else 0.0
                if mine_total:
                    # what a part leaves to the part before it may help it, never hold it back
                    coverage = max(coverage, held_weight(mine, *held, shares) / mine_total)
                header_bonus = 0.0
                if asked_header:
                    coverage = max(coverage, 1.0 if document_ok and typed else 0.0)
                    # which document's header answers: the one whose text and metadata say most of what is asked
                    said = context_terms | document_terms
                    matching = (
                        held_weight(weights, set(), set(), said, set(), (0.0, 1.0, 0.0)) / total if total else 0.0
                    )
                    header_bonus = 0.3 + 0.3 * matching
                lacks = None if asked_header else kind_missing(q, text, own, counted, passage.chunk.text)
                kind_ok = lacks is None
                # names are tested as named things, not counted in coverage; a line naming them itself ranks first
                # (or its heading: "3. Sở Nội vụ" | "b) Chủ trì ..." is an item about Sở Nội vụ)
                named_here = share_named(q, " ".join([text, *passage.chunk.heading_path[-1:], said_title]))
                # the line that writes the number the question names is the one about that document
                # (when the question asks what the document says, not a figure, date or person it gives)
                cites = q.wants is None and bool(set(q.doc_numbers) & set(doc_number_keys(text)))
                # "nền màu gì": "nền: màu cam" gives what is asked, where the lines restating the question do not
                gives = self.config.gives_weight * gives_asked(q, text)
                score = coverage + prior + (0.1 if kind_ok else 0.0) + header_bonus + 0.2 * (named_here + cites) + gives
                recording = self.config.record_signals
                period_ok = _holds_period(q, passage, text, asked_header) if recording else None
                # every test's outcome, not only the first failed: scripts/weigh_answerability.py weighs them together
                signals = (
                    ()
                    if not recording
                    else (
                        ("coverage", coverage),
                        ("rank", float(index)),
                        ("own", float(passage.number_match == "own")),
                        ("header", float(header)),
                        ("asked_header", float(asked_header)),
                        ("kind_ok", float(kind_ok)),
                        ("named_missing", float(len(missing))),
                        ("keys_ok", float(keys_ok)),
                        ("document_ok", float(document_ok)),
                        ("period_ok", float(period_ok is True)),
                        ("similarity", similarity.get(passage.doc_path, 1.0)),
                        ("named_here", float(named_here)),
                        ("cites", float(cites)),
                        ("length", float(len(text))),
                        ("sibling", float(passage.sibling)),
                        ("passage_score", passage.score),
                    )
                )
                failed = None
                if not similar and not asked_header:
                    failed = "similarity"
                elif coverage < self.config.min_coverage:
                    failed = "coverage"
                elif not document_ok or (asked_header and not typed):
                    failed = "document"
                # a word no chunk holds is what the archive cannot answer, except in the header field asked of a
                # document named by its own number ("87/TB-SCT: người ký giữ chức vụ gì" is its "Người ký" field)
                elif missing or not (keys_ok or (asked_header and passage.number_match == "own")):
                    failed = "named"
                elif not kind_ok:
                    failed = "kind"
                elif not (_holds_period(q, passage, text, asked_header) if period_ok is None else period_ok):
                    failed = "period"
                terms = frozenset(t for t in weights if t in own)
                lacked = lacks if failed == "kind" else None
                units.append(Unit(text, index, score, coverage, terms, header, failed, lacked, signals))
        return sorted(units, key=lambda u: -u.score)

    def _aliases_of(self, q: Question) -> list[Alias]:
        """The archive's abbreviations the question writes in either form ("VLNCN" = "vật liệu nổ công nghiệp")."""
        return self.aliases.for_question(q.text) if self.aliases else []

    def _counted(self, q: Question) -> str | None:
        """What "bao nhiêu X" counts: the two-syllable noun when the archive knows it ("doanh nghiệp"), else the
        first syllable ("bao nhiêu người tham gia" counts người)."""
        if not q.counted:
            return None
        if len(q.counted) > 1 and q.counted[0] not in CLASSIFIERS and self.rarity([q.counted[1]])[q.counted[1]] < 1.0:
            return q.counted[1]
        return q.counted[0]

    @staticmethod
    def _held_periods(q: Question, passages: list[Passage], units: list[Unit]) -> tuple[tuple[str, int], ...]:
        """The periods the topic's closest units do report, each with the passage it comes from."""
        held: dict[str, int] = {}
        for unit in units[:8]:
            passage = passages[unit.passage]
            year = int(passage.meta.date[:4]) if passage.meta and passage.meta.date else None
            for period in periods_in(" ".join([unit.text, *passage.chunk.heading_path])):
                # a period written without its year is of its document's year
                held.setdefault(replace(period, year=period.year or year).label(), unit.passage)
        return tuple(held.items())[:4]


def _holds_period(q: Question, passage: Passage, text: str, asked_header: bool) -> bool:
    """Whether the unit is of the period and year the question names. A header fact is the document's: the period
    it is about is the one its text and subject name (a report on tháng 10 is dated in tháng 11). So is the
    document a question asks for ("báo cáo tháng 10/2021 thực hiện theo công văn số mấy": the report's month)."""
    words = document_words(passage) if asked_header or q.wants == "document" else text
    return not (q.periods and not holds_periods(q, passage, words)) and holds_years(q, passage, text)
