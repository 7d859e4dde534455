"""Segments of the lexical index: the token counts of a batch of documents, written once and never changed.

A segment holds, for each chunk of the documents it was built from, how often each token occurs in it (by token:
the postings BM25 reads) and its length in tokens, and for each document the counts of its accent forms (so that
the diacritic restorer's counts can lose them when the document goes). Nothing global is kept in a segment: the
number of chunks, their mean length and a token's document frequency are taken over the live chunks of every
segment when a question is scored, so the scores equal those of an index built in one go. Adding a file tokenises
only that file; removing one only marks its rows dead; a merge (lexical_merge.py) rewrites a few segments into one,
without their dead rows and without tokenising anything again. A segment's files are written into a temporary
folder renamed into place (`segment_folder`), so that a crash leaves the whole segment or none.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

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
        order = np.argsort(columns, kind="stable")  # by term; a term's rows stay ascending (LexicalIndex.scores_at)
        indptr = np.zeros(width + 1, dtype=np.int64)
        np.cumsum(np.bincount(columns, minlength=width), out=indptr[1:])
        return cls(indptr, rows[order].astype(np.int32), counts[order].astype(np.float32))


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

    # -- on disk -------------------------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write the segment as the folder `directory/<name>` (`segment_folder`: whole or not at all)."""
        arrays = {name: np.asarray(getattr(self, name)) for name in ("doc_start", "ordinals", "lengths", "term_keys")}
        arrays |= {"indptr": self.postings.indptr, "rows": self.postings.rows, "counts": self.postings.counts}
        arrays |= {"form_indptr": self.form_counts.indptr, "form_ids": self.form_counts.rows}
        arrays["form_counts"] = self.form_counts.counts
        with segment_folder(directory, self.name) as folder:
            write_segment_files(folder, arrays, self.doc_paths, self.doc_stamps, self.forms)

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


@contextmanager
def segment_folder(directory: Path, name: str) -> Iterator[Path]:
    """The folder to write segment `name`'s files in: a temporary one, renamed to `directory/name` once the block
    within has written and synced every file, so that a crash leaves either the whole segment or none (an
    unreferenced leftover goes with the next change)."""
    temporary = directory / f".{name}.tmp"
    temporary.mkdir()
    yield temporary
    os.replace(temporary, directory / name)
    _sync_folder(directory)


@contextmanager
def claimed(directory: Path, name: str) -> Iterator[None]:
    """Keep segment `name` from being collected as garbage (`delete_leftovers`) while the block within writes it and
    commits it, or not: a merge does both without the write lock, while other processes and threads commit changes.
    An exclusive flock on `.<name>.lock`, which the kernel releases should this process die."""
    lock = directory / f".{name}.lock"
    with lock.open("wb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            # a collector that found the file before it was locked deleted it: our lock would guard nothing
            if not os.path.samestat(os.fstat(handle.fileno()), lock.stat()):
                raise FileNotFoundError(lock)
            yield
        finally:
            lock.unlink(missing_ok=True)


def delete_leftovers(directory: Path, named: set[str]) -> None:
    """Delete what `directory` holds of no segment in `named` and not `claimed`: segments merged away, and what a
    write that crashed left (`.<name>.tmp`, `.<name>.lock`)."""
    for entry in directory.iterdir():
        name = entry.name.removeprefix(".").split(".")[0]
        if name in named or _is_claimed(directory, name):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _is_claimed(directory: Path, name: str) -> bool:
    try:
        handle = (directory / f".{name}.lock").open("rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


def write_segment_files(
    folder: Path, arrays: dict[str, np.ndarray], doc_paths: list[str], doc_stamps: list[str], forms: list[str]
) -> None:
    """The arrays as `<name>.npy`, and the strings `Segment.load` reads (documents.json, forms.json), each synced."""
    for name, values in arrays.items():
        with synced_file(folder / f"{name}.npy") as handle:
            np.save(handle, values)
    listings = {"documents": {"doc_paths": doc_paths, "doc_stamps": doc_stamps}, "forms": forms}
    for name, strings in listings.items():
        with synced_file(folder / f"{name}.json") as handle:
            handle.write(json.dumps(strings, ensure_ascii=False).encode("utf-8"))


@contextmanager
def synced_file(path: Path) -> Iterator[BinaryIO]:
    """A new file to write, on disk once the block within is done (before the rename that makes it visible)."""
    with path.open("wb") as handle:
        yield handle
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
