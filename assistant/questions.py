"""What a Vietnamese question asks and about what: its content terms, the kind of answer it wants, and the named
things (places, years, periods, names, document numbers) an answer must be about.

The word lists here are Vietnamese grammar (question words, glue words, classifiers and units), never the words of
particular questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from assistant.amounts import MEASURED_WORDS, counted_noun, counted_words, measured_name
from assistant.asking import (
    ASKED_UNIT,
    BOUND_ASKED,
    BOUND_SYLLABLES,
    EXTREME,
    HEADER_ASKS,
    ISSUER_ASKED,
    KINDS,
    LOWEST,
    SPOKEN_BY_FOLDED,
    TYPE_ASKED,
    TYPE_NOUNS,
    WHICH,
    WHICH_NOUN,
)
from assistant.clauses import CARRIED, own_words, question_parts
from assistant.grammar import (
    AMOUNT_UNITS,
    ASKING,
    MONEY_HEADS,
    NAME_ENDS,
    SCOPE_WORDS,
    WHAT_NOUNS,
    asking_form,
)
from assistant.periods import Period, asks_plan, reported_periods, without_periods
from assistant.proper_names import names_in, places_in, years_in
from assistant.vietnamese import WORD, doc_number_keys, fold
from index.citations.docnumbers import replace_doc_numbers
from index.vocabulary import FOLDED_STOPWORDS, is_stopword

# a change or a share asked ("tăng bao nhiêu", "so với cùng kỳ", "đạt bao nhiêu % kế hoạch"): answered in percent
_CHANGE = re.compile(r"\b(?:tang|giam|so voi|so cung ky|ke hoach|chi tieu)\b")

# the words that end a body's name in a question, folded: NAME_ENDS but "tại", which folds as "Tài" of "Bộ Tài chính"
_FOLDED_NAME_ENDS = frozenset(fold(end) for end in NAME_ENDS) - {"tai"}
# a type word and what follows it: a number or a question word after it says it is a document cited or asked for
_NAMED_TYPE = re.compile(rf"\b({TYPE_NOUNS})\b(\s+(?:so\b|\d|nao\b|may\b))?")
FOCUS_WINDOW = 3  # content words on each side of the question word


def question_terms(question: str, typed: frozenset[str] = frozenset()) -> list[str]:
    """Folded content syllables and the pairs of neighbouring content syllables of a question. (A pair with glue
    in it, "Già | được", "ở | mỏ", "nổ | một", is rare because it means nothing: it would outweigh the words.)
    `typed`: folded syllables the question wrote as content words although their folded form is glue's ("đầu tư",
    "chứa", "chợ" fold to "tu", "chua", "cho")."""
    words = [fold(w) for w in WORD.findall(question)]
    # "điều gì", "cái gì", "chuyện gì": the noun is part of the question word "what"
    words = [w for i, w in enumerate(words) if not (w in WHAT_NOUNS and words[i + 1 : i + 2] == ["gi"])]
    glue = (FOLDED_STOPWORDS | SCOPE_WORDS) - typed
    content = [w for w in words if w not in glue]
    pairs = [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a not in glue and b not in glue]
    return content + pairs


def focus_terms(question: str, typed: frozenset[str] = frozenset()) -> set[str]:
    """Content syllables (and their pairs) within a few words of the question word: what is asked, not about whom.
    The window stops at "?" and brackets: a follow-up's carried-over subject "(kim ngạch xuất khẩu)" is context."""
    focus: set[str] = set()
    for segment in re.split(r"[?()]", question):
        words = [fold(w) for w in WORD.findall(segment)]
        for i in (i for i, w in enumerate(words) if ASKING.match(w)):
            for step in (-1, 1):
                j, seen = i + step, 0
                while 0 <= j < len(words) and seen < FOCUS_WINDOW:
                    if words[j] not in FOLDED_STOPWORDS or words[j] in typed:
                        focus.add(words[j])
                        seen += 1
                    j += step
        focus |= {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a in focus or b in focus}
    return focus


