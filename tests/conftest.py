"""Shared fixtures.

Fast tier: a deterministic fake embedder and the fixture corpus in tests/data/corpus, indexed in
real (embedded) Chroma in a tmp folder. Integration tier (marked `integration`): the real
packaged model, loaded once, and the production corpus.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.embeddings import load_embedder
from guide_assistant.settings import Settings  # noqa: F401  (fixture type)

from tests.fakes import FakeEmbedder
from tests.helpers import CORPUS, FIXTURE_CORPUS, free_port, make_settings


@pytest.fixture(autouse=True)
def _isolate_environment(monkeypatch):
    """No GUIDE_* setting of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("GUIDE_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder():
    """The real packaged model: only for tests marked integration."""
    return load_embedder(None)


@pytest.fixture(scope="session")
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory, fake_embedder) -> Settings:
    """The fixture corpus indexed with the fake embedder, built once for the fast tier."""
    from guide_assistant.ingest import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("fixture"), FIXTURE_CORPUS)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    return settings


@pytest.fixture(scope="session")
def fixture_assistant(fixture_settings, fake_embedder) -> Assistant:
    return Assistant(fixture_settings, embedder=fake_embedder)


def pytest_sessionfinish(session, exitstatus):
    """The fast tier must never load the real model: that is what keeps it fast."""
    if session.config.getoption("markexpr", "") == "not integration" and \
            "sentence_transformers" in __import__("sys").modules:
        session.exitstatus = 1
        print("\nerror: a test outside the integration tier loaded sentence-transformers; "
              "mark it integration or use the fake_embedder fixture")


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the corpus, for tests that edit pages."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory, embedder) -> Settings:
    """An index of the real corpus, built once for the read-only tests."""
    from guide_assistant.ingest import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("built"))
    run_ingest(settings, progress=False, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def assistant(built_settings) -> Assistant:
    """The assistant as a user runs it: questions embedded by the model's ONNX export, which
    ingest made (the sentence-transformers path is compared with it in test_onnx_encoder)."""
    return Assistant(built_settings)


@pytest.fixture(scope="session")
def app_settings(built_settings, tmp_path_factory):
    """The shared index, but feedback in a folder of this session's own."""
    return built_settings.with_overrides(data_dir=tmp_path_factory.mktemp("app-data"),
                                         index_dir=built_settings.index_path)


@pytest.fixture(scope="session")
def app_url(app_settings, assistant):
    """A real app server on a free loopback port."""
    from guide_assistant.app.server import create_app, launch

    blocks = create_app(app_settings, assistant)
    blocks.queue(default_concurrency_limit=4)
    port = free_port()
    launch(blocks, app_settings.with_overrides(port=port), prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    blocks.close()
