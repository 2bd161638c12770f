"""Updating a live deployment: 16 clients asking while 10 ingests with edits run; two ingests
started at once, 10 times. Ingests are whole `guide-assistant ingest` processes, as IT staff run
them; the app is a real Gradio server following the index."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from guide_assistant.assistant import Assistant
from guide_assistant.chunking import chunk_page
from guide_assistant.corpus import load_corpus
from guide_assistant.ingest import run_ingest
from guide_assistant.store import Store, forget_clients
from tests.helpers import REPO, free_port, make_settings, size_against_fresh_build

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # the real packaged model

CLIENTS, INGESTS, TRIALS = 16, 10, 10
OLD, NEW = "Recognise and reward the adoption", "Recognise and celebrate the adoption"
QUESTIONS = ["Should we celebrate teams that adopt the change?", "How do we make the change last?",
             "What is the new mindset?", "Who should be involved?"]


def _set_version(corpus, version: str) -> None:
    page = corpus / "benefit-principle.md"
    text = page.read_text()
    page.write_text(text.replace(OLD, NEW) if version == "new" else text.replace(NEW, OLD))


def _spawn_ingest(settings) -> subprocess.Popen:
    env = {**os.environ, "GUIDE_CORPUS_DIR": str(settings.corpus_dir),
           "GUIDE_DATA_DIR": str(settings.data_dir)}
    return subprocess.Popen([sys.executable, "-m", "guide_assistant", "ingest"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _plain(answer: dict) -> dict:
    answer = dict(answer)
    answer.pop("timings_ms")
    return answer


def _expected(settings, corpus, embedder) -> dict[str, dict]:
    """Each question's answer on the old and on the new version of the page."""
    expected = {}
    for version in ("new", "old"):  # ends on the old version, which the app starts with
        _set_version(corpus, version)
        run_ingest(settings, progress=False, embedder=embedder)
        assistant = Assistant(settings, embedder=embedder)
        expected[version] = {q: _plain(assistant.answer(q).to_dict()) for q in QUESTIONS}
    assert expected["old"] != expected["new"]
    return expected


def test_ingests_while_serving_fail_no_request(tmp_path, corpus_copy, embedder, monkeypatch):
    from guide_assistant.app.server import create_app

    settings = make_settings(tmp_path, corpus_copy)
    expected = _expected(settings, corpus_copy, embedder)
    blocks = create_app(settings, Assistant(settings, embedder=embedder))
    blocks.queue(default_concurrency_limit=4)
    port = free_port()
    blocks.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                  ssr_mode=False)
    url, stop = f"http://127.0.0.1:{port}/", threading.Event()

    def client(seed: int) -> list[tuple[str, dict | None, str | None]]:
        c, out, k = Client(url, verbose=False), [], seed
        while not stop.is_set():
            q = QUESTIONS[k % len(QUESTIONS)]
            k += 1
            try:
                out.append((q, _plain(c.predict(q, None, api_name="/ask")), None))
            except Exception as exc:  # counted, not raised: the test reports every failure
                out.append((q, None, repr(exc)))
        return out

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            runs = [pool.submit(client, i) for i in range(CLIENTS)]
            ingests = []
            for n in range(INGESTS):
                _set_version(corpus_copy, "new" if n % 2 == 0 else "old")
                proc = _spawn_ingest(settings)
                out, err = proc.communicate(timeout=300)
                ingests.append((proc.returncode, err))
                time.sleep(1.5)  # let the app move to the new index before the next edit
            stop.set()
            results = [r for f in runs for r in f.result()]
    finally:
        stop.set()
        blocks.close()
    failed = [e for *_, e in results if e]
    matches = {"old": 0, "new": 0}
    strays = 0
    for q, answer, error in results:
        if error:
            continue
        version = next((v for v in ("old", "new") if answer == expected[v][q]), None)
        if version:
            matches[version] += 1
        else:
            strays += 1
    print(f"\n{len(results)} requests from {CLIENTS} clients during {INGESTS} ingests: "
          f"{len(failed)} failed; answers of the old index {matches['old']}, of the new "
          f"{matches['new']}, of neither {strays}")
    assert [rc for rc, _ in ingests] == [0] * INGESTS
    assert failed == [] and strays == 0
    assert matches["old"] and matches["new"]


def test_two_ingests_at_once_ten_times(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    expected = _expected(settings, corpus_copy, embedder)
    waited = 0
    for trial in range(TRIALS):
        version = "new" if trial % 2 == 0 else "old"
        _set_version(corpus_copy, version)
        procs = [_spawn_ingest(settings) for _ in range(2)]
        outcomes = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
        for out, err, rc in outcomes:
            assert rc == 0 and "Traceback" not in err, err
        waited += sum("waiting for it to finish" in err for _, err, _ in outcomes)
        forget_clients()  # read what is on disk now, as a new process would
        active = Store(settings).require_active()
        wanted = {p.id for page in load_corpus(corpus_copy)[0] for p in chunk_page(page)}
        assert active.passage_ids() == wanted
        answers = Assistant(settings, embedder=embedder)
        assert {q: _plain(answers.answer(q).to_dict()) for q in QUESTIONS} == expected[version]
    print(f"\n{TRIALS} trials of two ingests at once: 0 tracebacks, 0 unreadable indexes; "
          f"the second ingest waited for the first in {waited}")


def test_ten_one_paragraph_re_ingests_keep_the_index_near_a_fresh_build(tmp_path, corpus_copy,
                                                                        embedder):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    page = corpus_copy / "benefit-principle.md"
    page.write_text(page.read_text().replace(OLD, f"(edit 0) {OLD}"))
    for n in range(10):
        if n:
            page.write_text(page.read_text().replace(f"(edit {n - 1})", f"(edit {n})"))
        summary = run_ingest(settings, progress=False, embedder=embedder)
        assert (summary.added, summary.removed) == (1, 1)
    grown, built = size_against_fresh_build(settings, tmp_path / "fresh", embedder)
    print(f"\nindex folder after 10 one-paragraph re-ingests {grown / 1e6:.2f} MB, fresh build "
          f"{built / 1e6:.2f} MB: {grown / built:.2f}×")
    assert grown <= 1.2 * built
