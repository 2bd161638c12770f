from guide_assistant.retrieval import Retriever, overview_of


def _first(assistant, query):
    return assistant.retriever.search(query, 8).hits[0].passage.text


def test_hybrid_search_finds_the_passage_in_leaders_words(assistant):
    # "make it last" is the guide's "likelihood of sustainability".
    assert "likelihood of sustainability" in _first(assistant, "How do we make the change last?")
    assert _first(assistant, "Is there somewhere that explains the jargon?").startswith("A glossary")
    assert _first(assistant, "How much proof will adopters want?").startswith(
        "Consider how much and the type of evidence")


def test_hits_carry_their_scores_in_fused_order(assistant):
    result = assistant.retriever.search("How do we build momentum and energy for change?", 8)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and len(scores) == 8
    top = result.hits[0]
    assert 0 < top.dense <= 1 and 0 < top.unit <= 1 and top.lexical > 0
    assert result.expanded.startswith(result.query)


def test_each_view_contributes(assistant):
    # A word only BM25 can match exactly, and a paraphrase only the embeddings can.
    assert "polarities" in _first(assistant, "polarities")
    assert _first(assistant, "Who is this written for?").startswith("Aimed at system leaders")


def test_a_question_about_a_principle_as_a_whole_gets_its_opening(assistant):
    opening = overview_of(assistant.index, "What is the benefit principle?")
    assert opening is not None and opening.text.startswith("Focus on the why rather than the what")
    assert overview_of(assistant.index, "What questions does the benefit principle suggest?") is None
    assert _first(assistant, "What does the benefit principle ask us to do?") == opening.text


def test_unit_similarities_cover_every_unit(assistant):
    hits = assistant.retriever.search("evidence adopters need", 3).hits
    retriever: Retriever = assistant.retriever
    sims = retriever.unit_similarities([h.passage for h in hits], assistant.retriever.search(
        "evidence adopters need", 1).vector)
    for h in hits:
        assert len(sims[h.passage.id]) == len(h.passage.units)
        assert (sims[h.passage.id] > -1).all()
