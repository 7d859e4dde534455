"""The text cut into pieces: lines, table cells, and the parts of a line where a second column or block
starts (the motto, "Place, ngày ...", "Số:", "KT. ..."), which DOCX tables, PDF text layers and OCR put on one
line."""

from __future__ import annotations

import re
import unicodedata

from index.citations.docnumbers import prepare_text
from index.metadata.names import is_capacity, person_name
from index.metadata.text import is_upper_line, province_named
from index.vocabulary import fold

# The national motto, matched on the folded line (OCR writes "CỌNG HÒA", legacy fonts "CQNG HOA XA HQI").
_MOTTO_RE = re.compile(r"C[O0Q]NG\s*H[O0Q]A\s+XA\s+H[O0Q]I|DOC\s*LAP\s*[-–—]+\s*TU\s*DO")
_MOTTO_END_RE = re.compile(r"VIET\s+NAM|HANH\s+PHUC")
DATE_WORD_RE = re.compile(
    r",\s*(?:ng[àa]y|th[áa]ng|\d{1,2}\s*/\s*\d{1,4})|(?=\s+ng[àa]y\b[^,\n]{0,12}?th[áa]ng)", re.IGNORECASE
)
_NOT_PLACE_WORDS = frozenset({"TAI", "HOM", "NGAY", "VAO", "TU", "SO:", "SO"})
_CAPACITY_START_RE = re.compile(r"(?<!\w)(?:KT|TM|TL|TUQ|Q)\s?\.\s*[A-ZĐỦỦ]")
_NUMBER_START_RE = re.compile(r"(?<!\w)(?:Số|SỐ)\s*:")
_KINH_GUI_START_RE = re.compile(r"(?<=\S)\s+(?=Kính\s+gửi\s*:)")
_SEPARATOR_RE = re.compile(r"^[\s\-_=–—.…*~·•]*$")
_NOISE_PREFIX_RE = re.compile(r"^(?:#|={3,}|@\s)")


def place_start(line: str) -> int | None:
    """Where the place of "Place, ngày ..." starts in `line`, if it is one to four capitalised words."""
    for match in DATE_WORD_RE.finditer(line):
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
        if start is not None and (match.group(0) or province_named(before[start:])):
            return start
    return None


def _fold_chars(text: str) -> str:
    """`fold` character for character, so that offsets in the result are offsets in `text`."""
    return "".join((fold(c) or c)[:1] for c in text)


def has_motto(piece: str) -> bool:
    """Whether `piece` holds the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do ...")."""
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
    place = place_start(line)
    if place:
        cuts.add(place)
    for match in _NUMBER_START_RE.finditer(line):
        if is_upper_line(line[: match.start()]):
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
        if head and person_name(tail):
            return [head + ";", tail.strip()]
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            if not any(c.islower() for c in tail):
                if is_capacity(tail):
                    return [" ".join(words[:i]), tail]
                break
        return [piece]
    for i in range(len(words) - 2, 0, -1):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if not any(c.islower() for c in head):
            if is_capacity(head) and any(c.islower() for c in tail) and person_name(tail):
                return [head, tail]
            break
    return [piece]


def split_pieces(text: str) -> list[str]:
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
