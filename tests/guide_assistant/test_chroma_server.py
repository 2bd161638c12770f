"""Server mode: ingest and ask against a real `chroma run` on loopback, through HttpClient."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guide_assistant.cli import main
from tests.helpers import CORPUS, free_port, passage_count


pytestmark = [pytest.mark.integration, pytest.mark.slow]  # the real packaged model


@pytest.fixture
def chroma_server(tmp_path):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "chroma"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.time() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port,
                                settings=ChromaSettings(anonymized_telemetry=False)).heartbeat()
            break
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("chroma run did not start")
            time.sleep(0.3)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def test_ingest_and_ask_through_a_chroma_server(chroma_server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("GUIDE_CHROMA_PORT", str(chroma_server))
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "data"))
    assert main(["ingest"]) == 0
    assert f"{passage_count(CORPUS)} added" in capsys.readouterr().out
    assert not (tmp_path / "data" / "index").exists()  # nothing written to a local index
    assert main(["ingest"]) == 0
    assert "nothing written" in capsys.readouterr().out
    assert main(["ask", "--json", "How do we make the change last?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "likelihood of sustainability" in answer["citations"][0]["text"]
