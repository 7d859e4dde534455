"""The web chat's conversations, kept per owner in SQLite so that they outlive a page reload and a server restart.

An owner is a string the panel derives (conversation_panel.py): "user:NAME" when signed in, "browser:ID" in open
mode. Every call takes the owner and reads or changes only that owner's rows, so a conversation id sent by a page is
never enough on its own to reach someone else's conversation.

One connection shared by Gradio's worker threads, every use under a lock (as feedback.py): a few writes a minute.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.web.chat import Turn
from index.sqlitedb import LockedDatabase, utc_now

CONVERSATIONS_FILE = "conversations.sqlite"
# Per owner, the least recently used beyond this are dropped when a new one starts: the list stays short enough to
# scan, and one browser in open mode cannot grow the file without bound.
MAX_CONVERSATIONS = 100
# Per conversation, the oldest turns beyond this are dropped: a reopened chat redraws quickly, and follow-ups only
# read the last few turns anyway.
MAX_TURNS = 100
MAX_TITLE_CHARS = 80

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,               -- "user:NAME" or "browser:ID"
    title TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_owner ON conversations (owner, updated);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,              -- plain text: the history a follow-up question is read against
    html TEXT NOT NULL,                -- the answer as the chat draws it, source cards included
    copy TEXT NOT NULL,                -- as pasted into a document
    answer_id INTEGER NOT NULL,        -- row in feedback.sqlite: 👍/👎 on a reopened answer still reach it
    UNIQUE (conversation_id, answer_id)
);
"""


class ConversationNotFound(LookupError):
    """No conversation with that id belongs to the owner (deleted, or someone else's: the two look the same)."""


