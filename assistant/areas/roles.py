"""Who signs what in an area: for each document type, its signers with their capacity and a document as example."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.records import DocMeta


@dataclass(frozen=True)
class Signing:
    doc_type: str
    signer: str
    capacity: str | None  # "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    documents: int
    example: str  # the path of one document signed so


def signers(paths: Sequence[str], metas: Mapping[str, DocMeta]) -> list[Signing]:
    """Signers by document type (types with the most signed documents first), as the signature blocks read."""
    counts: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    example: dict[tuple[str, str, str | None], str] = {}
    for path in paths:
        meta = metas.get(path)
        if meta is None or not meta.signer or not meta.doc_type:
            continue
        counts[meta.doc_type][(meta.signer, meta.signer_capacity)] += 1
        example.setdefault((meta.doc_type, meta.signer, meta.signer_capacity), path)
    found = []
    for doc_type in sorted(counts, key=lambda t: (-sum(counts[t].values()), t)):
        for (signer, capacity), n in counts[doc_type].most_common():
            found.append(Signing(doc_type, signer, capacity, n, example[(doc_type, signer, capacity)]))
    return found
