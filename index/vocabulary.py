"""The words of Vietnamese administration that both pipelines read: document types, the codes symbols give them, the
words that name them, the legal forms of companies and the glue words of questions.

One table, so that the header of a document and a mention of it in another agree: "12/GM-VPUBND" is a Giấy mời in
the metadata of its own file and in the registry of the files that cite it. The symbol codes are those of Nghị định
30/2020/NĐ-CP, Phụ lục III (the types an agency issues, and copies), with the codes of legal normative documents
(NĐ, TT, TTLT, NQLT, VBHN, L), the Party's "CV" and "KL", and licences (GP, GCN). Công văn has no code: a symbol
without one ("5141/SNNMT-KS") is a letter.

`fold` is the key words are compared by here and in `index.metadata` and `index.citations`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.places import fold_lower

# The Latin letters, capital and small, as regex class contents. A range such as "à-ỹ" spans capitals too ("Đ", "Ư",
# "Ạ" ... lie inside it; Ạ/ạ alternate up to Ỹ/ỹ), so a class meant for small letters matched "Được" at a line's start.
_LATIN = [chr(c) for c in range(0xC0, 0x1EFA) if unicodedata.name(chr(c), "").startswith("LATIN ")]
CAPITALS = "A-Z" + "".join(c for c in _LATIN if c.isupper())
SMALL_LETTERS = "a-z" + "".join(c for c in _LATIN if c.islower())


def fold(text: str) -> str:
    """Upper case without any diacritics, Đ as D: the key for comparing words however they were typed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


@dataclass(frozen=True)
class DocumentType:
    """A type of document and how it is written: its symbol codes, and where its name is read."""

    name: str  # as written in a registry, a filter, a citation: "Quyết định"
    codes: tuple[str, ...] = ()  # at the head of a symbol: "QĐ" in "1389/QĐ-UBND", "NQ" in "01-NQ/TU"
    abbreviation: str | None = None  # written for the name before a number: "QĐ số 1584/QĐ-UBND"
    title: bool = False  # a heading names it: "BÁO CÁO", "QUYẾT ĐỊNH CHẤP THUẬN ..."
    cited: bool = False  # running text names it before a number: "Thực hiện Quyết định số ..."
    spoken: bool = False  # people name a document by it and a bare number: "công văn 4280", "thông báo số mấy"


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    # legal normative documents and those of the Party
    DocumentType("Luật", title=True, cited=True, spoken=True),  # its symbol is the legislature's: "69/2025/QH15"
    DocumentType("Bộ luật", cited=True),
    DocumentType("Pháp lệnh", title=True, cited=True),
    DocumentType("Lệnh", ("L",), cited=True),
    DocumentType("Nghị định", ("NĐ",), "NĐ", title=True, cited=True, spoken=True),
    DocumentType("Nghị định thư", title=True),
    DocumentType("Nghị quyết", ("NQ",), "NQ", title=True, cited=True, spoken=True),
    DocumentType("Nghị quyết liên tịch", ("NQLT",), cited=True),
    DocumentType("Thông tư", ("TT",), "TT", title=True, cited=True, spoken=True),
    DocumentType("Thông tư liên tịch", ("TTLT",), title=True, cited=True),
    DocumentType("Văn bản hợp nhất", ("VBHN",), title=True, cited=True),
    DocumentType("Quyết định", ("QĐ",), "QĐ", title=True, cited=True, spoken=True),
    DocumentType("Chỉ thị", ("CT",), title=True, cited=True, spoken=True),
    DocumentType("Kết luận", ("KL",), title=True, cited=True, spoken=True),
    DocumentType("Thông tri", cited=True),
    # Nghị định 30/2020/NĐ-CP, Phụ lục III, in its order
    DocumentType("Quy chế", ("QC",), title=True, cited=True),
    DocumentType("Quy định", ("QyĐ", "QĐi"), title=True, cited=True),  # "QĐi": the archive's older spelling
    DocumentType("Thông cáo", ("TC",)),
    DocumentType("Thông báo", ("TB",), "TB", title=True, cited=True, spoken=True),
    # HDLN, HDLT: joint guidance, headed "HƯỚNG DẪN" like any other
    DocumentType("Hướng dẫn", ("HD", "HDLN", "HDLT"), title=True, cited=True, spoken=True),
    DocumentType("Chương trình", ("CTr",), title=True, cited=True),
    DocumentType("Kế hoạch", ("KH",), "KH", title=True, cited=True, spoken=True),
    DocumentType("Phương án", ("PA",), title=True, cited=True),
    DocumentType("Đề án", ("ĐA",), title=True, cited=True),
    DocumentType("Dự án", ("DA",)),
    DocumentType("Báo cáo", ("BC",), title=True, cited=True, spoken=True),
    DocumentType("Biên bản", ("BB",), title=True, cited=True, spoken=True),
    DocumentType("Tờ trình", ("TTr",), title=True, cited=True, spoken=True),
    DocumentType("Hợp đồng", ("HĐ",)),
    DocumentType("Công điện", ("CĐ",), title=True, cited=True),
    DocumentType("Bản ghi nhớ", ("GN",)),
    DocumentType("Bản thỏa thuận", ("TTh",)),
    DocumentType("Giấy ủy quyền", ("GUQ",)),
    DocumentType("Giấy mời", ("GM",), title=True),
    DocumentType("Giấy giới thiệu", ("GGT",)),
    DocumentType("Giấy nghỉ phép", ("GNP",)),
    DocumentType("Phiếu gửi", ("PG",)),
    DocumentType("Phiếu chuyển", ("PC",), title=True),
    DocumentType("Phiếu báo", ("PB",)),
    DocumentType("Bản sao y", ("SY",)),
    DocumentType("Bản trích sao", ("TS",)),
    DocumentType("Bản sao lục", ("SL",)),
    # letters: no code in Nghị định 30 ("CV" is the Party's: "123-CV/TU"); "Văn bản" names any document
    DocumentType("Công văn", ("CV",), "CV", cited=True, spoken=True),
    DocumentType("Văn bản", abbreviation="VB", cited=True, spoken=True),
    # licences and certificates of the specialised laws
    DocumentType("Giấy phép", ("GP",), title=True, cited=True, spoken=True),
    DocumentType("Giấy chứng nhận", ("GCN",), title=True, cited=True),
    DocumentType("Giấy đề nghị", cited=True),
    # headings of other documents an archive holds
    DocumentType("Phiếu trình", title=True),
    DocumentType("Quy trình", title=True),
    DocumentType("Hiệp định", title=True),
    DocumentType("Thuyết minh", title=True),
    DocumentType("Quy chuẩn kỹ thuật quốc gia", title=True),
    DocumentType("Quy chuẩn", title=True),
    DocumentType("Tiêu chuẩn Việt Nam", title=True),
    DocumentType("Tiêu chuẩn", title=True),
)

