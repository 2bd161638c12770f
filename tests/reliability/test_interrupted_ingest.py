"""SIGKILL a re-ingest at 20 points: ask keeps answering from the last complete index, with
identical results, and the next ingest completes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.store import Store
from guide_assistant.ingest import run_ingest
from tests.helpers import REPO, make_settings


QUESTIONS = ["How do we make the change last?", "Should we celebrate teams that adopt the change?",
             "What is the new mindset?"]
KILL_POINTS = 20


pytestmark = [pytest.mark.integration, pytest.mark.slow]  # the real packaged model


def _answers(settings, embedder) -> list[dict]:
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # read what is on disk now, as a new process would
    assistant = Assistant(settings, embedder=embedder)
    out = []
    for q in QUESTIONS:
        answer = assistant.answer(q).to_dict()
        answer.pop("timings_ms")
        out.append(answer)
    return out


def _grow_corpus(corpus) -> None:
    """An edited paragraph and a new 150-passage page: enough work to be killed in the middle."""
    page = corpus / "benefit-principle.md"
    page.write_text(page.read_text().replace("Recognise and reward the adoption",
                                             "Recognise and celebrate the adoption"))
    rng = random.Random(3)
    words = page.read_text().split()
    paragraphs = [" ".join(rng.choice(words) for _ in range(25)) + "." for _ in range(150)]
    (corpus / "extra.md").write_text("---\ntitle: Extra page\n---\n" + "\n\n".join(paragraphs))


def _spawn(settings):
    env = {**os.environ, "GUIDE_CORPUS_DIR": str(settings.corpus_dir),
           "GUIDE_DATA_DIR": str(settings.data_dir)}
    return subprocess.Popen([sys.executable, "-m", "guide_assistant", "-v", "ingest"], cwd=REPO,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_sigkill_at_twenty_points_never_loses_the_index(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    old = _answers(settings, embedder)
    _grow_corpus(corpus_copy)

    # A full re-ingest on a copy, to learn how long it takes and when embedding starts.
    reference = make_settings(tmp_path / "reference", corpus_copy)
    shutil.copytree(settings.data_dir, reference.data_dir)
    started = time.perf_counter()
    proc = _spawn(reference)
    embed_at = None
    for line in proc.stderr:
        if "embedding" in line and embed_at is None:
            embed_at = time.perf_counter() - started
    assert proc.wait() == 0
    total = time.perf_counter() - started
    new = _answers(reference, embedder)
    assert new != old and embed_at is not None

    # Kill points: a few before embedding starts, most while it embeds and writes.
    points = [embed_at * (i + 1) / 5 for i in range(4)]
    points += [embed_at + (total - embed_at) * (i + 0.5) / (KILL_POINTS - 4)
               for i in range(KILL_POINTS - 4)]
    outcomes = {"old index": 0, "new index": 0}
    for at in points:
        proc = _spawn(settings)
        time.sleep(max(0.0, at - 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _answers(settings, embedder)
        assert now in (old, new), f"answers changed after a kill at {at:.1f} s"
        outcomes["old index" if now == old else "new index"] += 1
    print(f"\nkilled at {len(points)} points over {total:.1f} s: {outcomes}")
    assert sum(outcomes.values()) == KILL_POINTS

    summary = run_ingest(settings, progress=False, embedder=embedder)
    assert summary.passages == Store(settings).require_active().counts()[0]
    assert _answers(settings, embedder) == new
