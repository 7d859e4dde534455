"""What a "bao nhiêu" question asks the amount of: the name of a measured amount written before the question word
("doanh thu đạt bao nhiêu"), or the noun counted after it and the words that narrow that noun ("bao nhiêu giấy phép
bán lẻ rượu"). Grammar only: question words, glue words, measure verbs, units, the levels of the administration."""

from __future__ import annotations

import re

from assistant.asking import ASKED_UNIT, BOUNDS, COUNTED, QUANTITY_WORD
from assistant.clauses import own_words
from assistant.grammar import (
    ASKING_WORDS,
    ASKING_WRITTEN,
    DISTRIBUTIVES,
    PHRASE_ENDS,
    PHYSICAL_UNITS,
    UNIT_WORDS,
    asking_form,
    is_dimension,
    is_measure_verb,
)
from assistant.periods import strip_periods
from assistant.proper_names import YEAR
from assistant.vietnamese import WORD, fold, has_diacritics
from index.citations.docnumbers import replace_doc_numbers
from index.vocabulary import FOLDED_STOPWORDS, is_stopword

# the levels of the administration a place is named with ("tỉnh Lào Cai", "xã Văn Chấn"): no part of what is counted
# (as typed; without diacritics only the spellings no other word shares: "ban" may be "bán", "xa" "xa")
PLACE_LEVELS = frozenset({"tỉnh", "huyện", "xã", "phường", "thị", "trấn", "thành", "phố", "thôn", "bản"})
PLACE_LEVELS_FOLDED = frozenset({"tinh", "huyen", "phuong"})
COUNTED_WORDS = 4  # the syllables of what is counted kept ("giấy phép bán lẻ"): past them a verb's object begins
MEASURED_WORDS = 4  # the syllables of an amount's name kept ("tổng vốn đầu tư")
# words that may follow "bao nhiêu" without being what is counted: comparison and distribution ("so với", "mỗi năm")
# ("phần trăm" is a unit: ASKED_UNIT reads it whole, as "trăm" alone would be "trạm" typed without marks)
_NOT_COUNTED = frozenset({"so", "hon", "moi", "tren", "duoi", "khoang", "chung", "nua", "phan"})
# ... and the glue that may follow it, folded: conjunctions, prepositions, the copula and sentence particles
_FOLLOW_QUESTION_WORD = frozenset("va voi trong tai o cho thi la duoc da vay the a nhi roi tu den".split())
# the bounds and means an amount is asked at, after its name: "diện tích tối đa và tối thiểu bao nhiêu", "công suất
# bình quân đạt bao nhiêu" ask the area's, the output's (folded syllable pairs; grammar of degree, not a name)
_EXTENT = frozenset({*BOUNDS, "trung binh", "binh quan", "cao nhat", "thap nhat", "lon nhat", "nho nhat"})


def _asked(text: str) -> tuple[str, re.Match[str] | None]:
    """The user's own words of a question without its periods and document numbers, and its "bao nhiêu"/"mấy" in
    them (None when there is none, or when folding would not keep the text's positions)."""
    typed = own_words(strip_periods(replace_doc_numbers(text, " ")))
    folded = asking_form(typed, nouns=False)
    return typed, QUANTITY_WORD.search(folded) if len(folded) == len(typed) else None


def _place_words(places: set[str], levels: frozenset[str] | set[str]) -> set[str]:
    """The syllables of the places a question names, with the words of administrative levels given."""
    return {w for place in places for w in place.split()} | levels


