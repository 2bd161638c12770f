"""The extractive composer on hand-made hits and similarities: which sentences, in what order,
with which citations. No model, no store."""

import numpy as np

from guide_assistant.contract import contract_violations
from guide_assistant.declining import decline
from guide_assistant.extractive import compose
from guide_assistant.retrieval import Hit
from guide_assistant.scope import Scope
from guide_assistant.contract import DeclineReason


def _passage(index, starts: str):
    return next(p for p in index.passages if p.text.startswith(starts))


def _hit(passage, sims, score=0.5):
    return Hit(passage, score, 0.0, max(sims), 0.0, np.asarray(sims, dtype=np.float32))


def test_the_best_sentence_of_the_first_passage_leads(fixture_assistant):
    index = fixture_assistant.index
    tide = _passage(index, "Work with the tide")  # two sentences
    keep = _passage(index, "Crews keep using")
    answer = compose([_hit(tide, [0.2, 0.6]), _hit(keep, [0.1])], "q")
    body = answer.answer.splitlines()[-1]
    assert body == "See rope principle for more information. [1]"
    assert [c.passage_id for c in answer.citations] == [tide.id]
    assert answer.citations[0].quote == "See rope principle for more information."
    assert answer.answer.splitlines()[0] == \
        'From the principle **"Work with the tide rather than against it"**:'
    assert contract_violations(answer.to_dict()) == []


def test_a_runner_up_close_to_the_best_is_cited_too(fixture_assistant):
    index = fixture_assistant.index
    first = _passage(index, "Crews keep using")
    second = _passage(index, "Each port has its own weather")
    answer = compose([_hit(first, [0.62]), _hit(second, [0.55])], "q")
    assert [c.n for c in answer.citations] == [1, 2]
    assert "[1]" in answer.answer and "[2]" in answer.answer
    far = compose([_hit(first, [0.62]), _hit(second, [0.20])], "q")
    assert [c.passage_id for c in far.citations] == [first.id]


def test_a_list_lead_in_brings_its_items_nearest_the_question(fixture_assistant):
    index = fixture_assistant.index
    questions = _passage(index, "Consider these questions")
    sims = [0.7, 0.1, 0.5, 0.3]  # the lead-in, then the three items
    answer = compose([_hit(questions, sims)], "q")
    lines = answer.answer.splitlines()
    assert lines[2] == "Consider these questions with your crews. [1]"
    assert lines[3:] == ["- Who asked for the new lantern? [1]",
                         "- Which crew will lose their old signal duties? [1]",
                         "- How will you measure the light on foggy nights? [1]"]
    assert answer.citations[0].quote == questions.text  # the span from lead-in to last item
    assert contract_violations(answer.to_dict()) == []


def test_a_decline_says_why_and_what_the_pages_cover(fixture_assistant):
    index = fixture_assistant.index
    answer = decline(index, "q", Scope(False, DeclineReason.UNLOADED_PAGE, principle="rope"))
    assert answer.refused and answer.citations == [] and answer.decline is DeclineReason.UNLOADED_PAGE
    assert "rope principle" in answer.answer and "https://guide.example/lantern/principles/" in answer.answer
    off = decline(index, "q", Scope(False, DeclineReason.OFF_TOPIC))
    assert "don't cover that" in off.answer and off.answer.count("\n- ") == 3
    assert "decline" not in off.to_dict() and "rewritten" not in off.to_dict()
