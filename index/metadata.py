"""What the header and signature blocks of a Vietnamese administrative document say about it.

The layout is fixed by Decree 30/2020/NĐ-CP: upper left the issuing body ("UBND TỈNH LÀO CAI / SỞ
CÔNG THƯƠNG") and the number ("Số: 718/TB-SCT"), upper right the national motto and "Quảng Ngãi, ngày
04 tháng 4 năm 2023", then the type ("THÔNG BÁO") and the subject, or for an official letter the "V/v ..."
line; at the end "Nơi nhận:" and the signature ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A"). DOCX tables,
PDF text layers and OCR bring these pieces in various orders, sometimes two columns on one line, so each
line is first cut at the motto, the place-and-date and the signature titles, and every piece is then
recognised on its own.

A field that cannot be read with confidence stays None: a wrong number or date is worse than none. Drafts
often leave the number blank ("Số: /TB-SCT"); it is then taken from the file name when the name carries
it and agrees with the header ("TB-1894_9.4.2026_...docx" gives "1894/TB-SCT"), with
`number_source="filename"`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from index.docnumbers import DOC_NUMBER_RE, DocNumber, parse_doc_number, prepare_text
from index.normalise import GARBAGE_THRESHOLD, garbage_ratio
from index.records import DocMeta

HEADER_LINES = 45
"""How many pieces (lines, or parts of lines) from the top make the header block."""
SIGNATURE_WINDOW = 40
"""How many pieces after "Nơi nhận:" (or from the end, without it) hold the signature block."""

# ---------------------------------------------------------------- letters and words


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def fold(text: str) -> str:
    """Upper case without any diacritics, Đ as D: the key for comparing words however they were typed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _strip_tones(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


# A Vietnamese syllable (tones removed); a capitalised token that is not one is an acronym ("UBND",
# "TNHH").
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def _is_acronym(token: str) -> bool:
    letters = re.sub(r"[^\w]", "", token)
    if not letters or any(ch.isdigit() for ch in letters):
        return bool(letters)
    return letters.isupper() and not _SYLLABLE_RE.match(_strip_tones(letters))


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _is_upper_line(text: str) -> bool:
    return _upper_share(text) >= 0.85 and sum(c.isalpha() for c in text) >= 2


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _listed(text: str, sep: str | None = None) -> tuple[str, ...]:
    """The items of a list written as text (names, separated by `sep` or by spaces)."""
    return tuple(" ".join(item.split()) for item in text.split(sep) if item.strip())


# Provinces and centrally-run cities, before and after the 2025 merger: a place name in a header is one of
# them.
_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_PROVINCES = _listed(
    """An Giang, Bà Rịa - Vũng Tàu, Bạc Liêu, Bắc Giang, Bắc Kạn, Bắc Ninh, Bến Tre, Bình Định, Bình Dương,
    Bình Phước, Bình Thuận, Cà Mau, Cao Bằng, Đắk Lắk, Đắk Nông, Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai,
    Hà Giang, Hà Nam, Hà Tĩnh, Hải Dương, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum,
    Lai Châu, Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ,
    Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, Tây Ninh,
    Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Tiền Giang, Trà Vinh, Tuyên Quang, Vĩnh Long,
    Vĩnh Phúc, Yên Bái""",
    ",",
)
_PLACES = {fold(name): name for name in (*_CITIES, *_PROVINCES)}
_CITY_KEYS = {fold(name) for name in _CITIES}


def _province(words: str) -> str | None:
    """The province or city named by `words` ("LÀO CAI", "Tp. Hồ Chí Minh"), or None."""
    key = re.sub(r"^(?:TP\.?|THANH PHO|TINH)\s*", "", fold(words).strip())
    return _PLACES.get(key)


def _locality_phrase(province: str) -> str:
    return f"thành phố {province}" if fold(province) in _CITY_KEYS else f"tỉnh {province}"


# ---------------------------------------------------------------- cutting the text into pieces

# The national motto, matched on the folded line (OCR writes "CỌNG HÒA", legacy fonts "CQNG HOA XA HQI").
_MOTTO_RE = re.compile(r"C[O0Q]NG\s*H[O0Q]A\s+XA\s+H[O0Q]I|DOC\s*LAP\s*[-–—]+\s*TU\s*DO")
_MOTTO_END_RE = re.compile(r"VIET\s+NAM|HANH\s+PHUC")
_DATE_WORD_RE = re.compile(
    r",\s*(?:ng[àa]y|th[áa]ng|\d{1,2}\s*/\s*\d{1,4})|(?=\s+ng[àa]y\b[^,\n]{0,12}?th[áa]ng)", re.IGNORECASE
)
_NOT_PLACE_WORDS = frozenset({"TAI", "HOM", "NGAY", "VAO", "TU", "SO:", "SO"})
_CAPACITY_START_RE = re.compile(r"(?<!\w)(?:KT|TM|TL|TUQ|Q)\s?\.\s*[A-ZĐỦỦ]")
_NUMBER_START_RE = re.compile(r"(?<!\w)(?:Số|SỐ)\s*:")
_KINH_GUI_START_RE = re.compile(r"(?<=\S)\s+(?=Kính\s+gửi\s*:)")
_SEPARATOR_RE = re.compile(r"^[\s\-_=–—.…*~·•]*$")
_NOISE_PREFIX_RE = re.compile(r"^(?:#|={3,}|@\s)")


def _place_start(line: str) -> int | None:
    """Where the place of "Place, ngày ..." starts in `line`, if it is one to four capitalised words."""
    for match in _DATE_WORD_RE.finditer(line):
        before = line[: match.start()]
        tokens = list(re.finditer(r"\S+", before))
        start = None
        for token in reversed(tokens[-4:]):
            word = token.group(0)
            if not word.replace(".", "").isalpha() or fold(word) in _NOT_PLACE_WORDS:
                break
            if not (word[0].isupper() or fold(word) in ("TP.", "TP")):
                break
            start = token.start()
        # without the comma ("Hà Nội ngày 03 tháng 2 ...", as OCR reads it) only a known place will do
        if start is not None and (match.group(0) or _province(before[start:])):
            return start
    return None


def _fold_chars(text: str) -> str:
    """`fold` character for character, so that offsets in the result are offsets in `text`."""
    return "".join((fold(c) or c)[:1] for c in text)


def _has_motto(piece: str) -> bool:
    return bool(_MOTTO_RE.search(_fold_chars(piece)))


def _cut(line: str) -> list[str]:
    """A line cut where a second column or block starts: the motto, "Place, ngày", "Số:", "KT. ..."."""
    cuts = {0, len(line)}
    folded = _fold_chars(line)
    for match in _MOTTO_RE.finditer(folded):
        cuts.add(match.start())
        end = _MOTTO_END_RE.search(folded, match.end())
        if end:
            cuts.add(end.end())
    place = _place_start(line)
    if place:
        cuts.add(place)
    for match in _NUMBER_START_RE.finditer(line):
        if _is_upper_line(line[: match.start()]):
            cuts.add(match.start())
    for match in _CAPACITY_START_RE.finditer(line):
        cuts.add(match.start())
    for match in _KINH_GUI_START_RE.finditer(line):
        cuts.add(match.end())
    points = sorted(cuts)
    pieces = [line[a:b].strip(" \t|*") for a, b in zip(points, points[1:], strict=False)]
    return [part for p in pieces if p for part in _split_signature_line(p)]


def _split_signature_line(piece: str) -> list[str]:
    """A recipients item and a signature title read on one line ("- Như trên; PHÓ GIÁM ĐỐC"), or a title and
    the name ("CHỦ TỊCH QUỐC HỘI Trần Thanh Mẫn"), as two pieces."""
    words = piece.split()
    if len(words) < 3:
        return [piece]
    if piece.startswith(("-", "+", "~")):
        # "- Các BQL dự án, Khu vực; Nguyễn Thế Phước": the signer's name read at the end of an item
        head, _, tail = piece.rpartition(";")
        if head and _person_name(tail):
            return [head + ";", tail.strip()]
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            if not any(c.islower() for c in tail):
                if _is_capacity(tail):
                    return [" ".join(words[:i]), tail]
                break
        return [piece]
    for i in range(len(words) - 2, 0, -1):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if not any(c.islower() for c in head):
            if _is_capacity(head) and any(c.islower() for c in tail) and _person_name(tail):
                return [head, tail]
            break
    return [piece]


def _pieces(text: str) -> list[str]:
    """The text as pieces: lines, table cells and column parts, without separators and markdown marks."""
    text = prepare_text(unicodedata.normalize("NFC", text))
    text = text.replace("Ƣ", "Ư").replace("ƣ", "ư")
    pieces: list[str] = []
    for raw in text.split("\n"):
        if _NOISE_PREFIX_RE.match(raw.strip()):
            continue
        for cell in re.split(r"\s\|\s|^\||\|$", raw):
            cell = re.sub(r"\*\*|__", "", cell)
            cell = re.sub(r"\s+[-_=]{3,}$", "", cell).strip()  # "THỦ TƯỚNG CHÍNH PHỦ -------"
            if not cell or _SEPARATOR_RE.match(cell):
                continue
            pieces.extend(_cut(cell))
    return pieces


# ---------------------------------------------------------------- header pieces

_BODY_START_RE = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Theo |Kính gửi|Hôm nay|Xét |Để |Sau khi|Trên cơ sở|Nhằm|Ngày \d"
    r"|Qua |Tại |Vào |Trong |Hiện nay|Nay |Phúc đáp|Tiếp theo|Triển khai|Chính phủ ban hành|Quốc hội ban hành"
    r"|Điều \d|Chương [IVX\d]|Phần [IVX\d]|Mục \d|[IVX]+\.\s|\d+\.\s|\d+\.\d)",
)
# Lines that never belong to a subject, however short.
_HARD_STOP_RE = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Hôm nay|Xét đề nghị|Ngày \d|Điều \d|Chương [IVX\d]|Phần [IVX\d]"
    r"|[IVX]+\.\s|\d+\.\s)"
)
_VV_RE = re.compile(r"^(?:V/v|V/V|V\.v|Về việc:?)\s*", re.IGNORECASE)
_NUMBER_LINE_RE = re.compile(
    r"^(?P<label>(?:Luật|Pháp lệnh|Nghị quyết)\s+số|S[ốôóòõọồổỗộo6])\s*(?:hiệu)?\s*[:.]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# The symbol of a blank or unreadable number: "Số: /TB-SCT", "Số: /2023/TT-BGTVT", "Số: 2ƒ /CT-UBND"
_BLANK_SYMBOL_RE = re.compile(
    r"/[ \t]*(?:(?P<year>(?:19|20)\d{2})[ \t]*/+[ \t]*)?"
    r"(?P<symbol>[A-ZĐ][A-Za-zĐđ0-9&]+(?:[ \t]*-[ \t]*[A-ZĐ][A-Za-zĐđ0-9&]*)*)"
)
_KINH_GUI_RE = re.compile(r"^Kính\s+gửi", re.IGNORECASE)
# the stamp a receiving office puts over the header: "VĂN PHÒNG CHÍNH PHỦ / CÔNG VĂN ĐẾN / Giờ ... Ngày
# ..."
_RECEIVED_STAMP_RE = re.compile(r"CÔNG VĂN ĐẾN|^ĐẾN\b|^Kính chuyển")

# Headings that name the type of a document, keyed by their folded spelling; longer names first.
_TITLE_TYPES: tuple[tuple[str, str], ...] = (
    ("NGHI DINH THU", "Nghị định thư"),
    ("NGHI DINH", "Nghị định"),
    ("NGHI QUYET", "Nghị quyết"),
    ("QUYET DINH", "Quyết định"),
    ("THONG TU LIEN TICH", "Thông tư liên tịch"),
    ("THONG TU", "Thông tư"),
    ("THONG BAO", "Thông báo"),
    ("BAO CAO", "Báo cáo"),
    ("KE HOACH", "Kế hoạch"),
    ("TO TRINH", "Tờ trình"),
    ("GIAY PHEP", "Giấy phép"),
    ("GIAY CHUNG NHAN", "Giấy chứng nhận"),
    ("BIEN BAN", "Biên bản"),
    ("PHAP LENH", "Pháp lệnh"),
    ("LUAT", "Luật"),
    ("CHI THI", "Chỉ thị"),
    ("KET LUAN", "Kết luận"),
    ("HUONG DAN", "Hướng dẫn"),
    ("VAN BAN HOP NHAT", "Văn bản hợp nhất"),
    ("GIAY MOI", "Giấy mời"),
    ("PHIEU TRINH", "Phiếu trình"),
    ("PHIEU CHUYEN", "Phiếu chuyển"),
    ("PHUONG AN", "Phương án"),
    ("QUY CHE", "Quy chế"),
    ("QUY DINH", "Quy định"),
    ("QUY TRINH", "Quy trình"),
    ("CHUONG TRINH", "Chương trình"),
    ("DE AN", "Đề án"),
    ("CONG DIEN", "Công điện"),
    ("HIEP DINH", "Hiệp định"),
    ("THUYET MINH", "Thuyết minh"),
    ("QUY CHUAN KY THUAT QUOC GIA", "Quy chuẩn kỹ thuật quốc gia"),
    ("QUY CHUAN", "Quy chuẩn"),
    ("TIEU CHUAN VIET NAM", "Tiêu chuẩn Việt Nam"),
    ("TIEU CHUAN", "Tiêu chuẩn"),
)

# Type codes at the head of a symbol ("TB-SCT") and the type they stand for; a symbol without one is a
# letter.
_SYMBOL_TYPES = {
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "QD": "Quyết định",
    "KH": "Kế hoạch",
    "TTR": "Tờ trình",
    "GP": "Giấy phép",
    "GCN": "Giấy chứng nhận",
    "BB": "Biên bản",
    "ND": "Nghị định",
    "NQ": "Nghị quyết",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "HDLN": "Hướng dẫn",
    "VBHN": "Văn bản hợp nhất",
    "GM": "Giấy mời",
    "CTR": "Chương trình",
    "PC": "Phiếu chuyển",
    "CD": "Công điện",
    "DA": "Đề án",
    "PA": "Phương án",
    "QC": "Quy chế",
    "QDI": "Quy định",
}

# First words of the unit lines in the issuer block, folded.
_ORGAN_WORDS = (
    "UBND",
    "UY BAN",
    "HDND",
    "HOI DONG",
    "SO ",
    "BO ",
    "CUC ",
    "TONG CUC",
    "CHI CUC",
    "VAN PHONG",
    "BAN ",
    "PHONG ",
    "DOAN ",
    "TRUNG TAM",
    "THANH TRA",
    "CHINH PHU",
    "THU TUONG",
    "QUOC HOI",
    "TINH UY",
    "DANG UY",
    "TOA AN",
    "VIEN ",
    "CONG AN",
    "CONG TY",
    "TONG CONG TY",
    "KHO BAC",
    "CHI NHANH",
)


def _organ_like(piece: str) -> bool:
    key = fold(piece) + " "
    return _is_upper_line(piece) and key.startswith(_ORGAN_WORDS)


def _title_type(piece: str) -> tuple[str, str] | None:
    """(type, rest of the heading) when `piece` is a heading: "BÁO CÁO", "QUYẾT ĐỊNH CHẤP THUẬN ..."."""
    piece = re.sub(r"^[^\w(]+", "", piece)  # "` THÔNG TƯ": an OCR speck before the heading
    if not _is_upper_line(piece) or len(piece) > 250:
        return None
    key = " ".join(re.sub(r"[^\w\s]", " ", fold(piece)).split())  # "QUYẾT: ĐỊNH" read by OCR
    for name, doc_type in _TITLE_TYPES:
        if key == name or key.startswith(name + " "):
            rest = " ".join(piece.split()[len(name.split()) :])
            return doc_type, rest
    return None


@dataclass
class _Header:
    """What the header block holds, as found: raw pieces, still to be interpreted."""

    issuer_lines: list[str] = field(default_factory=list)
    number_rest: str | None = None
    number_label: str | None = None
    place: str | None = None
    date: str | None = None
    doc_type: str | None = None
    title_rest: str = ""
    subject_lines: list[str] = field(default_factory=list)
    vv_lines: list[str] = field(default_factory=list)
    unlabelled_number: DocNumber | None = None  # "19/2026/NQ-CP" above the title, its "Số:" hidden by a stamp


def _continues(previous: str, piece: str) -> bool:
    """Whether `piece` continues a wrapped subject line `previous`."""
    if _BODY_START_RE.match(piece) or _has_motto(piece) or _place_start(piece) == 0:
        return False
    if _KINH_GUI_RE.match(piece) or _NUMBER_LINE_RE.match(piece) or piece.startswith(("(", "-", "+", "_")):
        return False
    if previous.endswith((".", ";", ":")):
        return False
    words = piece.split()
    if len(words) >= 3 and not any(ord(c) > 127 for c in piece):
        return False  # an English subtitle ("Amendment 1:2024 ...") or garbage
    first = piece[0]
    if first.islower() or first.isdigit():
        return True
    # an all-caps subject wraps onto another all-caps line; a mixed one onto a short capitalised line
    if _is_upper_line(previous):
        return _is_upper_line(piece) and _title_type(piece) is None and not _organ_like(piece)
    if sum(not (c.isalnum() or c.isspace()) for c in piece) > len(piece) / 4:
        return False  # OCR specks of a stamp: '"Ă=. TỊN HỌC Ô. = --'
    if _is_upper_line(piece):  # "COVID-19", "MTV Đầu tư": a short capitalised fragment, not a heading
        return len(piece) <= 25 and _title_type(piece) is None and not _organ_like(piece)
    # a capitalised word after a line broken mid-phrase ("... của Bộ" / "Xây dựng ban hành ..."); a
    # sentence or an introduction ("..., cụ thể như sau:") is body text
    if piece.endswith(":") or (piece.endswith((".", ";")) and len(piece) > 60):
        return False
    return len(previous) >= 25 and len(piece) <= 250


def _read_header(pieces: list[str]) -> _Header:
    header = _Header()
    head = pieces[:HEADER_LINES]
    seen_block = False  # the number, a V/v line or the title has been seen: no more issuer lines after it
    title_at: int | None = None
    for i, piece in enumerate(head):
        if _has_motto(piece) or re.fullmatch(r"VIỆT NAM|Hạnh phúc", piece, re.IGNORECASE):
            continue
        if _RECEIVED_STAMP_RE.search(piece):
            header.issuer_lines.clear()  # the lines above were the receiving office's stamp, not the issuer
            continue
        if header.place is None and _place_start(piece) == 0:
            header.place, header.date = _place_and_date(piece)
            continue
        number = _NUMBER_LINE_RE.match(piece)
        if number and header.number_rest is None and "/" in number.group("rest")[:40]:
            header.number_rest = number.group("rest")
            header.number_label = number.group("label")
            seen_block = True
            continue
        if _VV_RE.match(piece) and not header.vv_lines and title_at is None:
            header.vv_lines = [_VV_RE.sub("", piece, count=1)]
            for following in head[i + 1 :]:
                if not _continues(header.vv_lines[-1], following):
                    break
                header.vv_lines.append(following)
            seen_block = True
            continue
        if title_at is None and header.doc_type is None:
            found = _title_type(piece)
            if found and not _organ_like(piece):
                header.doc_type, header.title_rest = found
                title_at = i
                seen_block = True
                continue
        if _KINH_GUI_RE.match(piece) or (_BODY_START_RE.match(piece) and not _is_upper_line(piece)):
            if title_at is not None or header.vv_lines or header.number_rest is not None:
                break
            continue
        issuer_like = _organ_like(piece) or (
            bool(header.issuer_lines) and _continues_unit(header.issuer_lines[-1], piece)
        )
        if not seen_block and len(header.issuer_lines) < 5 and _is_upper_line(piece) and issuer_like:
            header.issuer_lines.append(piece)
    if title_at is not None:
        header.subject_lines = _subject_after_title(head, title_at, header.title_rest)
        if header.number_rest is None:
            for piece in head[:title_at]:
                match = DOC_NUMBER_RE.search(piece)
                # no digit before it: "4 46 /QĐ-UBND" is a handwritten number misread, not "46/QĐ-UBND"
                if not match or any(c.isdigit() for c in piece[: match.start()]):
                    continue
                above = parse_doc_number(match.group(0))
                if above and _symbol_type(above.symbol) == header.doc_type:
                    header.unlabelled_number = above
                    break
    return header


# "Mã số dự án: ...", "CÔNG TRÌNH: ...": a short label and its value, never part of a subject
_LABEL_RE = re.compile(r"^(?!V[ềe]\s+việc)(?:\S+\s+){0,3}\S+\s*:\s", re.IGNORECASE)


def _subject_after_title(head: list[str], title_at: int, title_rest: str) -> list[str]:
    """The subject under the title: the rest of the title line, the next line and the lines continuing it."""
    lines = [title_rest] if title_rest else []
    first = True
    for piece in head[title_at + 1 :]:
        if _has_motto(piece) or _place_start(piece) == 0:
            continue  # the right column may come after the title in a PDF text layer
        if first:
            if fold(piece).startswith("CUA ") and _is_upper_line(piece):
                continue  # "QUYẾT ĐỊNH / CỦA ỦY BAN NHÂN DÂN TỈNH / Về việc ...": the title's second line
            first = False
            if _HARD_STOP_RE.match(piece) or _KINH_GUI_RE.match(piece) or piece.startswith(("(", "-", "_")):
                break
            # "Thực hiện Đề án số 08 ..." names a plan; "Thực hiện Công văn số ..., Sở báo cáo như sau:"
            # is body
            if _BODY_START_RE.match(piece) and (len(piece) > 160 or piece.endswith((".", ";", ":"))):
                break
            if _authority_line(piece) or _NUMBER_LINE_RE.match(piece) or _LABEL_RE.match(piece):
                break
            lines.append(piece)
            continue
        if _authority_line(piece) or _LABEL_RE.match(piece) or not _continues(lines[-1], piece):
            break
        lines.append(piece)
        if len(lines) >= 6:
            break
    return lines


_AUTHORITY_RE = re.compile(
    r"^(?:GIAM DOC|PHO GIAM DOC|CHU TICH|BO TRUONG|THU TUONG|CUC TRUONG|TONG CUC TRUONG|CHANH|TRUONG|"
    r"UY BAN NHAN DAN|UBND|CHINH PHU|QUOC HOI|HOI DONG NHAN DAN|BO CHINH TRI)\b"
)


def _authority_line(piece: str) -> bool:
    """A line naming who decides, before "Căn cứ": "GIÁM ĐỐC SỞ CÔNG THƯƠNG", "ỦY BAN NHÂN DÂN TỈNH ..."."""
    return _is_upper_line(piece) and bool(_AUTHORITY_RE.match(fold(piece)))


def _continues_unit(previous: str, piece: str) -> bool:
    """Whether an upper-case `piece` continues the issuer line above: "BỘ NÔNG NGHIỆP VÀ" / "MÔI TRƯỜNG",
    "ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI"; a line starting with an organ ("SỞ ...") is a unit of its own."""
    if previous.rstrip().endswith(("VÀ", ",", "-")) or piece.startswith("-"):
        return True
    # a short line without an organ word of its own; never a heading or a line with figures
    words = piece.split()
    return (
        not _organ_like(piece)
        and len(words) <= 6
        and not any(c.isdigit() or c == ":" for c in piece)
        and _title_type(piece) is None
    )


# ---------------------------------------------------------------- place and date

_DAY_RE = re.compile(r"ng[àa]y\s*(\d{1,2})\s*(?=th[áa]ng)", re.IGNORECASE)
_MONTH_RE = re.compile(r"th[áa]ng\s*(\d{1,2})\s*(?=n[ăa]m)", re.IGNORECASE)
_YEAR_RE = re.compile(r"n[ăa]m\s*((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_NUMERIC_DATE_RE = re.compile(r"(?<!\d)(?:(\d{1,2})[/.-])?(\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)")


def _date_string(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO date, or "YYYY-MM" / "YYYY" when the day or month is unknown; None if the values are impossible."""
    if not 1945 <= year <= 2100:
        return None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    return f"{year:04d}-{month:02d}"


def parse_vietnamese_date(text: str) -> str | None:
    """The date in "ngày 04 tháng 4 năm 2023" or "04/4/2023": ISO, "2023-04" or "2023", as far as readable."""
    year = _YEAR_RE.search(text)
    if year:
        month = _MONTH_RE.search(text)
        day = _DAY_RE.search(text)
        return _date_string(
            int(year.group(1)),
            int(month.group(1)) if month else None,
            int(day.group(1)) if day and month else None,
        )
    numeric = _NUMERIC_DATE_RE.search(text)
    if numeric:
        day_s, month_s, year_s = numeric.groups()
        return _date_string(int(year_s), int(month_s), int(day_s) if day_s else None)
    return None


def _place_and_date(piece: str) -> tuple[str | None, str | None]:
    """("Quảng Ngãi", "2023-04-04") from "Quảng Ngãi, ngày 04 tháng 4 năm 2023" (the comma may be missing)."""
    split = _DATE_WORD_RE.search(piece)
    if split is None:
        return None, None
    place_raw, rest = piece[: split.start()].strip(), piece[split.start() :].lstrip(" ,")
    words = place_raw.split()
    if _is_upper_line(place_raw):
        words = [w if fold(w) in ("TP.", "TP") else _cap(w.lower()) for w in words]
    place = " ".join(words) if 1 <= len(words) <= 5 and fold(place_raw) not in ("HOM NAY",) else None
    return place, parse_vietnamese_date(rest)


_NAME_DATE_RE = re.compile(
    r"(?<![\dA-Za-z])(?P<prefix>[A-Za-z]+[-_ ])?"
    r"(?P<d>\d{1,2})[.-](?P<m>\d{1,2})[.-](?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?<![\dA-Za-z])(?P<y2>(?:19|20)\d{2})\.(?P<m2>\d{2})\.(?P<d2>\d{2})(?!\d)"
    r"|(?<![\dA-Za-z.])[Tt](?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2})(?!\d)"
)
# a date after these words in a file name is a deadline or another document's date, not this one's
_NOT_OWN_DATE = ("truoc", "sau", "den", "han", "tu")


def date_from_filename(path: str) -> str | None:
    """A date written in the file name ("_9.4.2026_", "-29-12-2025-", "2025.06.19-", "_T4.2026_"), or None."""
    name = PurePosixPath(path).name
    found = None
    for match in _NAME_DATE_RE.finditer(name):
        prefix = (match.group("prefix") or "").strip("-_ ").lower()
        if prefix in _NOT_OWN_DATE:
            continue
        if match.group("y"):
            value = _date_string(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            # "-15-5-2026" must be a real day; a "34-2026"-like fragment never gets here
            if value and len(value) == 10:
                found = found or value
        elif match.group("y2"):
            value = _date_string(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
            if value and len(value) == 10:
                found = found or value
        else:
            found = found or _date_string(int(match.group("y3")), int(match.group("m3")))
    return found


def _refine_date(header_date: str | None, name_date: str | None) -> str | None:
    """The header date, made precise by the file name's date when they agree ("2026-04" and "2026-04-09"),
    or the file name's date as a last resort."""
    if header_date is None:
        return name_date
    # only a known month is made precise: a bare year says too little to tie the name's date to this
    # document
    if name_date and len(header_date) == 7 and name_date.startswith(header_date):
        return name_date
    return header_date


# ---------------------------------------------------------------- number


@dataclass(frozen=True)
class _HeaderNumber:
    """The "Số:" line as read: a whole number, or a blank one with its symbol (and digits if garbled)."""

    number: DocNumber | None = None
    symbol: str | None = None
    year: int | None = None
    readable_digits: str = ""


def _read_number_line(rest: str) -> _HeaderNumber:
    rest = rest.strip()
    match = DOC_NUMBER_RE.match(rest)
    if match:
        parsed = parse_doc_number(rest[: match.end()])
        if parsed is not None:
            return _HeaderNumber(number=parsed)
    blank = _BLANK_SYMBOL_RE.search(rest)
    junk = rest[: blank.start()].strip(" .…_") if blank else ""
    if blank is None or len(junk) > 8:
        return _HeaderNumber()
    year = int(blank.group("year")) if blank.group("year") else None
    sample = parse_doc_number(f"1/{year or ''}{'/' if year else ''}{blank.group('symbol')}")
    symbol = sample.symbol if sample else None
    return _HeaderNumber(symbol=symbol, year=year, readable_digits=re.sub(r"\D", "", junk))


_NAME_TYPE_RE = re.compile(
    r"^(?P<type>TB|KH|QD|QĐ|CV|BC|TTr|TTR|GP|NQ|ND|TT|CT|KL|BB|GM|HD|VB)[-_ ]"
    r"(?P<num>\d{1,5})(?=$|[-_ .])(?P<rest>.*)$"
)
_NAME_NUMBER_RE = re.compile(r"^(?P<num>\d{1,5})(?:[-_ .()]+|(?=[A-Z]))(?P<rest>.*)$")
_LETTER_TYPES = {"CV", "TB", "VB"}  # file-name labels of documents that may carry a letter's symbol


@dataclass(frozen=True)
class _NameNumber:
    number: str
    label: str | None  # the type code the name starts with ("TB"), if any
    tokens: tuple[str, ...]  # capitalised codes after the number ("SNNMT", "KS")
    year: int | None = None  # a year right after the number ("QD-11-2026-QD-UBND")
    words: tuple[str, ...] = ()  # every word after the number, any case ("ttg" in "464-ttg.signed.pdf")


def _name_number(path: str) -> _NameNumber | None:
    """The number in a file name: "TB-1894_...", "CV-5141-SNNMT-KS-...", "1629_SCT_CN_...", "280 BC.pdf"."""
    stem = PurePosixPath(path).name
    stem = re.sub(r"(?i)(\.signed)?(\.[a-z0-9]{2,4})+$", "", stem)
    typed = _NAME_TYPE_RE.match(stem)
    if typed:
        number, label, rest = typed.group("num"), typed.group("type"), typed.group("rest")
    else:
        bare = _NAME_NUMBER_RE.match(stem)
        if not bare:
            return None
        number, label, rest = bare.group("num"), None, bare.group("rest")
        # a leading year or sequence number ("2019-tham-luan", "000_2656...") is no document number
        if re.fullmatch(r"(?:19|20)\d{2}", number):
            return None
    # "TB_13.4.2026_...", "31.3.2026_BB_...": the digits are the day of a date, not a number
    if not number.strip("0") or re.match(r"^[.-]\d{1,2}[.-](?:19|20)\d{2}", rest):
        return None
    tokens: list[str] = []
    words: list[str] = []
    year = None
    for i, token in enumerate(t for t in re.split(r"[-_ .()]+", rest) if t):
        if i == 0 and re.fullmatch(r"(?:19|20)\d{2}", token):
            year = int(token)  # "NQ-19-2026-NQ-CP": the year of a normative document's number
            continue
        if not re.fullmatch(r"[A-Za-zĐđ][A-Za-zĐđ0-9]*", token):
            break
        words.append(token)
        if len(tokens) == len(words) - 1 and re.fullmatch(r"[A-ZĐ](?:[A-ZĐ0-9]*|[A-Za-z]{1,2})", token):
            tokens.append(token)
    return _NameNumber(number=number, label=label, tokens=tuple(tokens), year=year, words=tuple(words))


def _symbol_key(text: str) -> str:
    return fold(text).replace("-", "").replace("/", "")


def _symbol_type(symbol: str) -> str | None:
    """The type a symbol names: "TB-SCT" -> Thông báo; a symbol without a type code is a letter (Công văn)."""
    if "/" in symbol:  # Party form "NQ/TU"
        return _SYMBOL_TYPES.get(fold(symbol.split("/")[0]))
    parts = symbol.split("-")
    if re.fullmatch(r"QH\d+", parts[-1]) or (len(parts) == 1 and re.fullmatch(r"QH\d+", parts[0])):
        return "Luật" if len(parts) == 1 else _SYMBOL_TYPES.get(fold(parts[0]))
    known = _SYMBOL_TYPES.get(fold(parts[0]))
    if known:
        return known
    return "Công văn"


def _name_agrees(name: _NameNumber, symbol: str) -> bool:
    """Whether the file name's codes agree with the header's symbol (so the name's number is this one's)."""
    header_key = _symbol_key(symbol)
    # the first code after the number opens the symbol: "1629_SCT_CN_..." / "SCT-CN", "464-ttg" /
    # "TTg-CĐS"
    first_word = _symbol_key(name.words[0]) if name.words else ""
    if len(first_word) >= 2 and header_key.startswith(first_word):
        return True
    if name.label is None:
        return False
    label = _symbol_key(name.label)
    first = _symbol_key(symbol.split("-")[0])
    if label == first:
        return True
    # a letter labelled "CV"/"TB" in the name carries a symbol without a type code ("/SCT-CN")
    return label in _LETTER_TYPES and _symbol_type(symbol) == "Công văn"


def _number(header: _Header, path: str, ocr: bool) -> tuple[str | None, str | None, str | None]:
    """(number, source, symbol) from the header's "Số:" line, completed from the file name when blank.

    On an OCRed page the number is often handwritten or stamped and read wrong ("80/BC-UBND" for 280):
    when the
    file name agrees with the symbol but not with the digits, the name's digits are taken."""
    read = _read_number_line(header.number_rest) if header.number_rest is not None else None
    found = read.number if read else header.unlabelled_number
    if found is not None:
        name = _name_number(path) if ocr else None
        if name and name.number != found.number and _name_agrees(name, found.symbol):
            year = f"{found.year}/" if found.year else ""
            return f"{name.number}/{year}{found.symbol}", "filename", found.symbol
        return found.canonical, "header", found.symbol
    name = _name_number(path)
    if read and read.symbol:
        if name and _name_agrees(name, read.symbol):
            # what OCR could read of a handwritten number must be in the name's number: "#4" fits 24
            digits = iter(name.number)
            if all(d in digits for d in read.readable_digits):
                year = f"{read.year}/" if read.year else ""
                return f"{name.number}/{year}{read.symbol}", "filename", read.symbol
        return None, None, read.symbol
    if read is None and name and name.label:
        # no "Số:" line at all (a scan without OCR, a legacy-font PDF): the name alone, when it spells the
        # symbol
        label = _symbol_key(name.label)
        if name.tokens and (label == "CV" or _symbol_key(name.tokens[0]) == label):
            year = f"{name.year}/" if name.year else ""
            parsed = parse_doc_number(f"{name.number}/{year}{'-'.join(name.tokens)}")
            if parsed:
                return parsed.canonical, "filename", parsed.symbol
        return name.number, "filename", None
    return None, None, None


# ---------------------------------------------------------------- issuer


_ORG_FIXED = {
    "CHINH PHU": "Chính phủ",
    "THU TUONG CHINH PHU": "Thủ tướng Chính phủ",
    "QUOC HOI": "Quốc hội",
    "VAN PHONG CHINH PHU": "Văn phòng Chính phủ",
    "UY BAN THUONG VU QUOC HOI": "Ủy ban Thường vụ Quốc hội",
}
_ORGANS = (
    ("TONG CONG TY", "Tổng công ty"),
    ("CONG TY", "Công ty"),
    ("TONG CUC", "Tổng cục"),
    ("CHI CUC", "Chi cục"),
    ("VAN PHONG", "Văn phòng"),
    ("TRUNG TAM", "Trung tâm"),
    ("BAN QUAN LY", "Ban Quản lý"),
    ("BO CHI HUY", "Bộ Chỉ huy"),
    ("DOAN KIEM TRA", "Đoàn kiểm tra"),
    ("THANH TRA", "Thanh tra"),
    ("TOA AN NHAN DAN", "Tòa án nhân dân"),
    ("VIEN KIEM SAT NHAN DAN", "Viện kiểm sát nhân dân"),
    ("UY BAN NHAN DAN", "UBND"),
    ("HOI DONG NHAN DAN", "HĐND"),
    ("UBND", "UBND"),
    ("HDND", "HĐND"),
    ("CUC", "Cục"),
    ("SO", "Sở"),
    ("BO", "Bộ"),
    ("BAN", "Ban"),
    ("PHONG", "Phòng"),
    ("DOAN", "Đoàn"),
    ("VIEN", "Viện"),
)
# Locality words, compared with their tone marks: "QUẢN" (manage) is no "QUẬN" (district).
_LOCALITY_WORDS = (
    ("THÀNH PHỐ", "thành phố"),
    ("THỊ XÃ", "thị xã"),
    ("TỈNH", "tỉnh"),
    ("HUYỆN", "huyện"),
    ("QUẬN", "quận"),
    ("XÃ", "xã"),
    ("PHƯỜNG", "phường"),
)
_LEGAL_FORMS = ("CO PHAN", "TRACH NHIEM HUU HAN", "MOT THANH VIEN", "HAI THANH VIEN")


def _field_case(words: list[str]) -> str:
    """Words naming a field in an organ's name: "NÔNG NGHIỆP VÀ MÔI TRƯỜNG" -> "Nông nghiệp và Môi trường"."""
    out: list[str] = []
    capitalise = True
    for word in words:
        if _is_acronym(word):
            out.append(word)
        else:
            out.append(_cap(word.lower()) if capitalise else word.lower())
        capitalise = word.endswith(",") or fold(word) in ("VA",)
        if fold(word) == "VA":
            out[-1] = "và"
    text = " ".join(out)
    return text.replace("Công thương", "Công Thương")


def _split_locality(words: list[str]) -> tuple[list[str], str | None]:
    """Words of a unit, and its locality ("tỉnh Lào Cai") when it names one at its end."""
    keys = [w.upper() for w in words]
    for i in range(1, len(words)):
        for marker, lower in _LOCALITY_WORDS:
            marker_words = marker.split()
            if keys[i : i + len(marker_words)] == marker_words and i + len(marker_words) < len(words):
                name = words[i + len(marker_words) :]
                if all(not _is_acronym(w) for w in name):
                    return words[:i], f"{lower} {' '.join(_cap(w.lower()) for w in name)}"
    for size in (3, 2):  # "SỞ CÔNG THƯƠNG LÀO CAI": a province name without "tỉnh"
        if len(words) > size:
            province = _province(" ".join(words[-size:]))
            if province:
                return words[:-size], _locality_phrase(province)
    return words, None


def _unit_name(line: str) -> tuple[str, str | None, str]:
    """(name without locality, locality, organ) of one issuer unit in readable case."""
    words = line.replace(" - ", " ").split()
    key = fold(" ".join(words))
    if key in _ORG_FIXED:
        return _ORG_FIXED[key], None, key
    words, locality = _split_locality(words)
    key = fold(" ".join(words))
    for organ_key, organ in _ORGANS:
        if key == organ_key or key.startswith(organ_key + " "):
            rest = words[len(organ_key.split()) :]
            if organ_key in ("DOAN KIEM TRA", "TOA AN NHAN DAN", "VIEN KIEM SAT NHAN DAN"):
                name = " ".join(w if _keeps_case(w) else w.lower() for w in rest)
            elif organ_key in ("CONG TY", "TONG CONG TY"):
                name = " ".join(
                    w
                    if _is_acronym(w)
                    else w.lower()
                    if any(fold(w) in f.split() for f in _LEGAL_FORMS)
                    else _cap(w.lower())
                    for w in rest
                )
            else:
                name = _field_case(rest)
            return f"{organ} {name}".strip(), locality, organ_key
    return _field_case(words), locality, ""


_INNER_ORGAN_RE = re.compile(
    r"(?<!VĂN)(?<!TỔNG)(?<!CHI)\s(?=(?:SỞ|CỤC|TỔNG CỤC|CHI CỤC|VĂN PHÒNG|ĐOÀN KIỂM TRA|BAN QUẢN LÝ|PHÒNG)\s)"
)


def _units(lines: list[str]) -> list[str]:
    """Issuer lines joined into units: wrapped lines glued, "ỦY BAN NHÂN DÂN" + "TỈNH LÀO CAI" made one,
    "BỘ CÔNG THƯƠNG CỤC HÓA CHẤT" (two cells flattened into one line) split in two."""
    units: list[str] = []
    for line in lines:
        clean = line.strip(" -")
        if units and _continues_unit(units[-1], line):
            units[-1] = f"{units[-1].rstrip(' -')} {clean}"
            continue
        units.extend(part.strip() for part in _INNER_ORGAN_RE.split(clean))
    deduped: list[str] = []
    for unit in units:
        if not deduped or fold(deduped[-1]) != fold(unit):
            deduped.append(unit)
    return deduped


def format_issuer(lines: list[str]) -> str | None:
    """The issuing body from the header's upper-left lines: ["UBND TỈNH QUẢNG NGÃI", "SỞ CÔNG THƯƠNG"] ->
    "Sở Công Thương tỉnh Quảng Ngãi"; a joint issuer ("BỘ CÔNG AN - BỘ QUỐC PHÒNG - ...") keeps every body."""
    # stray marks from OCR ("ỦY BAN NHÂN DÂN _") are no words
    lines = [re.sub(r"(?<!\S)[_~`'\".,:;|]+(?!\S)", " ", line.replace("Ƣ", "Ư")).strip() for line in lines]
    lines = [line for line in lines if line]
    joint = " ".join(lines)
    if _looks_garbled(joint):
        return None
    parts = [p.strip() for p in re.split(r"\s-\s*|\s*-\s", joint) if p.strip()]
    if len(parts) > 1 and all(_organ_like(p) for p in parts):
        # "BỘ CÔNG AN - BỘ QUỐC PHÒNG - ...": several bodies issue one document together
        return " - ".join(_unit_name(p)[0] for p in parts)
    units = _units(lines)
    if not units or any("…" in u or "..." in u for u in units):
        return None  # a form's "CÔNG TY ………." is no issuer
    names = [_unit_name(u) for u in units[-2:]]
    child, child_locality, child_organ = names[-1]
    if len(names) == 1:
        if child_organ in ("VAN PHONG", "PHONG", "DOAN", "DOAN KIEM TRA") and not child_locality:
            return None  # "VĂN PHÒNG" alone: the office of whom is unknown
        return f"{child} {child_locality}" if child_locality else child
    parent, parent_locality, parent_organ = names[0]
    if child_locality:
        return f"{child} {child_locality}"
    if parent_organ in ("UY BAN NHAN DAN", "UBND") and parent_locality:
        if child_organ == "VAN PHONG" and child == "Văn phòng":
            return f"Văn phòng UBND {parent_locality}"
        return f"{child} {parent_locality}"
    parent_full = f"{parent} {parent_locality}" if parent_locality else parent
    return f"{child} - {parent_full}"


# issuer codes of a symbol, for documents whose header lost the issuer lines (a cropped scan, a text
# export)
_CODE_ISSUERS = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "BTP": "Bộ Tư pháp",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BKHCN": "Bộ Khoa học và Công nghệ",
}
_PROVINCIAL_CODES = {
    "SCT": "Sở Công Thương",
    "SNNMT": "Sở Nông nghiệp và Môi trường",
    "SXD": "Sở Xây dựng",
    "STC": "Sở Tài chính",
    "SNV": "Sở Nội vụ",
    "STP": "Sở Tư pháp",
}


def _issuer_from_symbol(symbol: str | None, place: str | None) -> str | None:
    if not symbol or "/" in symbol:
        return None
    parts = [fold(p) for p in symbol.split("-")]
    if re.fullmatch(r"QH\d+", parts[-1]):
        return "Quốc hội"
    code = parts[1] if parts[0] in _SYMBOL_TYPES and len(parts) > 1 else parts[0]
    if code in _CODE_ISSUERS:
        return _CODE_ISSUERS[code]
    if code in _PROVINCIAL_CODES and place:
        # Decree 30/2020: a provincial body writes the province's name as the place
        province = _province(place)
        if province:
            return f"{_PROVINCIAL_CODES[code]} {_locality_phrase(province)}"
    return None


# ---------------------------------------------------------------- subject


_PROPER_WORDS = {
    "VIET NAM": "Việt Nam",
    "CHINH PHU": "Chính phủ",
    "QUOC HOI": "Quốc hội",
    "CONG THUONG": "Công Thương",
}


_ROMAN_RE = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3})[,.;:)]?$")
_NUMBERED = frozenset({"QUY", "PHAN", "CHUONG", "MUC", "KHOA", "DOT", "LOAI", "NHOM", "KY", "GIAI"})


