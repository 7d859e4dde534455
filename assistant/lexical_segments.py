"""Segments of the lexical index: the token counts of a batch of documents, written once and never changed.

A segment holds, for each chunk of the documents it was built from, how often each token occurs in it (by token:
the postings BM25 reads) and its length in tokens, and for each document the counts of its accent forms (so that
the diacritic restorer's counts can lose them when the document goes). Nothing global is kept in a segment: the
number of chunks, their mean length and a token's document frequency are taken over the live chunks of every
segment when a question is scored, so the scores equal those of an index built in one go. Adding a file tokenises
only that file; removing one only marks its rows dead; `merge` rewrites a few segments into one, without their dead
rows and without tokenising anything again.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.vietnamese import accent_forms, tokenize
from index.records import Chunk, DocMeta


def chunk_search_text(chunk: Chunk, meta: DocMeta | None) -> str:
    """What BM25 sees for a chunk: document identity, heading path and the passage."""
    head = []
    if meta:
        head = [meta.doc_type or "", meta.number or "", meta.subject or "", meta.issuer or ""]
    return "\n".join([" ".join(h for h in head if h), " ".join(chunk.heading_path), chunk.text])


@dataclass(frozen=True)
class SourceDocument:
    """One document to put in a segment: its chunks in order, its metadata, and the catalogue's stamp of it."""

    path: str
    stamp: str
    chunks: Sequence[Chunk]
    meta: DocMeta | None


class _Sparse:
    """A sparse matrix of counts by column (CSC-like): the entries of column c are rows[indptr[c]:indptr[c + 1]]."""

    def __init__(self, indptr: np.ndarray, rows: np.ndarray, counts: np.ndarray) -> None:
        self.indptr, self.rows, self.counts = indptr, rows, counts

    @classmethod
    def from_entries(cls, columns: np.ndarray, rows: np.ndarray, counts: np.ndarray, width: int) -> _Sparse:
        order = np.argsort(columns, kind="stable")  # by term; the order of rows within a term does not matter
        indptr = np.zeros(width + 1, dtype=np.int64)
        np.cumsum(np.bincount(columns, minlength=width), out=indptr[1:])
        return cls(indptr, rows[order].astype(np.int32), counts[order].astype(np.float32))

    def columns(self) -> np.ndarray:
        """The column of every entry."""
        return np.repeat(np.arange(len(self.indptr) - 1, dtype=np.int64), np.diff(self.indptr))


