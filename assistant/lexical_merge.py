"""Merging segments of the lexical index into one, in a memory that does not grow with the archive.

A merge writes the live documents of a few segments (lexical_segments.py) as one new segment, without their dead
rows and without tokenising anything again. Its entries (a posting per term and chunk: 230 million at a million
chunks; an accent-form count per form and document: 37 million) are never held all at once: they are read from the
parts' files, renumbered and written into the new segment's files a block at a time, and only what is per chunk,
per document or per term is held whole. Holding every entry at once took the merge of a million chunks to a peak
of 18.5 GB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from assistant.lexical_segments import Segment, segment_folder, synced_file, write_segment_files

# entries read and written at a time. A block's arrays take some 50 bytes an entry (its terms, its rows before and
# after renumbering, its counts, the sort's order), so about 50 MB; the time hardly depends on it: the million-chunk
# bench's 230 million postings merged in 18 to 19 s with blocks of 0.5, 2 and 8 million entries, at peaks of 137,
# 223 and 488 MB. Blocks far smaller would spend the merge in the calls each block makes rather than in numpy's loops.
BLOCK_ENTRIES = 1_000_000


def merge_segments(directory: Path, name: str, parts: Sequence[tuple[Segment, np.ndarray]]) -> Segment:
    """The segment `directory/name` of the live documents of `parts` (segments saved in `directory`, each with a
    boolean mask of its live documents), written whole or not at all (`segment_folder`) and loaded from there.
    It equals the segment `Segment.build` would make of those documents in that order, except for the order of its
    accent forms. A part whose files another process deleted meanwhile raises FileNotFoundError."""
    keys = np.unique(np.concatenate([segment.term_keys for segment, _ in parts]))  # the terms of every part
    merging, rows_before = [], 0
    for segment, live_docs in parts:
        merging.append(_Part(directory / segment.name, segment, live_docs, rows_before, keys))
        rows_before += int(merging[-1].live_rows.sum())
    with segment_folder(directory, name) as folder:
        kept, indptr = _write_postings(folder, merging, len(keys))
        form_indptr, forms = _write_form_counts(folder, merging)
        ends = [p.first_row + np.cumsum(np.diff(p.segment.doc_start)[p.live_docs]) for p in merging]
        arrays = {
            "doc_start": np.concatenate([np.zeros(1, dtype=np.int64), *ends]),
            "ordinals": np.concatenate([p.segment.ordinals[p.live_rows] for p in merging]),
            "lengths": np.concatenate([p.segment.lengths[p.live_rows] for p in merging]),
            "term_keys": keys[kept], "indptr": indptr, "form_indptr": form_indptr,
        }  # fmt: skip
        paths = [p.segment.doc_paths[d] for p in merging for d in np.flatnonzero(p.live_docs).tolist()]
        stamps = [p.segment.doc_stamps[d] for p in merging for d in np.flatnonzero(p.live_docs).tolist()]
        write_segment_files(folder, arrays, paths, stamps, forms)
    return Segment.load(directory, name)


class _Part:
    """A segment being merged: which of its documents and rows are live, and the number of its first live row in
    the merged segment (its live rows keep their order)."""

    def __init__(self, folder: Path, segment: Segment, live_docs: np.ndarray, first_row: int, keys: np.ndarray):
        self.folder, self.segment, self.live_docs, self.first_row = folder, segment, live_docs, first_row
        self.live_rows = np.repeat(live_docs, np.diff(segment.doc_start))
        self.new_row = np.cumsum(self.live_rows) - 1 + first_row  # a live row's number in the merged segment
        self.key_index = np.searchsorted(keys, segment.term_keys)  # each column's term among all the parts' `keys`

    def live_postings(self, first: int, end: int) -> tuple[np.ndarray, np.ndarray, slice, np.ndarray]:
        """The postings of live rows among those of terms first:end (of all the parts' terms): each one's term and
        row (in this part), and where they were in this part's postings (a span, a mask over it)."""
        start, stop = np.searchsorted(self.key_index, (first, end))  # a term range is a range of columns
        indptr = self.segment.postings.indptr[start : stop + 1]
        span = slice(int(indptr[0]), int(indptr[-1]))
        rows = self.read("rows", span)
        live = self.live_rows[rows]
        terms = np.repeat(self.key_index[start:stop], np.diff(indptr))[live]
        return terms, rows[live], span, live

    def live_forms(self, first: int, end: int) -> tuple[np.ndarray, slice, np.ndarray]:
        """The form numbers of the live documents among documents first:end, and where they were in this part's
        form counts (a span, a mask over it)."""
        indptr = self.segment.form_counts.indptr[first : end + 1]
        span = slice(int(indptr[0]), int(indptr[-1]))
        live = np.repeat(self.live_docs[first:end], np.diff(indptr))
        return self.read("form_ids", span)[live], span, live

    def read(self, array_name: str, span: slice) -> np.ndarray:
        """Entries `span` of one of the part's saved arrays, copied from a mapping closed at once: pages left mapped
        would count in this process's memory, by the end of the merge every page of the part's files."""
        return np.array(np.load(self.folder / f"{array_name}.npy", mmap_mode="r")[span])


def _write_postings(folder: Path, parts: list[_Part], terms_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Write the merged postings (rows.npy, counts.npy) a block of terms at a time; which of the parts' terms they
    keep (a mask) and their indptr."""
    entries = np.zeros(terms_count, dtype=np.int64)
    for part in parts:
        entries[part.key_index] += np.diff(part.segment.postings.indptr)
    blocks = _blocks(entries)
    live_entries = np.zeros(terms_count, dtype=np.int64)  # counted first: the files' headers give their length
    for first, end in blocks:
        for part in parts:
            terms = part.live_postings(first, end)[0]
            live_entries[first:end] += np.bincount(terms - first, minlength=end - first)
    kept = live_entries > 0  # a term that only dead rows held is gone
    indptr = np.zeros(int(kept.sum()) + 1, dtype=np.int64)
    np.cumsum(live_entries[kept], out=indptr[1:])
    with (
        _array_file(folder / "rows.npy", np.int32, int(indptr[-1])) as write_rows,
        _array_file(folder / "counts.npy", np.float32, int(indptr[-1])) as write_counts,
    ):
        for first, end in blocks:
            block_terms, block_rows, block_counts = [], [], []
            for part in parts:
                terms, rows, span, live = part.live_postings(first, end)
                block_terms.append(terms)
                block_rows.append(part.new_row[rows])
                block_counts.append(part.read("counts", span)[live])
            by_term = np.argsort(np.concatenate(block_terms), kind="stable")  # a term's rows stay in part order
            write_rows(np.concatenate(block_rows)[by_term])
            write_counts(np.concatenate(block_counts)[by_term])
    return kept, indptr


def _write_form_counts(folder: Path, parts: list[_Part]) -> tuple[np.ndarray, list[str]]:
    """Write the live documents' accent-form counts (form_ids.npy, form_counts.npy), stored by document and so in
    the merged order as they are read; their indptr and the merged list of forms."""
    live_sizes = [np.diff(p.segment.form_counts.indptr)[p.live_docs] for p in parts]
    indptr = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(np.concatenate(live_sizes), dtype=np.int64)])
    forms: dict[str, int] = {}
    with (
        _array_file(folder / "form_ids.npy", np.int32, int(indptr[-1])) as write_ids,
        _array_file(folder / "form_counts.npy", np.float32, int(indptr[-1])) as write_counts,
    ):
        for part in parts:
            blocks = _blocks(np.diff(part.segment.form_counts.indptr))
            used = np.zeros(len(part.segment.forms), dtype=bool)
            for first, end in blocks:
                used[part.live_forms(first, end)[0]] = True
            renumbered = np.zeros(len(part.segment.forms), dtype=np.int32)  # a form used by a live document
            used_forms = np.flatnonzero(used).tolist()
            renumbered[used_forms] = [forms.setdefault(part.segment.forms[f], len(forms)) for f in used_forms]
            for first, end in blocks:
                form_ids, span, live = part.live_forms(first, end)
                write_ids(renumbered[form_ids])
                write_counts(part.read("form_counts", span)[live])
    return indptr, list(forms)


def _blocks(entries: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive ranges of items (terms, documents), given each item's number of entries: ranges of at most
    BLOCK_ENTRIES entries beside their first item's (an item's entries are never split)."""
    ends = np.cumsum(entries)
    total = int(ends[-1]) if len(ends) else 0
    cuts = np.searchsorted(ends, np.arange(BLOCK_ENTRIES, total, BLOCK_ENTRIES), side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [len(entries)]])).tolist()
    return list(zip(bounds[:-1], bounds[1:], strict=True))


@contextmanager
def _array_file(path: Path, dtype: type[np.generic], length: int) -> Iterator[Callable[[np.ndarray], object]]:
    """A .npy file of `length` values, written by the function given, a block at a time and in order, and synced.
    Written rather than mapped (np.lib.format.open_memmap): a mapping's written pages would count in this process's
    memory until it closed."""
    with synced_file(path) as handle:
        header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": (length,)}
        np.lib.format.write_array_header_1_0(handle, header)
        values_start = handle.tell()
        yield lambda values: handle.write(np.ascontiguousarray(values, dtype=dtype).data)
        if handle.tell() != values_start + length * np.dtype(dtype).itemsize:
            raise ValueError(f"{path.name}: the values written are not the {length} its header says")