def _keeps_case(word: str, previous: str = "") -> bool:
    """Whether an upper-case word stays so in sentence case: acronyms, numbers, "QUÝ II" (not "PHẠM VI")."""
    if _ROMAN_RE.match(word):
        return fold(previous) in _NUMBERED
    return _is_acronym(word) or any(c.isdigit() for c in word)


# names inside a lower-cased subject that keep their capitals: "Luật Hóa chất", "Nghị định số 26/...",
# "của Bộ Xây dựng", "Bộ trưởng Bộ Công Thương"
_CAPITALISED = (
    (re.compile(r"\bluật (\w)"), lambda m: f"Luật {m.group(1).upper()}"),
    (
        re.compile(r"\b(nghị định|nghị quyết|thông tư|quyết định|chỉ thị) số"),
        lambda m: f"{_cap(m.group(1))} số",
    ),
    (re.compile(r"\bbộ trưởng bộ (\w)"), lambda m: f"Bộ trưởng Bộ {m.group(1).upper()}"),
    (re.compile(r"\bcủa bộ (\w)"), lambda m: f"của Bộ {m.group(1).upper()}"),
)


def _sentence_case(text: str) -> str:
    """An all-caps subject in sentence case, keeping acronyms, numbers, Roman numerals and place names."""
    words = text.split()
    out = [w if _keeps_case(w, words[i - 1] if i else "") else w.lower() for i, w in enumerate(words)]
    result = " ".join(out)
    for proper in _PROPER_WORDS.values():
        result = re.sub(re.escape(proper.lower()), proper, result)
    for name in _PLACES.values():
        result = re.sub(rf"(?<=tỉnh ){re.escape(name.lower())}\b", name, result)
    # "Luật Hóa chất", "Nghị định số 26/...", "của Bộ Công Thương": names keep their capitals
    for pattern, replace in _CAPITALISED:
        result = pattern.sub(replace, result)
    return _cap(result)


