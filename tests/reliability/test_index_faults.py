"""A missing or corrupt index: a clear message naming the command; ingest rebuilds it."""

from __future__ import annotations

import json

import pytest

from guide_assistant.cli import main
from tests.helpers import CORPUS, passage_count

pytestmark = pytest.mark.integration  # the real packaged model


def test_missing_index_names_the_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    assert main(["ask", "How do we make the change last?"]) == 2
    err = capsys.readouterr().err
    assert "no index" in err and "guide-assistant ingest" in err and "Traceback" not in err


def test_a_corrupt_index_is_reported_then_rebuilt_by_ingest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    assert main(["ingest"]) == 0
    db = tmp_path / "index" / "chroma.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    capsys.readouterr()
    assert main(["ask", "How do we make the change last?"]) == 2
    err = capsys.readouterr().err
    assert "cannot be" in err and "guide-assistant ingest --rebuild" in err
    assert "Traceback" not in err

    assert main(["ingest"]) == 0  # what the app's run command does first
    assert f"{passage_count(CORPUS)} added" in capsys.readouterr().out
    assert list(tmp_path.glob("index.broken-*"))  # the damaged one is kept aside, not deleted
    assert main(["ask", "--json", "How do we make the change last?"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"]
