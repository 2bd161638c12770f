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


def test_nearest_is_each_words_closest_guide_word():
    bridge = WordBridge(["lantern", "rope"], np.eye(2, dtype=np.float32))
    sims = bridge.nearest(np.array([[0.9, 0.1], [0.2, 0.6]], dtype=np.float32))
    assert np.allclose(sims, [0.9, 0.6])
    assert bridge.nearest(np.zeros((0, 2), dtype=np.float32)).shape == (0,)


def test_a_word_whose_nearest_guide_word_is_close_enough_counts_as_covered(fixture_assistant,
                                                                            fake_embedder):
    from guide_assistant.retrieval import Retriever

    index = fixture_assistant.index
    # A bridge in which "harbour" sits exactly where the model puts "volcanic".
    words = ["harbour", "lantern"]
    bridge = WordBridge(words, np.stack([fake_embedder.encode(["volcanic"])[0],
                                         fake_embedder.encode(["lantern"])[0]]))
    retriever = Retriever(index, fake_embedder)
    retriever.__dict__["bridge"] = bridge
    question = "Which volcanic lanterns?"
    plain = retriever.retrieve(question)
    assert plain.covered == [] and plain.coverage == 0.5
    covered = retriever.retrieve(question, cover_bar=0.9)
    assert covered.covered == ["volcanic"] and covered.coverage == 1.0
    assert retriever.retrieve(question, cover_bar=1.01).covered == []  # a bar no word reaches
