"""One ingest at a time: a second one waits, or stops at once with --no-wait; a killed holder
leaves no stale lock. The holder is another process, as a second ingest would be."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time

import pytest

from guide_assistant.cli import main
from guide_assistant.errors import IngestBusyError
from guide_assistant.ingest import run_ingest
from guide_assistant.ingest.lock import LOCK_FILE
from tests.helpers import FIXTURE_CORPUS, make_settings

HOLD = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold(settings, seconds: float) -> subprocess.Popen:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(settings.data_dir / LOCK_FILE),
                             str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, FIXTURE_CORPUS)


def test_a_second_ingest_with_no_wait_stops_at_once(settings, fake_embedder, monkeypatch, capsys):
    holder = _hold(settings, 60)
    try:
        started = time.perf_counter()
        with pytest.raises(IngestBusyError, match="another ingest is running"):
            run_ingest(settings, progress=False, embedder=fake_embedder, wait=False)
        assert time.perf_counter() - started < 2

        monkeypatch.setenv("GUIDE_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("GUIDE_CORPUS_DIR", str(settings.corpus_dir))
        assert main(["ingest", "--no-wait"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith("error: another ingest is running") and "Traceback" not in str(err)
    finally:
        holder.kill()
        holder.wait()


def test_a_second_ingest_waits_then_runs(settings, fake_embedder, caplog):
    holder = _hold(settings, 1.5)
    with caplog.at_level(logging.WARNING):
        summary = run_ingest(settings, progress=False, embedder=fake_embedder)
    assert "waiting for it to finish" in caplog.text
    assert summary.changed and holder.wait() == 0


def test_a_killed_holder_leaves_no_stale_lock(settings, fake_embedder):
    holder = _hold(settings, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (settings.data_dir / LOCK_FILE).exists()  # the file stays; the lock went with it
    summary = run_ingest(settings, progress=False, embedder=fake_embedder, wait=False)
    assert summary.changed
