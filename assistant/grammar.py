"""The Vietnamese grammar a question is read with: question words, the nouns that make "what", units and their
spellings, and how a company's name is written. Word lists of the language, never of particular questions; the glue
words and the legal forms of companies are the vocabulary's (`index.vocabulary`), shared with the index.

A word with diacritics is judged as written, one typed without them folded: folding makes "đầu" (đầu năm, đầu tư)
"đâu" and "cửa" "của".
"""

from __future__ import annotations

import re

from assistant.vietnamese import CAPITALS, WORD, fold, has_diacritics
from index.vocabulary import LEGAL_FORM_ABBREVIATIONS, LEGAL_FORMS

ASKING_WRITTEN = frozenset("nhiêu mấy nào ai đâu giờ gì sao lâu".split())  # "lâu": bao lâu
ASKING_WORDS = frozenset(fold(w) for w in ASKING_WRITTEN)
# The nouns that make a question word with "nào"/"mấy" ("lúc nào", "người nào", "nơi nào"), as written: typed with
# other diacritics they are other words ("chủ lực nào" is no "lúc nào": which main product, not when)
ASKING_NOUNS_WRITTEN = frozenset("ngày giờ lúc năm tháng người ông bà nơi chỗ".split())
ASKING_NOUNS = frozenset(fold(w) for w in ASKING_NOUNS_WRITTEN)
ASKING = re.compile(r"^(bao|" + "|".join(sorted(ASKING_WORDS)) + r")$")  # on folded words
# Verbs that sit between an amount's name and "bao nhiêu" ("doanh thu đạt bao nhiêu", "IIP tăng bao nhiêu")
MEASURE_WRITTEN = frozenset("đạt ước tăng giảm chiếm khoảng gồm tính".split())
MEASURE_FOLDED = frozenset(fold(w) for w in MEASURE_WRITTEN)
# Adjectives of dimension: "khu vực rộng bao nhiêu ha" asks the area of the khu vực, whose name ends before them ...
DIMENSIONS_WRITTEN = frozenset("rộng dài cao sâu nặng dày".split())
DIMENSIONS_FOLDED = frozenset(fold(w) for w in DIMENSIONS_WRITTEN)
# ... unless a noun of dimension makes one the name ("chiều dài", "độ sâu", "bề rộng bao nhiêu")
DIMENSION_NOUNS = frozenset({"chieu", "do", "be"})
# "điều gì", "cái gì", "chuyện gì": the noun is part of the question word "what"
WHAT_NOUNS = frozenset({"dieu", "cai", "thu", "chuyen"})
# The spellings of one unit a document may use for the unit a question asks in
# (the amount may be written "318,4 triệu USD" or "318.400.000 đô")
UNIT_SPELLINGS = {
    "usd": ("usd", "do la", "do"),
    "%": ("%", "phan tram"),
    "ty": ("ty", "ti"),
    "ti": ("ty", "ti"),
    "ha": ("ha", "hecta"),
    "hecta": ("ha", "hecta"),
    "nghin": ("nghin", "ngan"),
    "ngan": ("nghin", "ngan"),
    "dong": ("dong", "vnd", "d"),
    "tien": ("dong", "vnd", "d", "trieu", "ty", "usd", "do la"),
    # the units of an amount noun that asks for no unit by name (AMOUNT_UNITS); an area may be OCR'd "82,5 mˆ"
    "dien tich": ("ha", "hecta", "m2", "m²", "m", "km2", "km²", "met vuong"),
    "chieu dai": ("km", "m", "met"),
    "dung tich": ("m3", "m³", "lit"),
    # of a power plant in watts, of a factory in tonnes or cubic metres a year or a day
    "cong suat": ("mw", "mwp", "kw", "kwp", "kva", "mva", "gw", "wp", "tan", "m3", "m³"),
}
# Amount nouns whose figures come in units of one kind: "diện tích bao nhiêu" is answered by "82,5 m²" or "76,39 ha",
# not by another figure of the same line ("Nghỉ 176"); and a figure in such a unit names its amount ("(2700MWp)" is a
# capacity). Grammar: the nouns, not the words of any question.
AMOUNT_UNITS = ("dien tich", "chieu dai", "dung tich", "cong suat")
# Heads of amounts counted in money: "giá trị sản xuất … đạt bao nhiêu" is answered in đồng or USD, not by "110kV" or
# an index's percentage ("chỉ số sản xuất công nghiệp"); unless a change or a share is asked ("tăng bao nhiêu")
MONEY_HEADS = ("gia tri", "kim ngach", "doanh thu", "kinh phi")
# Distributive determiners: "mỗi bên", "từng loại" stand for things named before them (as written, and as typed
# without diacritics; "mới" is another word)
DISTRIBUTIVES = frozenset({"mỗi", "từng", "moi", "tung"})
# Words that end the noun phrase of what is counted: a relation ("người thuộc nhóm 1"), a distributive or "một" of a
# rate ("kíp nổ mỗi năm", "một năm"), as written (without diacritics only the spellings no noun shares)
PHRASE_ENDS = frozenset({"thuộc", "mỗi", "từng", "một", "hằng", "moi", "mot"})
# Adverbs of scope that frame the question, not its topic: "Riêng tháng 4/2025, dăm gỗ ... bao nhiêu?"
SCOPE_WORDS = frozenset({"rieng"})
# Classifiers: "bao nhiêu vụ kinh doanh hàng không rõ nguồn gốc" counts vụ ("15 vụ"), whatever noun follows it
CLASSIFIERS = frozenset(fold(w) for w in "vụ lượt lần đợt cuộc chiếc cái con người hộ".split())
# Units of physical measure (folded): "bao nhiêu km đường dây", "bao nhiêu tấn thuốc nổ" measure the noun after them
PHYSICAL_UNITS = ("kg", "tan", "ta", "gam", "g", "lit", "m3", "m2", "m", "km", "ha", "kwh", "mwh", "kw", "mw")
# Every unit a figure may be asked in (folded): money, physical measure, and the counters of times and things
UNIT_WORDS = frozenset(
    (
        *"trieu ty ti nghin ngan dong usd do la vnd".split(),
        *PHYSICAL_UNITS,
        *"hecta gw lan luot diem cai chiec tien".split(),
    )
)


