"""Plain-text files in every encoding the archive meets: UTF-8 with a few broken bytes, the legacy font encodings
TCVN3 and VNI (written here byte for byte as such files hold them), and text that no reading makes Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from index.errors import UnreadableDocument
from index.loaders import load_document
from index.loaders.textdecode import TCVN3_TABLE, decode_text
from index.ocr import OcrConfig

NO_OCR = OcrConfig(enabled=False)

# A TCVN3 (.VnTime / .VnTimeH) document's bytes, as a Latin-1 string: the well-known garbled forms of the national
# motto ("CéNG HOµ X· HéI...") and of an ordinary report; headings set in the capitals font use the small letters'
# bytes. \xad is "ư" (the soft-hyphen byte), which a code-page reading silently drops.
TCVN3_FILE = (
    "UBND TØNH V¢N MéNG\n"
    "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\n"
    "§éc lËp - Tù do - H¹nh phóc\n"
    "X· héi ph¸t triÓn. Nhµ n\xadíc giao Së C«ng Th\xad¬ng b¸o c¸o t×nh h×nh s¶n xuÊt c«ng nghiÖp quý I n¨m 2023.\n"
)
TCVN3_TEXT = (
    "UBND TỈNH VÂN MỘNG\n"
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Xã hội phát triển. Nhà nước giao Sở Công Thương báo cáo tình hình sản xuất công nghiệp quý I năm 2023."
)
# The same in a VNI-Times document: a toned vowel is its base letter and a mark byte ("VIEÄT" is VIỆT).
VNI_FILE = (
    "UÛY BAN NHAÂN DAÂN TÆNH VAÂN MOÄNG\n"
    "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\n"
    "Ñoäc laäp - Töï do - Haïnh phuùc\n"
    "Ngöôøi daân ñaõ ñöôïc thoâng baùo veà vieäc Sôû Coâng Thöông baùo caùo tình hình saûn xuaát quyù I naêm 2023.\n"
)
VNI_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH VÂN MỘNG\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Người dân đã được thông báo về việc Sở Công Thương báo cáo tình hình sản xuất quý I năm 2023."
)
REPORT = "Sở Công Thương tỉnh Vân Mộng báo cáo tình hình sản xuất công nghiệp quý I năm 2023 của các doanh nghiệp."


def _load(tmp_path: Path, data: bytes, name: str = "van-ban.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, tmp_path, NO_OCR).text


def test_utf8_with_a_few_broken_bytes_keeps_every_accented_letter(tmp_path: Path) -> None:
    data = REPORT.encode("utf-8")
    broken = data[:38] + b"\xff\xfe" + data[38:] + b"\xc3"  # two stray bytes, and a letter cut off at the end
    text = _load(tmp_path, broken)
    assert "Sở Công Thương tỉnh Vân Mộng" in text
    assert "công nghiệp quý I năm 2023 của các doanh nghiệp." in text
    assert text.count("\ufffd") == 3  # the damage stays visible, nothing else is touched


def test_a_tcvn3_file_is_indexed_as_vietnamese(tmp_path: Path) -> None:
    # the index's normalisation puts the tone on the main vowel: "HOÀ" is stored as "HÒA"
    assert _load(tmp_path, TCVN3_FILE.encode("latin-1")).split("\n") == [
        "UBND TỈNH VÂN MỘNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Xã hội phát triển. Nhà nước giao Sở Công Thương báo cáo tình hình sản xuất công nghiệp quý I năm 2023.",
    ]


def test_tcvn3_and_vni_decode_to_the_exact_letters() -> None:
    assert decode_text(TCVN3_FILE.encode("latin-1")).rstrip("\n") == TCVN3_TEXT
    assert decode_text(VNI_FILE.encode("latin-1")).rstrip("\n") == VNI_TEXT


def test_a_vni_file_is_indexed_as_vietnamese(tmp_path: Path) -> None:
    text = _load(tmp_path, VNI_FILE.encode("latin-1"))
    assert "ỦY BAN NHÂN DÂN TỈNH VÂN MỘNG" in text
    assert "Người dân đã được thông báo" in text
    assert "Ä" not in text and "ö" not in text


def test_a_legacy_file_resaved_as_utf8_is_converted_too(tmp_path: Path) -> None:
    # opened as "ANSI" in an editor and saved as UTF-8: the garbled characters themselves are now in the file
    assert "UBND TỈNH VÂN MỘNG" in _load(tmp_path, TCVN3_FILE.encode("utf-8"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _load(tmp_path, VNI_FILE.encode("utf-8"), "vni-utf8.txt")


def test_a_tcvn3_capital_word_is_capitalised_but_a_capitalised_word_is_not() -> None:
    text = decode_text("X· héi ph¸t triÓn m¹nh. TØNH V¢N MéNG b¸o c¸o c«ng t¸c n¨m 2023 cña ®¬n vÞ.".encode("latin-1"))
    assert text == "Xã hội phát triển mạnh. TỈNH VÂN MỘNG báo cáo công tác năm 2023 của đơn vị."


def test_text_no_reading_makes_vietnamese_is_refused_with_the_reason(tmp_path: Path) -> None:
    russian = ("Системы противопожарной защиты. Эвакуационные пути и выходы. " * 3).encode("cp1251")
    with pytest.raises(UnreadableDocument, match="không phải Unicode, Windows-1258, TCVN3 hay VNI"):
        _load(tmp_path, russian)


def test_unicode_text_in_another_language_is_kept_as_it_is(tmp_path: Path) -> None:
    german = "Die Prüfung der Größe ergab, dass Müller über die Straße gehen muß. " * 3
    assert _load(tmp_path, german.encode("utf-8")).startswith("Die Prüfung der Größe ergab")
    french = "Le préfet a décidé que la réunion aura lieu à Besançon, près de l'hôtel. " * 3
    assert _load(tmp_path, french.encode("cp1252"), "fr.txt").startswith("Le préfet a décidé que la réunion")


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv (glibc) is absent")
def test_the_tcvn3_table_agrees_with_glibc_byte_for_byte() -> None:
    data = bytes(ord(byte) for byte in TCVN3_TABLE)
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"this iconv has no TCVN5712-1: {result.stderr.decode(errors='replace')}")
    assert len(TCVN3_TABLE) == 74  # 7 base capitals, 7 base small letters, 12 vowels x 5 tones
    assert result.stdout.decode("utf-8") == "".join(TCVN3_TABLE.values())
