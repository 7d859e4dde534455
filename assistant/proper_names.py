"""The proper names a question uses: capitalised syllables that are not the administration's nouns, places, years
or question words, and companies' names after their legal form (in a question typed without diacritics too)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant.grammar import company_pattern, is_asking
from assistant.vietnamese import CAPITALS, WORD, fold, has_diacritics
from index.citations.docnumbers import replace_doc_numbers
from index.places import PLACE_PATTERN, fold_lower
from index.places import places_in as all_places_in
from index.vocabulary import SPOKEN_TYPES, STOPWORDS

YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")  # a year a question or a line names
# A law is named by its year ("Luật Địa chất và khoáng sản năm 2024", "Luật Đầu tư 2025", "Bộ luật Lao động năm
# 2019"): that year is the law's, not a time the line speaks of ("pháp luật" is the common noun, "law" in general).
# A title holds no passive or time words: "Luật Đầu tư được thông qua năm 2020" speaks of 2020
_NOT_IN_A_TITLE = "được|đã|vào|từ|trong|ngày|tháng|do|duoc|da|vao|ngay|thang"  # not "tu": "đầu tư" folds to it
_LAW_TITLE = re.compile(
    r"(?<!ph[áa]p )\b(?:b[ộo] lu[ậa]t|lu[ậa]t|ph[áa]p l[ệe]nh|hi[ếe]n ph[áa]p)\s"
    rf"(?:(?!(?:{_NOT_IN_A_TITLE})\b)[^\d.,;:()\n]){{0,60}}?\b(?:n[ăa]m\s)?(?:19|20)\d\d\b",
    re.I,
)
# Vietnamese surnames: a capitalised one before other capitalised words says a person is named
SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đào|Đoàn|Vương|Trịnh|Trương|Đinh|Lâm|"
    "Phùng|Mai|Tô|Hà|Tạ|Lương|Lưu|Triệu|Chu|Cao|Quách|Thái|Kiều|Văn|Đàm|Lò|Lục|Hứa|Nông|Giàng|Sùng|Vàng|Lù|Thào|Mạc|"
    "Khổng|Kim|La|Tăng|Hán|Mẫn|Âu|Ông|Thân|Tống|Diệp|Hầu|Doãn|Nghiêm|Lại|Khúc|Bạch|Bế|Hoàng|Ma|Quan|Lã"
)
# A province's name inside another name is no place spoken of: a person's ("Nguyễn Hòa Bình", after a surname) or a
# company's ("Công ty cổ phần Đầu tư phát triển Công nghiệp Hòa Bình": after "Công ty", with no preposition, verb or
# punctuation between to say the name has ended)
_AFTER_SURNAME = re.compile(rf"\b(?:{SURNAMES})\s+$")
_NAME_ENDS = ("tại", "ở", "thuộc", "trên", "trong", "có", "đã", "được", "với", "và", "của", "là", "cho", "từ", "đến")


def _company_name_before(company: str, ends: set[str], flags: int = 0) -> re.Pattern[str]:
    """A company's name running up to the end of the text, until a word that ends it."""
    stop = "|".join(sorted(ends))
    return re.compile(rf"\b(?:{company}|cty)(?:\s+(?!(?:{stop})\b)[^\s,;:.()]+){{0,12}}\s+$", flags)


