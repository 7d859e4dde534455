"""Keeping the vectors in step with the catalogue without listing them: the catalogue journals each document whose
vectors are being written or deleted (`Catalog.journal_vectors`, `Catalog.forget`) until the change is whole, and
an ingest or a phase 2 settles what an interrupted run left. Listing every vector instead took 40 s of adding one
file at 100,000 chunks."""

from __future__ import annotations

from index.catalog import Catalog
from index.vectors import VectorStore

# set in the catalogue once it journals every vector write and deletion
JOURNAL_KEPT = "vector_journal_kept"


def settle_vector_journal(catalog: Catalog, store: VectorStore) -> None:
    """Vectors an interrupted run left (written for a row not yet marked embedded, or not yet deleted for a row
    forgotten) are deleted: the journal names them, so this costs nothing while it is empty. A catalogue that has
    never kept the journal (written before it, or new beside an old collection) has every vector's document listed
    once instead."""
    if catalog.get_info(JOURNAL_KEPT) != "yes":
        rows = catalog.files(with_meta=False).values()
        indexed = {r.path for r in rows if r.status == "indexed" and r.embedded}
        catalog.journal_vectors(sorted(store.doc_paths() - indexed))
        catalog.set_info(JOURNAL_KEPT, "yes")
    for path in catalog.journalled():
        record = catalog.file(path)
        if not (record and record.status == "indexed" and record.embedded):
            store.delete_document(path)
        catalog.settled(path)
