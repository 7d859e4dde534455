"""What a line carries: an amount (in the unit asked, of the noun counted), a date, a person, a place; and the bare
numbers a question names. The answerability decision's tests of the kind of thing asked."""

from __future__ import annotations

import re

from assistant.asking import FIELD_LABELS
from assistant.grammar import AMOUNT_UNITS, CONSEQUENCE, PHYSICAL_UNITS, UNIT_SPELLINGS
from assistant.proper_names import SURNAMES, YEAR
from assistant.questions import Question
from assistant.units import terms_of
from assistant.vietnamese import CAPITALS, FIGURE, SMALL_LETTERS, fold
from index.chunking.lines import LIST_MARKER
from index.citations.context import of_type
from index.citations.docnumbers import DocNumber, iter_doc_numbers, replace_doc_numbers
from index.metadata.issuer import body_from_symbol
from index.places import places_in
from index.vocabulary import FOLDED_STOPWORDS, SPOKEN_TYPES

# a date right after a document number (put as "§") is that document's: "số 07/CT-UBND ngày 03/3/2025"
_NUMBERED = re.compile(r"\bsố\s+\d[\d/.-]*", re.I)
_CITED_DATE = re.compile(
    r"§\s*,?\s*(?:ngày\s+)?(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
# a day ("12/3/2025", "ngày 12 tháng 3", "ngày 25 hằng tháng", "13h30"), which "ngày nào" asks for
_HAS_DAY = re.compile(
    r"\b(?:0?[1-9]|[12]\d|3[01])\s*/\s*(?:0?[1-9]|1[0-2])(?:\s*/\s*\d{4})?(?![\d/])|ngày\s+\d{1,2}\s+(?:hằng\s+|hàng\s+)?tháng"
    # a day of a month without "ngày", as a deadline writes it ("trước 30 tháng 01 hằng năm"), not "12 tháng" (months)
    r"|\b(?:trước|sau|từ|đến|vào)\s+(?:0?[1-9]|[12]\d|3[01])\s+tháng\s+(?:0?[1-9]|1[0-2])\b"
    r"|\d{1,2}h\d{0,2}|\d{1,2}\s*giờ",
    re.I,
)
# or a month, quarter or year, which "khi nào", "năm nào", "thời hạn" may be answered by
# "lúc mấy giờ", "trước mấy giờ": a time of day ("09h30", "08 giờ 00")
_HAS_CLOCK = re.compile(r"\d{1,2}\s*(?:h|giờ)(?:\s*\d{2})?\b", re.I)
_ASKS_CLOCK = re.compile(r"\b(may gio|gio nao)\b")
_ASKS_DAY = re.compile(r"\b(ngay|luc) nao\b")
# "khi nào" is also answered by a day an event fixes: "có hiệu lực thi hành kể từ ngày ký (ban hành)"; not "ngày
# nào", which asks the day itself (a document's "ký ngày nào" is never "từ ngày ký")
_HAS_DATE = re.compile(
    _HAS_DAY.pattern + r"|(?:tháng|quý)\s+[\dIV]+\s*/\s*\d{4}|(?:tháng|quý)\s+[\dIV]+\s+năm\s+\d{4}|\bnăm\s+\d{4}"
    r"|\btừ\s+ngày\s+(?:ký|ban\s+hành|thông\s+qua|công\s+bố)\b",
    re.I,
)
# a span of time: "24 tháng", "05 năm", "30 ngày làm việc" (a number before the unit; "tháng 5" is a month)
_DURATION = re.compile(r"\b\d{1,3}\s*\(?[\w\s]{0,20}\)?\s*(?:ngày|tháng|năm|giờ|phút|tuần)\b", re.I)
# how often: "hằng quý", "mỗi tháng", "định kỳ", "6 tháng một lần", "02 lần/năm"
_EVERY = "hằng|hàng|mỗi"
_CALENDAR_UNITS = "ngày|tuần|tháng|quý|năm"
_FREQUENCY = re.compile(
    rf"\b(?:{_EVERY})\s+(?:{_CALENDAR_UNITS}|kỳ)\b|\bđịnh kỳ\b|"
    rf"\b\d+\s*(?:{_CALENDAR_UNITS})\s*(?:một|1)\s*lần\b|\blần\s*/\s*(?:{_CALENDAR_UNITS})\b",
    re.I,
)
# ... and the lengths of time that say how often, not how long: "Định kỳ 06 tháng, 01 năm", "định kỳ hàng quý"
_PERIODIC = re.compile(
    rf"\b(?:định kỳ|{_EVERY})"
    rf"(?:\s+(?:hàng\s+)?(?:{_CALENDAR_UNITS})\b,?|\s+\d{{1,3}}\s*(?:{_CALENDAR_UNITS})\b,?)+",
    re.I,
)
# dates, which are no spans: "ngày 01 tháng 7 năm 2026", "01/7/2026", "tháng 7 năm 2026"
_DATES = re.compile(
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|\d{1,2}/\d{1,2}(?:/\d{2,4})?|tháng\s+\d{1,2}\s+năm\s+\d{4}",
    re.I,
)
# or the date a span ends: "có giá trị đến 30/9/2026", "đến hết ngày 31 tháng 12 năm 2026"
_UNTIL = re.compile(r"\b(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?\d{1,2}\s*(?:/|tháng)", re.I)
# a provision: "khoản 5 Điều 76", "điểm a khoản 2", "Điều 12"
_PROVISION = re.compile(r"\b(?:điều|khoản|điểm)\s+(?:\d+|[a-zđ]\b)", re.I)
# a reason: the causal connectives, and the ways a refusal says what was not met
_REASON = re.compile(
    r"(?<!tự )\b(?:do|vì|bởi|lý do|nguyên nhân|dẫn đến|nên|không đủ|chưa đủ|không đáp ứng|chưa đáp ứng|không thuộc|"
    r"vắng mặt)\b",
    re.I,
)
# A Vietnamese full name begins with a family name: the common ones (a closed list, like the provinces)
_PERSON_NAME = re.compile(rf"\b(?:{SURNAMES})(?:\s+[{CAPITALS}][{SMALL_LETTERS}]+){{1,3}}\b")
# ... but not a street, a ward or a school named after one ("đường Phùng Hưng", "phường Lê Hồng Phong")
_NAMED_AFTER = re.compile(r"\b(?:đường|phố|phường|xã|thôn|quận|cầu|chợ|trường|bệnh viện|khu)\s*$", re.I)
# ... or a name the line says is a person's: the value of a "Họ và tên" field, or after an honorific ("(Ông) Hùng
# Viễn Nghĩa": a name of another country has none of those family names)
_NAMED_PERSON = re.compile(
    rf"(?:\bHọ\s+(?:và\s+)?tên\b[^:\n]{{0,60}}:\s*(?:\(?(?:Ông|Bà)\)?\s+)?|\b(?:Ông|Bà)\s+)"
    rf"([{CAPITALS}][{SMALL_LETTERS}]+(?:\s+[{CAPITALS}][{SMALL_LETTERS}]+){{1,3}})"
)
# ... or the office a person holds, with the body it heads, as the subject of its clause or the agent after "do":
# "Ngày 21/3/2025, Giám đốc Sở Công Thương chủ trì cuộc họp" (not "..., báo cáo Giám đốc Sở kết quả thực hiện")
_OFFICE_HOLDER = re.compile(
    r"(?:^|[,;:.(]\s*|\bdo\s+)((?:Phó\s+)?(?:Giám đốc|Chủ tịch|Trưởng phòng|Trưởng ban|Chánh Văn phòng|"
    r"Chánh Thanh tra|Bộ trưởng|Thủ tướng|Bí thư|Cục trưởng|Chi cục trưởng)"
    rf"(?:\s+(?:[{CAPITALS}]\w*|tỉnh|huyện|xã|thành phố)){{0,6}})"
)
# an organisation and its name: "Công ty CP Khí công nghiệp Lào Cai", "Hợp tác xã Văn Thịnh", "UBND tỉnh Lào Cai"
_ORGANISATION = re.compile(
    r"\b(?:Công ty|Tổng công ty|Doanh nghiệp|Hợp tác xã|HTX|Tập đoàn|Chi nhánh|Sở|UBND|Ủy ban|Uỷ ban|Cục|Bộ|"
    r"Trung tâm|Ban|Phòng|Chi cục|Liên danh|Nhà máy)"
    rf"(?:\s+(?:[{CAPITALS}]\w*|cổ phần|trách nhiệm hữu hạn|nhân dân|tỉnh|huyện|xã|thành phố)){{0,8}}"
)
_HAS_PLACE = re.compile(r"\b(?:tại|địa điểm|hội trường|phòng họp|trụ sở|địa chỉ|thôn|xã|phường|huyện)\b", re.I)
# a registration plate: the province's two digits, a series letter (and a digit or letter), the number ("21A-113.04",
# "24C-060.83", "29LD-012.34", "51F 123.45")
_PLATE_NUMBER = re.compile(r"(?-i:\b\d{2}[A-Z][A-Z0-9]?\s?-?\s?\d{3}\.?\d{2}\b)")
# "trên địa bàn tỉnh Lào Cai": the area a body governs, and "Sở Công Thương Lào Cai": a body named by its province,
# not where something is or takes place; "quy định tại Điều 9", "nêu tại Công văn số …": where a text says it
TYPE_NAMES = "|".join(sorted(SPOKEN_TYPES, key=len, reverse=True))  # "Quyết định", "Công văn", "Luật" ...
_CAPITALISED = rf"(?-i:(?:\s+[{CAPITALS}][\w]*)*)"
_LOCAL_LEVELS = "tỉnh|huyện|xã|phường|thị xã|thị trấn|thành phố"
# ... and "UBND phường Trung Tâm", "Công an tỉnh Lào Cai": a body named by its level and place
_NOT_A_LOCATION = re.compile(
    rf"\b(?:trên|tại|thuộc|ngoài|trong)\s+(?:toàn\s+)?địa bàn(?:\s+(?:{_LOCAL_LEVELS}|quản lý))?"
    rf"{_CAPITALISED}"
    # a body named with its province, its own words before it ("Sở Tài chính tỉnh Lào Cai")
    rf"|(?-i:\b(?:Sở|Cục|Chi cục|Văn phòng)\s+[{CAPITALS}]\w*)"
    rf"(?:\s+(?!(?:tại|ở|trên|thuộc|đến|từ|về)\b)[^\s,.;:()]+){{0,5}}?\s+(?:tỉnh|thành phố){_CAPITALISED}"
    rf"|(?-i:\b(?:Sở|UBND|Ủy ban nhân dân|Công an|Cục|Chi cục|Văn phòng))(?:\s+(?:{_LOCAL_LEVELS}))?"
    rf"{_CAPITALISED}(?:\s+(?:tỉnh|thành phố){_CAPITALISED})?"
    rf"|\btại\s+(?:các\s+)?(?:điều|khoản|điểm|mục|chương|phụ lục|biểu|{TYPE_NAMES})\b"
    # "tại Giấy đề nghị cấp giấy phép sử dụng VLNCN số 06/GĐT": any paper named by its number
    rf"|\btại\s+(?-i:[{CAPITALS}])[^.;,:]{{0,80}}?\bsố\s+\d+\s*/",
    re.I,
)
# What is not a quantity although it is written in digits: dates, periods, list markers
_NOT_QUANTITY = re.compile(
    r"(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2})?(?:\s+năm\s+\d{4})?|"
    r"(?:tháng|quý|năm)\s+[\dIV]+(?:\s*/\s*\d{4})?|\b(?:[1-9]|1[0-2])\s+tháng|\b(?:19|20)\d\d\b|"
    r"\b(?:điều|khoản|điểm|mục|chương|phụ lục|số|lần)\s*\d+[a-zđ]?\b|"
    r"\b[A-Za-z]+\s?-\s?\d+\b|"  # a name with a number: "Covid-19"
    r"(?-i:\b\d+[A-Z]\b)|"  # ... or a capital after it: "Thủy điện Ngòi Nhù 1A"
    r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s",
    re.I,
)
# units of physical measure (folded): what a substance asked "bao nhiêu <noun>" is measured in
MEASURES = "|".join((*PHYSICAL_UNITS, "cai", "chiec", "qua", "vien", "kip"))
_BARE_NUMBER = re.compile(r"(?<![\d/.,])\d{1,4}[A-Za-z]?(?![\d/.,%])")
# a table row as the loaders write it: "TT: 3; Mặt hàng: Tinh bột sắn; Tháng 4/2025: 14,2"
TABLE_ROW = re.compile(r"(?:^|;\s)[^:;]{1,40}:\s[^;]*;\s[^:;]{1,40}:\s[^;]*;\s[^:;]{1,40}:\s")
# or as a text file draws it, cells between bars ("6 | KCN Y Can | Xã Lương Thịnh | 15.750"): either way its unit
# and what it measures may be said only in its table's caption
_DRAWN_ROW = re.compile(r"^[^|\n]*(?:\|[^|\n]*){3,}$", re.M)


def is_table_row(text: str) -> bool:
    return bool(TABLE_ROW.search(text) or _DRAWN_ROW.search(text))


def has_quantity(text: str) -> bool:
    """Whether a line states an amount: a figure that is not a date, a period, a list marker or a document number."""
    cleaned = _NOT_QUANTITY.sub(" ", replace_doc_numbers(text, " "))
    return any(any(c.isdigit() for c in f) for f in FIGURE.findall(cleaned))


def carries_kind(q: Question, text: str, own: set[str], counted: str | None, context: str = "") -> bool:
    """Whether the unit carries the kind of thing the question asks for (`context`: its passage, where a table's
    caption states the unit its bare cells are in)."""
    return kind_missing(q, text, own, counted, context) is None


def kind_missing(q: Question, text: str, own: set[str], counted: str | None, context: str = "") -> str | None:
    """What of the kind asked the unit lacks, None when it carries it: "figure", "unit", "amount" (a figure of
    another amount), "count", or the kind itself ("date", "person" ...). Named, so that the eval can count which
    part of the test declines answerable questions."""
    if q.wants == "quantity":
        if not has_quantity(text):
            return "figure"
        # "bao nhiêu tấn": a figure in USD does not answer; a table row's bare figures take the caption's unit
        in_caption = is_table_row(text) and _in_unit_words(context, q.asked_unit or "")
        in_unit = bool(q.asked_unit) and _in_unit(text, q.asked_unit or "")
        if q.asked_unit and not in_unit and not in_caption:
            return "unit"
        # "doanh thu đạt bao nhiêu": a figure that answers is a figure of the amount named (in the line, or for a
        # table row in its caption), not any figure near the question's other words
        # (a figure in the unit an amount noun implies names that amount: "(2700MWp)" is a capacity)
        implied = in_unit and q.asked_unit in AMOUNT_UNITS
        if q.measured and not implied and not _names_amount(q.measured, text, own, context):
            return "amount"
        # "bao nhiêu doanh nghiệp": a count is written as a number before the noun ("16 doanh nghiệp", "03 học
        # viên", one classifier between at most) or after it ("Số doanh nghiệp: 16", "số doanh nghiệp là 16")
        if counted is not None and not _counts(text, counted):
            return "count"
        # "bao nhiêu giấy phép bán lẻ rượu", "mấy dự án điện gió": the last two words of what is counted narrow it;
        # a line that does not say them (a table row: nor its caption) counts something else (mining licences,
        # hydropower projects)
        phrase = q.counted_phrase
        narrowed = "_".join(phrase[-2:]) if len(phrase) > 2 else None
        held = (own or terms_of(text)) | (terms_of(context) if is_table_row(text) else set())
        return "count" if narrowed and narrowed not in held else None
    return None if _carries_other_kind(q, text) else q.wants


def _carries_other_kind(q: Question, text: str) -> bool:
    """The test for a kind other than an amount."""
    if q.wants == "date":
        # "Chỉ thị số 07/CT-UBND ngày 03/3/2025": the date of a document cited is not the date asked
        # "mấy giờ": a time of day; "ngày nào", "lúc nào", or a question naming "ngày": a day; else any date
        if _ASKS_CLOCK.search(q.folded):
            dated = _HAS_CLOCK
        else:
            dated = _HAS_DAY if _ASKS_DAY.search(q.folded) or re.search(r"\bngay\b", q.folded) else _HAS_DATE
        # "Văn bản số 09/3/2026": a number that looks like a date is none
        return bool(dated.search(_NUMBERED.sub(" ", _CITED_DATE.sub(" ", replace_doc_numbers(text, "§")))))
    if q.wants == "provision":
        return bool(_PROVISION.search(text))
    if q.wants == "reason":
        # a consequence drawn from the sentence before ("Trên cơ sở đó, ...") says that sentence is the reason
        return bool(_REASON.search(text)) or any(CONSEQUENCE.match(s) for s in re.split(r"(?<=\.)\s+", text)[1:])
    if q.wants == "frequency":
        return bool(_FREQUENCY.search(text))
    if q.wants == "duration":
        return bool(_DURATION.search(_PERIODIC.sub(" ", _DATES.sub(" ", text))) or _UNTIL.search(text))
    # the person or body asked for is not one the question itself names ("Sở Công Thương Lào Cai xử phạt đơn vị nào")
    if q.wants == "person":
        # a family name may open a province's name too: "Hà Nội", "Cao Bằng" are no persons
        names = [
            m.group(0)
            for m in _PERSON_NAME.finditer(text)
            if not places_in(m.group(0)) and not _NAMED_AFTER.search(text[: m.start()])
        ]
        mentions = names + _NAMED_PERSON.findall(text) + _OFFICE_HOLDER.findall(text)
        return any(_new_to(q, mention) for mention in mentions)
    if q.wants == "organisation":
        return any(_new_to(q, m.group(0)) for m in _ORGANISATION.finditer(text))
    if q.wants == "document":
        return any(
            of_type(q.asked_type, text, n, start) and _issued_by(q.asked_issuer, text, n, start, end)
            for n, start, end in iter_doc_numbers(text, strict=False)
        )
    if q.wants == "plate":
        return bool(_PLATE_NUMBER.search(text))
    if q.wants == "place":
        said = _NOT_A_LOCATION.sub(" ", text)
        return bool(_HAS_PLACE.search(said)) or bool(places_in(said))
    return True


# "Tờ trình số 01/TTr-CT05 ngày 07/5/2026 của Công ty …", "đề nghị của Công ty … tại Tờ trình số 01/TTr-CT05": the
# body a line says a number it cites is of, after the number or before it
_ISSUED_AFTER = re.compile(r"^[\s,]*(?:ngày\s+[\d/]+\s+)?(?:của|do)\s+([^,;.:()]+)", re.I)
_ISSUED_BEFORE = re.compile(r"\b(?:của|do)\s+([^,;.:]+?)\s+tại\s+[^,;.:()]{0,30}$", re.I)


def _issued_by(asked: str | None, text: str, number: DocNumber, start: int, end: int) -> bool:
    """Whether a number the line cites may be of the body asked ("của Sở Công Thương"): its symbol's code or the
    body the line names after it is that body, or says none."""
    if asked is None:
        return True
    body = body_from_symbol(number.symbol) or _body_said(text, start, end)
    if body is None:
        return True
    said = " ".join(fold(body).split())
    return asked in said or said in asked


def _body_said(text: str, start: int, end: int) -> str | None:
    """The body the line names as a number's issuer, after the number or before it."""
    said_by = _ISSUED_AFTER.match(text[end : end + 160]) or _ISSUED_BEFORE.search(text[max(0, start - 160) : start])
    return said_by.group(1) if said_by else None


def _names_amount(measured: tuple[str, ...], text: str, own: set[str], context: str) -> bool:
    """Whether a line names the amount asked (half the syllables of its name at least: "Kim ngạch xuất khẩu" is not
    "chỉ số sản xuất công nghiệp (IIP)", "Tổng mặt bằng" not "tổng mức đầu tư"), in its own words (`own`, when the
    caller has them) or, for a table row, in its passage's caption. A name's last words are its narrowest ("kim
    ngạch xuất khẩu cà phê": coffee's, not all exports'): a line whose passage never says them names another."""
    said = own or terms_of(text)
    if len(measured) > 2 and not set(measured[-2:]) <= said | terms_of(context):
        return False
    if len(set(measured) & said) * 2 >= len(set(measured)):
        return True
    return is_table_row(text) and bool(set(measured) & terms_of(context))


def _counts(text: str, counted: str) -> bool:
    """Whether `text` states a count of `counted` (a folded syllable or syllable pair "doanh_nghiep")."""
    noun = re.escape(counted.replace("_", " "))
    folded = " ".join(fold(text).replace(":", " : ").split())
    # "bao nhiêu mỏ làm vật liệu": "05 mỏ khoáng sản làm vật liệu" (what describes the noun may come between)
    head, _, second = counted.partition("_")
    spread = rf"{re.escape(head)}(?:\s+\w+){{0,3}}?\s+{re.escape(second)}" if second else noun
    before = rf"\d[\d.,]*\s+(?:\w+\s+)?{spread}\b"
    # "Thuốc nổ các loại (amonit AD1; Anfo): 27.040 kg": a bracketed aside may sit between the noun and its figure
    after = rf"\b{noun}(?:\s+\w+){{0,4}}(?:\s*\([^)]{{0,120}}\))?\s*(?::|\bla\b|\bdat\b|\bgom\b)\s*(?:\w+\s+)?\d"
    # a substance is measured, not counted: "khối lượng thuốc nổ ... không quá 195 kg"
    # within its clause ("Tổng khối lượng thuốc nổ dự kiến sử dụng là: 265.276kg": a colon introduces the figure)
    measured = rf"\b{noun}\b[^.;,]{{0,80}}?\d[\d.,]*\s*(?:{MEASURES})(?!\w)"
    return any(re.search(pattern, folded) for pattern in (before, after, measured))


def _new_to(q: Question, mention: str) -> bool:
    """Whether a person or body mentioned in a line says more than the question's own words."""
    return not set(fold(mention).split()) <= set(q.folded.replace("?", " ").split())


# a unit ends at the next letter or digit of folded text, not at a superscript ("m²") or an OCR's stray mark ("mˆ")
_LETTER = "[a-z0-9]"


def _spellings(unit: str) -> str:
    """The spellings of a unit a document may use, as a regex alternation over folded text."""
    return "|".join(re.escape(u) for u in UNIT_SPELLINGS.get(unit, (unit,)))


# an item's letter opening a list's line ("d) Danh mục hàng hóa", "b. Nhập khẩu"): no unit ("đ" is đồng)
_ITEM_LETTER = re.compile(r"(?:^|(?<=[\s:;]))[a-z][).](?=\s)", re.M)


def _in_unit_words(text: str, unit: str) -> bool:
    """Whether `text` names `unit` at all ("(triệu USD)" in a caption)."""
    return bool(re.search(rf"(?<!{_LETTER})(?:{_spellings(unit)})(?!{_LETTER})", _ITEM_LETTER.sub(" ", fold(text))))


def _in_unit(text: str, unit: str) -> bool:
    """Whether a figure of `text` is written in `unit` (any of its spellings), within two words after the figure."""
    spellings = _spellings(unit)
    if unit in AMOUNT_UNITS:  # "dung tích tối thiểu bằng 110% dung tích phương tiện chứa": a share of a like amount
        spellings = f"{spellings}|%\\s*(?:cua\\s+)?{unit}"
    return bool(re.search(rf"\d(?:[\d.,]*)\s*(?:\w+\s+){{0,2}}?(?:{spellings})(?!{_LETTER})", fold(text)))


def _thousands(number: str) -> str:
    """A number as a pattern that also meets it written with a thousands separator ("1000" → "1[.,]?000")."""
    head, groups = number[: len(number) % 3 or 3], number[len(number) % 3 or 3 :]
    return head + "".join(rf"[.,]?{groups[i : i + 3]}" for i in range(0, len(groups), 3))


def bare_numbers(q: Question) -> list[tuple[str, bool]]:
    """Numbers the question names that are not years, periods, amounts or document numbers, each with the word that
    identifies it, as a pattern over folded text: "Gói thầu số 27" is "so 27", "loại 3" is "loai 3", "14 TTHC" is
    "14 tthc" — another package's number elsewhere in the passage does not make it the one asked about. Each says
    whether it is a count: a numeral before its noun after glue or nothing ("theo đề nghị của 28 đơn vị", "về 02
    Chương trình MTQG") counts what the document is about; after a noun ("gói thầu 31") it labels one thing."""
    text = fold(_NOT_QUANTITY.sub(" ", replace_doc_numbers(q.topic, " ")))
    patterns = []
    # not part of a longer number, date or share ("1,5", "1/2", "1.000", "5%"), nor of a list of numbers ("Quyết
    # định 1743, 1744/QĐ-BGTVT", the last one blanked as a document number); a comma before words is punctuation
    # ("Ngòi Nhù 1A, giấy phép")
    for match in re.finditer(r"(?<![\d/.,])(\d{1,4})([a-z]?)(?![\d/.%]|,\s*(?:[\d,]|$))", text):
        number = match.group(1)
        # "loại 1, 2, 3, 4, 9": the last of a list of numbers is a label as the others are (the pattern's lookahead
        # leaves out those a comma and a number follow)
        if YEAR.fullmatch(number) or re.search(r"\d\s*,\s*$", text[: match.start()]):
            continue
        # "Chi nhánh số 2": "số" says only that a number follows; the word before it says whose
        before = re.findall(r"(\w+\s+so|\w+)[\s/-]*$", text[: match.start()])
        after = re.findall(r"^[\s/-]*(\w+)", text[match.end() :])
        # ... and a text may put it where the question did not ("Kế hoạch 112" is "Kế hoạch số 112/KH-SCT")
        # ... or the other way round ("Gói thầu số 23" is "(Gói thầu 23)"), and a thousand with its separator
        # ("1000m" is "1.000m")
        written = _thousands(number) + match.group(2)
        around = []
        if before:
            said = re.escape(re.sub(r"\s+so$", "", before[0])) + r"(?:\s+so)?"
            around.append(rf"\b{said}[\s/-]*0*{written}\b")
        # a number before glue ("nhóm 1, 2 chưa được huấn luyện") labels nothing after it
        after = [word for word in after if word not in FOLDED_STOPWORDS or len(word) == 1]  # "1 a" is a label
        around += [rf"\b0*{written}[\s/-]*{re.escape(after[0])}\b"] if after else []
        count = bool(after) and (not before or before[0] in FOLDED_STOPWORDS)
        patterns.append(("|".join(around) or rf"\b0*{written}\b", count))
    return patterns


def labels_kind(q: Question, text: str) -> bool:
    """Whether the line is a labelled detail of the kind the question asks ("Thời gian: …" for "lúc nào")."""
    label = FIELD_LABELS.get(q.wants or "")
    return label is not None and label.match(fold(LIST_MARKER.sub("", text, count=1)).strip()) is not None
