"""The lexical index kept in a folder, brought in line with the catalogue by the documents that changed.

`lexical/lexicon.sqlite` says which segment folders (`lexical/segments/<name>/`, lexical_segments.py) make the index,
which document lives in which segment under which catalogue stamp, and the accent-form counts of the archive with
the form the diacritic restorer keeps for each folded key. `LexicalFolder.sync(catalog)` compares the stamps with
the catalogue's: documents gone or changed are dropped from the table (their rows in a segment become dead),
documents new or changed are tokenised into one new segment, so that a file costs its own tokens. Merging is
another step, `merge_step()`, taken after the change (by `ingest` once the archive is searchable, by `serve`'s
background worker after an upload): segments of a like size are merged, at a total cost logarithmic in the archive,
without holding up the change that called for it, and questions read the segments as they were until the merge
commits. A merge (lexical_merge.py) streams the postings a block at a time into the new segment's files, in a
memory that does not grow with the archive (a peak of about 0.2 GB at a million chunks, where holding them whole
took 18.5 GB). Each step is one SQLite transaction, after its segment files were written and renamed into place:
a crash leaves the old state or the new, and another process (a second `serve`) reads the segments that the writer
made instead of tokenising.
An index saved in an older LEXICAL_FORMAT (or by bm25s) is rebuilt once.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.lexical_accents import changed, count_accents, saved_restorer
from assistant.lexical_merge import merge_segments
from assistant.lexical_segments import Segment, SourceDocument, claimed, delete_leftovers
from assistant.vietnamese import DiacriticRestorer
from index.catalog import Catalog
from index.records import DocMeta
from index.sqlitedb import connect

log = logging.getLogger(__name__)

LEXICAL_FORMAT = 3  # bump when tokens or saved files change: a saved index of another format is rebuilt
MERGE_FACTOR = 4  # this many segments of one size class are merged into one
# chunks tokenised into one new segment at most: a change of more (a first ingest) writes several, which merging then
# joins. Tokenising a million chunks into one segment took the bench's build to a peak of 15.6 GB
# (scripts/bench_scale.py --chunks 1000000); the 26,560 chunks of ../shared/archive stay one segment.
SEGMENT_CHUNKS = 100_000
DB_FILE = "lexicon.sqlite"
SEGMENTS = "segments"
# what bm25s wrote here before segments (LEXICAL_FORMAT 2): deleted by the one rebuild
OLD_FILES = (
    "fingerprint.json", "accents.json", "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy",
    "params.index.json", "vocab.index.json", "nonoccurrence_array.index.npy", "corpus.jsonl",
)  # fmt: skip

SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS documents (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, segment TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS form_counts (
    key TEXT NOT NULL, form TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (key, form)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS accents (
    pair INTEGER NOT NULL, key TEXT NOT NULL, form TEXT NOT NULL, PRIMARY KEY (pair, key)
) WITHOUT ROWID;
"""

Parts = list[tuple[Segment, np.ndarray]]  # each segment with a boolean mask of its live documents


@dataclass(frozen=True)
class SavedState:
    """The index as one committed transaction left it; `state` changes with every change written."""

    state: str
    parts: Parts
    restorer: DiacriticRestorer


@dataclass
class _Manifest:
    format: int | None
    state: str
    segments: list[str]
    documents: dict[str, tuple[str, str]]  # path → (catalogue stamp, segment)

    def matches(self, stamps: dict[str, str]) -> bool:
        return self.format == LEXICAL_FORMAT and {p: s for p, (s, _) in self.documents.items()} == stamps


