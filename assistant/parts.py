"""A part of a question as a question of its own: what it leaves to the rest of the question (its period, province,
year, document number, names and subject) carried over in brackets."""

from __future__ import annotations

import re

from assistant.asking import TYPE_NOUNS
from assistant.clauses import own_words
from assistant.grammar import asks_at
from assistant.periods import strip_periods
from assistant.proper_names import PROPER_NAME, YEAR
from assistant.questions import Question
from assistant.vietnamese import WORD, fold, has_diacritics
from index.places import places_in
from index.vocabulary import STOPWORDS

CARRIED_WORDS = 12  # at most this many words of the text before a part are carried to it


def part_question(part: str, whole: Question) -> Question:
    """A part of a question as a question of its own, keeping the period, province and year the whole names when
    the part names none: "Quý I/2025 sản xuất bao nhiêu tấn X | và xuất khẩu X được bao nhiêu" — the second part
    is about quý I/2025 too. A later part without a name of its own keeps the names of the parts before it ("Khu
    công nghiệp X có quy mô bao nhiêu ha | và tổng vốn bao nhiêu": X's); the first part keeps only its own."""
    own = Question(part)
    # a follow-up's parts each end in the subject the conversation carries ("gia hạn bao lâu (Luật Thanh tra …)"):
    # what the part leaves to the parts before it joins that subject
    mine = own_words(part)
    carried: list[str] = [part[len(mine) :].strip(" ()")] if mine != part else []
    if whole.periods and not own.periods:
        carried.extend(p.label() for p in whole.periods)
    if whole.places and not own.places:
        carried.extend(sorted(whole.places))
    if whole.years and not own.years and not whole.periods:
        carried.extend(sorted(whole.years))
    if whole.doc_numbers and not own.doc_numbers:
        carried.extend(whole.doc_numbers)  # "Báo cáo 1276/BC-SCT do ai ký, | gửi cơ quan nào": that document's
    before = whole.text[: whole.text.find(mine)] if mine in whole.text else ""
    if not own.names and before:
        names = Question(before).names
        # as written (capitalised), so that the part recognises them as names
        carried.extend(m.group(0) for m in PROPER_NAME.finditer(before) if any(n in fold(m.group(0)) for n in names))
    if before:
        # "Giấy phép X áp dụng cho xe nào, | thời hạn bao lâu": a later part may leave its subject to the part before;
        # in brackets, those words count as context (half), and places and years stay the part's own
        place_words = {w for place in places_in(before) for w in place.split()}
        # a number after a document's type ("Công văn 813") names that document: it stays with the subject
        numbered = set(re.findall(rf"\b(?:{TYPE_NOUNS})\s+(?:so\s+)?(\d+)\b", fold(before)))
        # clause by clause, so that a name stays where it ended ("Công ty CP X: vốn góp ..." is not "X vốn góp")
        # in a question typed with diacritics a word is glue as written: "thi" of "thi công" is not "thì"; typed
        # without, no word can be told to be glue ("tu", "dau" of "vat tu", "xang dau" in a company's name): all stay
        # (a carried word counts half, and the terms leave glue out again)
        glue = (lambda w: w.lower() in STOPWORDS) if has_diacritics(before) else (lambda _: False)
        clauses = []
        left = CARRIED_WORDS  # a Vietnamese question names its subject first
        for clause in re.split(r"[:;,]", strip_periods(before)):
            written = WORD.findall(clause)
            words = [
                w
                for i, w in enumerate(written)
                if not (glue(w) or asks_at(written, i) or fold(w) in place_words or YEAR.fullmatch(w))
                and (not w.isdigit() or w in numbered)
            ][: max(left, 0)]
            left -= len(words)
            clauses.append(" ".join(words))
        subject = ", ".join(c for c in clauses if c)
        # the question's first word is capitalised as a sentence's, not as a name's ("Buổi làm việc ...")
        carried.append(subject[:1].lower() + subject[1:] if before[:1] == subject[:1] else subject)
    return Question(f"{mine} ({', '.join(carried)})") if carried else own