def _clean_subject(lines: list[str]) -> str | None:
    parts = [" ".join(line.split()) for line in lines if line.strip()]
    if not parts:
        return None
    cased = [_sentence_case(p) if _is_upper_line(p) else p for p in parts]
    text = cased[0]
    for raw, part in zip(parts[1:], cased[1:], strict=True):
        lower_first = _is_upper_line(parts[0]) and not _keeps_case(raw.split()[0])
        text += " " + (part[0].lower() + part[1:] if lower_first else part)
    text = text.strip(" .;:")
    # OCR of "Về việc": "Vềviệc", ",Vêviệc", "\ việc", "và việc"
    text = re.sub(r"^\W*(?:V[ềêe]|và|\\)?\s*việc\b", "Về việc", text)
    if len(text.split()) < 2 or _looks_garbled(text):
        return None
    return text


def _looks_garbled(text: str) -> bool:
    """Legacy-font or failed-OCR text: letters outside Vietnamese, words without any diacritics, "ph4m"."""
    if garbage_ratio(text) > GARBAGE_THRESHOLD:
        return True
    words = re.findall(r"[^\W_]+", text)
    if len(words) < 3:
        return False
    marked = sum(1 for w in words if any(ord(c) > 127 for c in w))
    mixed = sum(1 for w in words if re.search(r"[a-z]\d|\d[a-z]", w))
    return marked == 0 or mixed >= 2


