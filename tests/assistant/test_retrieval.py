"""Hybrid retrieval over a really ingested small archive: numbers first, filters, no-diacritics questions."""

from __future__ import annotations

import pytest
from chromadb.errors import ChromaError

from assistant.metadata_filters import Filters

ALL_SPELLINGS = ["1389/QĐ-UBND", "1389/QD-UBND", "1389 / QĐ - UBND", "1389/qđ-ubnd"]


@pytest.mark.parametrize("spelling", ALL_SPELLINGS)
def test_document_number_goes_first_to_the_document_then_to_citing_passages(small_index, spelling):
    passages = small_index.retriever.retrieve(f"Quyết định {spelling} phê duyệt gì?", k=10)
    assert passages[0].doc_path == "quyet-dinh/QD-1389.txt"
    assert passages[0].number_match == "own"
    citing = {p.doc_path for p in passages if p.number_match == "cites"}
    assert {"bao-cao/BC-45 tinh hinh quy I.txt", "bao-cao/BC-80 sau thang.txt"} <= citing


def test_bare_number_with_a_type_word_finds_the_document(small_index):
    passages = small_index.retriever.retrieve("Theo công văn 77 thì kho chứa có sức chứa bao nhiêu?", k=5)
    assert passages[0].doc_path == "cong-van/CV-77 vat lieu no.txt"


def test_lexical_side_folds_diacritics_on_both_sides(small_index):
    accented = small_index.lexical.search("Sản lượng bia các loại quý I ước đạt bao nhiêu?", k=3)
    plain = small_index.lexical.search("san luong bia cac loai quy I uoc dat bao nhieu", k=3)
    assert [h.chunk_id for h in plain] == [h.chunk_id for h in accented]
    chunk = small_index.catalog.chunks_by_id([plain[0].chunk_id])[plain[0].chunk_id]
    assert "43.045" in chunk.text


def test_dense_side_reads_the_question_restored_from_the_archive_words(small_index):
    restored = small_index.retriever.dense_query_text("san luong bia cac loai quy I theo 1389/QD-UBND")
    assert restored == "sản lượng bia các loại quý I theo 1389/QD-UBND"
    assert small_index.retriever.dense_query_text("Sản lượng bia") == "Sản lượng bia"


def test_filters_apply_to_both_sides(small_index):
    question = "kiểm tra kho chứa vật liệu nổ"
    unfiltered = small_index.retriever.retrieve(question, k=10)
    assert unfiltered[0].doc_path == "cong-van/CV-77 vat lieu no.txt"
    only_hoa_binh = small_index.retriever.retrieve(question, k=10, filters=Filters(issuer="hoa binh xanh"))
    assert only_hoa_binh and all("Hòa Bình Xanh" in (p.meta.issuer or "") for p in only_hoa_binh)
    in_2020 = small_index.retriever.retrieve(
        "kế hoạch", k=10, filters=Filters(date_from="2020-01-01", date_to="2020-12-31")
    )
    assert {p.doc_path for p in in_2020} == {"quyet-dinh/QD-1389.txt"}
    decisions = small_index.retriever.retrieve("thương mại điện tử", k=10, filters=Filters(doc_type="quyết định"))
    assert {p.doc_path for p in decisions} == {"quyet-dinh/QD-1389.txt"}


def test_abbreviations_defined_in_the_archive_expand_the_query(small_index):
    from assistant.retrieval import Retriever

    question = "Thông tin về MĐX"
    unexpanded = small_index.lexical.search(question, k=3)
    assert not unexpanded or not unexpanded[0].doc_path.startswith("cong-van/")
    glossary = {"MĐX": ("Mỏ Đá Xanh", 2)}
    retriever = Retriever(
        small_index.catalog, small_index.store, small_index.embedder, small_index.lexical, None, glossary
    )
    assert retriever.retrieve(question, k=3)[0].doc_path == "cong-van/CV-77 vat lieu no.txt"


