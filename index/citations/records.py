"""The records the registry of cited directives returns: mentions, facts with their origin, archive documents,
directive reports, links and summaries."""

from __future__ import annotations

from dataclasses import dataclass


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
