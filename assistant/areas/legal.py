"""The legal basis of an area: the laws, decrees, circulars and provincial decisions its documents cite most, each
with what the registry knows of it and, when the archive says so, that it was replaced or is no longer in force."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.vietnamese import fold
from index.citations.records import DirectiveLink, DirectiveReport, Fact, Mention
from index.citations.registry import Registry

# types that make law or policy; a decision or directive only from a province, ministry or the Government
STATUTE_TYPES = {"Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Nghị quyết", "Thông tư", "Thông tư liên tịch"}
RULING_TYPES = {"Quyết định", "Chỉ thị"}
_RULING_ISSUERS = ("UBND", "TTG", "BCT", "BCA", "BQP", "BXD", "BTC", "/20")  # "11/2026/QĐ-UBND": a normative one
LEGAL_BASIS_SHOWN = 12
# "thay thế một số điều của ...": a part replaced, the text stays in force
_PARTIAL = re.compile(r"\b(dieu|khoan|diem|cum tu|phu luc|mau|bieu mau|mot so)\b")
# "sửa đổi, bổ sung ... theo Nghị định số ...": named as the text that amends
_AMENDS = re.compile(r"sua doi|bo sung")
# "... đã được sửa đổi, bổ sung một số điều theo Nghị định số A, Nghị định số B ...": A and B amend, however long
_AMENDERS = re.compile(r"(sua doi|bo sung)[^.;]{0,40}?\b(theo|boi|tai)\b[^.;]*$")
_AMENDERS_REACH = 200
_AMENDERS_START = re.compile(r"(sua doi|bo sung)[^.;]{0,40}?\b(theo|boi|tai)\b")
_NUMBER = re.compile(r"\d+/\d{4}|\d+/[a-z]")
# a text named first and described at length before its "hết hiệu lực" ("Nghị định số 06/2021/NĐ-CP ... quy định
# chi tiết ... đã được sửa đổi, bổ sung theo ... hết hiệu lực kể từ ...")
_SUBJECT_CHARS = 420
_NEAR_CHARS = 160  # how far before "thay thế"/"hết hiệu lực" the text's number may be
_AFTER_CHARS = 40  # and after: "hết hiệu lực (Nghị định số ...", "thay thế Nghị định số ..."
_PART_WINDOW = 50
LinksOf = Callable[[str], list[DirectiveLink]]  # the directives one document cites (Registry.cites, memoised)


@dataclass(frozen=True)
class LegalText:
    """One text of the legal basis, with the mention it was first seen in as its citation."""

    key: str
    number: str
    doc_type: str
    date: Fact | None
    issuer: Fact | None
    subject: Fact | None
    held: tuple[str, ...]  # the archive's copies
    citing_documents: int  # how many documents of the area cite it
    example: Mention  # one citing sentence of the area
    superseded: Mention | None  # the sentence of the archive saying it was replaced or ended


def is_legal_basis(doc_type: str | None, number: str) -> bool:
    if doc_type in STATUTE_TYPES:
        return True
    return doc_type in RULING_TYPES and any(mark in number.upper() for mark in _RULING_ISSUERS)


def legal_basis(
    paths: Sequence[str], registry: Registry, links_of: LinksOf, limit: int = LEGAL_BASIS_SHOWN
) -> tuple[list[LegalText], int]:
    """The area's most cited legal texts (by how many of its documents cite them), most cited first, and how many
    legal texts its documents cite in all."""
    citing: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Mention] = {}
    for path in paths:
        for link in links_of(path):
            if is_legal_basis(link.doc_type, link.number):
                citing[link.key].add(path)
                first.setdefault(link.key, link.mention)
    ranked = sorted(citing, key=lambda k: (-len(citing[k]), k))[:limit]
    texts = []
    for key in ranked:
        report = registry.report(key)
        if report is None or _local(report.issuer):
            continue
        example = first[key]
        date, issuer = report.date, report.issuer
        if not report.archive and example.date and (date is None or date.value != example.date):
            # texts of one number whose mentions disagree: the date the area's own document gives
            date = Fact(example.date, "mention", example.doc_path, example.page, example.sentence)
            issuer = (
                Fact(example.issuer, "mention", example.doc_path, example.page, example.sentence)
                if (example.issuer)
                else None
            )
        texts.append(
            LegalText(
                key=key,
                number=report.number,
                doc_type=report.doc_type.value if report.doc_type else "Văn bản",
                date=date,
                issuer=issuer,
                subject=report.subject,
                held=tuple(d.path for d in report.archive),
                citing_documents=len(citing[key]),
                example=example,
                superseded=superseded_by(report),
            )
        )
    return texts, len(citing)


def _local(issuer: Fact | None) -> bool:
    """A district's or commune's decision is a case of its own (a decision complained about), not a legal basis."""
    return issuer is not None and re.search(r"\b(huyen|xa|thi xa|phuong)\b", fold(issuer.value)) is not None


def superseded_by(report: DirectiveReport) -> Mention | None:
    """The first sentence of the archive saying this text was replaced ("thay thế Nghị định số ...", "... được thay
    thế bằng"), repealed ("bãi bỏ") or is no longer in force ("hết hiệu lực"). A part replaced ("thay thế Điều 5",
    "các mẫu tại Thông tư ... được thay thế") does not count, nor the text that replaces another."""
    for mention in report.citations:
        sentence = fold(mention.sentence)
        at = sentence.find(fold(mention.number))
        if at >= 0 and ended_in(sentence, at):
            return mention
    return None


def _another_text_ends(between: str) -> bool:
    """Another text's number stands in `between` (the words after this one's number, up to "hết hiệu lực"), other
    than in the list of texts that amended this one ("... đã được sửa đổi, bổ sung theo Nghị định số A, Nghị định
    số B hết hiệu lực")."""
    amenders = _AMENDERS_START.search(between)
    return _NUMBER.search(between[: amenders.start()] if amenders else between) is not None


def ended_in(sentence: str, at: int) -> bool:
    """Whether the sentence says the text named at offset `at` was replaced, repealed or ended."""
    verdicts = []
    for marker in re.finditer(r"thay the|het hieu luc|bai bo", sentence):
        before = at < marker.start()
        between = sentence[at : marker.start()] if before else sentence[marker.end() : at]
        ended_here = marker.group() == "het hieu luc" and before
        if ended_here and _another_text_ends(re.sub(r"^[^\s,;]+", "", between)):
            continue  # "Nghị định số A có hiệu lực ...; Nghị định số B hết hiệu lực": B ends, not A
        reach = _SUBJECT_CHARS if ended_here else _NEAR_CHARS if before else _AFTER_CHARS
        if len(between) > reach or (not before and _PARTIAL.search(between)):
            continue  # "thay thế Điều 5 của Nghị định số ...": a part of it
        window = sentence[max(0, at - _PART_WINDOW) : at]
        amenders = _AMENDERS.search(sentence[max(0, at - _AMENDERS_REACH) : at])
        if _PARTIAL.search(window) or _AMENDS.search(window) or amenders:
            continue  # "các mẫu tại Thông tư số ...": a part of it; "sửa đổi ... theo Nghị định số ...": an amendment
        if marker.group() == "thay the":
            passive = re.search(r"(duoc|bi)\s+$", sentence[max(0, marker.start() - 6) : marker.start()])
            verdicts.append(before == bool(passive))  # "X được thay thế" / "thay thế X"; else X is the new text
        elif marker.group() == "bai bo":
            verdicts.append(not before)
        else:
            verdicts.append(True)
    return bool(verdicts) and all(verdicts)