# ---------------------------------------------------------------- signature and recipients

_ROLES = (
    "PHO GIAM DOC|GIAM DOC|PHO CHU TICH|CHU TICH|PHO CUC TRUONG|CUC TRUONG|PHO TONG CUC TRUONG|"
    "TONG CUC TRUONG|"
    "THU TRUONG|BO TRUONG|PHO THU TUONG|THU TUONG|PHO CHANH VAN PHONG|CHANH VAN PHONG|PHO TRUONG PHONG|"
    "TRUONG PHONG|PHO TRUONG DOAN|TRUONG DOAN|PHO TRUONG BAN|TRUONG BAN|CHI CUC TRUONG|VU TRUONG|"
    "CHANH THANH TRA|"
    "PHO BI THU|BI THU|TONG GIAM DOC|PHO TONG GIAM DOC|CHU NHIEM|PHO CHU NHIEM|VIEN TRUONG|PHO VIEN TRUONG|"
    "CHANH AN|GIAM DOC CONG AN|DAI DIEN|THU KY"
)
_CAPACITY_RE = re.compile(rf"^(?:(?:KT|TM|TL|TUQ|Q)\s?\.\s*\S.*|(?:{_ROLES})(?:\s.*)?)$")
_NAME_RANKS = re.compile(
    r"^(?:Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá"
    r"|TS\.|ThS\.|KS\.)\s+"
)
_SIGN_NOISE_RE = re.compile(r"^[\[(]?\s*(?:đã ký|ký|chữ ký|signed|ký tên|ký, ghi rõ|đóng dấu)", re.IGNORECASE)
_NOI_NHAN_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_ITEM_RE = re.compile(r"^[-+•*~][-+•*~\s]*")  # OCR reads some dashes as "~", or as "~-"
_STAMP_SIGNER_RE = re.compile(r"(?:Ký bởi|Người ký)\s*:\s*(?P<name>[^\n,;:]+)", re.IGNORECASE)