TITLE_TYPES = tuple(t.name for t in DOCUMENT_TYPES if t.title)
CITED_TYPES = tuple(t.name for t in DOCUMENT_TYPES if t.cited)
SPOKEN_TYPES = tuple(t.name for t in DOCUMENT_TYPES if t.spoken)
ABBREVIATED_TYPES = {t.abbreviation: t.name for t in DOCUMENT_TYPES if t.abbreviation}
SYMBOL_CODES = {code: t.name for t in DOCUMENT_TYPES for code in t.codes}

# Looked up as printed (upper case, Đ kept: "HĐ" Hợp đồng is no "HD" Hướng dẫn), then folded for a code typed without
# its stroke ("QD", "CD"); where two codes fold alike ("HĐ", "HD"), the one without Đ is that spelling.
_BY_CODE = {code.upper(): name for code, name in SYMBOL_CODES.items()}
_BY_FOLDED = {fold(code): name for code, name in SYMBOL_CODES.items() if fold(code) not in _BY_CODE}
_LEGISLATURE_RE = re.compile(r"QH\d+")  # the National Assembly of a term: "QH15"


def code_type(code: str) -> str | None:
    """The type a symbol code stands for ("QĐ", "qd", "TTr" -> ...), or None for no type code ("SCT")."""
    return _BY_CODE.get(code.upper()) or _BY_FOLDED.get(fold(code))


def symbol_type(symbol: str) -> str | None:
    """The type a number's symbol names: "TB-SCT" -> Thông báo; a symbol without a type code is a letter (Công văn).

    The Party's form "NQ/TU" names its type before the slash, or none known (None). A symbol of the legislature alone
    ("QH15") is a law's; with a code before it ("NQ-QH15") that code's, or none known.
    """
    if "/" in symbol:
        return code_type(symbol.split("/")[0])
    parts = symbol.split("-")
    if _LEGISLATURE_RE.fullmatch(parts[-1]):
        return "Luật" if len(parts) == 1 else code_type(parts[0])
    return code_type(parts[0]) or "Công văn"


# Legal forms of a company, spelled out ("CÔNG TY CỔ PHẦN ...") and abbreviated ("Công ty CP ...").
LEGAL_FORMS = ("cổ phần", "trách nhiệm hữu hạn", "một thành viên", "hai thành viên")
LEGAL_FORM_ABBREVIATIONS = ("CP", "TNHH", "MTV")

# Question words and glue that say nothing about a question's topic, as written. A word is judged as written when it
# carries diacritics: folded, "chưa" (not yet) would also be "chứa" (to hold), "đâu" (where) "đầu" (đầu tư).
STOPWORDS = frozenset(
    "bao nhiêu là gì của có được những các thế nào như ai đâu khi nào bao giờ vậy thì sao còn và về trong tại "
    "với cho theo đã đang sẽ này đó kia nào mấy một hay hoặc ở do bởi từ đến ra vào lên nhằm để mà thì làm "
    "gì không chưa cũng rất nhiều ít hơn nhất bị phải cần nêu cho biết hãy ạ nhỉ ấy thế cả "
    # the asker's frame ("muốn xem ở đâu"), "hết" of "đến hết tháng 4" / "hết chưa", "gồm" (consists of), "nửa" (half)
    "muốn xem hết gồm nửa".split()
)
FOLDED_STOPWORDS = frozenset(fold_lower(w) for w in STOPWORDS)  # for words typed without diacritics


def is_stopword(word: str) -> bool:
    """Whether a word (as typed) is glue: judged as written when it has diacritics, folded when it has none."""
    lower = word.lower()
    folded = fold_lower(word)
    return lower in STOPWORDS if folded != lower else folded in FOLDED_STOPWORDS
