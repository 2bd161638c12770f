"""The store's generations in real Chroma, with the fake embedder and the fixture corpus:
a re-ingest writes only what changed, readers keep to their generation, disk stays bounded."""

from __future__ import annotations

import shutil

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.index import Index
from guide_assistant.ingest import run_ingest
from guide_assistant.store import ALIVE, Store, record_id
from tests.fakes import FakeEmbedder
from tests.helpers import FIXTURE_CORPUS, make_settings, passage_count, size_against_fresh_build

QUESTION = "How do teams keep the tide flowing after launch?"


class CountingEmbedder(FakeEmbedder):
    """The fake model, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.texts = 0

    def encode(self, texts, **kwargs):
        self.texts += len(texts)
        return super().encode(texts, **kwargs)


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, target)
    return target


def _edit(corpus, n: int) -> str:
    """Change one paragraph of the principle page (a different wording each time)."""
    page = corpus / "tide-principle.md"
    lines = page.read_text().split("\n")
    i = next(k for k, line in enumerate(lines) if len(line) > 80 and not line.startswith(("#", "-")))
    lines[i] = lines[i].rstrip(".") + f", as edit {n} says."
    page.write_text("\n".join(lines))
    return lines[i]


def _records(settings) -> int:
    return Store(settings).require_active().passages.count()


def _answer(assistant: Assistant, question: str = QUESTION) -> dict:
    d = assistant.answer(question).to_dict()
    d.pop("timings_ms")
    return d


def test_a_one_paragraph_edit_embeds_only_that_paragraph(tmp_path, corpus):
    settings = make_settings(tmp_path, corpus)
    model = CountingEmbedder()
    run_ingest(settings, progress=False, embedder=model)
    first = Store(settings).require_active()
    before = first.members.copy()
    model.texts = 0

    edited = _edit(corpus, 1)
    summary = run_ingest(settings, progress=False, embedder=model)
    after = Store(settings).require_active()
    changed = [p for p in after.read_passages() if edited.strip() in p.text]
    assert (summary.added, summary.removed) == (1, 1) and len(changed) == 1
    # The passage and its units, plus the bridge's one new word: nothing else is re-encoded.
    assert model.texts == 1 + len(changed[0].units) + 1
    assert after.lineage == first.lineage and after.number == first.number + 1
    shared = before & after.members
    assert len(shared) >= passage_count(FIXTURE_CORPUS) // 2  # records are shared, not copied


def test_a_reader_keeps_its_generation_while_ingests_write(tmp_path, corpus, fake_embedder):
    settings = make_settings(tmp_path, corpus)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    store = Store(settings)
    reader = Assistant(settings, embedder=fake_embedder,
                       index=Index(store.require_active(), settings.data_dir))
    expected = _answer(reader)

    # A running ingest's records, not yet activated: invisible to the reader.
    draft = store.next_generation(store.active())
    page = corpus / "tide-principle.md"
    page.write_text(page.read_text() + "\n\nThe tide flowing after launch keeps teams going.\n")
    from guide_assistant.chunking import chunk_page
    from guide_assistant.corpus import load_corpus
    from guide_assistant.ingest.pipeline import embed_into
    passages = [p for pg in load_corpus(corpus)[0] for p in chunk_page(pg)]
    wanted = {record_id(p): p for p in passages}
    fresh = draft.prepare(store.active(), wanted)
    embed_into(draft, [wanted[r] for r in fresh], fake_embedder, progress=False)
    assert _answer(reader) == expected

    # That ingest killed before activating; the next one completes.
    run_ingest(settings, progress=False, embedder=fake_embedder)
    assert _answer(reader) == expected  # the previous generation is kept for this reader
    following = Assistant(settings, embedder=fake_embedder)
    assert _answer(following) != expected


def test_disk_stays_bounded_after_ten_re_ingests(tmp_path, corpus, fake_embedder):
    settings = make_settings(tmp_path, corpus)
    for n in range(10):
        _edit(corpus, n)
        run_ingest(settings, progress=False, embedder=fake_embedder)
    store = Store(settings)
    active, previous = store.active(), store.previous()
    kept = active.members | previous.members
    all_records = set(active.passages.get(include=[])["ids"])
    assert all_records == kept  # the active generation, the one before it, nothing else
    # The previous one differs only on the edited page (the paragraph, and those below it).
    assert {r.split("-")[0] for r in kept - active.members} == {"tide"}
    caches = {f.name for f in (settings.data_dir / "cache").iterdir()}
    assert caches == {active.name, previous.name}

    grown, built = size_against_fresh_build(settings, tmp_path / "fresh", fake_embedder)
    print(f"\nindex after 10 re-ingests {grown / 1e6:.2f} MB, fresh build {built / 1e6:.2f} MB, "
          f"ratio {grown / built:.2f}")
    assert grown <= 1.2 * built


def test_a_rebuild_starts_a_new_lineage_and_the_old_one_is_removed(tmp_path, corpus, fake_embedder):
    settings = make_settings(tmp_path, corpus)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    folders = {f.name for f in settings.index_path.iterdir() if f.is_dir()}
    run_ingest(settings, rebuild=True, progress=False, embedder=fake_embedder)
    _edit(corpus, 1)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    now = {f.name for f in settings.index_path.iterdir() if f.is_dir()}
    assert not folders & now  # the first lineage's vector folders are gone from disk
    assert len(now) == 2  # one lineage: its passages and units
    names = [c.name for c in Store(settings).client.list_collections()]
    assert len([n for n in names if n.endswith("-passages")]) == 1


def test_records_span_generations(tmp_path, corpus, fake_embedder):
    settings = make_settings(tmp_path, corpus)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    _edit(corpus, 1)
    run_ingest(settings, progress=False, embedder=fake_embedder)
    active = Store(settings).require_active()
    got = active.passages.get(include=["metadatas"])
    spans = {(m["born"], m["died"]) for m in got["metadatas"]}
    # Unchanged since the first ingest; new in the second; retired by the second.
    assert spans == {(1, ALIVE), (2, ALIVE), (1, 2)}