_SURNAMES = frozenset(
    _listed(
        """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý lưu vương trịnh đinh lâm
        phùng mai tô trương hà lương tạ đoàn đào chu cao châu thái quách kiều lại tăng triệu ông hứa từ tôn
        giang la lục mạc thân nông lò sùng giàng hầu vàng thào lù sần quàng bế ma sầm đèo khúc âu doãn diệp
        kim lã nghiêm phí quan tiêu trình tống ứng viên vi yên bạch cù dư đàm đồng giáp hàn khổng khương
        lạc lều mẫn nhữ ninh phó phương tào thạch thiều tiết trà trang vòng hờ chẩu mùa lường cầm điêu
        lự pờ"""
    )
)
_NOT_NAME_WORDS = frozenset(
    {"SO", "BO", "CUC", "TY", "UY", "PHONG", "NHU", "NOI", "LUU", "GIAM", "DOC", "TICH", "TINH"}
)


def _person_name(piece: str) -> str | None:
    """`piece` as a person's name, or None: "Nguyễn Văn A", "NGUYỄN VĂN A", "Thượng tướng Nguyễn Văn A".

    The family name must be a known one, spelt with its tone marks: "Prẫn Phước Hiền" (OCR) or "Nguyen Van A"
    (a font without Vietnamese) is no name to cite."""
    text = _NAME_RANKS.sub("", piece.strip(" .,;*"))
    words = text.split()
    if not 2 <= len(words) <= 5 or any(not w.isalpha() for w in words):
        return None
    if all(w.isupper() for w in words):
        words = [_cap(w.lower()) for w in words]
    if not all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return None
    if words[0].lower() not in _SURNAMES or any(fold(w) in _NOT_NAME_WORDS for w in words[1:]):
        return None
    return " ".join(words)


