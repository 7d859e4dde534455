"""Provinces and centrally-run cities of Việt Nam (before and after the 2025 merger): a closed list, so a place
named in a header or a question can be recognised without guessing."""

from __future__ import annotations

import re
import unicodedata

CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
PROVINCES = tuple(
    " ".join(name.split())
    for name in """An Giang, Bà Rịa - Vũng Tàu, Bạc Liêu, Bắc Giang, Bắc Kạn, Bắc Ninh, Bến Tre, Bình Định, Bình Dương,
    Bình Phước, Bình Thuận, Cà Mau, Cao Bằng, Đắk Lắk, Đắk Nông, Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai,
    Hà Giang, Hà Nam, Hà Tĩnh, Hải Dương, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum,
    Lai Châu, Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ,
    Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, Tây Ninh,
    Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Tiền Giang, Trà Vinh, Tuyên Quang, Vĩnh Long,
    Vĩnh Phúc, Yên Bái""".split(",")
)


def fold_lower(text: str) -> str:
    """Lower case without diacritics, đ as d: "Lào Cai" → "lao cai"."""
    return text.lower().translate(_FOLDED)


class _Folding(dict[int, str]):
    """Each character's folded form, worked out the first time it is met: one table lookup a character instead of
    decomposing the whole text (folding was most of the work-area pages' time, 12 of 34 s at 30,000 chunks)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).replace("đ", "d"))
        # a combining mark met on its own (text already decomposed) folds to nothing, as in the decomposed text
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        self[code] = folded
        return folded


_FOLDED = _Folding()


PLACE_KEYS = {fold_lower(name): name for name in (*CITIES, *PROVINCES)}
PLACE_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, PLACE_KEYS), key=len, reverse=True)) + r")\b")


def places_in(text: str) -> set[str]:
    """The provinces and cities named in `text`, as folded keys ("lao cai"), accents and case ignored."""
    return set(PLACE_PATTERN.findall(fold_lower(text)))