def measured_name(text: str, places: set[str]) -> tuple[str, ...]:
    """What an amount asked as "X (đạt) bao nhiêu" is the amount of: the content syllables before the question word,
    in its clause ("doanh thu đạt bao nhiêu" → "doanh", "thu"); empty for "bao nhiêu X" and for a clause opening with
    its question word. Whole: a Vietnamese noun phrase puts its head first ("giá trị | sản xuất công nghiệp"), its
    narrowest words last (`Question.measured` keeps the last MEASURED_WORDS)."""
    typed, asked = _asked(text)
    if not asked:
        return ()
    folded = fold(typed)
    # "bao nhiêu km đường dây hạ thế": after a unit of physical measure, the amount's name follows the question
    # word (not after money: "bao nhiêu tiền cấp quyền" is still what was collected, or owed)
    in_unit = ASKED_UNIT.match(folded, asked.start())
    if in_unit and in_unit.group(2).split()[-1] in PHYSICAL_UNITS:
        named_after = []
        for word in WORD.findall(folded[in_unit.end() :]):
            if word in FOLDED_STOPWORDS or word == "so" or word.isdigit():  # "... % so với cùng kỳ"
                break
            named_after.append(word)
        if named_after:
            return tuple(named_after[:MEASURED_WORDS])
    # the clause the question word is in: "Theo kết luận giao ban, | chỉ số sản xuất công nghiệp giảm bao nhiêu"
    written = _without_extent(WORD.findall(re.split(r"[,;:]", typed[: asked.start()])[-1]))
    named: list[str] = []
    for typed in reversed(written):
        word = fold(typed)
        if typed.lower() in DISTRIBUTIVES:  # as written: "mới" (new) is no "mỗi"
            # "mỗi bên tăng bao nhiêu": each of the things named before, not an amount named here
            return ()
        if word in ("cua", "cac", "nhung", "o", "tai"):
            # "vốn đầu tư của dự án", "tỷ lệ lấp đầy các cụm", "doanh thu ở Quảng Ngãi": whose amount, or where,
            # follows the amount's name
            named = []
        elif is_measure_verb(typed) or is_stopword(typed):
            if named:
                break
        elif word.isdigit() or YEAR.fullmatch(word):
            break
        else:
            named.insert(0, word)
    # a province named with the amount ("xuất khẩu Quảng Ngãi") is tested as a place, not as the amount's name
    place_words = _place_words(places, {"tinh", "huyen", "thanh", "pho"})
    return tuple(w for w in named if w not in place_words)


def counted_noun(text: str, folded: str) -> tuple[str, ...]:
    """The noun a "bao nhiêu"/"mấy" question counts, as its first syllable and its first two ("doanh",
    "doanh_nghiep"); empty when it is a unit of measure (any figure answers) or there is none."""
    match = COUNTED.search(folded)
    # the folded text has the question's letters where they were (composed text): the word as typed
    typed = text[match.start(1) : match.end(1)] if match and len(folded) == len(text) else ""
    if not match or match.group(1) in UNIT_WORDS | _NOT_COUNTED:
        return ()
    # typed without diacritics, a glue word's spelling may be a noun's ("bao nhieu cua hang": cửa hàng, as "của"
    # cannot follow the question word): only the words that may follow it are glue there
    glue = is_stopword(typed) if typed and has_diacritics(typed) else match.group(1) in _FOLLOW_QUESTION_WORD
    if glue:
        return ()
    second = match.group(2)
    return (match.group(1), f"{match.group(1)}_{second}") if second else (match.group(1),)


def counted_words(text: str, places: set[str]) -> tuple[str, ...]:
    """What a count counts, as the question writes it after the question word: the noun and the words that
    narrow it ("bao nhiêu giấy phép bán lẻ rượu" → giay phep ban le ruou), up to a glue word, a measure verb,
    a number, a year, a place or its level ("tỉnh"); empty when the question counts nothing."""
    typed, asked = _asked(text)
    if not asked:
        return ()
    places = _place_words(places, PLACE_LEVELS_FOLDED)
    words = WORD.findall(re.split(r"[,;:?.!(]", typed[asked.end() :])[0])  # in its clause
    phrase: list[str] = []
    for at, (typed_word, following) in enumerate(zip(words, [*words[1:], ""], strict=True)):
        word = fold(typed_word)
        # as typed when it has its diacritics: "gió" (wind) is no "giờ" (hour), "bán" no "bản" (village)
        asking = typed_word.lower() in ASKING_WRITTEN if has_diacritics(typed_word) else word in ASKING_WORDS
        level = typed_word.lower() in PLACE_LEVELS | PHRASE_ENDS or word in places
        glue = at > 0 and is_stopword(typed_word)  # the counted noun itself may be spelt as glue ("cua hang")
        if glue or asking or level or is_measure_verb(typed_word) or word.isdigit():
            break
        if word == "nam" and following.isdigit():
            break
        phrase.append(word)
    return tuple(phrase[:COUNTED_WORDS])


def _without_extent(words: list[str]) -> list[str]:
    """The words before a question word without the bounds or the dimension they end with ("tối đa và tối thiểu",
    "là" between; "rộng")."""
    kept, bounded = list(words), False
    while kept:
        if len(kept) > 1 and fold(f"{kept[-2]} {kept[-1]}") in _EXTENT:
            kept, bounded = kept[:-2], True
        elif is_dimension(kept):
            kept, bounded = kept[:-1], True  # "khu vực | rộng bao nhiêu ha"
        elif is_measure_verb(kept[-1]) or is_stopword(kept[-1]):
            kept = kept[:-1]  # "tối đa và | tối thiểu", "bình quân | đạt bao nhiêu", "tối đa | là bao nhiêu"
        else:
            break
    return kept if bounded and kept else words