def _is_capacity(piece: str) -> bool:
    return _is_upper_line(piece) and bool(_CAPACITY_RE.match(fold(piece))) and garbage_ratio(piece) <= GARBAGE_THRESHOLD


def _signature(pieces: list[str], noi_nhan: int | None) -> tuple[str | None, str | None]:
    """(signer, capacity) from the signature block near "Nơi nhận:" or, without it, at the end."""
    if noi_nhan is not None:
        window = pieces[max(0, noi_nhan - 12) : noi_nhan + SIGNATURE_WINDOW]
    else:
        window = pieces[-SIGNATURE_WINDOW:]
    blocks: list[tuple[list[str], str | None]] = []
    capacity: list[str] = []
    for piece in window:
        noi_nhan_line = _NOI_NHAN_RE.match(piece)
        if noi_nhan_line and _is_capacity(noi_nhan_line.group("rest")):
            piece = noi_nhan_line.group("rest")  # "Nơi nhận: TRƯỞNG BAN": the two columns on one line
        elif _ITEM_RE.match(piece) or noi_nhan_line or _SIGN_NOISE_RE.match(piece):
            continue
        if _is_capacity(piece):
            if capacity and blocks and blocks[-1][0] is capacity:
                blocks.pop()
            capacity.append(" ".join(piece.split()))
            continue
        if capacity:
            name = _person_name(piece)
            if name:
                blocks.append((capacity, name))
                capacity = []
                continue
            if _breaks_signature(piece):
                capacity = []  # the titles seen were a heading or body text, not a signature block
    if capacity:
        blocks.append((capacity, None))
    if not blocks:
        return None, None
    if noi_nhan is None and len([b for b in blocks if b[1]]) > 1:
        return None, None  # several signatures (minutes, joint documents): no single signer
    lines, name = next((b for b in blocks if b[1]), blocks[0])
    return name, " / ".join(lines)


