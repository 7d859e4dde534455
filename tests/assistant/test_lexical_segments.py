"""The lexical index kept in segments, on a real catalogue and folder in tmp_path: it must score as a fresh build
(and as bm25s, which built it before), follow files added, changed and removed without tokenising the others,
merge its segments after a change and not within it (also while other changes commit meanwhile), load without
tokenising, survive a crash mid-write, and rebuild an index of an older format once."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import assistant.lexical_segments as segments_module
import assistant.lexical_store as store_module
from assistant.lexical import KeptLexical, LexicalIndex
from assistant.lexical_store import DB_FILE, LEXICAL_FORMAT, MERGE_FACTOR, SEGMENTS
from assistant.vietnamese import DiacriticRestorer, tokenize
from index.catalog import Catalog
from index.records import Chunk, DocMeta

SYLLABLES = (
    "sản lượng bia điện thương phẩm kim ngạch xuất khẩu nhập khẩu giá bán lẻ xăng dầu công nghiệp chế biến tỉnh "
    "Quảng Ngãi Lào Cai vốn đầu tư công giải ngân tăng giảm so với cùng kỳ năm trước quý kế hoạch thực hiện "
    "hóa chất an toàn vệ sinh lao động thương mại điện tử Sở Công Thương báo cáo tình hình tháng"
).split()
QUESTIONS = (
    "sản lượng bia", "kim ngach xuat khau quy I/2021", "Quyết định 1389/QĐ-UBND", "giá bán lẻ xăng", "tăng 12,5%",
    "Lào Cai hóa chất", "thương mại điện tử năm 2023", "Báo cáo 7/BC-SCT",
)  # fmt: skip


def passage(rng: random.Random, n: int) -> str:
    words = [rng.choice(SYLLABLES) for _ in range(rng.randint(8, 40))]
    words.insert(rng.randrange(len(words)), rng.choice(["12,5%", "quý I/2021", "1389/QĐ-UBND", f"{n}/BC-SCT", "2023"]))
    return " ".join(words)


def put(catalog: Catalog, path: str, seed: int) -> None:
    """Write document `path` into the catalogue as an ingest would: its row and chunks in one transaction."""
    rng = random.Random(seed)
    meta = DocMeta(path, number=f"{seed}/BC-SCT", doc_type="Báo cáo", issuer=rng.choice(["Sở Công Thương", ""]))
    chunks = [Chunk(path, i, passage(rng, seed), ("Phần I",), 1, 1) for i in range(rng.randint(1, 6))]
    catalog.record_indexed(path, f"sha-{seed}", 100, "txt", meta, chunks, "v1")


def same_ranking(kept: LexicalIndex, fresh: LexicalIndex) -> None:
    """Every chunk scored alike for every question, the same chunks known, the same accents restored."""
    assert sorted(kept.chunk_ids) == sorted(fresh.chunk_ids)
    assert kept.restorer.words == fresh.restorer.words and kept.restorer.pairs == fresh.restorer.pairs
    for question in QUESTIONS:
        ours = dict(zip(kept.chunk_ids, kept.scores(question).tolist(), strict=True))
        theirs = dict(zip(fresh.chunk_ids, fresh.scores(question).tolist(), strict=True))
        assert any(theirs.values()), question  # a question that matches nothing would prove nothing
        assert ours == pytest.approx(theirs, rel=1e-5, abs=1e-6), question
        top = [h.chunk_id for h in fresh.search(question, 5)]
        assert {h.chunk_id for h in kept.search(question, 5)} == set(top) or _tied_at_the_edge(theirs, 5)
        assert kept.rarity(tokenize(question)) == pytest.approx(fresh.rarity(tokenize(question)))
        some = list(range(len(kept.chunk_ids)))[::-3]  # a few chunks, across parts with dead rows, in any order
        terms = kept.query_terms(tokenize(question))
        assert kept.scores_at(terms, some).tolist() == kept.token_scores(terms)[some].tolist(), question


def _tied_at_the_edge(scores: dict[str, float], k: int) -> bool:
    ranked = sorted(scores.values(), reverse=True)
    return len(ranked) > k and abs(ranked[k - 1] - ranked[k]) < 1e-5


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog(tmp_path / "catalog.sqlite")
    for seed in range(12):
        put(opened, f"bao-cao/{seed:02d}.txt", seed)
    yield opened
    opened.close()


def test_the_scores_are_those_of_bm25s(catalog: Catalog) -> None:
    import bm25s

    index = LexicalIndex.from_catalog(catalog)
    metas = {r.path: r.meta for r in catalog.indexed_documents()}
    corpus = [tokenize(segments_module.chunk_search_text(c, metas[c.doc_path])) for c in catalog.all_chunks()]
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index(corpus, show_progress=False)
    for question in QUESTIONS:
        tokens = tokenize(question)
        expected = np.asarray(reference.get_scores(tokens))
        assert expected.max() > 0
        assert index.scores(question) == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_files_added_changed_and_removed_score_as_a_fresh_build(tmp_path: Path, catalog: Catalog) -> None:
    lexical = LexicalIndex.kept_in(tmp_path / "lexical")
    first = lexical(catalog)
    same_ranking(first, LexicalIndex.from_catalog(catalog))
    before = {q: first.scores(q).copy() for q in QUESTIONS}
    for step, seed in enumerate(range(100, 100 + 3 * MERGE_FACTOR)):  # enough one-file segments to be merged
        put(catalog, f"moi/{seed}.txt", seed)
        if step % 3 == 1:
            catalog.forget(f"bao-cao/{step:02d}.txt")
        if step % 4 == 2:
            put(catalog, f"moi/{seed - 1}.txt", seed + 1000)  # the same file changed
        if step == 0:  # a file with no text: indexed, with no chunk
            catalog.record_indexed("trong.txt", "sha-trong", 0, "txt", DocMeta("trong.txt"), [], "v1")
        same_ranking(lexical(catalog), LexicalIndex.from_catalog(catalog))
        if step % 2:  # merged now and then, as a worker would after some uploads
            lexical.tidy()
            same_ranking(lexical(catalog), LexicalIndex.from_catalog(catalog))
    lexical.tidy()
    folders = [p for p in (tmp_path / "lexical" / SEGMENTS).iterdir()]
    assert len(folders) < 2 * MERGE_FACTOR  # merged, not one segment per file
    for question, scores in before.items():  # a snapshot's index never changes under it
        assert np.array_equal(first.scores(question), scores)


def test_a_large_change_is_tokenised_in_several_segments_that_score_as_one(
    tmp_path: Path, catalog: Catalog, monkeypatch
) -> None:
    built = []
    real = segments_module.Segment.build
    monkeypatch.setattr(segments_module.Segment, "build", lambda name, docs: built.append(1) or real(name, docs))
    monkeypatch.setattr(store_module, "SEGMENT_CHUNKS", 5)  # a first ingest of a large archive, in small
    lexical = LexicalIndex.kept_in(tmp_path / "lexical")(catalog)
    chunks = sum(1 for _ in catalog.all_chunks())
    assert len(built) > 1 and chunks > 5
    same_ranking(lexical, LexicalIndex.from_catalog(catalog))


# one-file segments of 1 to 6 chunks (`put`) fall in two size classes (1-3, 4-15 chunks): this many fill one
ONE_CLASS_FULL = 2 * MERGE_FACTOR - 1


def segment_names(folder: Path) -> set[str]:
    with sqlite3.connect(folder / DB_FILE) as db:
        return {row[0] for row in db.execute("SELECT name FROM segments")}


def test_a_change_merges_nothing_the_next_tidy_does(tmp_path: Path, catalog: Catalog) -> None:
    lexical = LexicalIndex.kept_in(tmp_path / "lexical")
    lexical(catalog)
    for seed in range(200, 200 + ONE_CLASS_FULL):  # one-file segments of 1 to 6 chunks: two size classes
        put(catalog, f"moi/{seed}.txt", seed)
        lexical(catalog)
    unmerged = segment_names(tmp_path / "lexical")
    assert len(unmerged) == 1 + ONE_CLASS_FULL  # the first build's segment and one a change: no merge inside them
    before = lexical(catalog)
    assert lexical.tidy() >= 1
    assert len(segment_names(tmp_path / "lexical")) < len(unmerged)
    after = lexical(catalog)
    assert after is not before  # a new state: the next call reads the merged segments
    same_ranking(after, LexicalIndex.from_catalog(catalog))
    same_ranking(before, after)  # what questions read until then scores the same
    assert lexical.tidy() == 0  # nothing more to merge
    assert {p.name for p in (tmp_path / "lexical" / SEGMENTS).iterdir()} == segment_names(tmp_path / "lexical")


def two_processes_with_a_merge_due(tmp_path: Path, catalog: Catalog, first_seed: int) -> tuple[KeptLexical, ...]:
    """Two `serve` processes' lexical indexes on one folder, after enough one-file changes to call for a merge."""
    mine, other = LexicalIndex.kept_in(tmp_path / "lexical"), LexicalIndex.kept_in(tmp_path / "lexical")
    mine(catalog)
    for seed in range(first_seed, first_seed + ONE_CLASS_FULL):
        put(catalog, f"moi/{seed}.txt", seed)
        mine(catalog)
    return mine, other