@pytest.mark.parametrize("branch", ["overfetch", "ids", "paths"])
def test_a_filter_on_the_dense_side_over_fetches_or_names_the_chunks(small_index, monkeypatch, branch):
    import assistant.retrieval as retrieval

    if branch != "overfetch":  # as if the filter admitted too small a share of a large archive to over-fetch for it
        monkeypatch.setattr(retrieval, "MAX_OVERFETCH", 1)
    retriever, store = small_index.retriever, small_index.retriever.store
    asked = []
    real_search, real_query = store.search, store._collection.query

    def search(vector, k, where=None):
        asked.append(("search", k, where))
        return real_search(vector, k, where)

    def query(**kwargs):
        if kwargs.get("ids") is not None:
            asked.append(("ids", kwargs["n_results"], kwargs["ids"]))
            if branch == "paths":  # Chroma refuses an id it does not hold: another process deleted the document
                raise ChromaError("Error finding id")
        return real_query(**kwargs)

    monkeypatch.setattr(store, "search", search)
    monkeypatch.setattr(store._collection, "query", query)
    found = retriever.retrieve("kiểm tra kho chứa vật liệu nổ", k=10, filters=Filters(issuer="hoa binh xanh"))
    dense = [p for p in found if p.dense_rank is not None]
    assert dense and all("Hòa Bình Xanh" in (p.meta.issuer or "") for p in found)
    admitted = {p for p, r in retriever.documents.items() if "Hòa Bình Xanh" in (r.meta.issuer or "")}
    if branch == "overfetch":
        ((how, k, where),) = asked
        assert how == "search" and where is None and k > retriever.config.k_dense
    else:
        how, k, ids = asked[0]
        assert how == "ids" and k == retriever.config.k_dense and {i.rsplit("#", 1)[0] for i in ids} == admitted
    if branch == "paths":
        how, k, where = asked[1]
        assert how == "search" and set(where["doc_path"]["$in"]) == admitted


def test_a_chunk_the_dense_search_did_not_reach_counts_its_own_similarity(small_index):
    """A chunk first by its words is not scored as if it had no likeness to the question because it fell outside
    the dense search's k nearest: its own similarity is read and fused as a ranked chunk's is."""
    from assistant.retrieval import RetrievalConfig, Retriever

    config = RetrievalConfig(k_dense=1)  # the dense search reaches one chunk: every other is left to the new read
    retriever = Retriever(small_index.catalog, small_index.store, small_index.embedder, small_index.lexical, config)
    question = "kiểm tra kho chứa vật liệu nổ của công ty"
    passages = [p for p in retriever.retrieve(question, k=10) if not p.sibling]
    unreached = [p for p in passages if p.dense_rank is None and p.lexical_rank is not None]
    assert len(unreached) >= 2
    vector = small_index.embedder.embed_query(retriever.dense_query_text(question))
    similarity = small_index.store.similarities(vector, [p.chunk.chunk_id for p in unreached])
    lexical = small_index.lexical.scores(question)
    best = float(lexical.max())
    for passage in unreached:
        words = float(lexical[small_index.lexical.position[passage.chunk.chunk_id]]) / best
        meaning = max(similarity[passage.chunk.chunk_id], 0.0)
        assert meaning > 0
        assert passage.score == pytest.approx(0.5 * words + 0.5 * meaning)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_a_document_named_by_its_number_brings_its_header_chunk(small_index):
    """However few passages are ranked, the first chunk of the document the question names by number comes along:
    its header answers "ký ngày nào", "ai ký", "gửi ai" (k=1 leaves the ranked place to another document here)."""
    passages = small_index.retriever.retrieve("Quyết định 1389/QĐ-UBND ký ngày nào?", k=1)
    ranked = [p for p in passages if not p.sibling]
    assert ranked and all(p.doc_path != "quyet-dinh/QD-1389.txt" for p in ranked)
    header = [p for p in passages if p.doc_path == "quyet-dinh/QD-1389.txt"]
    assert header and header[0].sibling and header[0].chunk.ordinal == 0


