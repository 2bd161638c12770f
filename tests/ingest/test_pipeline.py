"""Ingest into real Chroma in tmp folders with the real packaged model."""

from __future__ import annotations

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.errors import IndexMissingError
from guide_assistant.store import Store
from guide_assistant.ingest import pipeline, run_ingest
from tests.helpers import make_settings, page_ids, passage_count

pytestmark = pytest.mark.integration  # the real packaged model


def _ids(settings) -> set[str]:
    return Store(settings).require_active().passage_ids()


def test_first_ingest_then_nothing_changed_writes_nothing(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    first = run_ingest(settings, progress=False, embedder=embedder)
    total = passage_count(corpus_copy)
    pages = len(page_ids(corpus_copy))
    assert (first.pages, first.passages, first.added, first.removed) == (pages, total, total, 0)
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
    before = passage_count(corpus_copy)
    (corpus_copy / "about-spread-and-adoption.md").unlink()
    kept = passage_count(corpus_copy)
    summary = run_ingest(settings, progress=False, embedder=embedder)
    remaining = page_ids(corpus_copy)
    assert (summary.pages, summary.passages, summary.added, summary.removed) == \
        (len(remaining), kept, 0, before - kept)
    active = Store(settings).require_active()
    passages = active.read_passages()
    assert len(passages) == kept and {p.page_id for p in passages} == remaining
    assert active.counts()[1] == sum(len(p.units) for p in passages)


def test_rebuild_re_embeds_everything(tmp_path, corpus_copy, embedder):
    settings = make_settings(tmp_path, corpus_copy)
    run_ingest(settings, progress=False, embedder=embedder)
    summary = run_ingest(settings, rebuild=True, progress=False, embedder=embedder)
    total = passage_count(corpus_copy)
    assert (summary.added, summary.removed, summary.changed) == (total, total, True)


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

    monkeypatch.setattr(pipeline, "embed_into", fail)
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
    run_ingest(settings, progress=False, embedder=embedder)
    monkeypatch.setattr(assistant_module, "REFRESH_SECONDS", 0.0)
    answer = running.answer(question)
    assert running.index.name == Store(settings).require_active().name
    # Once in a full CI run (never in 130 runs of this test alone) the edited passage was not
    # cited at all; if it happens again, the message says which search view lost it.
    assert "Recognise and celebrate the adoption" in answer.citations[0].text, \
        _views_holding(running, question, "Recognise and celebrate the adoption")


def _views_holding(assistant, question: str, text: str) -> dict[str, bool]:
    """For each search view, whether it found the passage that holds `text`."""
    candidates, _ = assistant.rank(question)
    wanted = [p.id for p in assistant.index.passages if text in p.text]
    return {view: bool(wanted) and wanted[0] in found for view, found in candidates.views.items()}
