"""Data folders as IT staff meet them: read-only, a file, missing, damaged."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.cli import main
from guide_assistant.ingest import run_ingest
from tests.helpers import FIXTURE_CORPUS, make_settings


def _read_only_view(source, target):
    """`target`: `source` mounted read-only (a bind mount; the tests run as root in CI)."""
    target.mkdir()
    for cmd in (["mount", "--bind", str(source), str(target)],
                ["mount", "-o", "remount,bind,ro", str(target)]):
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            subprocess.run(["umount", str(target)], capture_output=True)
            pytest.skip(f"cannot make a read-only mount here ({done.stderr.strip()}); run as root")


@pytest.fixture
def read_only_data(tmp_path, fake_embedder):
    settings = make_settings(tmp_path, FIXTURE_CORPUS)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    view = tmp_path / "read-only"
    _read_only_view(settings.data_dir, view)
    yield settings.with_overrides(data_dir=view)
    subprocess.run(["umount", str(view)], check=True)


def test_a_valid_read_only_index_answers(read_only_data, fixture_assistant, fake_embedder):
    with pytest.raises(OSError):
        (read_only_data.data_dir / "probe").touch()
    question = "Should we celebrate the crews that fit the first lanterns?"
    answer = Assistant(read_only_data, embedder=fake_embedder).answer(question).to_dict()
    expected = fixture_assistant.answer(question).to_dict()
    for d in (answer, expected):
        d.pop("timings_ms")
    assert answer["citations"] and answer == expected


def test_ingest_on_a_read_only_folder_is_one_line(read_only_data, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(read_only_data.data_dir))
    monkeypatch.setenv("GUIDE_CORPUS_DIR", str(FIXTURE_CORPUS))
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert "error: cannot write to" in err and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("error:")


def test_ingest_on_a_file_is_one_line(tmp_path, monkeypatch, capsys):
    a_file = tmp_path / "data"
    a_file.write_text("not a folder")
    monkeypatch.setenv("GUIDE_DATA_DIR", str(a_file))
    monkeypatch.setenv("GUIDE_CORPUS_DIR", str(FIXTURE_CORPUS))
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Traceback" not in err


def test_ask_on_a_missing_folder_creates_nothing(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("GUIDE_DATA_DIR", str(missing))
    assert main(["ask", "How do we make a change last?"]) == 2
    assert "no index" in capsys.readouterr().err
    assert not missing.exists()


def test_a_damaged_index_gets_the_rebuild_advice(tmp_path, fake_embedder, monkeypatch, capsys):
    settings = make_settings(tmp_path, FIXTURE_CORPUS)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    (settings.index_path / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    shutil.rmtree(settings.data_dir / "cache")
    monkeypatch.setenv("GUIDE_DATA_DIR", str(settings.data_dir))
    assert main(["ask", "How do we make a change last?"]) == 2
    err = capsys.readouterr().err
    assert "ingest --rebuild" in err and "Traceback" not in err
