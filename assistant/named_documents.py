"""The documents a question names by their own number: the chunks of theirs given to the answer step beside the
ranked ones, whatever their rank (their header, and what the question asks of them)."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.lexical import LexicalIndex
from assistant.questions import focus_terms
from assistant.vietnamese import fold, tokenize
from index.catalog import Catalog, FileRecord
from index.vocabulary import SPOKEN_TYPES

# The chunks of a document named by its own number that hold what the question asks of it, given beside the ranked
# ones, for at most this many named documents (a question names one or two)
ASKED_OF_NAMED = 2
NAMED_DOCUMENTS = 2
_TYPE_SYLLABLES = {w for name in SPOKEN_TYPES for w in fold(name).split()} | {"so"}  # "Nghị định số 178"


class NamedDocuments:
    """The documents of the chunks a question's number matched as their own ("own" in `number_match`)."""

    def __init__(
        self,
        lexical: LexicalIndex,
        documents: Mapping[str, FileRecord],
        catalog: Catalog,
        number_match: dict[int, str],
    ) -> None:
        self.lexical, self.documents, self.catalog = lexical, documents, catalog
        self.named = list(dict.fromkeys(lexical.doc_paths[p] for p, how in number_match.items() if how == "own"))

    def headers(self, taken: list[int]) -> list[int]:
        """The first chunk of each document the question names by its own number, when not taken already: its
        header holds what such questions ask most (its date, signer, addressees, subject), and a scan's header is
        often too misread for its words to rank it ("Số: II /2026/QĐ-UBND")."""
        firsts = (self.lexical.position.get(f"{path}#0") for path in self.named)
        return [p for p in firsts if p is not None and p not in taken]

    def asked_of(self, query: str, taken: list[int]) -> list[int]:
        """The chunks of each document the question names by its own number that best hold what it asks of it.
        Every chunk of a decree holds its subject's words, so that "Nghị định 178/2026/NĐ-CP về quản lý, khai thác
        tài sản kết cấu hạ tầng có hiệu lực từ ngày nào" ranks first chunks that say "tài sản kết cấu hạ tầng" and
        not its article "Điều 49. Hiệu lực thi hành". Ranked first by the words next to the question word in a
        chunk's own heading, then by BM25 of the words left when those naming the document are dropped (its
        number, its type, the words of its subject)."""
        focus = focus_terms(query)
        rows = self.lexical.position
        found: list[int] = []
        for path in self.named[:NAMED_DOCUMENTS]:
            record = self.documents.get(path)
            subject = record.meta.subject if record and record.meta else None
            naming = _TYPE_SYLLABLES | set(tokenize(subject or ""))
            asked = [t for t in tokenize(query) if not set(t.split("_")) <= naming and t[0] not in "#0123456789"]
            if not asked:
                continue
            chunks = [(c, rows[c.chunk_id]) for c in self.catalog.chunks_of(path) if c.chunk_id in rows]
            chunks = [(c, p) for c, p in chunks if p not in taken]
            scores = self.lexical.scores_at(asked, [p for _, p in chunks]).tolist()
            ranked = []
            for (chunk, position), score in zip(chunks, scores, strict=True):
                titled = len(focus & set(tokenize(chunk.heading_path[-1]))) if chunk.heading_path else 0
                if titled or score > 0:
                    ranked.append((titled, score, -position))
            found += [-p for _, _, p in sorted(ranked, reverse=True)[:ASKED_OF_NAMED]]
        return list(dict.fromkeys(found))
