"""One ranking from two: the dense (meaning) and lexical (words and numbers) signals of each chunk fused into one
score, and the top of that ranking with room left for other documents beside one the question names by number."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RRF_K = 60
# Places of the k kept for other documents when the question names one by number: it may ask what the document says
# (its own chunks) or what others say of it ("Sở kiến nghị sửa Nghị định 32 thế nào"); the named document's other
# chunks still come in as siblings.
OTHERS_BESIDE_OWN = 3


@dataclass(frozen=True)
class Signals:
    """What each side found for one question, by position in the lexical index."""

    dense: dict[int, tuple[int, float]]  # the dense hits: (rank, similarity)
    unranked: dict[int, float]  # the similarity of lexical candidates the dense search did not reach
    lexical_scores: np.ndarray  # BM25 of every chunk
    top_lexical: list[int]  # the lexical candidates, best first
    without_vector: np.ndarray | None  # chunks phase 2 has not embedded yet


def fuse(signals: Signals, fusion: str, dense_weight: float) -> np.ndarray:
    """Dense and lexical signals in one score per chunk: "weighted" (similarity and BM25 over the best BM25) or
    "rrf" (reciprocal ranks, summed). For a chunk without a vector, its lexical signal stands in for the dense one
    it cannot have yet, so its score is what lexical retrieval alone would give it."""
    dense, top_lexical, scores = signals.dense, signals.top_lexical, signals.lexical_scores
    if fusion == "weighted":
        best = float(scores[top_lexical[0]]) if top_lexical else 1.0
        lexical_weight = 1 - dense_weight
        similarities = {**signals.unranked, **{position: similarity for position, (_, similarity) in dense.items()}}
        dense_signal = {position: max(similarity, 0.0) for position, similarity in similarities.items()}
        lexical_signal = {position: float(scores[position]) / best for position in top_lexical}
    else:
        dense_weight = lexical_weight = 1.0
        dense_signal = {position: 1.0 / (RRF_K + rank) for position, (rank, _) in dense.items()}
        lexical_signal = {position: 1.0 / (RRF_K + rank) for rank, position in enumerate(top_lexical, start=1)}
    fused = np.zeros(len(scores), dtype=np.float64)
    for position, signal in dense_signal.items():
        fused[position] += dense_weight * signal
    waiting = signals.without_vector
    for position, signal in lexical_signal.items():
        alone = waiting is not None and bool(waiting[position])
        fused[position] += (dense_weight + lexical_weight if alone else lexical_weight) * signal
    return fused


def with_room_for_others(ranked: list[int], number_match: dict[int, str], k: int) -> list[int]:
    """The k first of `ranked`, the named document's own chunks filling at most k - OTHERS_BESIDE_OWN places while
    other chunks are left."""
    own = [p for p in ranked if number_match.get(p) == "own"]
    others = [p for p in ranked if number_match.get(p) != "own"]
    keep_own = max(k - min(OTHERS_BESIDE_OWN, len(others)), 0)
    kept = set(own[:keep_own]) | set(others[: k - min(keep_own, len(own))])
    return [p for p in ranked if p in kept][:k]


def ranks(scores: np.ndarray, limit: int = 200) -> dict[int, int]:
    return {p: r for r, p in enumerate(top(scores, limit), start=1)}


def top(scores: np.ndarray, limit: int) -> list[int]:
    """Positions of the `limit` highest positive scores, best first, ties by position: sorting every chunk's score
    took about 0.1 s a sort at a million chunks, and a question sorted three times."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > limit:
        positive = positive[np.argpartition(-scores[positive], limit - 1)[:limit]]
    return [int(p) for p in positive[np.lexsort((positive, -scores[positive]))]]