_IN_COMPANY_NAME = _company_name_before("công ty", set(_NAME_ENDS), re.I)
# ... typed without diacritics ("cua cty cp xd giao thong yen bai"): "có" and "cổ" (of "cổ phần") fold alike, so "co"
# does not end the name
_IN_COMPANY_NAME_FOLDED = _company_name_before("cong ty", {fold(w) for w in _NAME_ENDS} - {"co"})
# A proper name: capitalised syllables not at the start of the question ("Suối Bắc", "Minh Phát", "RON 95")
# (nor after an opening bracket: a carried subject "(Ai ký báo cáo 45/BC-SCT)" opens like a sentence)
PROPER_NAME = re.compile(rf"(?<!^)(?<![.?!]\s)\b[{CAPITALS}]\w*(?:(?:\s+|\s*-\s*)(?:[{CAPITALS}]\w*|\d+[A-Za-z]?))*")
# Capitalised words that are the administration's common nouns, not names (types, bodies, the Tết holiday)
# (only their capitalised words: "Chỉ thị" puts "Chỉ", not the "Thị" of "Huỳnh Thị Gái"; "Biên bản" not "Bản Qua")
_OTHER_CAPS = (
    "Sở Công Thương UBND Ủy ban Uỷ ban Nhân dân HĐND Bộ Chính phủ Tỉnh Thành phố Huyện Xã Phòng Ban Trung ương Nhà "
    "nước Tết Quý Tháng Năm Ngày Số Cục Tổng Chi Giám đốc Phó Chủ tịch Việt Nam Đảng Đoàn Hội đồng Công ty "
    "Cụm Khu Chương trình"
)
# the holiday's name is "Tết" with its small-lettered rest: its "Nguyên" is no common word ("Tây Nguyên", "Thái Nguyên")
_HOLIDAY = re.compile(r"\bNguyên\s+đán\b", re.IGNORECASE)
# Countries of more than one word (a one-word country is also a person's name: "Đức", "Anh"), in a company's
# description ("Công ty vận tải Trung Quốc Thông Đạt …"): where a company is, not its name
_COUNTRIES = re.compile(
    r"\b(?:trung quoc|han quoc|nhat ban|thai lan|hoa ky|an do|dai loan|campuchia|singapore|malaysia|indonesia)\b"
)
# Classifiers of occasions, capitalised only as a sentence's first word: "(Dịp Tết Tân Sửu …)" names Tân Sửu
_OCCASIONS = frozenset({"dịp", "mùa", "đợt", "buổi", "cuộc", "lần"})
_COMMON_CAPS = frozenset(w.lower() for w in " ".join((*SPOKEN_TYPES, _OTHER_CAPS)).split() if w[0].isupper())
# The first word of a type written with a small letter after it ("Văn bản", "Biên bản", "Hướng dẫn"): before another
# capitalised word it is a name's ("Văn Yên", "Văn Bàn", "Biên Hòa", "Hướng Hóa"), not the type's
_TYPE_OPENERS = frozenset(
    words[0].lower() for words in (name.split() for name in SPOKEN_TYPES) if len(words) > 1 and words[1].islower()
) - {w.lower() for w in _OTHER_CAPS.split()}
_COMPANY = company_pattern(folded=False)
_COMPANY_FOLDED = company_pattern(folded=True)
_ROMAN = re.compile(r"^[IVX]+$")  # "quý I", "Chương II": a numeral, not a name


def years_in(text: str) -> set[str]:
    """The years `text` names, not counting those inside document numbers ("Nghị định số 32/2024/NĐ-CP") nor a
    law's ("Luật Địa chất và khoáng sản năm 2024")."""
    without_numbers = replace_doc_numbers(text, " ")
    return set(YEAR.findall(_LAW_TITLE.sub(lambda title: title.group(0)[:-4], without_numbers)))