def _breaks_signature(piece: str) -> bool:
    """A piece that cannot sit between a signature title and the name: a paragraph, the motto, a header line.

    Wrapped recipients and OCR specks can ("Tài chính, Nội vụ,", "@` 5ê"): columns interleave there."""
    if len(piece) > 80 or _has_motto(piece) or _place_start(piece) == 0 or _NUMBER_LINE_RE.match(piece):
        return True
    if _HARD_STOP_RE.match(piece) or _BODY_START_RE.match(piece):
        return True
    return _is_upper_line(piece) and len(piece.split()) >= 2


def signer_from_stamp(text: str | None) -> str | None:
    """The person named in a digital-signature stamp ("Ký bởi: Nguyễn Văn A"); None for an agency's stamp."""
    for match in _STAMP_SIGNER_RE.finditer(text or ""):
        name = _person_name(match.group("name"))
        if name:
            return name
    return None


def _recipients(pieces: list[str], noi_nhan: int) -> tuple[str, ...]:
    items: list[str] = []
    first = _NOI_NHAN_RE.match(pieces[noi_nhan])
    following = pieces[noi_nhan + 1 : noi_nhan + 1 + SIGNATURE_WINDOW]
    # "Nơi nhận: - Như trên; - UBND tỉnh (b/c); ..." all on one line
    inline = re.split(r"(?<=[;.])\s*(?=[-+]\s)", first.group("rest")) if first and first.group("rest") else []
    candidates = [item.strip() for item in inline if item.strip()] + following
    for piece in candidates:
        if _ITEM_RE.match(piece):
            items.append(_ITEM_RE.sub("", piece))
            if fold(items[-1]).startswith("LUU"):
                break
            continue
        if _is_capacity(piece) or _person_name(piece) or _SIGN_NOISE_RE.match(piece):
            continue  # the signature column read between the items
        if items and not items[-1].endswith((";", ".")) and (piece[:1].islower() or piece.startswith("(")):
            items[-1] += " " + piece
            continue
        if items and fold(piece).startswith("LUU"):
            items.append(piece)
            break
        if items:
            break
    cleaned = [_clean_item(item) for item in items]
    return tuple(item for item in cleaned if item)


