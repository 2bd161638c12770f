import pytest
from guide_assistant import index_cache
from guide_assistant.index import Index
from guide_assistant.store import Generation, Store
from guide_assistant.ingest import run_ingest
from tests.helpers import CORPUS, make_settings, passage_count

pytestmark = pytest.mark.integration  # the real packaged model


def test_ingest_writes_the_local_copy_and_opening_uses_it(tmp_path, embedder, monkeypatch):
    settings = make_settings(tmp_path)
    run_ingest(settings, progress=False, embedder=embedder)
    generation = Store(settings).require_active()
    folder = index_cache.cache_root(settings.data_dir) / generation.name
    assert (folder / index_cache.PASSAGES).exists()

    def no_chroma_reads(*args, **kwargs):
        raise AssertionError("read the passages back from Chroma instead of the local copy")

    monkeypatch.setattr(Generation, "read_passages", no_chroma_reads)
    index = Index(generation, settings.data_dir)
    assert len(index.passages) == passage_count(CORPUS) == index.lexical.size


def test_a_damaged_copy_is_rebuilt_from_chroma(tmp_path, embedder):
    settings = make_settings(tmp_path)
    run_ingest(settings, progress=False, embedder=embedder)
    generation = Store(settings).require_active()
    folder = index_cache.cache_root(settings.data_dir) / generation.name
    (folder / index_cache.PASSAGES).write_bytes(b"not a pickle")
    index = Index(generation, settings.data_dir)
    assert len(index.passages) == passage_count(CORPUS)
    assert index.lexical.search("sustainability", 3)[0].size > 0
    assert (folder / index_cache.PASSAGES).read_bytes() != b"not a pickle"  # rewritten
