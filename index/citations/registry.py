"""The registry of cited directives: every document the archive mentions, by key, beside the index.

A SQLite file (INDEX_DIR/registry.sqlite) kept in step with the catalog, one archive document at a time: the
pipeline calls `replace_document` after a file is indexed and `forget` when it leaves, so a lookup never scans
the chunks. It holds each archive document's own number and metadata, every reference its chunks make
(`references`) and the abbreviations they define (`glossary`).

Which mentions are one directive is decided at read time, per folded number: when all dated mentions of a
number share one year (or none has a year), they are one directive and undated mentions join it; when years
differ, each year is its own directive, and mentions without a year stay apart under the bare number. An
archive document holds a directive when its header number has the same folded number and its year agrees.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.citations.docnumbers import iter_doc_numbers, parse_doc_number
from index.citations.glossary import find_definitions
from index.citations.references import Reference, directive_key, extract_references, year_of
from index.records import Chunk, DocMeta
from index.sqlitedb import connect
from index.vocabulary import fold, symbol_type

log = logging.getLogger(__name__)

REGISTRY_FILE = "registry.sqlite"
"""The registry's file name in INDEX_DIR, beside catalog.sqlite."""
SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    number TEXT,                   -- the header number, canonical
    base TEXT,                     -- folded, without the year
    year INTEGER,
    doc_type TEXT, date TEXT, issuer TEXT, subject TEXT,
    number_source TEXT,            -- "header" | "filename" | NULL, as DocMeta.number_source
    title TEXT                     -- DocMeta.title: "Báo cáo số 45/BC-SCT", "(dự thảo, số ... theo tên tệp)"
);
CREATE INDEX IF NOT EXISTS documents_by_base ON documents (base);
CREATE TABLE IF NOT EXISTS mentions (
    doc_path TEXT NOT NULL,        -- the citing archive document
    ordinal INTEGER NOT NULL,      -- its chunk
    page INTEGER,
    number TEXT NOT NULL,
    base TEXT NOT NULL,
    year INTEGER,
    doc_type TEXT, type_source TEXT, date TEXT, issuer TEXT, subject TEXT,
    sentence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_by_base ON mentions (base);
CREATE INDEX IF NOT EXISTS mentions_by_doc ON mentions (doc_path);
CREATE TABLE IF NOT EXISTS definitions (
    doc_path TEXT NOT NULL,
    abbreviation TEXT NOT NULL,
    expansion TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS definitions_by_doc ON definitions (doc_path);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# weak evidence of a type: "Văn bản" says little, a symbol's type code is a guess
_WEAK_TYPES = {"Văn bản"}
_YEAR_IN_QUERY_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class Mention:
    """One place where an archive document mentions a directive."""

    doc_path: str
    page: int | None
    sentence: str
    number: str
    key: str
    doc_type: str | None = None
    type_source: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    citing_date: str | None = None  # the date of the citing document: orders citations newest first
    citing_title: str | None = None  # "Báo cáo 123/BC-SCT", for display


@dataclass(frozen=True)
class Fact:
    """One fact about a directive and where it comes from: its own header, or a mention of it."""

    value: str
    origin: str  # "header" | "mention" | "symbol"
    doc_path: str | None
    page: int | None
    sentence: str | None
    votes: int = 1  # how many mentions say the same


@dataclass(frozen=True)
class ArchiveDocument:
    """An archive document that is the directive itself (its header number matches)."""

    path: str
    number: str | None
    doc_type: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    number_source: str | None = None  # "filename": the number was read from the file name, not the header
    title: str | None = None  # DocMeta.title, as citations write it


@dataclass(frozen=True)
class DirectiveReport:
    """What the archive knows of one directive: facts merged from all mentions, its copy, its citations."""

    key: str  # "1389/QD-UBND@2020"
    number: str  # "1389/QĐ-UBND"
    year: int | None
    doc_type: Fact | None
    date: Fact | None
    issuer: Fact | None
    subject: Fact | None
    archive: tuple[ArchiveDocument, ...]
    citations: tuple[Mention, ...]  # newest citing document first
    alternatives: tuple[str, ...] = ()  # keys of other directives with the same number (other years)

    @property
    def in_archive(self) -> bool:
        return bool(self.archive)

    @property
    def citing_documents(self) -> int:
        return len({m.doc_path for m in self.citations})


@dataclass(frozen=True)
class DirectiveLink:
    """A directive one archive document cites: the first mention there, how often, and the archive copies."""

    key: str
    number: str
    doc_type: str | None
    mention: Mention
    count: int
    archive_paths: tuple[str, ...]


@dataclass(frozen=True)
class DirectiveSummary:
    """A line of the most-cited list."""

    key: str
    number: str
    doc_type: str | None
    subject: str | None
    citing_documents: int
    mentions: int
    archive_paths: tuple[str, ...]


@dataclass(frozen=True)
class RegistryStats:
    """Counts for the coverage script."""

    documents: int
    mentions: int
    directives: int
    resolved: int
    abbreviations: int


@dataclass
class _Group:
    """The mentions and archive documents that make one directive."""

    key: str
    base: str
    year: int | None
    mentions: list[Mention]
    documents: list[ArchiveDocument]


class Registry:
    """SQLite registry of cited directives and defined abbreviations, at INDEX_DIR/registry.sqlite."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, SCHEMA)
        with self._db:
            self._db.execute("INSERT OR IGNORE INTO info VALUES ('schema', ?)", (SCHEMA_VERSION,))
            # a registry written before documents kept where their number came from: those rows read as unknown
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
            for column in ("number_source", "title"):
                if column not in columns:
                    self._db.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")

    def close(self) -> None:
        self._db.close()

    # -- writing -------------------------------------------------------------------------------------------
    def replace_document(self, doc_path: str, meta: DocMeta, chunks: Sequence[Chunk]) -> None:
        """Drop, then add again, one archive document: its number and metadata, mentions and definitions."""
        own = parse_doc_number(meta.number) if meta.number else None
        own_base = own.key if own else None
        own_year = year_of(own, meta.date)
        references = [
            (ordinal, r)
            for ordinal, r in _years_within_document([item for chunk in chunks for item in _chunk_references(chunk)])
            if not (r.base == own_base and _compatible(r.year, own_year))  # the document naming itself
        ]
        definitions = [(doc_path, a, e) for chunk in chunks for a, e in find_definitions(chunk.text)]
        with self._db:
            self._delete(doc_path)
            self._db.execute(
                "INSERT INTO documents (path, number, base, year, doc_type, date, issuer, subject, number_source,"
                " title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_path,
                    own.canonical if own else None,
                    own_base,
                    own_year,
                    meta.doc_type,
                    meta.date,
                    meta.issuer,
                    meta.subject,
                    meta.number_source,
                    meta.title if meta.doc_type or meta.number else None,
                ),
            )
            self._db.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc_path,
                        ordinal,
                        r.page,
                        r.number,
                        r.base,
                        r.year,
                        r.doc_type,
                        r.type_source,
                        r.date,
                        r.issuer,
                        r.subject,
                        r.sentence,
                    )
                    for ordinal, r in references
                ],
            )
            self._db.executemany("INSERT INTO definitions VALUES (?, ?, ?)", definitions)

    def sync(self, indexed: Mapping[str, DocMeta], chunks_of: Callable[[str], Sequence[Chunk]]) -> int:
        """Add the indexed documents the registry lacks and drop those no longer indexed; how many were added.

        Cheap when in step. It fills a registry created beside an index built before it, and heals an ingest
        stopped between a file's catalog row and its registry rows.
        """
        present = {path for (path,) in self._db.execute("SELECT path FROM documents")}
        for path in sorted(present - set(indexed)):
            self.forget(path)
        missing = sorted(set(indexed) - present)
        for path in missing:
            self.replace_document(path, indexed[path], chunks_of(path))
        if missing:
            log.info("Sổ văn bản trích dẫn: đã bổ sung %d văn bản", len(missing))
        return len(missing)

    def forget(self, doc_path: str) -> None:
        """Drop one archive document (it left the archive, or is about to be indexed again)."""
        with self._db:
            self._delete(doc_path)

    def _delete(self, doc_path: str) -> None:
        for table, column in (("documents", "path"), ("mentions", "doc_path"), ("definitions", "doc_path")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (doc_path,))

    # -- reading -------------------------------------------------------------------------------------------
    def lookup(self, number_text: str) -> DirectiveReport | None:
        """The directive a number names, in any spelling; a year in the text picks among same-number ones.

        Without a year, when several directives share the number, the most cited one comes back and the others
        are listed in `alternatives` (see `lookup_all`).
        """
        reports = self.lookup_all(number_text)
        return reports[0] if reports else None

    def lookup_all(self, number_text: str) -> list[DirectiveReport]:
        """Every directive with the number in `number_text` (one, if it gives a year), most cited first."""
        found = next(iter_doc_numbers(number_text, strict=False), None)
        if found is None:
            return []
        parsed, start, end = found
        groups = self._groups(parsed.key)
        # a year in the number, or beside it: "1389/QĐ-UBND@2020", "1389/QĐ-UBND ngày 18/9/2020", "năm 2020"
        year = parsed.year or _query_year(number_text[end:]) or _query_year(number_text[:start])
        if year is not None:
            groups = [g for g in groups if g.year == year] or [g for g in groups if g.year is None]
        groups.sort(key=lambda g: (-len({m.doc_path for m in g.mentions}), -len(g.mentions), -(g.year or 0)))
        keys = [g.key for g in groups]
        return [self._report(g, tuple(k for k in keys if k != g.key)) for g in groups]

    def cites(self, doc_path: str) -> list[DirectiveLink]:
        """The directives one archive document cites, in order of first mention."""
        rows = self._db.execute(
            "SELECT base FROM mentions WHERE doc_path = ? GROUP BY base ORDER BY MIN(rowid)", (doc_path,)
        ).fetchall()
        links = []
        for (base,) in rows:
            for group in self._groups(base):
                own = [m for m in group.mentions if m.doc_path == doc_path]
                if own:
                    links.append(
                        DirectiveLink(
                            key=group.key,
                            number=_display_number(group),
                            doc_type=_type_of(group),
                            mention=own[0],
                            count=len(own),
                            archive_paths=tuple(d.path for d in group.documents),
                        )
                    )
        return links

    def cited_by(self, doc_path: str) -> list[Mention]:
        """Where other archive documents cite this one (by its header number), newest citing one first."""
        row = self._db.execute("SELECT base FROM documents WHERE path = ?", (doc_path,)).fetchone()
        if not row or not row[0]:
            return []
        for group in self._groups(row[0]):
            if any(d.path == doc_path for d in group.documents):
                return _newest_first(m for m in group.mentions if m.doc_path != doc_path)
        return []

    def most_cited(self, limit: int = 15) -> list[DirectiveSummary]:
        """The directives cited by the most archive documents."""
        summaries = []
        for group in self._all_groups():
            if not group.mentions:
                continue
            subject = _merged(group, "subject")
            summaries.append(
                DirectiveSummary(
                    key=group.key,
                    number=_display_number(group),
                    doc_type=_type_of(group),
                    subject=subject.value if subject else None,
                    citing_documents=len({m.doc_path for m in group.mentions}),
                    mentions=len(group.mentions),
                    archive_paths=tuple(d.path for d in group.documents),
                )
            )
        summaries.sort(key=lambda s: (-s.citing_documents, -s.mentions, s.key))
        return summaries[:limit]

    def mentions(self, doc_path: str | None = None) -> list[Mention]:
        """Every stored mention (of one citing document when given), in document order.

        Keys are as read in the citing document; `lookup` may join an undated mention to its number's year.
        """
        where, args = ("WHERE doc_path = ?", (doc_path,)) if doc_path else ("", ())
        rows = self._db.execute(
            f"SELECT base, {_MENTION_COLUMNS} FROM mentions {where} ORDER BY doc_path, ordinal, rowid", args
        ).fetchall()
        return [
            Mention(path, page, sentence, number, directive_key(base, year), *rest)
            for base, path, page, sentence, number, year, *rest in rows
        ]

    def glossary(self) -> dict[str, tuple[str, int]]:
        """Abbreviation -> (its most usual expansion, how many times the archive defines it)."""
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for abbreviation, expansion in self._db.execute("SELECT abbreviation, expansion FROM definitions"):
            spellings[abbreviation][expansion] += 1
        glossary = {}
        for abbreviation, counts in sorted(spellings.items()):
            # "cụm công nghiệp" and "Cụm công nghiệp" are one expansion: counted together, the usual one shown
            folded: Counter[str] = Counter()
            for expansion, n in counts.items():
                folded[fold(expansion)] += n
            top = folded.most_common(1)[0][0]
            shown = max((e for e in counts if fold(e) == top), key=lambda e: (counts[e], e.islower()))
            glossary[abbreviation] = (shown, sum(counts.values()))
        return glossary

    def stats(self) -> RegistryStats:
        """How many documents, mentions, directives, directives the archive holds, and abbreviations."""
        groups = [g for g in self._all_groups() if g.mentions]
        documents, mentions = self._db.execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM mentions)"
        ).fetchone()
        abbreviations = self._db.execute("SELECT COUNT(DISTINCT abbreviation) FROM definitions").fetchone()[0]
        return RegistryStats(
            documents=documents,
            mentions=mentions,
            directives=len(groups),
            resolved=sum(1 for g in groups if g.documents),
            abbreviations=abbreviations,
        )

    # -- grouping ------------------------------------------------------------------------------------------
    def _citing_documents(self) -> dict[str, tuple[str | None, str | None]]:
        """path -> (date, title) of every archive document, to order and label citations."""
        titles = {}
        rows = self._db.execute("SELECT path, number, doc_type, date, title FROM documents")
        for path, number, doc_type, date, title in rows:
            titles[path] = (date, title or " ".join(part for part in (doc_type, number) if part) or None)
        return titles

    def _groups(self, base: str) -> list[_Group]:
        mentions = self._db.execute(f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE base = ?", (base,)).fetchall()
        documents = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE base = ?", (base,)).fetchall()
        return _group(base, mentions, documents, self._citing_documents())

    def _all_groups(self) -> list[_Group]:
        mentions: dict[str, list[tuple]] = defaultdict(list)
        documents: dict[str, list[tuple]] = defaultdict(list)
        for row in self._db.execute(f"SELECT base, {_MENTION_COLUMNS} FROM mentions ORDER BY rowid"):
            mentions[row[0]].append(row[1:])
        for row in self._db.execute(
            f"SELECT base, {_DOCUMENT_COLUMNS} FROM documents WHERE base IS NOT NULL ORDER BY path"
        ):
            documents[row[0]].append(row[1:])
        citing = self._citing_documents()
        groups = []
        for base in sorted(set(mentions) | set(documents)):
            groups.extend(_group(base, mentions.get(base, []), documents.get(base, []), citing))
        return groups

    def _report(self, group: _Group, alternatives: tuple[str, ...]) -> DirectiveReport:
        return DirectiveReport(
            key=group.key,
            number=_display_number(group),
            year=group.year,
            doc_type=_merged(group, "doc_type"),
            date=_merged(group, "date"),
            issuer=_merged(group, "issuer"),
            subject=_merged(group, "subject"),
            archive=tuple(group.documents),
            citations=tuple(_newest_first(group.mentions)),
            alternatives=alternatives,
        )


_MENTION_COLUMNS = "doc_path, page, sentence, number, year, doc_type, type_source, date, issuer, subject"
_DOCUMENT_COLUMNS = "path, number, year, doc_type, date, issuer, subject, number_source, title"


def _chunk_references(chunk: Chunk) -> Iterable[tuple[int, Reference]]:
    for reference in extract_references(chunk.text, chunk.doc_path, chunk.page_start):
        # the page the number is on, which may be a later one than the chunk's first
        yield chunk.ordinal, replace(reference, page=chunk.page_at(reference.start))


def _years_within_document(references: list[tuple[int, Reference]]) -> list[tuple[int, Reference]]:
    """A number cited again without its date ("Quyết định 1389/QĐ-UBND nêu trên") takes its earlier year."""
    years: dict[str, set[int]] = defaultdict(set)
    for _, r in references:
        if r.year is not None:
            years[r.base].add(r.year)
    out = []
    for ordinal, r in references:
        if r.year is None and len(years[r.base]) == 1:
            r = replace(r, year=next(iter(years[r.base])))
        out.append((ordinal, r))
    return out


def _compatible(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _query_year(text: str) -> int | None:
    match = _YEAR_IN_QUERY_RE.search(text)
    return int(match.group(1)) if match else None


def _group(
    base: str,
    mention_rows: list[tuple],
    document_rows: list[tuple],
    citing: dict[str, tuple[str | None, str | None]],
) -> list[_Group]:
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
        return [_Group(directive_key(base, year), base, year, [m for _, m in mentions], [d for _, d in documents])]
    groups = [
        _Group(
            directive_key(base, year),
            base,
            year,
            [m for y, m in mentions if y == year],
            [d for y, d in documents if y == year],
        )
        for year in years
    ]
    undated = _Group(base, base, None, [m for y, m in mentions if y is None], [d for y, d in documents if y is None])
    if undated.mentions or undated.documents:
        groups.append(undated)
    return groups


def _newest_first(mentions: Iterable[Mention]) -> list[Mention]:
    """Citations by the citing document's date, newest first; undated ones last; then by path and page."""
    ordered = sorted(mentions, key=lambda m: (m.doc_path, m.page or 0))
    return sorted(ordered, key=lambda m: m.citing_date or "", reverse=True)


def _display_number(group: _Group) -> str:
    """The number as the archive copy writes it, else its most frequent spelling in the mentions."""
    for document in group.documents:
        if document.number:
            return document.number
    spellings = Counter(m.number for m in group.mentions)
    return spellings.most_common(1)[0][0] if spellings else group.base


def _type_of(group: _Group) -> str | None:
    fact = _merged(group, "doc_type")
    return fact.value if fact else None


def _merged(group: _Group, field: str) -> Fact | None:
    """One fact of the directive: its archive copy's header wins, else the value most mentions agree on."""
    for document in group.documents:
        value = getattr(document, field)
        if value:
            return Fact(value, "header", document.path, 1, None)
    fact = _vote(group.mentions, field)
    if fact is None and field == "doc_type":
        parsed = parse_doc_number(_display_number(group))
        guessed = symbol_type(parsed.symbol) if parsed else None
        return Fact(guessed, "symbol", None, None, None) if guessed else None
    return fact


def _vote(mentions: list[Mention], field: str) -> Fact | None:
    """The value most mentions give (spellings compared folded), with the newest mention that gives it.

    A type named by the word before the number outweighs one guessed from the symbol or the vague "Văn bản". A
    description counts every mention whose description it extends: "phê duyệt Kế hoạch phát triển ..." wins
    over the "phê duyệt Kế hoạch" of a mention that broke off.
    """
    given = [(m, getattr(m, field)) for m in _newest_first(mentions) if getattr(m, field)]
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
