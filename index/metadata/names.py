"""A person's name and a signature title, each recognised in one piece of text.

Cutting lines into pieces and reading the signature block both need them, so they live apart from either.
"""

from __future__ import annotations

import re

from index.metadata.text import is_upper_line, list_items, upper_first
from index.normalise import GARBAGE_THRESHOLD, garbage_ratio
from index.vocabulary import fold

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

_SURNAMES = frozenset(
    list_items(
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


def person_name(piece: str) -> str | None:
    """`piece` as a person's name, or None: "Nguyễn Văn A", "NGUYỄN VĂN A", "Thượng tướng Nguyễn Văn A".

    The family name must be a known one, spelt with its tone marks: "Prẫn Phước Hiền" (OCR) or "Nguyen Van A"
    (a font without Vietnamese) is no name to cite."""
    text = _NAME_RANKS.sub("", piece.strip(" .,;*"))
    words = text.split()
    if not 2 <= len(words) <= 5 or any(not w.isalpha() for w in words):
        return None
    if all(w.isupper() for w in words):
        words = [upper_first(w.lower()) for w in words]
    if not all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return None
    if words[0].lower() not in _SURNAMES or any(fold(w) in _NOT_NAME_WORDS for w in words[1:]):
        return None
    return " ".join(words)


def is_capacity(piece: str) -> bool:
    """Whether `piece` is a signature title in capitals: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"."""
    return is_upper_line(piece) and bool(_CAPACITY_RE.match(fold(piece))) and garbage_ratio(piece) <= GARBAGE_THRESHOLD
