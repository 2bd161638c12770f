"""Retrieval, fusion and reranking together, on the real index with the real model."""

import pytest

from guide_assistant.rerankers import PrincipleOverview

pytestmark = pytest.mark.integration  # the real packaged model


def _first(assistant, query):
    return assistant.rank(query)[1][0].passage.text


def test_hybrid_search_finds_the_passage_in_leaders_words(assistant):
    # "make it last" is the guide's "likelihood of sustainability".
    assert "likelihood of sustainability" in _first(assistant, "How do we make the change last?")
    assert _first(assistant, "Is there somewhere that explains the jargon?").startswith("A glossary")
    assert _first(assistant, "How much proof will adopters want?").startswith(
        "Consider how much and the type of evidence")


def test_hits_carry_their_scores_in_fused_order(assistant):
    candidates, hits = assistant.rank("How do we build momentum and energy for change?")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 8
    top = hits[0]
    assert 0 < top.dense <= 1 and 0 < top.unit <= 1 and top.lexical > 0
    assert candidates.expanded.startswith(candidates.query)
    assert set(candidates.views) == {"dense", "unit", "lexical"}


def test_each_view_contributes(assistant):
    # A word only BM25 can match exactly, and a paraphrase only the embeddings can.
    assert "polarities" in _first(assistant, "polarities")
    assert _first(assistant, "Who is this written for?").startswith("Aimed at system leaders")


def test_a_question_about_a_principle_as_a_whole_gets_its_opening(assistant):
    overview = PrincipleOverview(assistant.index)
    opening = overview.opening_for("What is the benefit principle?")
    assert opening is not None and opening.passage.text.startswith("Focus on the why rather than the what")
    assert overview.opening_for("What questions does the benefit principle suggest?") is None
    assert _first(assistant, "What does the benefit principle ask us to do?") == opening.passage.text


def test_attached_sentences_cover_every_unit(assistant):
    candidates, hits = assistant.rank("evidence adopters need")
    hits = assistant.retriever.attach_sentences(hits[:3], candidates)
    for h in hits:
        assert len(h.sentences) == len(h.passage.units)
        assert (h.sentences > -1).all()
        assert h.sentences.max() == pytest.approx(h.unit, abs=1e-4) or h.unit == 0.0
