"""How the mentions of one folded number, and the archive documents with that number, make directives.

Which mentions are one directive is decided at read time, per folded number: when all dated mentions of a
number share one year (or none has a year), they are one directive and undated mentions join it; when years
differ, each year is its own directive, and mentions without a year stay apart under the bare number. An
archive document holds a directive when its header number has the same folded number and its year agrees.

A directive's facts (type, date, issuer, subject) are its archive copy's, else the value most mentions agree on.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from index.citations.docnumbers import parse_doc_number
from index.citations.records import ArchiveDocument, DirectiveReport, Fact, Mention
from index.citations.references import directive_key
from index.vocabulary import fold, symbol_type

# weak evidence of a type: "Văn bản" says little, a symbol's type code is a guess
_WEAK_TYPES = {"Văn bản"}
MENTION_COLUMNS = "doc_path, page, sentence, number, year, doc_type, type_source, date, issuer, subject"
DOCUMENT_COLUMNS = "path, number, year, doc_type, date, issuer, subject, number_source, title"


@dataclass
class Group:
    """The mentions and archive documents that make one directive."""

    key: str
    base: str
    year: int | None
    mentions: list[Mention]
    documents: list[ArchiveDocument]


@dataclass(frozen=True)
class CitedGroup:
    """One directive as the documents citing it see it: its key, number and type, and its mentions by document."""

    key: str
    number: str
    doc_type: str | None
    archive_paths: tuple[str, ...]
    by_document: dict[str, list[Mention]]

    @classmethod
    def of(cls, group: Group) -> CitedGroup:
        by_document: dict[str, list[Mention]] = {}
        for mention in group.mentions:
            by_document.setdefault(mention.doc_path, []).append(mention)
        paths = tuple(d.path for d in group.documents)
        return cls(group.key, display_number(group), type_of(group), paths, by_document)


def _citing_documents(
    db: sqlite3.Connection, paths: Iterable[str] | None = None
) -> dict[str, tuple[str | None, str | None]]:
    """path -> (date, title) of the archive documents at `paths` (every one when None), to order and label
    citations. One number's citations read only their own documents: reading them all for each number made the
    work-area pages of a 30,000-chunk archive take 60 s."""
    if paths is None:
        rows = db.execute("SELECT path, number, doc_type, date, title FROM documents").fetchall()
    else:
        wanted, rows = sorted(set(paths)), []
        for start in range(0, len(wanted), 500):  # under SQLite's bound-variable limit
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT path, number, doc_type, date, title FROM documents WHERE path IN ({marks})"
            rows += db.execute(query, part).fetchall()
    return {
        path: (date, title or " ".join(part for part in (doc_type, number) if part) or None)
        for path, number, doc_type, date, title in rows
    }


def groups_of(db: sqlite3.Connection, base: str) -> list[Group]:
    """The directives the rows of one folded number make (module docstring)."""
    mentions = db.execute(f"SELECT {MENTION_COLUMNS} FROM mentions WHERE base = ?", (base,)).fetchall()
    documents = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE base = ?", (base,)).fetchall()
    return _group_rows(base, mentions, documents, _citing_documents(db, (row[0] for row in mentions)))


def all_groups(db: sqlite3.Connection) -> list[Group]:
    """The directives of every folded number in the registry, by number."""
    mentions: dict[str, list[tuple]] = defaultdict(list)
    documents: dict[str, list[tuple]] = defaultdict(list)
    for row in db.execute(f"SELECT base, {MENTION_COLUMNS} FROM mentions ORDER BY rowid"):
        mentions[row[0]].append(row[1:])
    for row in db.execute(f"SELECT base, {DOCUMENT_COLUMNS} FROM documents WHERE base IS NOT NULL ORDER BY path"):
        documents[row[0]].append(row[1:])
    citing = _citing_documents(db)
    groups = []
    for base in sorted(set(mentions) | set(documents)):
        groups.extend(_group_rows(base, mentions.get(base, []), documents.get(base, []), citing))
    return groups


def _group_rows(
    base: str,
    mention_rows: list[tuple],
    document_rows: list[tuple],
    citing: dict[str, tuple[str | None, str | None]],
) -> list[Group]:
    """Split the mentions and archive documents of one folded number into directives (module docstring)."""
    if not mention_rows and not document_rows:
        return []
    mentions = []
    for doc_path, page, sentence, number, year, doc_type, type_source, date, issuer, subject in mention_rows:
        citing_date, citing_title = citing.get(doc_path, (None, None))
        mention = Mention(
            doc_path,
            page,
            sentence,
            number,
            directive_key(base, year),
            doc_type,
            type_source,
            date,
            issuer,
            subject,
        )
        mentions.append((year, replace(mention, citing_date=citing_date, citing_title=citing_title)))
    documents = [(row[2], ArchiveDocument(row[0], row[1], *row[3:])) for row in document_rows]
    years = sorted({y for y, _ in mentions if y is not None} | {y for y, _ in documents if y is not None})
    if len(years) <= 1:
        year = years[0] if years else None
        return [Group(directive_key(base, year), base, year, [m for _, m in mentions], [d for _, d in documents])]
    groups = [
        Group(
            directive_key(base, year),
            base,
            year,
            [m for y, m in mentions if y == year],
            [d for y, d in documents if y == year],
        )
        for year in years
    ]
    undated = Group(base, base, None, [m for y, m in mentions if y is None], [d for y, d in documents if y is None])
    if undated.mentions or undated.documents:
        groups.append(undated)
    return groups


def directive_report(group: Group, alternatives: tuple[str, ...]) -> DirectiveReport:
    """What the archive knows of the directive a group makes, with the keys of the others of its number."""
    return DirectiveReport(
        key=group.key,
        number=display_number(group),
        year=group.year,
        doc_type=merged_fact(group, "doc_type"),
        date=merged_fact(group, "date"),
        issuer=merged_fact(group, "issuer"),
        subject=merged_fact(group, "subject"),
        archive=tuple(group.documents),
        citations=tuple(newest_first(group.mentions)),
        alternatives=alternatives,
    )


def newest_first(mentions: Iterable[Mention]) -> list[Mention]:
    """Citations by the citing document's date, newest first; undated ones last; then by path and page."""
    ordered = sorted(mentions, key=lambda m: (m.doc_path, m.page or 0))
    return sorted(ordered, key=lambda m: m.citing_date or "", reverse=True)