# The question words written with diacritics ("mấy", "nào", "đâu"; not "ai", "sao"): typed bare among marked words,
# their letters are another word's ("may mặc", "máy" typed "may")
_MARKED_ASKING = frozenset(fold(w) for w in ASKING_WRITTEN if has_diacritics(w))
# A question is typed with diacritics when at least this share of its words carry some: Vietnamese prose marks most
# syllables (7 to 8 in 10), a question typed bare none, one pasting a marked name into bare words a few
MARKED_SHARE = 0.4


def typed_with_diacritics(text: str) -> bool:
    """Whether a text was typed with its diacritics (not only a pasted name of it)."""
    words = WORD.findall(text)
    return bool(words) and sum(map(has_diacritics, words)) >= MARKED_SHARE * len(words)


def asking_form(text: str, nouns: bool = True) -> str:
    """The folded text, where a word that folds to a question word without being one reads as underscores of its
    length (positions kept): "xã Bảo Ái" folds to "bao ai", which is not "ai" (who), "hàng may mặc" to "hang may
    mac", which is not "mấy". What question words are read from (`nouns`: as `mistaken_for_asking`)."""
    marked = typed_with_diacritics(text)

    def read(word: re.Match[str]) -> str:
        return "_" * len(word.group(0)) if mistaken_for_asking(word.group(0), marked, nouns) else word.group(0)

    return fold(WORD.sub(read, text))


def _typed_in(word: str, written: frozenset[str], folded: frozenset[str]) -> bool:
    """Whether a word, as typed, is one of a word class: as written when it carries diacritics, folded when it does
    not (typed without them, it may stand for any word that folds alike)."""
    return word.lower() in written if has_diacritics(word) else fold(word) in folded


def is_asking(word: str) -> bool:
    """Whether a word of a question (as typed) is a question word."""
    return _typed_in(word, ASKING_WRITTEN, ASKING_WORDS)


# The words that place a "đâu" ("ở đâu", "tại đâu", "đến đâu"): typed without diacritics, "dau" elsewhere is a word's
# ("xang dau", "dau tu").
_PLACING_DAU = frozenset({"o", "tai", "den", "di", "tu", "ve"})


def asks_at(words: list[str], i: int) -> bool:
    """Whether words[i] of a question (as typed) is a question word there: an unmarked "dau" only after a word that
    places it."""
    if fold(words[i]) == "dau" and not has_diacritics(words[i]):
        return i > 0 and fold(words[i - 1]) in _PLACING_DAU
    return is_asking(words[i])