def test_changes_committed_during_a_merge_are_kept(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    """A second `serve` (another KeptLexical on the folder) changes and removes files while this one merges: the
    merge commits over their changes, and the documents they removed or replaced stay dead in it."""
    mine, other = two_processes_with_a_merge_due(tmp_path, catalog, first_seed=300)
    real = store_module.merge_segments

    def merge_while_another_changes(directory: Path, name: str, parts: list) -> segments_module.Segment:
        merged = real(directory, name, parts)
        catalog.forget("moi/300.txt")  # in a merged segment
        put(catalog, "moi/301.txt", 9301)  # the same file changed: its old rows are in the merged segment
        put(catalog, "moi/999.txt", 999)
        other(catalog)  # commits before this merge does
        return merged

    monkeypatch.setattr(store_module, "merge_segments", merge_while_another_changes)
    assert mine.folder.merge_step()
    monkeypatch.setattr(store_module, "merge_segments", real)
    same_ranking(mine(catalog), LexicalIndex.from_catalog(catalog))
    same_ranking(LexicalIndex.kept_in(tmp_path / "lexical")(catalog), LexicalIndex.from_catalog(catalog))


def test_a_merge_another_process_made_first_is_not_made_twice(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    mine, other = two_processes_with_a_merge_due(tmp_path, catalog, first_seed=400)
    real = store_module.merge_segments
    calls: list[str] = []

    def merge_racing(directory: Path, name: str, parts: list) -> segments_module.Segment:
        calls.append(name)
        if len(calls) == 1:
            assert other.folder.merge_step()  # the other process merges the same segments and commits first
        return real(directory, name, parts)

    monkeypatch.setattr(store_module, "merge_segments", merge_racing)
    assert not mine.folder.merge_step()  # ours came second: not committed
    assert calls[0] not in segment_names(tmp_path / "lexical")
    assert {p.name for p in (tmp_path / "lexical" / SEGMENTS).iterdir()} == segment_names(tmp_path / "lexical")
    same_ranking(mine(catalog), LexicalIndex.from_catalog(catalog))


def test_a_saved_index_loads_without_tokenising(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    LexicalIndex.open(catalog, tmp_path / "lexical")
    put(catalog, "moi/1.txt", 1001)
    written_by_another = LexicalIndex.open(catalog, tmp_path / "lexical")
    with monkeypatch.context() as patch:
        patch.setattr(segments_module, "tokenize", _refuse)
        loaded = LexicalIndex.kept_in(tmp_path / "lexical")(catalog)  # a new process: a second `serve`
    same_ranking(loaded, written_by_another)
    same_ranking(loaded, LexicalIndex.from_catalog(catalog))


def test_a_change_tokenises_only_the_files_that_changed(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    lexical = LexicalIndex.kept_in(tmp_path / "lexical")
    lexical(catalog)
    seen: list[str] = []

    def counting(text: str) -> list[str]:
        seen.append(text)
        return tokenize(text)

    monkeypatch.setattr(segments_module, "tokenize", counting)
    put(catalog, "moi/1.txt", 1001)
    catalog.forget("bao-cao/03.txt")
    lexical(catalog)
    assert len(seen) == len(catalog.chunks_of("moi/1.txt"))


@pytest.mark.parametrize("failing", ["segment", "manifest"])
def test_a_crash_mid_write_leaves_the_saved_index_whole(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    LexicalIndex.open(catalog, tmp_path / "lexical")
    saved_before = LexicalIndex.from_catalog(catalog)
    put(catalog, "moi/1.txt", 1001)
    with monkeypatch.context() as patch:
        if failing == "segment":  # the process dies between writing a segment's files and renaming its folder
            patch.setattr(segments_module.os, "replace", _crash)
        else:  # ... or after the segment, before the transaction that names it commits
            patch.setattr(store_module, "_write_manifest", _crash)
        with pytest.raises(OSError, match="crash"):
            LexicalIndex.open(catalog, tmp_path / "lexical")
    with sqlite3.connect(tmp_path / "lexical" / DB_FILE) as db:
        paths = {row[0] for row in db.execute("SELECT path FROM documents")}
    assert paths == set(saved_before.doc_paths)  # the old state, whole
    same_ranking(LexicalIndex.open(catalog, tmp_path / "lexical"), LexicalIndex.from_catalog(catalog))
    with sqlite3.connect(tmp_path / "lexical" / DB_FILE) as db:
        named = {row[0] for row in db.execute("SELECT name FROM segments")}
    assert {p.name for p in (tmp_path / "lexical" / SEGMENTS).iterdir()} == named  # the leftover deleted


def test_an_index_of_an_older_format_is_rebuilt_once(tmp_path: Path, catalog: Catalog, monkeypatch) -> None:
    folder = tmp_path / "lexical"
    folder.mkdir()
    (folder / "fingerprint.json").write_text(json.dumps({"format": 2}), encoding="utf-8")  # what bm25s left
    (folder / "data.csc.index.npy").write_bytes(b"old")
    LexicalIndex.open(catalog, folder)
    assert not (folder / "fingerprint.json").exists() and not (folder / "data.csc.index.npy").exists()
    with sqlite3.connect(folder / DB_FILE) as db:  # a later format's rules change again
        db.execute("UPDATE info SET value = ? WHERE key = 'format'", (str(LEXICAL_FORMAT - 1),))
    rebuilt = LexicalIndex.open(catalog, folder)
    same_ranking(rebuilt, LexicalIndex.from_catalog(catalog))
    monkeypatch.setattr(segments_module, "tokenize", _refuse)
    same_ranking(LexicalIndex.open(catalog, folder), rebuilt)  # once: now it loads


def test_the_restorer_keeps_the_same_form_whatever_order_it_learns_in() -> None:
    texts = ["hà nội", "ha noi", "sản lượng", "san luong", "sản lượng", "san luong"]
    learned = [DiacriticRestorer.learn(order) for order in (texts, texts[::-1])]
    assert learned[0].words == learned[1].words and learned[0].pairs == learned[1].pairs
    assert learned[0].words["ha"] == "hà"  # a tie: the accented form, which sorts last
    assert learned[0].pairs["san luong"] == "sản lượng"


def _refuse(text: str) -> list[str]:
    raise AssertionError("tokenised: " + text[:40])


def _crash(*args: object, **kwargs: object) -> None:
    raise OSError("crash")