def display_number(group: Group) -> str:
    """The number as the archive copy writes it, else its most frequent spelling in the mentions."""
    for document in group.documents:
        if document.number:
            return document.number
    spellings = Counter(m.number for m in group.mentions)
    return spellings.most_common(1)[0][0] if spellings else group.base


def type_of(group: Group) -> str | None:
    """The directive's type, as `merged_fact` gives it."""
    fact = merged_fact(group, "doc_type")
    return fact.value if fact else None


def merged_fact(group: Group, field: str) -> Fact | None:
    """One fact of the directive: its archive copy's header wins, else the value most mentions agree on."""
    for document in group.documents:
        value = getattr(document, field)
        if value:
            return Fact(value, "header", document.path, 1, None)
    fact = _vote(group.mentions, field)
    if fact is None and field == "doc_type":
        parsed = parse_doc_number(display_number(group))
        guessed = symbol_type(parsed.symbol) if parsed else None
        return Fact(guessed, "symbol", None, None, None) if guessed else None
    return fact


def _vote(mentions: list[Mention], field: str) -> Fact | None:
    """The value most mentions give (spellings compared folded), with the newest mention that gives it.

    A type named by the word before the number outweighs one guessed from the symbol or the vague "Văn bản". A
    description counts every mention whose description it extends: "phê duyệt Kế hoạch phát triển ..." wins
    over the "phê duyệt Kế hoạch" of a mention that broke off.
    """
    given = [(m, getattr(m, field)) for m in newest_first(mentions) if getattr(m, field)]
    if not given:
        return None
    scores: Counter[str] = Counter()
    agreeing: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for mention, value in given:
        key = fold(value)
        first.setdefault(key, mention)
        weak = field == "doc_type" and (mention.type_source != "text" or value in _WEAK_TYPES)
        for other in {fold(v) for _, v in given}:
            agrees = other == key if field != "subject" else other.startswith(key)
            if agrees:
                scores[other] += 1 if weak else 2
                agreeing[other] += 1
    top = max(scores, key=lambda k: (scores[k], len(k)))
    source = first[top]
    return Fact(getattr(source, field), "mention", source.doc_path, source.page, source.sentence, agreeing[top])
