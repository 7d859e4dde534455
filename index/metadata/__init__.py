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

The modules follow the reading: `text` (case, acronyms, place names) and `names` (people, signature titles),
`pieces` (cutting the text), `header` with `dates` and `numbers`, then `issuer`, `subject`, `addressees` (the
"Kính gửi:" line) and `signature`; `extract_metadata` here puts their findings together.
"""

from __future__ import annotations

from index.metadata.addressees import read_addressees
from index.metadata.dates import date_from_filename, parse_vietnamese_date, refine_date
from index.metadata.header import HEADER_LINES, read_header
from index.metadata.issuer import format_issuer, issuer_from_symbol
from index.metadata.numbers import read_number
from index.metadata.pieces import split_pieces
from index.metadata.signature import (
    NOI_NHAN_RE,
    SIGNATURE_WINDOW,
    read_recipients,
    read_signature,
    signature_after_date_line,
    signer_from_stamp,
)
from index.metadata.subject import clean_subject
from index.records import DocMeta
from index.vocabulary import symbol_type

__all__ = [
    "HEADER_LINES",
    "SIGNATURE_WINDOW",
    "date_from_filename",
    "extract_metadata",
    "format_issuer",
    "parse_vietnamese_date",
    "signer_from_stamp",
]


def extract_metadata(
    text: str, path: str, pages: int = 1, pages_ocr: int = 0, *, stamp_text: str | None = None
) -> DocMeta:
    """The metadata of one document from its normalised text and path; unknown fields stay None.

    `stamp_text` is the raw text of digital-signature stamps, which the normaliser strips from `text`.
    """
    pieces = split_pieces(text)
    header = read_header(pieces)
    number, number_source, symbol = read_number(header, path, ocr=pages_ocr > 0)

    doc_type = header.doc_type
    if doc_type is None and header.vv_lines:
        doc_type = "Công văn"
    if doc_type is None and symbol:
        doc_type = symbol_type(symbol)
        # OCR misreads type codes ("QĐ" as "Qb"): an unknown two-letter code is no sign of a letter
        if doc_type == "Công văn" and pages_ocr and len(symbol.split("-")[0]) <= 2:
            doc_type = None
    if header.number_label and header.number_label.startswith("Luật") and doc_type is None:
        doc_type = "Luật"

    subject = clean_subject(header.vv_lines) if header.vv_lines else clean_subject(header.subject_lines)
    if header.vv_lines and subject:
        subject = f"V/v {subject}"

    issuer = format_issuer(header.issuer_lines) or issuer_from_symbol(symbol, header.place)

    noi_nhan = next((i for i, p in enumerate(pieces) if i > 3 and NOI_NHAN_RE.match(p)), None)
    signer, capacity = read_signature(pieces, noi_nhan)
    if signer is None and noi_nhan is None:
        signer, capacity = signature_after_date_line(pieces) or (None, capacity)
    if signer is None:
        signer = signer_from_stamp(stamp_text) or signer_from_stamp(text)
    recipients = read_recipients(pieces, noi_nhan) if noi_nhan is not None else ()

    return DocMeta(
        path=path,
        number=number,
        number_source=number_source,
        doc_type=doc_type,
        date=refine_date(header.date, date_from_filename(path)),
        place=header.place,
        issuer=issuer,
        subject=subject,
        signer=signer,
        signer_capacity=capacity,
        recipients=recipients,
        addressees=read_addressees(pieces),
        pages=pages,
        pages_ocr=pages_ocr,
    )
