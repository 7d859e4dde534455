"""The registry of cited directives: every document the archive mentions, by key, beside the index.

A SQLite file (INDEX_DIR/registry.sqlite) kept in step with the catalog, one archive document at a time: the
pipeline calls `replace_document` after a file is indexed and `forget` when it leaves, so a lookup never scans
the chunks. It holds each archive document's own number and metadata, every reference its chunks make
(`references`) and the abbreviations they define (`glossary`).

The records it returns are `records`; which mentions make one directive is `grouping`'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from index.citations.docnumbers import iter_doc_numbers, parse_doc_number
from index.citations.glossary import find_definitions, usual_expansions
from index.citations.grouping import (
    MENTION_COLUMNS,
    CitedGroup,
    all_groups,
    directive_report,
    display_number,
    groups_of,
    merged_fact,
    newest_first,
    type_of,
)
from index.citations.number_query import NumberQuery
from index.citations.records import (
    DirectiveLink,
    DirectiveReport,
    DirectiveSummary,
    Mention,
    RegistryStats,
)
from index.citations.references import directive_key, document_references, year_of
from index.records import Chunk, DocMeta
from index.sqlitedb import connect

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
_YEAR_IN_QUERY_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


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
            for ordinal, r in document_references(chunks)
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
        groups = groups_of(self._db, parsed.key)
        # a year in the number, or beside it: "1389/QĐ-UBND@2020", "1389/QĐ-UBND ngày 18/9/2020", "năm 2020"
        year = parsed.year or _query_year(number_text[end:]) or _query_year(number_text[:start])
        if year is not None:
            groups = [g for g in groups if g.year == year] or [g for g in groups if g.year is None]
        groups.sort(key=lambda g: (-len({m.doc_path for m in g.mentions}), -len(g.mentions), -(g.year or 0)))
        keys = [g.key for g in groups]
        return [directive_report(g, tuple(k for k in keys if k != g.key)) for g in groups]

    def find(self, query: NumberQuery) -> list[DirectiveReport]:
        """Every directive whose number part is the query's and whose type, symbol and year fit it, most cited first.

        For the forms staff type without a full symbol: "công văn 310", "CV 310/SCT", "CT 07 năm 2025".
        """
        bases = {
            base
            for table in ("mentions", "documents")
            for (base,) in self._db.execute(
                f"SELECT DISTINCT base FROM {table} WHERE base LIKE ? OR base LIKE ?",
                (f"{query.number}/%", f"{query.number}-%"),
            )
        }
        groups = [
            g for base in sorted(bases) for g in groups_of(self._db, base) if query.matches(g.key, type_of(g), g.year)
        ]
        if query.year is not None:
            groups = [g for g in groups if g.year == query.year] or groups
        groups.sort(key=lambda g: (-len({m.doc_path for m in g.mentions}), -len(g.mentions), -(g.year or 0)))
        return [directive_report(g, ()) for g in groups]

    def report(self, key: str) -> DirectiveReport | None:
        """The directive with one key ("1389/QD-UBND@2020", as reports give it), or None."""
        groups = groups_of(self._db, key.split("@")[0])
        return next(
            (directive_report(g, tuple(o.key for o in groups if o is not g)) for g in groups if g.key == key), None
        )

    def cites(self, doc_path: str, memo: dict[str, list[CitedGroup]] | None = None) -> list[DirectiveLink]:
        """The directives one archive document cites, in order of first mention. `memo`, each number's directives
        kept by a caller that asks for many documents while the registry does not change: a directive many
        documents cite is then grouped and voted on once for all of them (the work-area pages of 30,000 chunks
        spent 9 of their 20 s here before)."""
        memo = {} if memo is None else memo
        rows = self._db.execute(
            "SELECT base FROM mentions WHERE doc_path = ? GROUP BY base ORDER BY MIN(rowid)", (doc_path,)
        ).fetchall()
        links = []
        for (base,) in rows:
            if base not in memo:
                memo[base] = [CitedGroup.of(group) for group in groups_of(self._db, base)]
            for cited in memo[base]:
                own = cited.by_document.get(doc_path)
                if own:
                    links.append(
                        DirectiveLink(
                            key=cited.key,
                            number=cited.number,
                            doc_type=cited.doc_type,
                            mention=own[0],
                            count=len(own),
                            archive_paths=cited.archive_paths,
                        )
                    )
        return links

    def cited_by(self, doc_path: str) -> list[Mention]:
        """Where other archive documents cite this one (by its header number), newest citing one first."""
        row = self._db.execute("SELECT base FROM documents WHERE path = ?", (doc_path,)).fetchone()
        if not row or not row[0]:
            return []
        for group in groups_of(self._db, row[0]):
            if any(d.path == doc_path for d in group.documents):
                return newest_first(m for m in group.mentions if m.doc_path != doc_path)
        return []

    def most_cited(self, limit: int = 15) -> list[DirectiveSummary]:
        """The directives cited by the most archive documents."""
        summaries = []
        for group in all_groups(self._db):
            if not group.mentions:
                continue
            subject = merged_fact(group, "subject")
            summaries.append(
                DirectiveSummary(
                    key=group.key,
                    number=display_number(group),
                    doc_type=type_of(group),
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
            f"SELECT base, {MENTION_COLUMNS} FROM mentions {where} ORDER BY doc_path, ordinal, rowid", args
        ).fetchall()
        return [
            Mention(path, page, sentence, number, directive_key(base, year), *rest)
            for base, path, page, sentence, number, year, *rest in rows
        ]

    def definitions(self, doc_path: str) -> list[tuple[str, str]]:
        """(abbreviation, expansion) for each abbreviation one archive document defines, in order."""
        rows = self._db.execute(
            "SELECT abbreviation, expansion FROM definitions WHERE doc_path = ? ORDER BY rowid", (doc_path,)
        )
        return [(abbreviation, expansion) for abbreviation, expansion in rows]

    def glossary(self) -> dict[str, tuple[str, int]]:
        """Abbreviation -> (its most usual expansion, how many times the archive defines it)."""
        return usual_expansions(self._db.execute("SELECT abbreviation, expansion FROM definitions"))

    def stats(self) -> RegistryStats:
        """How many documents, mentions, directives, directives the archive holds, and abbreviations."""
        groups = [g for g in all_groups(self._db) if g.mentions]
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


def _compatible(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _query_year(text: str) -> int | None:
    match = _YEAR_IN_QUERY_RE.search(text)
    return int(match.group(1)) if match else None
