"""The header block read piece by piece: issuer lines, the "Số:" line, place and date, the type and the
subject lines under the title or after "V/v"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.citations.docnumbers import DOC_NUMBER_RE, DocNumber, parse_doc_number
from index.metadata.dates import place_and_date
from index.metadata.pieces import has_motto, place_start
from index.metadata.text import is_upper_line
from index.vocabulary import TITLE_TYPES, fold, symbol_type

HEADER_LINES = 45
"""How many pieces (lines, or parts of lines) from the top make the header block."""

BODY_START_RE = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Theo |Kính gửi|Hôm nay|Xét |Để |Sau khi|Trên cơ sở|Nhằm|Ngày \d"
    r"|Qua |Tại |Vào |Trong |Hiện nay|Nay |Phúc đáp|Tiếp theo|Triển khai|Chính phủ ban hành|Quốc hội ban hành"
    r"|Điều \d|Chương [IVX\d]|Phần [IVX\d]|Mục \d|[IVX]+\.\s|\d+\.\s|\d+\.\d)",
)
# Lines that never belong to a subject, however short.
HARD_STOP_RE = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Hôm nay|Xét đề nghị|Ngày \d|Điều \d|Chương [IVX\d]|Phần [IVX\d]"
    r"|[IVX]+\.\s|\d+\.\s)"
)
_VV_RE = re.compile(r"^(?:V/v|V/V|V\.v|Về việc:?)\s*", re.IGNORECASE)
NUMBER_LINE_RE = re.compile(
    r"^(?P<label>(?:Luật|Pháp lệnh|Nghị quyết)\s+số|S[ốôóòõọồổỗộo6])\s*(?:hiệu)?\s*[:.]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_KINH_GUI_RE = re.compile(r"^Kính\s+gửi", re.IGNORECASE)
# the stamp a receiving office puts over the header: "VĂN PHÒNG CHÍNH PHỦ / CÔNG VĂN ĐẾN / Giờ ... Ngày
# ..."
_RECEIVED_STAMP_RE = re.compile(r"CÔNG VĂN ĐẾN|^ĐẾN\b|^Kính chuyển")

# Headings that name the type of a document, keyed by their folded spelling; longer names first, so that "THÔNG TƯ
# LIÊN TỊCH" is not read as "THÔNG TƯ".
_TITLE_TYPES = tuple(sorted(((fold(name), name) for name in TITLE_TYPES), key=lambda pair: -len(pair[0])))


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


def organ_like(piece: str) -> bool:
    """Whether `piece` is an issuer line in capitals opening with an organ: "SỞ CÔNG THƯƠNG", "UBND TỈNH ..."."""
    key = fold(piece) + " "
    return is_upper_line(piece) and key.startswith(_ORGAN_WORDS)


def _title_type(piece: str) -> tuple[str, str] | None:
    """(type, rest of the heading) when `piece` is a heading: "BÁO CÁO", "QUYẾT ĐỊNH CHẤP THUẬN ..."."""
    piece = re.sub(r"^[^\w(]+", "", piece)  # "` THÔNG TƯ": an OCR speck before the heading
    if not is_upper_line(piece) or len(piece) > 250:
        return None
    key = " ".join(re.sub(r"[^\w\s]", " ", fold(piece)).split())  # "QUYẾT: ĐỊNH" read by OCR
    for name, doc_type in _TITLE_TYPES:
        if key == name or key.startswith(name + " "):
            rest = " ".join(piece.split()[len(name.split()) :])
            return doc_type, rest
    return None


@dataclass
class Header:
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
    if BODY_START_RE.match(piece) or has_motto(piece) or place_start(piece) == 0:
        return False
    if _KINH_GUI_RE.match(piece) or NUMBER_LINE_RE.match(piece) or piece.startswith(("(", "-", "+", "_")):
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
    if is_upper_line(previous):
        return is_upper_line(piece) and _title_type(piece) is None and not organ_like(piece)
    if sum(not (c.isalnum() or c.isspace()) for c in piece) > len(piece) / 4:
        return False  # OCR specks of a stamp: '"Ă=. TỊN HỌC Ô. = --'
    if is_upper_line(piece):  # "COVID-19", "MTV Đầu tư": a short capitalised fragment, not a heading
        return len(piece) <= 25 and _title_type(piece) is None and not organ_like(piece)
    # a capitalised word after a line broken mid-phrase ("... của Bộ" / "Xây dựng ban hành ..."); a
    # sentence or an introduction ("..., cụ thể như sau:") is body text
    if piece.endswith(":") or (piece.endswith((".", ";")) and len(piece) > 60):
        return False
    return len(previous) >= 25 and len(piece) <= 250


def read_header(pieces: list[str]) -> Header:
    """What the first HEADER_LINES pieces hold: issuer lines, the "Số:" line, place and date, type and subject."""
    header = Header()
    head = pieces[:HEADER_LINES]
    seen_block = False  # the number, a V/v line or the title has been seen: no more issuer lines after it
    title_at: int | None = None
    for i, piece in enumerate(head):
        if has_motto(piece) or re.fullmatch(r"VIỆT NAM|Hạnh phúc", piece, re.IGNORECASE):
            continue
        if _RECEIVED_STAMP_RE.search(piece):
            header.issuer_lines.clear()  # the lines above were the receiving office's stamp, not the issuer
            continue
        if header.place is None and place_start(piece) == 0:
            header.place, header.date = place_and_date(piece)
            continue
        number = NUMBER_LINE_RE.match(piece)
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
            if found and not organ_like(piece):
                header.doc_type, header.title_rest = found
                title_at = i
                seen_block = True
                continue
        if _KINH_GUI_RE.match(piece) or (BODY_START_RE.match(piece) and not is_upper_line(piece)):
            if title_at is not None or header.vv_lines or header.number_rest is not None:
                break
            continue
        issuer_like = organ_like(piece) or (
            bool(header.issuer_lines) and continues_unit(header.issuer_lines[-1], piece)
        )
        if not seen_block and len(header.issuer_lines) < 5 and is_upper_line(piece) and issuer_like:
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
                if above and symbol_type(above.symbol) == header.doc_type:
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
        if has_motto(piece) or place_start(piece) == 0:
            continue  # the right column may come after the title in a PDF text layer
        if first:
            if fold(piece).startswith("CUA ") and is_upper_line(piece):
                continue  # "QUYẾT ĐỊNH / CỦA ỦY BAN NHÂN DÂN TỈNH / Về việc ...": the title's second line
            first = False
            if HARD_STOP_RE.match(piece) or _KINH_GUI_RE.match(piece) or piece.startswith(("(", "-", "_")):
                break
            # "Thực hiện Đề án số 08 ..." names a plan; "Thực hiện Công văn số ..., Sở báo cáo như sau:"
            # is body
            if BODY_START_RE.match(piece) and (len(piece) > 160 or piece.endswith((".", ";", ":"))):
                break
            if _authority_line(piece) or NUMBER_LINE_RE.match(piece) or _LABEL_RE.match(piece):
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
    return is_upper_line(piece) and bool(_AUTHORITY_RE.match(fold(piece)))


def continues_unit(previous: str, piece: str) -> bool:
    """Whether an upper-case `piece` continues the issuer line above: "BỘ NÔNG NGHIỆP VÀ" / "MÔI TRƯỜNG",
    "ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI"; a line starting with an organ ("SỞ ...") is a unit of its own."""
    if previous.rstrip().endswith(("VÀ", ",", "-")) or piece.startswith("-"):
        return True
    # a short line without an organ word of its own; never a heading or a line with figures
    words = piece.split()
    return (
        not organ_like(piece)
        and len(words) <= 6
        and not any(c.isdigit() or c == ":" for c in piece)
        and _title_type(piece) is None
    )
