"""Repeated questions (starters, eval runs) are embedded once."""

from guide_assistant.retrieval import Retriever


class Counting:
    def __init__(self, inner):
        self.inner, self.texts = inner, []

    def encode(self, texts, **kwargs):
        self.texts += texts
        return self.inner.encode(texts, **kwargs)


def test_a_repeated_question_is_not_embedded_again(fixture_assistant, fake_embedder):
    counting = Counting(fake_embedder)
    retriever = Retriever(fixture_assistant.index, counting)
    first = retriever.retrieve("Who asked for the new lantern?")
    embedded = len(counting.texts)
    again = retriever.retrieve("Who asked for the new lantern?")
    assert embedded >= 1 and len(counting.texts) == embedded
    assert (first.vector == again.vector).all() and first.views == again.views
