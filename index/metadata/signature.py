"""The end of a document: signer and capacity from the signature block, the signer of a digital stamp, and
the recipients listed after "Nơi nhận:"."""

from __future__ import annotations

import re

from index.metadata.header import BODY_START_RE, HARD_STOP_RE, NUMBER_LINE_RE
from index.metadata.names import is_capacity, person_name
from index.metadata.pieces import has_motto, place_start
from index.metadata.text import is_upper_line
from index.vocabulary import fold

SIGNATURE_WINDOW = 40
"""How many pieces after "Nơi nhận:" (or from the end, without it) hold the signature block."""

_SIGN_NOISE_RE = re.compile(r"^[\[(]?\s*(?:đã ký|ký|chữ ký|signed|ký tên|ký, ghi rõ|đóng dấu)", re.IGNORECASE)
NOI_NHAN_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_ITEM_RE = re.compile(r"^[-+•*~][-+•*~\s]*")  # OCR reads some dashes as "~", or as "~-"
_STAMP_SIGNER_RE = re.compile(r"(?:Ký bởi|Người ký)\s*:\s*(?P<name>[^\n,;:]+)", re.IGNORECASE)


def read_signature(pieces: list[str], noi_nhan: int | None) -> tuple[str | None, str | None]:
    """(signer, capacity) from the signature block near "Nơi nhận:" or, without it, at the end."""
    if noi_nhan is not None:
        window = pieces[max(0, noi_nhan - 12) : noi_nhan + SIGNATURE_WINDOW]
    else:
        window = pieces[-SIGNATURE_WINDOW:]
    blocks: list[tuple[list[str], str | None]] = []
    capacity: list[str] = []
    for piece in window:
        noi_nhan_line = NOI_NHAN_RE.match(piece)
        if noi_nhan_line and is_capacity(noi_nhan_line.group("rest")):
            piece = noi_nhan_line.group("rest")  # "Nơi nhận: TRƯỞNG BAN": the two columns on one line
        elif _ITEM_RE.match(piece) or noi_nhan_line or _SIGN_NOISE_RE.match(piece):
            continue
        if is_capacity(piece):
            if capacity and blocks and blocks[-1][0] is capacity:
                blocks.pop()
            capacity.append(" ".join(piece.split()))
            continue
        if capacity:
            name = person_name(piece)
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


def signature_after_date_line(pieces: list[str]) -> tuple[str, str | None] | None:
    """(signer, capacity) of a signature block that follows the last place-and-date line below the header: a
    certificate or a decision whose annex ("DANH MỤC ...") fills the end of the document signs before it."""
    dated = [i for i, piece in enumerate(pieces) if i > 3 and place_start(piece) == 0]
    if not dated:
        return None
    signer, capacity = read_signature(pieces[dated[-1] + 1 : dated[-1] + 1 + _AFTER_DATE_LINE], None)
    return (signer, capacity) if signer else None


_AFTER_DATE_LINE = 6
"""Pieces after the place-and-date line that may hold the titles and the name ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
"Nguyễn Văn A"), with a line of "(đã ký)" or a seal's text between them."""


def _breaks_signature(piece: str) -> bool:
    """A piece that cannot sit between a signature title and the name: a paragraph, the motto, a header line.

    Wrapped recipients and OCR specks can ("Tài chính, Nội vụ,", "@` 5ê"): columns interleave there."""
    if len(piece) > 80 or has_motto(piece) or place_start(piece) == 0 or NUMBER_LINE_RE.match(piece):
        return True
    if HARD_STOP_RE.match(piece) or BODY_START_RE.match(piece):
        return True
    return is_upper_line(piece) and len(piece.split()) >= 2


def signer_from_stamp(text: str | None) -> str | None:
    """The person named in a digital-signature stamp ("Ký bởi: Nguyễn Văn A"); None for an agency's stamp."""
    for match in _STAMP_SIGNER_RE.finditer(text or ""):
        name = person_name(match.group("name"))
        if name:
            return name
    return None


def read_recipients(pieces: list[str], noi_nhan: int) -> tuple[str, ...]:
    """The items listed under "Nơi nhận:" (the piece at `noi_nhan`), up to "Lưu: ..."."""
    items: list[str] = []
    first = NOI_NHAN_RE.match(pieces[noi_nhan])
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
        if is_capacity(piece) or person_name(piece) or _SIGN_NOISE_RE.match(piece):
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
