import csv
import io
import json
import sqlite3

import pytest

from guide_assistant.cli import main
from guide_assistant.errors import SettingsError
from guide_assistant.feedback import FeedbackStore

ANSWER = {"answer": "A sentence. [1]", "refused": False, "search_query": "q",
          "citations": [{"n": 1, "passage_id": "p1", "title": "T", "section": "S",
                         "quote": "A sentence.", "text": "A sentence. More.", "score": 0.1,
                         "principle": None, "source_url": None}]}


def test_a_rating_is_stored_with_question_answer_citations_and_time(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.vote("a1", "How?", ANSWER, "up")
    store.comment("a1", "How?", ANSWER, "  useful for the board  ")
    [saved] = store.rows()
    assert saved["verdict"] == "up" and saved["question"] == "How?"
    assert saved["comment"] == "useful for the board" and saved["created_at"]
    assert json.loads(saved["citations"]) == [{"n": 1, "passage_id": "p1", "title": "T",
                                               "section": "S", "quote": "A sentence."}]
    columns = [r[1] for r in sqlite3.connect(tmp_path / "fb.sqlite3").execute(
        "PRAGMA table_info(feedback)")]
    assert not {"ip", "host", "user", "client"} & {c.lower() for c in columns}
    with pytest.raises(ValueError):
        store.vote("a1", "How?", ANSWER, "meh")


def test_export_as_csv_and_jsonl(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.vote("a1", "How?", ANSWER, "up")
    store.vote("a2", "Why?", {**ANSWER, "refused": True, "citations": []}, "down")
    out = io.StringIO()
    assert store.export(out, "csv") == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["verdict"] for r in rows] == ["up", "down"]
    out = io.StringIO()
    store.export(out, "jsonl")
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0]["citations"][0]["quote"] == "A sentence." and lines[1]["refused"] == 1
    with pytest.raises(SettingsError, match="csv, jsonl"):
        store.export(io.StringIO(), "xml")


def test_cli_exports_feedback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    assert main(["feedback", "export"]) == 2  # nothing yet: a clear message
    assert "no feedback yet" in capsys.readouterr().err
    FeedbackStore(tmp_path / "feedback.sqlite3").vote("a1", "How?", ANSWER, "down")
    target = tmp_path / "out.jsonl"
    assert main(["feedback", "export", "--format", "jsonl", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["verdict"] == "down"


def test_one_row_per_answer_as_the_vote_changes(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    for verdict in ("up", "down", None):
        store.vote("answer-1", "How?", ANSWER, verdict)
    store.vote("answer-2", "Why?", ANSWER, "up")
    store.comment("answer-1", "How?", ANSWER, " clear enough ")
    rows = {r["answer_id"]: r for r in store.rows()}
    assert len(rows) == 2
    assert rows["answer-1"]["verdict"] == "none" and rows["answer-1"]["comment"] == "clear enough"
    assert rows["answer-2"]["verdict"] == "up" and rows["answer-2"]["comment"] is None


def test_ratings_stored_before_answer_ids_are_kept(tmp_path):
    path = tmp_path / "fb.sqlite3"
    with sqlite3.connect(path) as db:  # the first schema: one row per click, no answer id
        db.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
                   "question TEXT NOT NULL, search_query TEXT NOT NULL, answer TEXT NOT NULL, "
                   "refused INTEGER NOT NULL, citations TEXT NOT NULL, verdict TEXT NOT NULL "
                   "CHECK (verdict IN ('up', 'down')), comment TEXT)")
        db.execute("INSERT INTO feedback VALUES (1, '2026-01-01', 'Old?', 'q', 'A.', 0, '[]', "
                   "'down', 'kept')")
    store = FeedbackStore(path)
    [old] = store.rows()
    assert (old["question"], old["verdict"], old["comment"]) == ("Old?", "down", "kept")
    store.vote("new", "New?", ANSWER, None)
    assert [r["verdict"] for r in store.rows()] == ["down", "none"]


def test_a_folder_that_cannot_be_written_is_reported_not_raised_at_start(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    store = FeedbackStore(blocker / "feedback.sqlite3")
    assert store.problem and "cannot be saved" in store.problem
    with pytest.raises(Exception, match="cannot be saved"):
        store.vote("a", "How?", ANSWER, "up")
