"""The accent forms the lexical folder keeps (lexical_store.py): how often each accented form of a word or word
pair occurs in the archive, and the form the diacritic restorer keeps for each folded key, changed by the counts of
the documents that came and went rather than counted again over the archive."""

from __future__ import annotations

import sqlite3
from collections import Counter

from assistant.vietnamese import DiacriticRestorer, fold


def count_accents(db: sqlite3.Connection, delta: Counter[str], fresh: bool) -> dict[str, str | None]:
    """Add `delta` to the saved accent-form counts; the form now kept for each folded key it touched (None: none)."""
    by_key: dict[str, list[str]] = {}
    for form, change in delta.items():
        if change:
            by_key.setdefault(fold(form), []).append(form)
    kept: dict[str, str | None] = {}
    written, dropped = [], []
    for key, forms in by_key.items():
        counts = {} if fresh else dict(db.execute("SELECT form, count FROM form_counts WHERE key = ?", (key,)))
        for form in forms:
            counts[form] = counts.get(form, 0) + delta[form]
            if counts[form] > 0:
                written.append((key, form, counts[form]))
            else:
                dropped.append((key, form))
        kept[key] = DiacriticRestorer.preferred(counts, counts)
    db.executemany("INSERT OR REPLACE INTO form_counts VALUES (?, ?, ?)", written)
    db.executemany("DELETE FROM form_counts WHERE key = ? AND form = ?", dropped)
    rows = [(" " in k, k, f) for k, f in kept.items() if f]
    db.executemany("INSERT OR REPLACE INTO accents VALUES (?, ?, ?)", rows)
    db.executemany("DELETE FROM accents WHERE pair = ? AND key = ?", [(" " in k, k) for k, f in kept.items() if not f])
    return kept


def saved_restorer(db: sqlite3.Connection) -> DiacriticRestorer:
    words = dict(db.execute("SELECT key, form FROM accents WHERE pair = 0"))
    return DiacriticRestorer(words, dict(db.execute("SELECT key, form FROM accents WHERE pair = 1")))


def changed(base: DiacriticRestorer, changes: dict[str, str | None]) -> DiacriticRestorer:
    """A copy of `base` (never changed itself: a snapshot holds it) with the forms kept for some keys changed."""
    words, pairs = dict(base.words), dict(base.pairs)
    for key, change in changes.items():
        table = pairs if " " in key else words
        if change is None:
            table.pop(key, None)
        else:
            table[key] = change
    return DiacriticRestorer(words, pairs)