def _decree(articles: int) -> str:
    """A decree whose every article repeats its subject's words, the last one saying when it takes effect."""
    subject = "quản lý, sử dụng và khai thác tài sản kết cấu hạ tầng"
    body = [
        f"Điều {n}. Quy định số {n} về {subject}\n"
        + " ".join(f"Việc {subject} thực hiện theo khoản {i} của Điều {n} Nghị định này." for i in range(1, 12))
        for n in range(1, articles)
    ]
    body.append(f"Điều {articles}. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành từ ngày 06 tháng 7 năm 2026.")
    header = (
        f"CHÍNH PHỦ\nSố: 178/2026/NĐ-CP\nHà Nội, ngày 20 tháng 5 năm 2026\n\nNGHỊ ĐỊNH\nQuy định việc {subject}\n\n"
    )
    return header + "\n\n".join(body)


def test_a_document_named_by_its_number_brings_the_chunk_that_holds_what_is_asked_of_it(tmp_path):
    """Every chunk of a decree holds its subject's words, which rank them; what the question asks of it ("hiệu lực
    từ ngày nào") is found among its chunks by the words left when those naming it are dropped, and by the heading
    that says it ("Điều 9. Hiệu lực thi hành")."""
    from tests.assistant.conftest import SmallIndex
    from tests.conftest import HashEmbeddings

    small = SmallIndex(tmp_path, HashEmbeddings(), {"nghi-dinh/ND-178-2026.txt": _decree(9)})
    question = "Nghị định 178/2026/NĐ-CP về quản lý, khai thác tài sản kết cấu hạ tầng có hiệu lực từ ngày nào?"
    path = "nghi-dinh/ND-178-2026.txt"
    assert len(small.catalog.chunks_of(path)) >= 6
    passages = small.retriever.retrieve(question, k=3)
    ranked = [p for p in passages if not p.sibling]
    assert all("06 tháng 7 năm 2026" not in p.chunk.text for p in ranked)  # the subject's words rank the others
    given = [p for p in passages if p.sibling and p.doc_path == path]
    assert any("có hiệu lực thi hành từ ngày 06 tháng 7 năm 2026" in p.chunk.text for p in given)


def test_the_same_text_in_two_files_takes_one_ranked_place(tmp_path):
    """Archives keep copies of one decree (with another header, or none): a copy's chunk would push out another
    answer, so a text already ranked is not ranked again from another file."""
    from tests.assistant.conftest import SmallIndex
    from tests.conftest import HashEmbeddings

    decree = _decree(9)
    copies = {"nghi-dinh/ND-178-2026.txt": decree, "tai-lieu/ban-sao-ND-178.txt": "BẢN SAO\n\n" + decree}
    small = SmallIndex(tmp_path, HashEmbeddings(), copies)
    ranked = [p for p in small.retriever.retrieve("tài sản kết cấu hạ tầng thực hiện theo khoản", k=8) if not p.sibling]
    texts = [" ".join(p.chunk.text.split()) for p in ranked]
    assert len(ranked) == 8 and len(set(texts)) == len(texts)


def test_documents_a_bare_number_names_come_in_the_catalogues_order(tmp_path):
    """ "văn bản 24" names every document numbered 24: which come first decides which headers and sections are given
    beside the ranked passages, so the order is the catalogue's, the same in every process (a set's was not)."""
    from tests.assistant.conftest import SmallIndex
    from tests.conftest import HashEmbeddings

    kinds = {"BC": "BÁO CÁO", "KH": "KẾ HOẠCH", "TB": "THÔNG BÁO", "TTr": "TỜ TRÌNH"}
    extra = {
        f"so-24/{code}-24.txt": f"SỞ CÔNG THƯƠNG\nSố: 24/{code}-SCT\nHòa Bình Xanh, ngày 02 tháng 3 năm 2026\n\n"
        f"{title}\nVề việc số {code} của năm\n\nNội dung của văn bản {code} về công tác năm 2026."
        for code, title in kinds.items()
    }
    small = SmallIndex(tmp_path, HashEmbeddings(), extra)
    retriever = small.retriever
    catalogue_order = [path for path in dict.fromkeys(retriever._own_numbers.values()) if path.startswith("so-24/")]
    assert len(catalogue_order) == 4
    matches = retriever._number_matches("văn bản 24 giao nhiệm vụ gì", None)
    named = list(dict.fromkeys(retriever.lexical.doc_paths[p] for p, how in matches.items() if how == "own"))
    assert named == catalogue_order
