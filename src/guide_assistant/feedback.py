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

from .errors import SettingsError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    search_query TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    citations TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    comment TEXT
)
"""
COLUMNS = ["id", "created_at", "question", "search_query", "answer", "refused", "citations",
           "verdict", "comment"]
FORMATS = ("csv", "jsonl")


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def record(self, question: str, answer: dict, verdict: str, comment: str | None = None) -> int:
        if verdict not in ("up", "down"):
            raise ValueError(f"verdict must be 'up' or 'down', not {verdict!r}")
        citations = [{k: c[k] for k in ("n", "passage_id", "title", "section", "quote")}
                     for c in answer.get("citations", [])]
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, question, search_query, answer, refused, "
                "citations, verdict, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"), question,
                 answer.get("search_query", ""), answer.get("answer", ""),
                 int(bool(answer.get("refused"))), json.dumps(citations, ensure_ascii=False),
                 verdict, comment or None))
            return int(cursor.lastrowid)

    def add_comment(self, row_id: int, comment: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip(), row_id))

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
