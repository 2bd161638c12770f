"""Leaders' thumbs up/down on answers, kept in SQLite in the data folder.

A row holds the question, the answer, its citations, the verdict, an optional comment and the
time — nothing about who gave it (no IP address, no user name).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .errors import DataFolderError, SettingsError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    answer_id TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    question TEXT NOT NULL,
    search_query TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    citations TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down', 'none')),
    comment TEXT
)
"""
# Rows written before answers had ids (one row per click) are kept, each as its own answer.
MIGRATE_V1 = """
ALTER TABLE feedback RENAME TO feedback_v1;
{schema};
INSERT INTO feedback (id, answer_id, created_at, updated_at, question, search_query, answer,
                      refused, citations, verdict, comment)
    SELECT id, 'v1-' || id, created_at, created_at, question, search_query, answer, refused,
           citations, verdict, comment FROM feedback_v1;
DROP TABLE feedback_v1;
"""
COLUMNS = ["id", "answer_id", "created_at", "updated_at", "question", "search_query", "answer",
           "refused", "citations", "verdict", "comment"]
FORMATS = ("csv", "jsonl")
VERDICTS = ("up", "down", "none")  # "none": no vote (withdrawn, or a comment alone)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FeedbackStore:
    """One row per answer a leader rated or commented on, updated as they change their mind."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.problem: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                columns = [r[1] for r in db.execute("PRAGMA table_info(feedback)")]
                if columns and "answer_id" not in columns:
                    db.executescript("BEGIN;" + MIGRATE_V1.format(schema=SCHEMA.strip()) + "COMMIT;")
                else:
                    db.execute(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            # A read-only data folder still serves answers; ratings just cannot be kept.
            self.problem = (f"ratings cannot be saved: {self.path} is not writable "
                            f"({getattr(exc, 'strerror', None) or exc})")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.problem:
            raise DataFolderError(self.problem)
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def vote(self, answer_id: str, question: str, answer: dict, verdict: str | None) -> None:
        """The leader's vote on one answer: "up", "down", or None (withdrawn). One row per
        answer: a changed vote updates it."""
        self._upsert(answer_id, question, answer, verdict=verdict or "none")

    def comment(self, answer_id: str, question: str, answer: dict, comment: str) -> None:
        """A comment on one answer (with or without a vote)."""
        self._upsert(answer_id, question, answer, comment=comment.strip())

    def _upsert(self, answer_id: str, question: str, answer: dict, *, verdict: str | None = None,
                comment: str | None = None) -> None:
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        citations = [{k: c[k] for k in ("n", "passage_id", "title", "section", "quote")}
                     for c in answer.get("citations", [])]
        now = _now()
        with self._connect() as db:
            db.execute(
                "INSERT INTO feedback (answer_id, created_at, updated_at, question, search_query, "
                "answer, refused, citations, verdict, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(answer_id) DO UPDATE SET updated_at = excluded.updated_at, "
                "verdict = COALESCE(?, feedback.verdict), comment = COALESCE(?, feedback.comment)",
                (answer_id, now, now, question, answer.get("search_query", ""),
                 answer.get("answer", ""), int(bool(answer.get("refused"))),
                 json.dumps(citations, ensure_ascii=False), verdict or "none", comment or None,
                 verdict, comment or None))

    def rows(self) -> list[dict]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")]

    def export(self, out, fmt: str) -> int:
        """Write every row to the open text stream `out` as CSV or JSON lines; returns the count."""
        if fmt not in FORMATS:
            raise SettingsError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        rows = self.rows()
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                out.write(json.dumps({**row, "citations": json.loads(row["citations"])},
                                     ensure_ascii=False) + "\n")
        return len(rows)
