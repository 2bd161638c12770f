"""The word bridge: question words the guide never uses → its nearest words, by the model."""

import numpy as np

from guide_assistant.bridge import WORDS_READ, WordBridge, guide_words


def test_the_guides_words_are_its_own(fixture_assistant):
    words = guide_words(fixture_assistant.index.passages)
    assert "lantern" in words and "harbour" in words
    assert "the" not in words and all(w.isalpha() and len(w) > 2 for w in words)


def test_only_words_the_guide_never_uses_are_bridged(fixture_assistant, fake_embedder):
    bridge = WordBridge.build(fixture_assistant.index.passages, fake_embedder)
    assert bridge.unknown("Which lanterns suit volcanic harbours?") == ["suit", "volcanic"]
    assert bridge.unknown("Lantern crews") == []


def test_a_number_is_not_bridged(fixture_assistant, fake_embedder):
    # The model puts every number beside every other: "twelve" would stand in as the guide's
    # "seven", a word that names its principles, not a count of anything the leader has.
    bridge = WordBridge.build(fixture_assistant.index.passages, fake_embedder)
    assert bridge.unknown("Do twelve volcanic harbours or a dozen crews suit us?") == [
        "volcanic", "suit"]


def test_a_close_guide_word_stands_in_and_a_distant_one_does_not():
    bridge = WordBridge(["lantern", "rope"], np.eye(2, dtype=np.float32))
    close = np.array([[0.9, 0.1]], dtype=np.float32)
    far = np.array([[0.3, 0.2]], dtype=np.float32)
    assert bridge.neighbours(["lamp"], close, k=1, bar=0.5) == ["lantern"]
    assert bridge.neighbours(["lamp"], far, k=1, bar=0.5) == []
    assert bridge.neighbours([], np.zeros((0, 2))) == []


def test_ingest_keeps_the_bridge_and_retrieval_uses_it(fixture_assistant):
    assert fixture_assistant.index.bridge is not None  # written by ingest, loaded with the copy
    candidates = fixture_assistant.retriever.retrieve("Which lanterns suit volcanic harbours?")
    assert isinstance(candidates.bridged, list)
    assert all(w in fixture_assistant.index.bridge.words for w in candidates.bridged)


def _passage(text: str):
    from guide_assistant.chunking import Passage
    return Passage("p1", "page", "Page", "Page", None, None, text, 0, text)


def test_a_word_in_quote_marks_is_the_guides_too():
    words = guide_words([_passage("Build a 'crowd 'or community, a 'pull' for lanterns.")])
    assert {"crowd", "pull", "community", "lanterns"} <= set(words)
    # …and a contraction stays one word, which is not alphabetic
    assert "don" not in guide_words([_passage("Crews don't light lanterns alone.")])


def test_a_bridge_kept_by_an_older_reading_is_rebuilt_from_its_vectors(fixture_assistant,
                                                                        fake_embedder):
    from guide_assistant.retrieval import Retriever

    index = fixture_assistant.index
    full = WordBridge.build(index.passages, fake_embedder)
    # as a version that skipped some words might have kept it
    stale = WordBridge(full.words[1:], full.vectors[1:], read=1)
    index.__dict__["bridge"] = stale
    try:
        rebuilt = Retriever(index, fake_embedder).bridge
    finally:
        del index.__dict__["bridge"]
    assert rebuilt.words == full.words
    # a bridge that matches the guide's words is used as kept
    index.__dict__["bridge"] = full
    try:
        assert Retriever(index, fake_embedder).bridge is full
    finally:
        del index.__dict__["bridge"]


def test_the_bridge_is_kept_with_how_its_words_were_read(tmp_path):
    from guide_assistant import index_cache

    class Gen:
        name = "g1"

    folder = index_cache.cache_root(tmp_path) / Gen.name
    folder.mkdir(parents=True)
    index_cache.save_bridge(folder, WordBridge(["lantern"], np.ones((1, 2), np.float32)))
    assert index_cache.load_bridge(Gen, tmp_path).read == WORDS_READ
    # a file from before the reading was recorded counts as the first reading
    np.savez(folder / index_cache.BRIDGE, words=np.array(["lantern"], dtype=object),
             vectors=np.ones((1, 2), np.float32))
    assert index_cache.load_bridge(Gen, tmp_path).read == 1