def names_in(text: str, doc_numbers: list[str]) -> list[str]:
    """The proper names `text` uses (folded), less places, years, document types, the administration's nouns and
    the document numbers `doc_numbers` (keys) it gives."""
    found = []
    numbers_text = " ".join(doc_numbers)
    text = _HOLIDAY.sub("Tết", text)
    for match in PROPER_NAME.finditer(text):
        words = WORD.findall(match.group(0))
        # a bracket opens a follow-up's carried subject with a capital ("(Kim ngạch xuất khẩu …)"): a name there has
        # two capitalised words at least ("(Sơn Thịnh 2, Văn Chấn …)")
        if text[: match.start()].endswith("(") and sum(w[:1].isupper() for w in words) < 2:
            continue
        # ... whose first word, capitalised as a sentence's, may be glue: "(Theo Nghị định …, Sở …)" names nothing
        while words and words[0][:1].isupper() and words[0].lower() in STOPWORDS:
            words = words[1:]
        # the administration's nouns around a name are no part of it, but one inside it is ("Bắc Văn Yên")
        # nor is a question word opening a clause ("(Ai ký báo cáo 45/BC-SCT)", a follow-up's carried subject)
        while words and (words[0].lower() in _COMMON_CAPS | _OCCASIONS or is_asking(words[0])):
            if words[0].lower() in _TYPE_OPENERS and len(words) > 1 and words[1][:1].isupper():
                break
            words = words[1:]
        while words and words[-1].lower() in _COMMON_CAPS:
            words = words[:-1]
        # a numeral is part of a name after a word of it ("Làng Lạnh III" is not "Làng Lạnh II"), not alone
        words = [w for i, w in enumerate(words) if not _ROMAN.match(w) or (i and not _ROMAN.match(words[i - 1]))]
        while len(words) > 1 and words[0].isupper():
            words = words[1:]  # "TNHH Thái Thịnh": the form of company before its name may be spelled out
        # places and years are tested as such: "Năm 2025 Lào Cai" is no name
        countries = _COUNTRIES.findall(fold(match.group(0)))
        place_words = {w for p in [*all_places_in(match.group(0)), *countries] for w in p.split()}
        words = [w for w in words if fold(w) not in place_words and not YEAR.fullmatch(w)]
        name = fold(" ".join(words))
        if not words or name in all_places_in(name) or fold(name) in fold(numbers_text):
            continue
        if all(w.isupper() and len(w) > 1 for w in words) and not any(c.isdigit() for c in name):
            continue  # an acronym ("VLNCN", "CCN") may be spelled out in the text: the terms cover it
        found.append(name)
    # a company's name runs from after its legal form to the verb or preposition that ends it, place included:
    # "Công ty cổ phần Xi măng Lào Cai có ..." is "xi mang lao cai", not Xi măng Yên Bình
    # typed without diacritics there are no capitals to go by: the legal form still says where a name starts
    companies = _COMPANY.finditer(text) if has_diacritics(text) else _COMPANY_FOLDED.finditer(fold(text))
    for match in companies:
        name = fold(" ".join(_distinctive(match.group(1).split())))
        if len(name.split()) >= 2:
            found = [n for n in found if n not in name] + [name]
    return [n for n in found if len(n.replace(" ", "")) > 1]  # not a lone letter ("CCN Y" of "Y Can")


def _distinctive(words: list[str]) -> list[str]:
    """A company's name from its first word written as a name ("Công ty CP XNK sợi Phương Nam" is "Phương Nam",
    "Công ty CP công nghiệp Linh Linh" "Linh Linh"): an abbreviation or a common noun before it may be spelled
    another way in the documents ("Cổ phần Xuất nhập khẩu sợi")."""
    for at, word in enumerate(words):
        if word[:1].isupper() and not word.isupper():
            return words[at:]
    return words


def places_in(text: str) -> set[str]:
    """The provinces and cities `text` speaks of as places (folded keys), not as part of a person's or a company's
    name."""
    return set(_places(text))


@lru_cache(maxsize=2048)  # the same passages are read for each part of a question, and again for its answer
def _places(text: str) -> frozenset[str]:
    text = unicodedata.normalize("NFC", text)  # composed, folding is one character for one
    folded = fold_lower(text)  # so a position in it is a position in `text`
    found = set()
    for match in PLACE_PATTERN.finditer(folded):
        before = text[max(0, match.start() - 120) : match.start()]
        typed_bare = not has_diacritics(before) and _IN_COMPANY_NAME_FOLDED.search(folded[: match.start()][-120:])
        if not (_AFTER_SURNAME.search(before) or _IN_COMPANY_NAME.search(before) or typed_bare):
            found.add(match.group(1))
    return frozenset(found)
