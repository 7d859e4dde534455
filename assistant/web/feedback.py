"""Every answer given and the feedback on it (👍/👎, a comment), in SQLite, for the department to review.

One connection shared by Gradio's worker threads, writes serialised by a lock: a few rows a minute at most."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.answers import Answer
from assistant.metadata_filters import Filters
from index.sqlitedb import LockedDatabase, utc_now

FEEDBACK_FILE = "feedback.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at TEXT NOT NULL,
    channel TEXT NOT NULL,            -- "web" | "api"
    session TEXT,
    username TEXT,
    question TEXT NOT NULL,
    rewritten TEXT,
    filters TEXT,                      -- JSON of the active filters, NULL when none
    answer TEXT NOT NULL,              -- as copied: text, then the "Nguồn:" lines
    abstained INTEGER NOT NULL,
    citations TEXT NOT NULL,           -- JSON list of {label, pages, doc_path, chunk_id}
    first_token_ms REAL,
    total_ms REAL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    given_at TEXT NOT NULL,
    rating INTEGER,                    -- 1 = 👍, -1 = 👎, NULL = a comment only
    comment TEXT,
    session TEXT,
    username TEXT
);
CREATE INDEX IF NOT EXISTS feedback_by_answer ON feedback (answer_id);
"""


@dataclass(frozen=True)
class Asker:
    """Who asked, as far as the app knows: the browser session and, with sign-in, the user name."""

    channel: str = "web"
    session: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class FeedbackRow:
    """One answer with its latest rating and every comment, for review."""

    answer_id: int
    asked_at: str
    channel: str
    username: str | None
    question: str
    answer: str
    abstained: bool
    rating: int | None
    comments: tuple[str, ...]
    total_ms: float | None


class FeedbackLog(LockedDatabase):
    """`FeedbackLog(path)`: `log_answer` when an answer is done, `rate` / `comment` when staff react to it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def log_answer(
        self,
        answer: Answer,
        copy_text: str,
        asker: Asker,
        filters: Filters | None = None,
        first_token_ms: float | None = None,
        total_ms: float | None = None,
    ) -> int:
        """Record one finished answer; returns its id (the handle feedback refers to)."""
        citations = [
            {"label": c.label, "pages": c.pages, "doc_path": c.doc_path, "chunk_id": c.chunk_id}
            for c in answer.citations
        ]
        active = {k: v for k, v in asdict(filters).items() if v} if filters and filters.active() else None
        row = (
            utc_now(),
            asker.channel,
            asker.session,
            asker.username,
            answer.question,
            answer.rewritten,
            json.dumps(active, ensure_ascii=False) if active else None,
            copy_text,
            int(answer.abstained),
            json.dumps(citations, ensure_ascii=False),
            first_token_ms,
            total_ms,
        )
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO answers (asked_at, channel, session, username, question, rewritten, filters, answer,"
                " abstained, citations, first_token_ms, total_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        return int(cursor.lastrowid or 0)

    def rate(self, answer_id: int, rating: int | None, asker: Asker, comment: str | None = None) -> int:
        """A 👍 (1) or 👎 (-1), or a comment alone (rating None); returns the feedback row id."""
        if rating not in (1, -1, None):
            msg = f"rating must be 1, -1 or None, not {rating!r}"
            raise ValueError(msg)
        with self._lock, self._db:
            if self._db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                msg = f"no answer with id {answer_id}"
                raise LookupError(msg)
            cursor = self._db.execute(
                "INSERT INTO feedback (answer_id, given_at, rating, comment, session, username)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (answer_id, utc_now(), rating, (comment or "").strip() or None, asker.session, asker.username),
            )
        return int(cursor.lastrowid or 0)

    def comment(self, feedback_id: int, comment: str) -> None:
        """Attach a comment to a rating already given (the comment box after 👍/👎)."""
        with self._lock, self._db:
            self._db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip() or None, feedback_id))

    def review(self, limit: int = 50, only_rated: bool = False) -> list[FeedbackRow]:
        """The latest answers, newest first, with their latest rating and all comments."""
        where = "WHERE EXISTS (SELECT 1 FROM feedback f WHERE f.answer_id = a.id)" if only_rated else ""
        rows = self._db.execute(
            "SELECT a.id, a.asked_at, a.channel, a.username, a.question, a.answer, a.abstained, a.total_ms,"
            " (SELECT rating FROM feedback f WHERE f.answer_id = a.id AND rating IS NOT NULL ORDER BY f.id DESC"
            "  LIMIT 1)"
            f" FROM answers a {where} ORDER BY a.id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        out = []
        for answer_id, asked_at, channel, username, question, answer, abstained, total_ms, rating in rows:
            comments = tuple(
                c
                for (c,) in self._db.execute(
                    "SELECT comment FROM feedback WHERE answer_id = ? AND comment IS NOT NULL ORDER BY id",
                    (answer_id,),
                )
            )
            out.append(
                FeedbackRow(
                    answer_id,
                    asked_at,
                    channel,
                    username,
                    question,
                    answer,
                    bool(abstained),
                    rating,
                    comments,
                    total_ms,
                )
            )
        return out

    def counts(self) -> dict[str, Any]:
        """How many answers, ratings up and down, and comments there are."""
        answers = self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        up, down, comments = self._db.execute(
            "SELECT COALESCE(SUM(rating = 1), 0), COALESCE(SUM(rating = -1), 0), COUNT(comment) FROM feedback"
        ).fetchone()
        return {"answers": answers, "up": up, "down": down, "comments": comments}


def format_review(rows: list[FeedbackRow], counts: dict[str, Any]) -> str:
    """The review as plain text, newest first (scripts/feedback_report.py prints it)."""
    lines = [
        f"{counts['answers']} câu trả lời; 👍 {counts['up']}, 👎 {counts['down']}, {counts['comments']} góp ý.",
    ]
    for row in rows:
        mark = {1: "👍", -1: "👎"}.get(row.rating or 0, "·")
        who = f" {row.username}" if row.username else ""
        lines.append("")
        lines.append(f"#{row.answer_id} {row.asked_at} [{row.channel}{who}] {mark}")
        lines.append(f"  Hỏi: {row.question}")
        first = row.answer.splitlines()[0] if row.answer else ""
        lines.append(f"  Đáp: {first[:200]}{'…' if len(first) > 200 else ''}")
        lines.extend(f"  Góp ý: {c}" for c in row.comments)
    return "\n".join(lines)