@dataclass(frozen=True)
class Question:
    """One question (or one part of one), analysed once for everything that judges and answers it."""

    text: str

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def asking(self) -> str:
        """The folded question, where a word that folds to a question word without being one is blanked
        (`grammar.asking_form`): what the question words are read from."""
        return asking_form(self.text)

    @cached_property
    def topic(self) -> str:
        """The question folded, without its periods (tested as periods, in any wording), its document numbers and the
        unit it asks its amount in ("bao nhiêu phần trăm", "bao nhiêu triệu USD": any figure in a unit answers)."""
        # a document number is tested as the document's (assistant/named.py), not as words ("bc", "sct")
        return ASKED_UNIT.sub(r"\1", without_periods(replace_doc_numbers(self.text, " ")))

    @cached_property
    def terms(self) -> list[str]:
        # a superlative's degree word ("cao" of "cao nhất") is the comparison asked, not a word the answer must hold
        degree = set(self.superlative.group(0).split()) if self.superlative else set()
        # so is a bound asked ("tối thiểu như thế nào"): the answer says "trở lên", "không quá"
        degree |= BOUND_SYLLABLES if BOUND_ASKED.search(self.folded) else set()
        terms = question_terms(self.topic, self.typed_content)
        return list(dict.fromkeys(t for t in terms if not degree & set(t.split("_"))))

    @cached_property
    def typed_content(self) -> frozenset[str]:
        """Folded forms of glue that the question wrote as content words, judged as typed ("tư" of "đầu tư" is no
        "từ", "chứa" no "chưa"); a word typed without diacritics is judged folded, as glue."""
        return frozenset(fold(w) for w in WORD.findall(self.text) if not is_stopword(w)) & FOLDED_STOPWORDS

    @cached_property
    def carries_subject(self) -> bool:
        """Whether the question ends in a subject carried over from elsewhere, in brackets: a follow-up's topic, or
        what a part of a question leaves to the part before it."""
        return CARRIED.search(self.topic) is not None

    @cached_property
    def own_terms(self) -> set[str]:
        """The terms of the user's own words, before a carried-over subject (all the terms when there is none)."""
        own = own_words(self.topic)
        return set(question_terms(own, self.typed_content)) if self.carries_subject else set(self.terms)

    @cached_property
    def focus(self) -> set[str]:
        return focus_terms(self.topic, self.typed_content)

    @cached_property
    def places(self) -> set[str]:
        """The provinces named; a follow-up naming one of its own asks about it, not the earlier one ("Còn tỉnh Hòa
        Bình thì có bao nhiêu cụm công nghiệp? (Lào Cai hiện)")."""
        return places_in(own_words(self.text)) or places_in(self.text)

    @cached_property
    def years(self) -> set[str]:
        """The years the question names, not counting those inside document numbers ("Luật số 67/2025/QH15")."""
        return years_in(self.text)

    @cached_property
    def periods(self) -> list[Period]:
        """The periods asked about: the user's own, else the carried subject's for an amount or what a document
        says (a figure is of its period); for a document, a date or a person the carried period only said which
        report was meant ("Giấy phép của công ty đó số mấy? (đợt kiểm tra tháng 3/2026 ...)")."""
        own = reported_periods(own_words(self.text))
        if own or not self.carries_subject or self.wants in ("quantity", None):
            return own or reported_periods(self.text)
        return []

    @cached_property
    def asks_plan(self) -> bool:
        """Whether it asks about a plan or target: a plan's year ("kế hoạch năm") is then a period of the text."""
        return asks_plan(self.text)

    @cached_property
    def doc_numbers(self) -> list[str]:
        return doc_number_keys(self.text)

    @cached_property
    def names(self) -> list[str]:
        """Proper names the question uses (folded), less places, document types and the administration's nouns. A
        follow-up naming things of its own asks about them instead of the earlier question's ("Thế còn mỏ Mông Sơn
        V thì công ty nào nộp? (hồ sơ mỏ Làng Lạnh II)"); one naming nothing is still about what was named then."""
        numbers = self.doc_numbers
        return names_in(own_words(self.text), numbers) or names_in(self.text, numbers)

    @cached_property
    def wants(self) -> str | None:
        """What kind of thing the answer must carry: "document" (a number, for "công văn nào"), "provision"
        ("điều khoản nào"), "reason" ("vì sao"), "frequency" ("bao lâu một lần"), "duration" ("bao lâu"), "date",
        "plate" ("biển số nào"), "quantity", "person", "organisation" ("đơn vị nào"), "place", or None."""
        for asking in self._asking_first:
            for kind, pattern in KINDS:
                if pattern.search(asking):
                    return kind
        return None

    @cached_property
    def asked_noun(self) -> str | None:
        """The syllable heading what a question asks "nào"/"gì" of when no kind names it ("trên hệ thống nào" →
        "thong", "nền màu gì" → "mau"); None for "như thế nào", "là gì", "điều gì" (grammar, not a noun)."""
        if self.wants is not None:
            return None
        for asking in self._asking_first:
            found = WHICH_NOUN.search(asking)
            if found and found.group(1) not in FOLDED_STOPWORDS | WHAT_NOUNS and not found.group(1).isdigit():
                return found.group(1)
        return None

    @cached_property
    def _asking_first(self) -> tuple[str, ...]:
        """Where the kind asked is read, in order: the user's own words, then the subject they carry. A follow-up asks
        what it asks ("có hiệu lực từ ngày nào (Vì sao … trả lại hồ sơ)" wants a date, not a reason), or what the
        earlier question did when it asks nothing of its own ("Còn tháng 6 thì sao? (… bao nhiêu)")."""
        if not self.carries_subject:
            return (self.asking,)
        return (asking_form(own_words(self.text)), self.asking)

    @cached_property
    def asked_type(self) -> str | None:
        """The type of document a question asking for one names ("nghị quyết nào": "Nghị quyết"); None for "văn bản
        nào", which any type answers."""
        found = TYPE_ASKED.search(self.asking) if self.wants == "document" else None
        name = SPOKEN_BY_FOLDED.get(found.group(1)) if found else None
        return None if name == "Văn bản" else name

    @cached_property
    def named_type(self) -> str | None:
        """The type of document the question is about, named without a number ("Kế hoạch phát triển cụm công
        nghiệp … do ai ký" → "Kế hoạch"): its first type word not asked for ("nghị quyết nào") nor numbered."""
        found = _NAMED_TYPE.search(fold(own_words(self.text)) or self.folded)
        return SPOKEN_BY_FOLDED.get(found.group(1)) if found and not found.group(2) else None

    @cached_property
    def asked_issuer(self) -> str | None:
        """The body whose document a question asks for ("tờ trình số mấy của Sở Công Thương" → "so cong thuong"),
        folded; None when it names none."""
        found = ISSUER_ASKED.search(self.asking) if self.wants == "document" else None
        if not found:
            return None
        # the body's name ends where a preposition or verb does ("của Thủ tướng về phát triển …")
        words = found.group(2).split()
        ends = next((i for i, word in enumerate(words) if i and word in _FOLDED_NAME_ENDS), len(words))
        return " ".join(words[:ends])

    @cached_property
    def measured(self) -> tuple[str, ...]:
        """What an amount asked as "X (đạt) bao nhiêu" is the amount of ("doanh thu đạt bao nhiêu" → "doanh",
        "thu"): the last MEASURED_WORDS syllables of `amounts.measured_name`."""
        return () if self.counted else self._amount_name[-MEASURED_WORDS:]

    @cached_property
    def _amount_name(self) -> tuple[str, ...]:
        return measured_name(self.text, self.places)

    @cached_property
    def counted(self) -> tuple[str, ...]:
        """The noun a "bao nhiêu"/"mấy" question counts ("doanh", "doanh_nghiep"): `amounts.counted_noun`."""
        return counted_noun(self.text, asking_form(self.text, nouns=False))

    @cached_property
    def counted_phrase(self) -> tuple[str, ...]:
        """What a count counts, with the words that narrow it ("giay phep ban le ruou"): `amounts.counted_words`."""
        return counted_words(self.text, self.places) if self.counted else ()

    @cached_property
    def asked_unit(self) -> str | None:
        """The unit an amount is asked in, as its base word ("bao nhiêu triệu USD" → "usd", "bao nhiêu phần trăm"
        → "%"): a figure in another unit does not answer."""
        match = ASKED_UNIT.search(without_periods(self.text))
        if not match:
            if self.wants != "quantity":
                return None
            # "tỷ lệ ... là bao nhiêu": a rate is a percentage; "diện tích bao nhiêu": an area, in any area unit
            measured = " ".join(self.measured)
            implied = [noun for noun in AMOUNT_UNITS if noun in measured]
            if re.search(r"\bty le\b", self.folded):
                return "%"
            # the name's head, its first two syllables ("giá trị | sản xuất công nghiệp"), says what it is counted in
            head = " ".join(self._amount_name[:2]) if len(self._amount_name) >= 2 else None
            if not implied and head in MONEY_HEADS and not _CHANGE.search(self.asking):
                return "tien"
            return implied[-1] if implied else None
        words = match.group(2).split()
        if words[-2:] == ["phan", "tram"]:
            return "%"
        return words[-1]

    @cached_property
    def superlative(self) -> re.Match[str] | None:
        """The superlative of a question that asks which item, or who, is highest or lowest ("mặt hàng nào … cao
        nhất", "ai đạt điểm cao nhất"), on the folded question."""
        match = EXTREME.search(self.folded)  # "nhiều" is no "nhiêu" of "bao nhiêu": `asking` blanks it
        return match if match and WHICH.search(self.asking) else None

    @cached_property
    def extreme(self) -> str | None:
        """ "max" or "min": which end of a table the superlative asks for ("giảm nhiều nhất" is the lowest change)."""
        if self.superlative is None:
            return None
        degree, turned = self.superlative.group(2), bool(self.superlative.group(1))
        return "min" if (degree in LOWEST) != turned else "max"

    @cached_property
    def header_field(self) -> str | None:
        """The header field the question asks for ("Người ký" for "do ai ký"), if it asks about the header."""
        return next(
            (name for text in self._asking_first for name, ask in HEADER_ASKS.items() if ask.search(text)), None
        )

    @cached_property
    def parts(self) -> list[str]:
        return question_parts(self.text)
