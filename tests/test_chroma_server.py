"""A real Chroma server on loopback stores vectors we give it and returns the nearest one."""

from __future__ import annotations

import time
from pathlib import Path

import chromadb
import numpy as np
import pytest

from tests.chroma_server import chroma_server, client_settings

pytestmark = pytest.mark.server


def test_server_stores_and_queries_explicit_embeddings(tmp_path: Path) -> None:
    started = time.monotonic()
    with chroma_server(tmp_path / "chroma") as (host, port):
        startup = time.monotonic() - started
        client = chromadb.HttpClient(host=host, port=port, settings=client_settings())
        collection = client.create_collection("kho_thu", embedding_function=None)
        collection.add(
            ids=["xuat-khau", "ban-le", "cum-cong-nghiep"],
            embeddings=np.eye(3, dtype=np.float32),
            documents=["Kim ngạch xuất khẩu quý I", "Tổng mức bán lẻ hàng hóa", "Cụm công nghiệp Đồng Sen"],
        )
        result = collection.query(query_embeddings=np.array([[0.1, 0.2, 0.9]], dtype=np.float32), n_results=2)

        assert collection.count() == 3
        assert result["ids"] == [["cum-cong-nghiep", "ban-le"]]
        assert result["documents"] == [["Cụm công nghiệp Đồng Sen", "Tổng mức bán lẻ hàng hóa"]]
    assert startup < 30, f"chroma server took {startup:.1f} s to answer"


def test_server_data_outlives_the_server(tmp_path: Path) -> None:
    data = tmp_path / "chroma"
    with chroma_server(data) as (host, port):
        client = chromadb.HttpClient(host=host, port=port, settings=client_settings())
        client.create_collection("kho_thu", embedding_function=None).add(
            ids=["a"], embeddings=np.array([[0.5, 0.5]], dtype=np.float32)
        )
    with chroma_server(data) as (host, port):
        client = chromadb.HttpClient(host=host, port=port, settings=client_settings())
        assert client.get_collection("kho_thu", embedding_function=None).get(ids=["a"])["ids"] == ["a"]