def mistaken_for_asking(word: str, marked_text: bool = False, nouns: bool = True) -> bool:
    """Whether a word typed with diacritics folds to a question word, or to a noun that makes one, without being it
    ("Ái" of "xã Bảo Ái" is no "ai", "lực" no "lúc"); in a text typed with diacritics (`marked_text`), also a word
    typed without them whose question word carries some ("may" of "hàng may mặc" is no "mấy"). `nouns=False`: the
    question words only, not the nouns that make one ("chợ" folds to "chỗ" and is still what "mấy chợ" counts)."""
    if not has_diacritics(word):
        return marked_text and fold(word) in _MARKED_ASKING
    folded, written = fold(word), word.lower()
    return (folded in ASKING_WORDS and written not in ASKING_WRITTEN) or (
        nouns and folded in ASKING_NOUNS and written not in ASKING_NOUNS_WRITTEN
    )


def is_measure_verb(word: str) -> bool:
    """Whether a word of a question (as typed) is a verb between an amount's name and "bao nhiêu"."""
    return _typed_in(word, MEASURE_WRITTEN, MEASURE_FOLDED)


def is_dimension(words: list[str]) -> bool:
    """Whether the last of the words before a question word (as typed) is an adjective of dimension said of what
    the words before it name."""
    last, before = words[-1], fold(words[-2]) if len(words) > 1 else ""
    return _typed_in(last, DIMENSIONS_WRITTEN, DIMENSIONS_FOLDED) and before != "" and before not in DIMENSION_NOUNS


# Connectives opening a sentence that draws a consequence from the sentence before ("Do vậy không đủ điều kiện ...",
# "Trên cơ sở đó, Sở ... chấm dứt ..."): the reason is what they lean on
CONSEQUENCE_OPENERS = (
    "do vậy",
    "do đó",
    "vì vậy",
    "vì thế",
    "bởi vậy",
    "bởi thế",
    "chính vì vậy",
    "chính vì thế",
    "trên cơ sở đó",
    "trên cơ sở này",
    "từ đó",
    "vì lẽ đó",
)
CONSEQUENCE = re.compile(r"^(?:" + "|".join(CONSEQUENCE_OPENERS) + r")\b", re.I)

# A company's name runs from after its legal form to the word that ends it (a verb, a preposition, a question word)
NAME_ENDS = (
    "ở tại có được đã là năm trong về cho theo tháng quý và bị phải".split()
    + ["sử dụng", "cấp", "áp dụng", "thực hiện", "đề nghị", "thi công", "khai thác"]
    + "không chưa sẽ đang cũng nộp gửi xin do với khi nào".split()
)


_BODIES = r"(?:Công ty|Tổng công ty|Sở|Ủy ban|UBND|Ban|Bộ|Cục|Chi cục|Phòng|Văn phòng|Hợp tác xã)\b"


def company_pattern(folded: bool) -> re.Pattern[str]:
    """The company pattern over the question as typed (its name starts with a capital) or folded (typed without
    diacritics: no capitals to go by, so a legal form must say where the name starts)."""
    spell = fold if folded else (lambda word: word)
    forms = "|".join(f"{spell(form)} " for form in (*LEGAL_FORMS, *LEGAL_FORM_ABBREVIATIONS))
    ends = "|".join(spell(end) for end in NAME_ENDS if folded or end != "và")
    if not folded:
        # "Công ty cổ phần Tư vấn xây dựng và thương mại Tân Đạt": "và" inside a name joins its trades, when a word
        # written as a name follows within a few words (not another body: "… và Công ty …", "… và Sở …")
        ends += rf"|và(?!(?: [^\W\d{CAPITALS}]\w*){{0,3}} (?!{_BODIES})[{CAPITALS}])"
    head = (
        rf"\bcong ty (?:{forms})+(\w+(?: \w+){{1,6}}?)"
        if folded
        else (rf"\b[Cc]ông ty (?:{forms})*([{CAPITALS}]\w*(?: (?!và\b)\w+){{1,6}}?(?: và(?: (?!và\b)\w+){{1,6}}?)??)")
    )
    return re.compile(rf"{head}(?= (?:{ends})\b|[,:;?.()]|$)")