class LexicalFolder:
    """The saved lexical index of one folder; keeps the segments it has read (they never change) between calls."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._segments: dict[str, Segment] = {}
        self._accents: tuple[str, DiacriticRestorer] | None = None  # and the state it was read or written at

    def sync(self, catalog: Catalog) -> SavedState:
        """The saved index, first brought in line with the catalogue if any document changed."""
        stamps = catalog.index_stamps()
        with closing(self._connect()) as db:
            for _ in range(5):  # a writer may delete a segment between our reading the table and the file
                with _transaction(db, "BEGIN"):
                    manifest = _read_manifest(db)
                if not manifest.matches(stamps):
                    with _transaction(db, "BEGIN IMMEDIATE"):  # one writer at a time, across processes
                        manifest = _read_manifest(db)
                        if not manifest.matches(stamps):
                            manifest = self._update(db, manifest, catalog, stamps)
                    self._collect_garbage(db)
                try:
                    return self._state(db, manifest)
                except FileNotFoundError:
                    continue
        msg = f"Chỉ mục từ khoá ở {self.directory} đổi liên tục trong lúc đọc; hãy thử lại."
        raise RuntimeError(msg)

    # -- reading -----------------------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        (self.directory / SEGMENTS).mkdir(parents=True, exist_ok=True)
        db = connect(self.directory / DB_FILE, SCHEMA)
        db.isolation_level = None  # transactions are begun and ended here, explicitly
        db.execute("PRAGMA busy_timeout = 900000")  # another process's rebuild may take minutes
        return db

    def _segment(self, name: str) -> Segment:
        if name not in self._segments:
            self._segments[name] = Segment.load(self.directory / SEGMENTS, name)
        return self._segments[name]

    def _state(self, db: sqlite3.Connection, manifest: _Manifest) -> SavedState:
        parts: Parts = [(self._segment(n), self._live_mask(n, manifest.documents)) for n in manifest.segments]
        self._segments = {name: self._segments[name] for name in manifest.segments}  # forget merged-away ones
        if self._accents is None or self._accents[0] != manifest.state:
            self._accents = (manifest.state, saved_restorer(db))
        return SavedState(manifest.state, parts, self._accents[1])

    # -- writing -----------------------------------------------------------------------------------------------
    def _update(
        self, db: sqlite3.Connection, manifest: _Manifest, catalog: Catalog, stamps: dict[str, str]
    ) -> _Manifest:
        fresh = manifest.format != LEXICAL_FORMAT
        if fresh:
            log.info("Dựng lại chỉ mục từ khoá ở %s (định dạng %s)", self.directory, manifest.format)
            for table in ("segments", "documents", "form_counts", "accents"):
                db.execute(f"DELETE FROM {table}")
            for name in OLD_FILES:
                (self.directory / name).unlink(missing_ok=True)
            manifest = _Manifest(LEXICAL_FORMAT, "", [], {})
        documents = dict(manifest.documents)
        accents: Counter[str] = Counter()
        for path, (stamp, name) in manifest.documents.items():
            if stamps.get(path) != stamp:
                segment = self._segment(name)
                accents.subtract(segment.form_counts_of(segment.doc_paths.index(path)))
                del documents[path]
        added = sorted(p for p, stamp in stamps.items() if p not in documents)
        segments = list(manifest.segments)
        if added:
            # the added documents' metadata only: reading every document's grew with the archive
            sources = (SourceDocument(p, stamps[p], catalog.chunks_of(p), _meta_of(catalog, p)) for p in added)
            for batch in _batches(sources, SEGMENT_CHUNKS):
                segment = self._write(Segment.build(_new_name(), batch))
                for d, path in enumerate(segment.doc_paths):
                    documents[path] = (segment.doc_stamps[d], segment.name)
                    accents.update(segment.form_counts_of(d))
                segments.append(segment.name)
        held = {name for _, name in documents.values()}
        segments = [name for name in segments if name in held]  # a segment all of whose documents went
        state = uuid.uuid4().hex
        _write_manifest(db, LEXICAL_FORMAT, state, segments, documents, manifest.documents)
        changes = count_accents(db, accents, fresh)
        if fresh:
            self._accents = (state, changed(DiacriticRestorer({}, {}), changes))
        elif self._accents is not None and self._accents[0] == manifest.state:  # ours: only the changes to apply
            self._accents = (state, changed(self._accents[1], changes))
        else:
            self._accents = (state, saved_restorer(db))
        return _Manifest(LEXICAL_FORMAT, state, segments, documents)

    def merge_step(self) -> bool:
        """Make one merge the segments call for; whether one was committed. The merged segment is written without
        the write lock (segments never change; it is `claimed` against collection meanwhile), then committed in
        place of the segments it replaces, for the documents they still hold: the documents table says which
        segment holds each, so a document changed or removed meanwhile stays dead in it, as it is in them. When they
        hold none any more (another process merged them first, or their files went), it is dropped."""
        with closing(self._connect()) as db:
            with _transaction(db, "BEGIN"):
                manifest = _read_manifest(db)
            if manifest.format != LEXICAL_FORMAT:
                return False  # an index of another format is rebuilt by the next change, not merged
            live = {n: self._live_mask(n, manifest.documents) for n in manifest.segments}
            chosen = self._merge_choice(manifest, live)
            if not chosen:
                return False
            parts = [(self._segment(n), live[n]) for n in chosen]
            name = _new_name()
            try:
                with claimed(self.directory / SEGMENTS, name):
                    committed = self._commit_merge(db, chosen, merge_segments(self.directory / SEGMENTS, name, parts))
            except FileNotFoundError:  # a part's files went: another process merged it first, and committed
                committed = False
            self._collect_garbage(db)  # the replaced segments, or ours when another merge came first
            return committed

    def _commit_merge(self, db: sqlite3.Connection, chosen: list[str], merged: Segment) -> bool:
        """Name `merged` in place of the `chosen` segments, unless they hold no document any more."""
        with _transaction(db, "BEGIN IMMEDIATE"):
            now = _read_manifest(db)
            if not any(holder in chosen for _, holder in now.documents.values()):
                return False
            documents = {
                path: (stamp, merged.name if holder in chosen else holder)
                for path, (stamp, holder) in now.documents.items()
            }
            segments = [n for n in now.segments if n not in chosen] + [merged.name]
            state = uuid.uuid4().hex
            _write_manifest(db, LEXICAL_FORMAT, state, segments, documents, now.documents)
            self._segments[merged.name] = merged
            if self._accents is not None and self._accents[0] == now.state:  # a merge moves no word
                self._accents = (state, self._accents[1])
            return True

    def _merge_choice(self, manifest: _Manifest, live: dict[str, np.ndarray]) -> list[str]:
        """MERGE_FACTOR segments of one size class (live chunks, by powers of MERGE_FACTOR), else one segment
        mostly dead, to be rewritten without its dead rows; none when the segments call for nothing. `live`: each
        segment's mask of live documents."""
        sizes = {name: int(np.diff(self._segment(name).doc_start)[live[name]].sum()) for name in manifest.segments}
        classes: dict[int, list[str]] = {}
        for name in manifest.segments:
            classes.setdefault(int(math.log(max(sizes[name], 1), MERGE_FACTOR)), []).append(name)
        chosen = next((names[:MERGE_FACTOR] for names in classes.values() if len(names) >= MERGE_FACTOR), None)
        return chosen or [n for n in manifest.segments if sizes[n] * 2 < self._segment(n).rows][:1]

    def _live_mask(self, name: str, documents: dict[str, tuple[str, str]]) -> np.ndarray:
        """Which documents of the segment are live: those the documents table says it holds."""
        return np.array([documents.get(p, ("", ""))[1] == name for p in self._segment(name).doc_paths], dtype=bool)

    def _write(self, segment: Segment) -> Segment:
        segment.save(self.directory / SEGMENTS)
        self._segments[segment.name] = segment
        return segment

    def _collect_garbage(self, db: sqlite3.Connection) -> None:
        """Delete segment files no committed state names (merged away, or left by a crash), under the write lock: no
        other change has a file in flight then, and a merge in flight holds its segment `claimed`."""
        with _transaction(db, "BEGIN IMMEDIATE"):
            delete_leftovers(self.directory / SEGMENTS, {row[0] for row in db.execute("SELECT name FROM segments")})


