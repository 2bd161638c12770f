"""Rerankers share one signature, rerank(query, hits) -> hits, and the Assistant applies a list."""

from guide_assistant.assistant import Assistant
from guide_assistant.rerankers import AudienceFirst, HeadingFirst, PrincipleOverview
from guide_assistant.retrieval import Hit


def _hits(index, *passages):
    return [Hit(p, 1.0 / (i + 1), 0.0, 0.0, 0.0) for i, p in enumerate(passages)]


def _opening(index):
    return next(p for p in index.passages if p.principle and p.position == 0)


def test_a_question_about_a_principle_as_a_whole_puts_its_opening_first(fixture_assistant):
    index = fixture_assistant.index
    opening = _opening(index)
    others = [p for p in index.passages if p is not opening][:3]
    reranked = PrincipleOverview(index).rerank("What is the tide principle?",
                                               _hits(index, *others, opening))
    assert reranked[0].passage is opening and reranked[0].score > 1.0
    assert reranked[0].whole  # so the answer starts at the principle's own statement
    assert len(reranked) == 4


def test_the_opening_is_added_when_no_view_found_it(fixture_assistant):
    index = fixture_assistant.index
    others = [p for p in index.passages if p.principle is None][:2]
    reranked = PrincipleOverview(index).rerank("Tell me about the tide principle",
                                               _hits(index, *others))
    assert reranked[0].passage is _opening(index) and len(reranked) == 3


def test_a_request_for_a_principles_gist_puts_its_opening_first(fixture_assistant):
    index = fixture_assistant.index
    others = [p for p in index.passages if p.principle is None][:2]
    reranker = PrincipleOverview(index)
    for asked in ("Summarise the tide principle in two sentences for my harbour board",
                  "Give me the key points of the tide principle for a committee paper"):
        assert reranker.rerank(asked, _hits(index, *others))[0].passage is _opening(index)


def test_a_question_whose_only_subject_is_the_guide_puts_its_introduction_first(
        fixture_assistant):
    index = fixture_assistant.index
    others = [p for p in index.passages if p is not index.home_opening][:3]
    reranker = PrincipleOverview(index)
    for asked in ("What is this guide for?", "What does this guidance cover?"):
        reranked = reranker.rerank(asked, _hits(index, *others))
        assert reranked[0].passage is index.home_opening, asked
    # whom it is for, and a subject of its own, are left to the other rerankers and the views
    for asked in ("Who is the guide for?", "What does the guide say about lanterns?"):
        assert reranker.rerank(asked, _hits(index, *others))[0].passage is others[0], asked


def test_a_narrower_question_is_left_in_fused_order(fixture_assistant):
    index = fixture_assistant.index
    hits = _hits(index, *index.passages[:3])
    reranker = PrincipleOverview(index)
    assert reranker.rerank("Which questions does the tide principle suggest for crews?", hits) == hits
    assert reranker.rerank("How do crews keep using a lantern?", hits) == hits
    # One word of its own is narrower when the question is about it ("…say about ropes?")…
    others = _hits(index, *[p for p in index.passages if p is not _opening(index)][:3])
    assert reranker.rerank("What does the tide principle say about ropes?", others) == others
    # …but not when nothing follows "about" or "on".
    for whole in ("What is the tide principle about?", "What's the tide principle based on?"):
        assert reranker.rerank(whole, others)[0].passage is _opening(index), whole


def test_one_word_more_is_narrower_only_when_the_page_says_it_past_its_opening(
        fixture_assistant):
    index = fixture_assistant.index
    others = _hits(index, *[p for p in index.passages if p is not _opening(index)][:3])
    reranker = PrincipleOverview(index)
    # "measure" is in the page's questions ("How will you measure the light…"), not its opening
    assert reranker.rerank("How is the tide principle measured?", others) == others
    assert reranker.rerank("How would we measure it? tide principle", others) == others
    # "explain" is nowhere in the page: the question still asks for the principle as a whole
    assert reranker.rerank("Explain the tide principle", others)[0].passage is _opening(index)
    # words carried from an earlier turn count by stem: "principles" is the name's own word
    assert reranker.rerank("What about the tide principle? three principles",
                           others)[0].passage is _opening(index)


def _section(index, heading):
    return sorted((p for p in index.passages if p.section == heading), key=lambda p: p.position)


def test_a_question_asking_what_a_heading_asks_starts_at_its_section(fixture_assistant):
    index = fixture_assistant.index
    opening, later = _section(index, "Why a new way of working?")
    others = [p for p in index.passages if p.section != "Why a new way of working?"][:3]
    reranker = HeadingFirst(index)
    for asked in ("Why a new way of working?", "why a new way of working"):
        reranked = reranker.rerank(asked, _hits(index, later, *others))
        assert reranked[0].passage is opening and reranked[0].whole, asked
        assert [h.passage for h in reranked[1:]] == [later, *others]  # the section's opening added
    assert reranker.rerank("Where do I start?", _hits(index, *others))[0].passage is \
        _section(index, "Where should I start?")[0]


def test_a_question_asking_more_or_less_than_a_heading_is_left_alone(fixture_assistant):
    index = fixture_assistant.index
    hits = _hits(index, *index.passages[:3])
    reranker = HeadingFirst(index)
    for asked in ("Why a new way of working for port committees?", "Why new?", "What holds it?"):
        assert reranker.rerank(asked, hits) == hits, asked


def test_the_assistant_runs_the_rerankers_it_is_given(fixture_settings, fake_embedder):
    class LastFirst:
        def __init__(self):
            self.seen = []

        def rerank(self, query, hits):
            self.seen.append(query)
            return hits[::-1]

    reranker = LastFirst()
    plain = Assistant(fixture_settings, embedder=fake_embedder, rerankers=[])
    reversed_ = Assistant(fixture_settings, embedder=fake_embedder, rerankers=[reranker])
    question = "Should we celebrate the crews that fit the first lanterns?"
    assert plain.answer(question).citations[0].passage_id != \
        reversed_.answer(question).citations[0].passage_id
    assert reranker.seen == [question]


def test_a_question_asking_whom_the_guide_is_for_puts_its_audience_first(fixture_assistant):
    index = fixture_assistant.index
    aimed = next(p for p in index.passages if "Aimed at harbour masters" in p.text)
    others = [p for p in index.passages if p is not aimed][:3]
    hits = _hits(index, *others, aimed)
    for asked in ("who's it for", "Is this aimed at people like me?",
                  "We're a small port trying a new lantern. Does this apply to us?"):
        reranked = AudienceFirst().rerank(asked, list(hits))
        assert reranked[0].passage is aimed and len(reranked) == 4, asked
        assert reranked[0].score > max(h.score for h in reranked[1:])
    # Asking how to apply it, or about anything else, leaves the order alone.
    for asked in ("How do we apply this to our new lantern?", "What is the tide principle?"):
        assert [h.passage for h in AudienceFirst().rerank(asked, list(hits))] == \
            [*others, aimed], asked


def test_a_heading_several_pages_share_picks_none_of_them(fixture_assistant):
    from dataclasses import replace
    from types import SimpleNamespace

    index = fixture_assistant.index
    section = _section(index, "Putting the tide principle to work")
    copy = [replace(p, id=p.id + "-copy", page_id="rope-principle") for p in section]
    shared = SimpleNamespace(passages=[*index.passages, *copy])
    hits = _hits(index, *index.passages[:3])
    assert HeadingFirst(shared).rerank("Putting the tide principle to work?", hits) == hits
    assert HeadingFirst(index).rerank("Putting the tide principle to work?", hits)[0].passage \
        is section[0]