class BadTitle(ValueError):
    """A name for a conversation that cannot be used; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created: str  # ISO 8601, UTC
    updated: str


def _now() -> str:
    # microseconds: two turns within a second must still order the list by last use
    return utc_now("microseconds")


def title_from_question(question: str) -> str:
    """The default name of a conversation: its first question on one line, cut at a word to MAX_TITLE_CHARS."""
    text = " ".join(question.split())
    if len(text) <= MAX_TITLE_CHARS:
        return text or "Cuộc hội thoại"
    cut = text[: MAX_TITLE_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


def checked_title(title: str) -> str:
    """A name typed by someone, on one line; BadTitle when it is empty or too long (never cut silently)."""
    text = " ".join((title or "").split())
    if not text:
        msg = "Tên cuộc hội thoại đang để trống: hãy nhập một tên."
        raise BadTitle(msg)
    if len(text) > MAX_TITLE_CHARS:
        msg = f"Tên cuộc hội thoại dài {len(text)} ký tự, quá giới hạn {MAX_TITLE_CHARS} ký tự: hãy rút gọn."
        raise BadTitle(msg)
    return text


_OWNER = re.compile(r"(user|browser):.+")


class ConversationStore(LockedDatabase):
    """`ConversationStore(path)`: `create` and `append` after an answer, `owned_by` to list, `turns` to reopen,
    `rename`, `delete`."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def create(self, owner: str, first_question: str) -> Conversation:
        """A new, empty conversation named after its first question; the owner's least recently used ones beyond
        MAX_CONVERSATIONS are dropped."""
        _check_owner(owner)
        now = _now()
        title = title_from_question(first_question)
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO conversations (owner, title, created, updated) VALUES (?, ?, ?, ?)",
                (owner, title, now, now),
            )
            stale = self._db.execute(
                "SELECT id FROM conversations WHERE owner = ? ORDER BY updated DESC, id DESC LIMIT -1 OFFSET ?",
                (owner, MAX_CONVERSATIONS),
            ).fetchall()
            for (stale_id,) in stale:
                self._drop(stale_id)
        return Conversation(int(cursor.lastrowid or 0), title, now, now)

    def append(self, owner: str, conversation_id: int, turns: Sequence[Turn]) -> int:
        """Store the turns not stored yet (known by their answer id), so saving the whole list again is harmless;
        returns how many were new. Keeps the last MAX_TURNS."""
        with self._lock, self._db:
            self._require(owner, conversation_id)
            added = 0
            for turn in list(turns)[-MAX_TURNS:]:  # older ones were dropped: storing them again would reorder
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO turns (conversation_id, question, answer, html, copy, answer_id)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (conversation_id, turn.question, turn.answer, turn.html, turn.copy, turn.answer_id),
                )
                added += cursor.rowcount
            if added:
                self._db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (_now(), conversation_id))
                self._db.execute(
                    "DELETE FROM turns WHERE conversation_id = ? AND id NOT IN"
                    " (SELECT id FROM turns WHERE conversation_id = ? ORDER BY id DESC LIMIT ?)",
                    (conversation_id, conversation_id, MAX_TURNS),
                )
        return added

    def owned_by(self, owner: str) -> list[Conversation]:
        """The owner's conversations, the most recently used first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, title, created, updated FROM conversations WHERE owner = ? ORDER BY updated DESC, id DESC",
                (owner,),
            ).fetchall()
        return [Conversation(*row) for row in rows]

    def holding(self, owner: str, answer_ids: Sequence[int]) -> Conversation | None:
        """The owner's conversation that already holds one of these answers, if any: the one a page's turns belong
        to, whatever the page says is open (it may have switched while an answer was streaming)."""
        ids = list(answer_ids)[-MAX_TURNS:]  # the stored ones are among the latest
        if not ids:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT c.id, c.title, c.created, c.updated FROM conversations c JOIN turns t"
                f" ON t.conversation_id = c.id WHERE c.owner = ? AND t.answer_id IN ({', '.join('?' * len(ids))})"
                " ORDER BY c.updated DESC LIMIT 1",
                (owner, *ids),
            ).fetchone()
        return Conversation(*row) if row else None

    def get(self, owner: str, conversation_id: int) -> Conversation:
        with self._lock:
            return self._require(owner, conversation_id)

    def turns(self, owner: str, conversation_id: int) -> list[Turn]:
        """The stored turns in order, numbered as a redrawn chat shows them (question, answer: answer i is message
        2i + 1)."""
        with self._lock:
            self._require(owner, conversation_id)
            rows = self._db.execute(
                "SELECT question, answer, copy, answer_id, html FROM turns WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return [Turn(q, a, c, answer_id, 2 * i + 1, html) for i, (q, a, c, answer_id, html) in enumerate(rows)]

    def rename(self, owner: str, conversation_id: int, title: str) -> Conversation:
        """A new name (BadTitle when empty or longer than MAX_TITLE_CHARS)."""
        title = checked_title(title)
        with self._lock, self._db:
            self._require(owner, conversation_id)
            self._db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))
            return self._require(owner, conversation_id)

    def delete(self, owner: str, conversation_id: int) -> None:
        """The conversation and its turns, for good (the panel asks for a confirmation first)."""
        with self._lock, self._db:
            self._require(owner, conversation_id)
            self._drop(conversation_id)

    # -- under the lock ---------------------------------------------------------------------------------------------
    def _require(self, owner: str, conversation_id: int) -> Conversation:
        row = self._db.execute(
            "SELECT id, title, created, updated FROM conversations WHERE id = ? AND owner = ?",
            (conversation_id, owner),
        ).fetchone()
        if row is None:
            msg = "Không tìm thấy cuộc hội thoại này: có thể nó đã bị xóa."
            raise ConversationNotFound(msg)
        return Conversation(*row)

    def _drop(self, conversation_id: int) -> None:
        self._db.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
        self._db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))


def _check_owner(owner: str) -> None:
    # an empty or unprefixed owner would be a shared bucket: a bug in the caller, not something to store under
    if not _OWNER.fullmatch(owner or ""):
        msg = f"owner must be 'user:NAME' or 'browser:ID', not {owner!r}"
        raise ValueError(msg)
