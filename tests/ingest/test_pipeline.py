"""Ingest into real Chroma in tmp folders with the real packaged model."""

from __future__ import annotations

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.errors import IndexMissingError
from guide_assistant.store import Store, read_all
from ingest import pipeline, run_ingest
from tests.helpers import make_settings


def _ids(settings) -> set[str]:
    return set(read_all(Store(settings).require_active().passages, [])["ids"])


def test_first_ingest_then_nothing_changed_writes_nothing(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    first = run_ingest(settings, progress=False, embedder=embedder)
    assert (first.pages, first.passages, first.added, first.removed) == (2, 28, 28, 0)
    assert first.changed
    generation = Store(settings).require_active().name

    second = run_ingest(settings, progress=False)  # no embedder: must not need the model
    assert (second.added, second.removed, second.changed) == (0, 0, False)
    assert "nothing written" in str(second)
    assert Store(settings).require_active().name == generation


def test_editing_one_paragraph_changes_exactly_that_passage(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    before = _ids(settings)
    page = corpus_copy / "benefit-principle.md"
    page.write_text(page.read_text().replace("Recognise and reward the adoption",
                                             "Recognise and celebrate the adoption"))
    summary = run_ingest(settings, progress=False, embedder=embedder)
    after = _ids(settings)
    assert (summary.added, summary.removed) == (1, 1)
    assert len(before - after) == 1 and len(after - before) == 1
    answer = Assistant(settings, embedder=embedder).answer("Should we celebrate teams that adopt it?")
    assert any("Recognise and celebrate the adoption" in c.text for c in answer.citations)


def test_passages_of_a_removed_page_are_removed(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    (corpus_copy / "about-spread-and-adoption.md").unlink()
    summary = run_ingest(settings, progress=False, embedder=embedder)
    assert (summary.pages, summary.passages, summary.added, summary.removed) == (1, 13, 0, 15)
    active = Store(settings).require_active()
    assert active.passages.count() == 13
    assert all(m["page_id"] == "benefit-principle"
               for m in read_all(active.passages, ["metadatas"])["metadatas"])
    assert active.units.count() == sum(1 for _ in read_all(active.units, [])["ids"])


def test_rebuild_re_embeds_everything(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    summary = run_ingest(settings, rebuild=True, progress=False, embedder=embedder)
    assert (summary.added, summary.removed, summary.changed) == (28, 28, True)


def test_an_ingest_that_fails_midway_leaves_the_previous_index_in_use(
        tmp_path, corpus_copy, embedder, monkeypatch):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    question = "How do we make the change last?"
    expected = Assistant(settings, embedder=embedder).answer(question).to_dict()

    page = corpus_copy / "benefit-principle.md"
    page.write_text(page.read_text().replace("Create a shared narrative", "Create a common story"))

    def fail(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(pipeline, "_embed_into", fail)
    with pytest.raises(RuntimeError):
        run_ingest(settings, progress=False, embedder=embedder)
    again = Assistant(settings, embedder=embedder).answer(question).to_dict()
    for d in (expected, again):
        d.pop("timings_ms")
    assert again == expected

    monkeypatch.undo()
    summary = run_ingest(settings, progress=False, embedder=embedder)
    assert (summary.added, summary.removed) == (1, 1)


def test_asking_before_any_ingest_names_the_command_to_run(tmp_path, embedder):
    with pytest.raises(IndexMissingError, match="guide-assistant ingest"):
        Assistant(make_settings(tmp_path), embedder=embedder)


def test_a_running_assistant_follows_a_completed_ingest(tmp_path, corpus_copy, embedder,
                                                        monkeypatch):
    from guide_assistant import assistant as assistant_module

    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    running = Assistant(settings, embedder=embedder)
    question = "Should we celebrate teams that adopt it?"
    assert "Recognise and reward the adoption" in running.answer(question).citations[0].text
    page = corpus_copy / "benefit-principle.md"
    page.write_text(page.read_text().replace("Recognise and reward the adoption",
                                             "Recognise and celebrate the adoption"))
    run_ingest(settings, progress=False, embedder=embedder)  # drops the generation in use
    monkeypatch.setattr(assistant_module, "REFRESH_SECONDS", 0.0)
    answer = running.answer(question)
    assert "Recognise and celebrate the adoption" in answer.citations[0].text
