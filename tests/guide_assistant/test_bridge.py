"""The word bridge: question words the guide never uses → its nearest words, by the model."""

import numpy as np

from guide_assistant.bridge import WordBridge, guide_words


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
