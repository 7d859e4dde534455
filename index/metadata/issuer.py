"""The issuing body in readable case, from the header's upper-left lines or, when they are lost, from the
codes of the symbol."""

from __future__ import annotations

import re

from index.metadata.header import continues_unit, organ_like
from index.metadata.subject import keeps_case, looks_garbled
from index.metadata.text import is_acronym, locality_phrase, province_named, upper_first
from index.vocabulary import LEGAL_FORMS, code_type, fold

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
_LEGAL_FORM_WORDS = frozenset(word for form in LEGAL_FORMS for word in fold(form).split())


def _field_case(words: list[str]) -> str:
    """Words naming a field in an organ's name: "NÔNG NGHIỆP VÀ MÔI TRƯỜNG" -> "Nông nghiệp và Môi trường"."""
    out: list[str] = []
    capitalise = True
    for word in words:
        if is_acronym(word):
            out.append(word)
        else:
            out.append(upper_first(word.lower()) if capitalise else word.lower())
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
                if all(not is_acronym(w) for w in name):
                    return words[:i], f"{lower} {' '.join(upper_first(w.lower()) for w in name)}"
    for size in (3, 2):  # "SỞ CÔNG THƯƠNG LÀO CAI": a province name without "tỉnh"
        if len(words) > size:
            province = province_named(" ".join(words[-size:]))
            if province:
                return words[:-size], locality_phrase(province)
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
                name = " ".join(w if keeps_case(w) else w.lower() for w in rest)
            elif organ_key in ("CONG TY", "TONG CONG TY"):
                name = " ".join(
                    w if is_acronym(w) else w.lower() if fold(w) in _LEGAL_FORM_WORDS else upper_first(w.lower())
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
        if units and continues_unit(units[-1], line):
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
    if looks_garbled(joint):
        return None
    parts = [p.strip() for p in re.split(r"\s-\s*|\s*-\s", joint) if p.strip()]
    if len(parts) > 1 and all(organ_like(p) for p in parts):
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


def body_from_symbol(symbol: str | None) -> str | None:
    """The kind of body a symbol's code names, without its province ("TTr-SCT": Sở Công Thương, "QĐ-TTg": Thủ
    tướng Chính phủ); None when the code is not a known one."""
    if not symbol or "/" in symbol:
        return None
    return issuer_from_symbol(symbol, None) or _PROVINCIAL_CODES.get(_body_code(_code_parts(symbol)))


def _code_parts(symbol: str) -> list[str]:
    return [fold(p) for p in symbol.split("-")]


def _body_code(parts: list[str]) -> str:
    """The code of the body among a symbol's parts: after the type's code when it opens the symbol ("TTr-SCT")."""
    return parts[1] if code_type(parts[0]) and len(parts) > 1 else parts[0]


def issuer_from_symbol(symbol: str | None, place: str | None) -> str | None:
    """The issuer a symbol's body code names ("QĐ-TTg": Thủ tướng Chính phủ, "BC-SCT" in Lào Cai: Sở Công Thương
    tỉnh Lào Cai), for a header whose issuer lines are lost; None when the code is not a known one."""
    if not symbol or "/" in symbol:
        return None
    parts = _code_parts(symbol)
    if re.fullmatch(r"QH\d+", parts[-1]):
        return "Quốc hội"
    code = _body_code(parts)
    if code in _CODE_ISSUERS:
        return _CODE_ISSUERS[code]
    if code in _PROVINCIAL_CODES and place:
        # Decree 30/2020: a provincial body writes the province's name as the place
        province = province_named(place)
        if province:
            return f"{_PROVINCIAL_CODES[code]} {locality_phrase(province)}"
    return None
