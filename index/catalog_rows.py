"""The catalogue's rows as Python values: what `index.catalog` reads back from SQLite."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from index.records import Chunk, DocMeta


@dataclass(frozen=True)
class FileRecord:
    """What the catalog knows of one file of the archive."""

    path: str
    sha256: str
    size: int
    kind: str | None
    status: str
    reason: str | None
    pages: int
    pages_ocr: int
    chunks: int
    meta: DocMeta | None
    version: str = ""
    embedded: bool = True  # its chunks have their vectors; False between the two phases of an ingest
    mtime_ns: int = 0  # the file's modification time when it was hashed (0: unknown)

    def same_file(self, size: int, mtime_ns: int) -> bool:
        """Whether a file of this size and modification time is, by its stamp, the one hashed: what rsync and make
        trust too; any touch or copy that changes the time makes the ingest hash it again."""
        return self.mtime_ns != 0 and (self.size, self.mtime_ns) == (size, mtime_ns)


@dataclass(frozen=True)
class Totals:
    files: int
    pages: int
    pages_ocr: int
    chunks: int


@dataclass(frozen=True)
class EmbeddingState:
    """How far the second phase of an ingest has come: every indexed document is searchable by its words and
    numbers; `embedded` of them by meaning too."""

    documents: int
    embedded: int
    chunks_pending: int

    @property
    def complete(self) -> bool:
        return self.embedded == self.documents


FILE_FIELDS = "path, sha256, size, kind, status, reason, pages, pages_ocr, chunks, meta, version, embedded, mtime_ns"
CHUNK_FIELDS = "doc_path, ordinal, text, heading, page_start, page_end, page_marks"
CHUNK_COLUMNS = f"chunk_id, {CHUNK_FIELDS}"


def meta_json(meta: DocMeta) -> str:
    return json.dumps(asdict(meta), ensure_ascii=False)


def file_record(row: tuple) -> FileRecord:
    path, sha, size, kind, status, reason, pages, pages_ocr, chunks, meta, version, embedded, mtime_ns = row
    parsed = None
    if meta:
        data = json.loads(meta)
        # JSON lists back to tuples; a field added since the row was written takes its default
        for name in ("recipients", "addressees"):
            data[name] = tuple(data.get(name) or ())
        parsed = DocMeta(**data)
    return FileRecord(
        path, sha, size, kind, status, reason, pages, pages_ocr, chunks, parsed, version, bool(embedded), mtime_ns
    )


def chunk_row(row: tuple) -> Chunk:
    doc_path, ordinal, text, heading, page_start, page_end, marks = row
    page_marks = tuple((offset, page) for offset, page in json.loads(marks or "[]"))
    return Chunk(doc_path, ordinal, text, tuple(json.loads(heading)), page_start, page_end, page_marks)
