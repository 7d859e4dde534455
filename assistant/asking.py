"""What a Vietnamese question asks for, read from its question words (on folded text): the kind of answer wanted
(an amount, a span of time, a date, a person ...), the header field of a document it asks about, the noun a "bao
nhiêu" counts and the unit it asks its amount in. Grammar only: question words and the nouns that name an amount or a
time in any question, never the words of particular questions."""

from __future__ import annotations

import re

from assistant.grammar import UNIT_WORDS
from assistant.vietnamese import fold
from index.vocabulary import SPOKEN_TYPES

# What kind of answer a question wants (on folded text), and what a line that gives it carries.
# (grammar only: question words and the nouns that name an amount or a time in any question)
QUANTITY = re.compile(r"\b(bao nhieu|may|bao xa|ty le|phan tram|so luong|tong so)\b")
QUANTITY_WORD = re.compile(r"\b(bao nhieu|may)\b")
# "bao lâu", "thời hạn bao lâu", "mấy tháng": a span of time ("24 tháng", or "đến ngày 30/6/2028")
# ("mấy giờ" is a time of day, a date: "trước mấy giờ")
DURATION = re.compile(r"\b(bao lau|(thoi han|thoi gian|hieu luc)( la)? bao nhieu|may (ngay|thang|nam|tieng))\b")
# "bao lâu một lần", "mấy lần một năm", "định kỳ thế nào": how often ("hằng quý", "6 tháng một lần")
FREQUENCY = re.compile(
    r"\b(bao lau (mot|1) lan|(may|bao nhieu) lan (mot|moi|1|trong) (ngay|tuan|thang|quy|nam)"
    r"|dinh ky (nhu the nao|the nao|ra sao|bao lau|khi nao))\b"
)
# "căn cứ điều khoản nào", "theo điều nào": a provision of a legal text ("khoản 5 Điều 76")
PROVISION = re.compile(r"\b(dieu khoan nao|(theo|tai|can cu) (dieu|khoan|diem) nao)\b")
# "vì sao", "tại sao", "Sao … không …", "lý do gì": a reason
REASON = re.compile(
    r"^(vi sao|tai sao|sao|ly do|nguyen nhan)\b|\b(vi sao|tai sao|ly do gi|nguyen nhan gi|vi ly do gi)\b"
)
# "ngày mấy", "ngày bao nhiêu" (closing the question) ask which day, as "ngày nào"; "bao nhiêu ngày" counts days
DATE = re.compile(
    r"\b(ngay nao|khi nao|bao gio|thoi gian nao|thoi han|gio nao|may gio|luc nao|nam nao|thang nao)\b"
    r"|\b(ngay|thang) (bao nhieu|may)(?=\s*(?:[?.!]|$))"
)
PERSON = re.compile(r"\b(ai|nguoi nao|ong nao|ba nao|dong chi nao)\b")
# "ở tỉnh nào", "nằm ở xã nào", "ở những huyện, thành phố nào": a locative word before an administrative unit and
# "nào" (without it "lãnh đạo tỉnh nào" asks for people, "cơ quan nào" for a body)
_ADMINISTRATIVE = r"(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dia phuong)"
PLACE = re.compile(
    rf"\b(o dau|tai dau|dia diem nao|noi nao|cho nao|(o|tai|thuoc) (nhung |cac )?({_ADMINISTRATIVE},? (va )?)*"
    rf"{_ADMINISTRATIVE} nao)\b"
)
# "4. Thời gian: Từ 09h30 ngày 22/6/2026", "2. Địa điểm: Hội trường tầng 3": the labelled items in which a notice, an
# invitation or a plan gives its event's details (on folded text, list marker removed). Such a line answers its kind
# for what its passage describes, whose words it does not repeat.
FIELD_LABELS = {
    "date": re.compile(r"^(thoi gian|thoi diem)( to chuc| bat dau| kiem tra| hop| lam viec)?\s*:"),
    "place": re.compile(r"^(dia diem|dia chi)( to chuc| kiem tra| hop| lam viec)?\s*:"),
    "person": re.compile(r"^ho (va )?ten\b[^:]{0,60}:"),  # "Họ và tên, chức danh người đại diện …: Hùng Viễn Nghĩa"
}
# "công văn nào", "quyết định số mấy": the types people name documents by
TYPE_NOUNS = "|".join(fold(name) for name in SPOKEN_TYPES)
# (TYPE_ASKED says which type it names: "theo nghị quyết nào" asks for a Nghị quyết, not any document a line cites)
TYPE_ASKED = re.compile(rf"\b({TYPE_NOUNS})\s+(?:so\s+)?(?:nao|may)\b")
# "tờ trình số mấy của Sở Công Thương": the body whose document is asked for
ISSUER_ASKED = re.compile(rf"{TYPE_ASKED.pattern}\s+(?:cua|do)\s+([^?,.;:()]+)")
DOCUMENT = re.compile(rf"{TYPE_ASKED.pattern}|\bso hieu\b|\bso may\b")
SPOKEN_BY_FOLDED = {fold(name): name for name in SPOKEN_TYPES}
# "xe biển số nào", "biển kiểm soát gì": a vehicle's registration plate ("21A-113.04")
PLATE = re.compile(r"\bbien (so|kiem soat)( xe)? (nao|gi|bao nhieu|may)\b")
ORGANISATION = re.compile(r"\b(don vi|cong ty|doanh nghiep|co quan|to chuc|hop tac xa|chu dau tu|nha thau) nao\b")
# "mặt hàng nào … cao nhất", "huyện nào ít nhất": a superlative over the items a question asks "nào" of; the degree
# word says which end ("giảm nhiều nhất" is the lowest change: "giảm" turns it round)
EXTREME = re.compile(r"\b(giam )?(cao|lon|nhieu|manh|nhanh|thap|nho|it|cham) nhat\b")
LOWEST = frozenset({"thap", "nho", "it", "cham"})
# "trình độ tối thiểu như thế nào", "diện tích tối đa và tối thiểu bao nhiêu": a bound asked, which the answer writes
# in its own words ("từ đại học trở lên", "không vượt quá 75 ha và không dưới 10 ha")
BOUNDS = ("toi da", "toi thieu")
_BOUND = "|".join(BOUNDS)
BOUND_ASKED = re.compile(
    rf"\b(?:{_BOUND})\b(?=(?:\s+(?:va|hoac|hay|la|{_BOUND}))*\s+(?:bao nhieu|nhu the nao|the nao|ra sao|may|gi)\b)"
)
BOUND_SYLLABLES = frozenset({"toi", "thieu"})  # with "đa", folded "da" like the glue "đã": never a term
# "trên hệ thống nào", "nền màu gì", "theo trình tự, thủ tục nào": the syllable before "nào"/"gì" heads what is asked
# when no kind above names it; a line answering writes it followed by what the question does not say ("màu cam")
WHICH_NOUN = re.compile(r"\b([^\W\d_]+)\s+(?:nao|gi)\b")
# ... asked of items ("nào") or of people ("ai"): which thing, or who
WHICH = re.compile(r"\b(nao|ai)\b")
# "bao nhiêu doanh nghiệp", "mấy đơn vị": the noun after the question word is what is counted
COUNTED = re.compile(r"\b(?:bao nhieu|may)\s+(\w+)(?:\s+(\w+))?")
# Units and classifiers a figure is measured in: a counted noun among these is satisfied by any figure
# the bodies a document is sent to ("gửi tới những sở, ngành nào", "gửi các cơ quan, đơn vị nào")
_RECIPIENTS = r"co quan|don vi|so|nganh|ban|to chuc|dia phuong|doanh nghiep|cong ty"
# Questions about a document's header, and the header field that answers each
HEADER_ASKS = {
    # not "của ai" (whose) nor "do ai" (by whom)
    "Người ký": re.compile(r"\b(ai ky|nguoi ky|ky boi|do ai ky|ai da ky)\b"),
    # "gửi những cơ quan, đơn vị nào"
    "Kính gửi": re.compile(
        rf"\b(gui (cho |den |toi )?(ai|nhung ai|(cac |nhung )?(({_RECIPIENTS}),? (va |hoac )?)*({_RECIPIENTS}) nao)"
        r"|kinh gui)\b"
    ),
    # ("gửi kèm" encloses a paper: "gửi kèm thủ tục hành chính"; it names no recipient)
    "Nơi nhận": re.compile(r"\b(noi nhan|dong gui|sao gui)\b"),
    "Trích yếu": re.compile(
        r"\b(ve viec gi|noi dung gi|trich yeu|ve van de gi|ve linh vuc gi"
        r"|(quy dinh|huong dan|ban hanh) ve (nhung )?gi)\b"
    ),
    # the date a document bears ("ban hành ngày nào", "ký ngày nào"): its place-and-date line
    "Ngày ban hành": re.compile(
        r"\b(ban hanh (vao )?(ngay|luc|khi) nao|ngay ban hanh|ky (vao )?ngay nao|ngay ky|de ngay( thang)? nao)\b"
        r"|\b(ban hanh|ky|de) (vao )?ngay (bao nhieu|may)\b"
    ),
}
# "bao nhiêu triệu USD", "bao nhiêu %": the unit the amount is asked in
ASKED_UNIT = re.compile(r"\b(bao nhieu|may)((?:\s*%|\s+(?:phan tram|" + "|".join(sorted(UNIT_WORDS)) + r"))+)(?!\w)")

# the kinds in the order they are tried: "công văn nào" asks for a document before "nào" asks for anything else
KINDS = (
    ("document", DOCUMENT),
    ("provision", PROVISION),
    ("reason", REASON),
    ("frequency", FREQUENCY),
    ("duration", DURATION),
    ("date", DATE),
    ("plate", PLATE),
    ("quantity", QUANTITY),
    ("person", PERSON),
    ("organisation", ORGANISATION),
    ("place", PLACE),
)