@dataclass(frozen=True)
class Segment:
    """The token counts of some documents' chunks (rows) and the accent forms of each document.

    Terms are known by a 64-bit hash (`term_key`), sorted, so that a loaded segment needs no vocabulary of strings:
    its arrays are mapped from disk and a token's column is a binary search. Two tokens of one hash would share
    their postings; among the million tokens of a large archive that has a chance of about 3 in 100 million."""

    name: str
    doc_paths: list[str]
    doc_stamps: list[str]
    doc_start: np.ndarray  # document d owns rows doc_start[d]:doc_start[d + 1]
    ordinals: np.ndarray  # each row's chunk ordinal in its document
    lengths: np.ndarray  # each row's length in tokens
    term_keys: np.ndarray  # sorted: the term of each column
    postings: _Sparse  # rows by term
    form_counts: _Sparse  # accent form counts: documents by form
    forms_file: Path | None = None  # where the forms' strings are, read when first needed (a removal, a merge)

    @cached_property
    def forms(self) -> list[str]:
        assert self.forms_file is not None
        return list(json.loads(self.forms_file.read_text(encoding="utf-8")))

    @property
    def rows(self) -> int:
        return len(self.lengths)

    def column(self, token: str) -> int | None:
        key = term_key(token)
        column = int(np.searchsorted(self.term_keys, key))
        return column if column < len(self.term_keys) and self.term_keys[column] == key else None

    def row_docs(self) -> np.ndarray:
        """Each row's document number."""
        return np.repeat(np.arange(len(self.doc_paths)), np.diff(self.doc_start))

    def chunk_ids(self, row_mask: np.ndarray | None = None) -> list[str]:
        docs, ordinals = self.row_docs(), self.ordinals
        if row_mask is not None:
            docs, ordinals = docs[row_mask], ordinals[row_mask]
        return [f"{self.doc_paths[d]}#{o}" for d, o in zip(docs.tolist(), ordinals.tolist(), strict=True)]

    def row_paths(self, row_mask: np.ndarray | None = None) -> list[str]:
        docs = self.row_docs() if row_mask is None else self.row_docs()[row_mask]
        return [self.doc_paths[d] for d in docs.tolist()]

    def form_counts_of(self, doc: int) -> Counter[str]:
        """The accent forms of document number `doc`, counted."""
        start, end = self.form_counts.indptr[doc], self.form_counts.indptr[doc + 1]
        ids, counts = self.form_counts.rows[start:end].tolist(), self.form_counts.counts[start:end].tolist()
        return Counter({self.forms[i]: int(c) for i, c in zip(ids, counts, strict=True)})

    # -- making one ------------------------------------------------------------------------------------------------
    @classmethod
    def build(cls, name: str, documents: Iterable[SourceDocument]) -> Segment:
        """Tokenise the documents' chunks: the one step whose cost is the text's length."""
        terms: dict[str, int] = {}
        forms: dict[str, int] = {}
        paths: list[str] = []
        stamps: list[str] = []
        # arrays of machine integers, not lists: a whole archive's postings are tens of millions of entries
        starts, ordinals, lengths = array("q", [0]), array("q"), array("q")
        term_rows, term_ids, term_counts = array("q"), array("q"), array("q")
        form_docs, form_ids, form_counts = array("q"), array("q"), array("q")
        for doc in documents:
            doc_forms: Counter[str] = Counter()
            for chunk in doc.chunks:
                tokens = tokenize(chunk_search_text(chunk, doc.meta)) or ["_"]
                row = len(lengths)
                for token, count in Counter(tokens).items():
                    term_rows.append(row)
                    term_ids.append(terms.setdefault(token, len(terms)))
                    term_counts.append(count)
                ordinals.append(chunk.ordinal)
                lengths.append(len(tokens))
                doc_forms.update(accent_forms(chunk.text))
            for form, count in doc_forms.items():
                form_docs.append(len(paths))
                form_ids.append(forms.setdefault(form, len(forms)))
                form_counts.append(count)
            paths.append(doc.path)
            stamps.append(doc.stamp)
            starts.append(len(lengths))
        keys = np.fromiter((term_key(t) for t in terms), dtype=np.int64, count=len(terms))
        term_keys, columns = np.unique(keys, return_inverse=True)
        postings = _Sparse.from_entries(columns[_ints(term_ids)], _ints(term_rows), _ints(term_counts), len(term_keys))
        by_form = _Sparse.from_entries(_ints(form_docs), _ints(form_ids), _ints(form_counts), len(paths))
        segment = cls(name, paths, stamps, _ints(starts), _ints(ordinals), _ints(lengths), term_keys, postings, by_form)
        segment.__dict__["forms"] = list(forms)
        return segment

    @classmethod
    def merge(cls, name: str, parts: Sequence[tuple[Segment, np.ndarray]]) -> Segment:
        """One segment of the live documents of `parts` (each a segment and a boolean mask over its documents)."""
        paths: list[str] = []
        stamps: list[str] = []
        starts, ordinals, lengths = [np.zeros(1, dtype=np.int64)], [], []
        term_keys, term_rows, term_counts, form_rows, form_cols, form_counts = [], [], [], [], [], []
        forms: dict[str, int] = {}
        rows_before, docs_before = 0, 0
        for segment, live_docs in parts:
            live_rows = np.repeat(live_docs, np.diff(segment.doc_start))
            new_row = np.cumsum(live_rows) - 1 + rows_before  # a live row's number in the merged segment
            kept = live_rows[segment.postings.rows]
            term_keys.append(segment.term_keys[segment.postings.columns()[kept]])
            term_rows.append(new_row[segment.postings.rows[kept]])
            term_counts.append(segment.postings.counts[kept])
            # accent forms are stored by document: the form matrix's "columns" are documents, its rows forms
            new_doc = np.cumsum(live_docs) - 1 + docs_before
            doc_of_entry = segment.form_counts.columns()
            kept_forms = live_docs[doc_of_entry]
            form_ids = segment.form_counts.rows[kept_forms]
            used = np.unique(form_ids)
            remap = np.zeros(len(segment.forms), dtype=np.int64)
            remap[used] = [forms.setdefault(segment.forms[f], len(forms)) for f in used.tolist()]
            form_rows.append(remap[form_ids])
            form_cols.append(new_doc[doc_of_entry[kept_forms]])
            form_counts.append(segment.form_counts.counts[kept_forms])
            for d in np.flatnonzero(live_docs).tolist():
                paths.append(segment.doc_paths[d])
                stamps.append(segment.doc_stamps[d])
            starts.append(np.cumsum(np.diff(segment.doc_start)[live_docs]) + rows_before)
            ordinals.append(segment.ordinals[live_rows])
            lengths.append(segment.lengths[live_rows])
            rows_before += int(live_rows.sum())
            docs_before += int(live_docs.sum())
        keys, columns = np.unique(_cat(term_keys), return_inverse=True)
        postings = _Sparse.from_entries(columns, _cat(term_rows), _cat(term_counts), len(keys))
        by_form = _Sparse.from_entries(_cat(form_cols), _cat(form_rows), _cat(form_counts), len(paths))
        segment = cls(name, paths, stamps, _cat(starts), _cat(ordinals), _cat(lengths), keys, postings, by_form)
        segment.__dict__["forms"] = list(forms)
        return segment

    # -- on disk -------------------------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write the segment as the folder `<name>`: into a temporary folder first, each file synced, then renamed,
        so that a crash leaves either the whole segment or none (an unreferenced leftover goes with the next
        change)."""
        final = directory / self.name
        temporary = directory / f".{self.name}.tmp"
        temporary.mkdir()
        documents = {"doc_paths": self.doc_paths, "doc_stamps": self.doc_stamps}
        files = {name: np.asarray(getattr(self, name)) for name in ("doc_start", "ordinals", "lengths", "term_keys")}
        files |= {"indptr": self.postings.indptr, "rows": self.postings.rows, "counts": self.postings.counts}
        files |= {"form_indptr": self.form_counts.indptr, "form_ids": self.form_counts.rows}
        files["form_counts"] = self.form_counts.counts
        for name, values in files.items():
            _write(temporary / f"{name}.npy", values)
        for name, strings in (("documents", documents), ("forms", self.forms)):
            _write(temporary / f"{name}.json", json.dumps(strings, ensure_ascii=False).encode("utf-8"))
        os.replace(temporary, final)
        _sync_folder(directory)

    @classmethod
    def load(cls, directory: Path, name: str) -> Segment:
        """The segment saved as `directory/name`, its arrays mapped from the files rather than read."""
        folder = directory / name
        documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))

        def mapped(array_name: str) -> np.ndarray:  # a plain array over the mapping: np.memmap slices slowly
            return np.load(folder / f"{array_name}.npy", mmap_mode="r").view(np.ndarray)

        postings = _Sparse(mapped("indptr"), mapped("rows"), mapped("counts"))
        by_form = _Sparse(mapped("form_indptr"), mapped("form_ids"), mapped("form_counts"))
        return cls(
            name, documents["doc_paths"], documents["doc_stamps"], mapped("doc_start"), mapped("ordinals"),
            mapped("lengths"), mapped("term_keys"), postings, by_form, folder / "forms.json",
        )  # fmt: skip


def term_key(token: str) -> int:
    """A token's 64-bit key: the same in every process (Python's own hash of a string is not)."""
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _write(path: Path, content: np.ndarray | bytes) -> None:
    with path.open("wb") as handle:
        if isinstance(content, bytes):
            handle.write(content)
        else:
            np.save(handle, content)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _ints(values: array[int]) -> np.ndarray:
    return np.frombuffer(values, dtype=np.int64) if len(values) else np.zeros(0, dtype=np.int64)


def _cat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
