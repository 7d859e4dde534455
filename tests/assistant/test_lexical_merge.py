"""The merge of lexical segments, streamed a block of entries at a time into the new segment's files: it must make
the segment a build of the live documents would (blocks of any size, dead documents in the parts), score as a fresh
build through the kept index, and leave no segment behind when it fails midway."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import assistant.lexical_merge as merge_module
from assistant.lexical import LexicalIndex
from assistant.lexical_merge import merge_segments
from assistant.lexical_segments import Segment, SourceDocument
from assistant.lexical_store import DB_FILE, SEGMENTS
from index.catalog import Catalog
from index.records import DocMeta
from tests.assistant.test_lexical_segments import put, same_ranking, segment_names


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog(tmp_path / "catalog.sqlite")
    for seed in range(24):
        put(opened, f"bao-cao/{seed:02d}.txt", seed)
    opened.record_indexed("trong.txt", "sha-trong", 0, "txt", DocMeta("trong.txt"), [], "v1")  # with no chunk
    yield opened
    opened.close()


def sources(catalog: Catalog) -> list[SourceDocument]:
    records = {r.path: r for r in catalog.indexed_documents()}
    return [SourceDocument(p, f"stamp-{p}", catalog.chunks_of(p), records[p].meta) for p in sorted(records)]


def saved_parts(directory: Path, catalog: Catalog, dead: set[int]) -> list[tuple[Segment, np.ndarray]]:
    """Three saved segments of the catalogue's documents in turn; the documents numbered in `dead` are dead."""
    documents = sources(catalog)
    thirds = [documents[i::3] for i in range(3)]
    parts, number = [], 0
    for i, batch in enumerate(thirds):
        Segment.build(f"part{i}", batch).save(directory)
        live = np.array([number + d not in dead for d in range(len(batch))], dtype=bool)
        parts.append((Segment.load(directory, f"part{i}"), live))
        number += len(batch)
    return parts


@pytest.mark.parametrize("block_entries", [1, 7, 1_000_000])
@pytest.mark.parametrize("dead", [set(), {0, 3, 4, 11, 12, 20}, set(range(8))])  # the last: a whole part dead
def test_a_merge_makes_the_segment_a_build_of_the_live_documents_would(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, block_entries: int, dead: set[int]
) -> None:
    parts = saved_parts(tmp_path, catalog, dead)
    monkeypatch.setattr(merge_module, "BLOCK_ENTRIES", block_entries)
    merged = merge_segments(tmp_path, "merged", parts)
    by_path = {s.path: s for s in sources(catalog)}
    live = [by_path[p] for part, mask in parts for p, alive in zip(part.doc_paths, mask, strict=True) if alive]
    built = Segment.build("built", live)
    assert merged.doc_paths == built.doc_paths and merged.doc_stamps == built.doc_stamps
    for name in ("doc_start", "ordinals", "lengths", "term_keys"):
        assert np.array_equal(getattr(merged, name), getattr(built, name)), name
    for name in ("indptr", "rows", "counts"):
        ours, theirs = getattr(merged.postings, name), getattr(built.postings, name)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), name
    assert np.array_equal(merged.form_counts.indptr, built.form_counts.indptr)
    for d in range(len(built.doc_paths)):  # the forms are numbered otherwise: the counts of each document alike
        assert merged.form_counts_of(d) == built.form_counts_of(d)
    assert {p.name for p in tmp_path.iterdir() if p.name.startswith(".")} == set()  # nothing left in flight


def test_merges_of_small_blocks_score_as_a_fresh_build(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    monkeypatch.setattr(merge_module, "BLOCK_ENTRIES", 5)
    lexical = LexicalIndex.kept_in(tmp_path / "lexical")
    lexical(catalog)
    for seed in range(500, 512):  # one-file segments enough for merges, with documents removed and changed
        put(catalog, f"moi/{seed}.txt", seed)
        if seed % 3 == 0:
            catalog.forget(f"bao-cao/{seed % 24:02d}.txt")
        if seed % 4 == 1:
            put(catalog, f"moi/{seed - 1}.txt", seed + 1000)
        lexical(catalog)
    before = len(segment_names(tmp_path / "lexical"))
    assert lexical.tidy() >= 1
    assert len(segment_names(tmp_path / "lexical")) < before
    same_ranking(lexical(catalog), LexicalIndex.from_catalog(catalog))


def test_a_crash_mid_merge_leaves_no_segment(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    lexical = LexicalIndex.kept_in(tmp_path / "lexical")
    lexical(catalog)
    for seed in range(600, 612):
        put(catalog, f"moi/{seed}.txt", seed)
        lexical(catalog)
    folder = tmp_path / "lexical"
    named = segment_names(folder)
    monkeypatch.setattr(merge_module, "BLOCK_ENTRIES", 5)
    real_read = merge_module._Part.read
    reads: list[str] = []

    def crash_midway(part: merge_module._Part, array_name: str, span: slice) -> np.ndarray:
        reads.append(array_name)
        if reads.count("counts") == 3:  # the third block of postings: two are in rows.npy and counts.npy
            raise OSError("crash")
        return real_read(part, array_name, span)

    with monkeypatch.context() as patch:
        patch.setattr(merge_module._Part, "read", crash_midway)
        with pytest.raises(OSError, match="crash"):
            lexical.folder.merge_step()
    assert segment_names(folder) == named
    left = {p.name for p in (folder / SEGMENTS).iterdir()} - named
    assert len(left) == 1 and next(iter(left)).endswith(".tmp")  # its unfinished files, under no segment's name
    (folder / SEGMENTS / ".dead0000.lock").touch()  # the lock of a process that died merging: held by nobody
    (folder / SEGMENTS / "dead0000").mkdir()
    same_ranking(LexicalIndex.kept_in(folder)(catalog), LexicalIndex.from_catalog(catalog))
    assert lexical.tidy() >= 1  # the next merge is made, and the leftovers go
    assert {p.name for p in (folder / SEGMENTS).iterdir()} == segment_names(folder)
    with sqlite3.connect(folder / DB_FILE) as db:
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(catalog.index_stamps())
    same_ranking(lexical(catalog), LexicalIndex.from_catalog(catalog))