def _batches(sources: Iterator[SourceDocument], size: int) -> Iterator[list[SourceDocument]]:
    """The documents in runs of about `size` chunks (a document is never split)."""
    batch: list[SourceDocument] = []
    held = 0
    for source in sources:
        batch.append(source)
        held += len(source.chunks)
        if held >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _meta_of(catalog: Catalog, path: str) -> DocMeta | None:
    record = catalog.file(path)
    return record.meta if record else None


@contextmanager
def _transaction(db: sqlite3.Connection, begin: str) -> Iterator[None]:
    db.execute(begin)
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _read_manifest(db: sqlite3.Connection) -> _Manifest:
    info = dict(db.execute("SELECT key, value FROM info"))
    segments = [row[0] for row in db.execute("SELECT name FROM segments ORDER BY seq")]
    documents = {p: (s, g) for p, s, g in db.execute("SELECT path, stamp, segment FROM documents")}
    saved_format = int(info["format"]) if "format" in info else None
    return _Manifest(saved_format, info.get("state", ""), segments, documents)


def _write_manifest(
    db: sqlite3.Connection,
    saved_format: int,
    state: str,
    segments: list[str],
    documents: dict[str, tuple[str, str]],
    before: dict[str, tuple[str, str]],
) -> None:
    """Only the rows that changed: a file's change writes its own documents' rows, not the archive's."""
    gone = [(p,) for p in before if p not in documents]
    db.executemany("DELETE FROM documents WHERE path = ?", gone)
    rows = [(p, s, g) for p, (s, g) in documents.items() if before.get(p) != (s, g)]
    db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", rows)
    db.execute("DELETE FROM segments")
    db.executemany("INSERT INTO segments VALUES (?, ?)", [(name, i) for i, name in enumerate(segments)])
    db.executemany("INSERT OR REPLACE INTO info VALUES (?, ?)", [("format", str(saved_format)), ("state", state)])


def _new_name() -> str:
    return uuid.uuid4().hex