def _clean_item(item: str) -> str:
    """A recipient without its bullet, final punctuation, or a signature title's OCR fragment after ";"."""
    head, _, tail = item.rpartition(";")
    if head and tail.strip() and not any(c.islower() for c in tail):
        item = head  # "PCT UBND tỉnh; F Ú CHỦ TỊCH": the signature column read into the item
    return " ".join(item.split()).strip(" ;,.")


# ---------------------------------------------------------------- entry point


def extract_metadata(
    text: str, path: str, pages: int = 1, pages_ocr: int = 0, *, stamp_text: str | None = None
) -> DocMeta:
    """The metadata of one document from its normalised text and path; unknown fields stay None.

    `stamp_text` is the raw text of digital-signature stamps, which the normaliser strips from `text`.
    """
    pieces = _pieces(text)
    header = _read_header(pieces)
    number, number_source, symbol = _number(header, path, ocr=pages_ocr > 0)

    doc_type = header.doc_type
    if doc_type is None and header.vv_lines:
        doc_type = "Công văn"
    if doc_type is None and symbol:
        doc_type = _symbol_type(symbol)
        # OCR misreads type codes ("QĐ" as "Qb"): an unknown two-letter code is no sign of a letter
        if doc_type == "Công văn" and pages_ocr and len(symbol.split("-")[0]) <= 2:
            doc_type = None
    if header.number_label and header.number_label.startswith("Luật") and doc_type is None:
        doc_type = "Luật"

    subject = _clean_subject(header.vv_lines) if header.vv_lines else _clean_subject(header.subject_lines)
    if header.vv_lines and subject:
        subject = f"V/v {subject}"

    issuer = format_issuer(header.issuer_lines) or _issuer_from_symbol(symbol, header.place)

    noi_nhan = next((i for i, p in enumerate(pieces) if i > 3 and _NOI_NHAN_RE.match(p)), None)
    signer, capacity = _signature(pieces, noi_nhan)
    if signer is None:
        signer = signer_from_stamp(stamp_text) or signer_from_stamp(text)
    recipients = _recipients(pieces, noi_nhan) if noi_nhan is not None else ()

    return DocMeta(
        path=path,
        number=number,
        number_source=number_source,
        doc_type=doc_type,
        date=_refine_date(header.date, date_from_filename(path)),
        place=header.place,
        issuer=issuer,
        subject=subject,
        signer=signer,
        signer_capacity=capacity,
        recipients=recipients,
        pages=pages,
        pages_ocr=pages_ocr,
    )
