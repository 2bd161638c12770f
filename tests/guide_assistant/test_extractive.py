"""The extractive composer on hand-made hits and similarities: which sentences, in what order,
with which citations. No model, no store."""

from dataclasses import replace

import numpy as np
import pytest

from guide_assistant.contract import contract_violations
from guide_assistant.declining import decline
from guide_assistant.chunking import split_units
from guide_assistant.extractive import compose, says_something
from guide_assistant.retrieval import Hit
from guide_assistant.scope import Scope
from guide_assistant.text import content_stems
from guide_assistant.contract import DeclineReason


def _passage(index, starts: str):
    return next(p for p in index.passages if p.text.startswith(starts))


def _hit(passage, sims, score=0.5):
    return Hit(passage, score, 0.0, max(sims), 0.0, np.asarray(sims, dtype=np.float32))


def test_a_pointer_elsewhere_never_answers(fixture_assistant):
    index = fixture_assistant.index
    tide = _passage(index, "Work with the tide")  # a sentence, then "See rope principle for …"
    answer = compose([_hit(tide, [0.2, 0.6])], "q")
    assert answer.answer.splitlines()[2] == \
        "Work with the tide: begin where crews already want a brighter lantern. [1]"
    assert "See rope principle" not in answer.answer
    assert answer.answer.splitlines()[0] == \
        "The guide's principle *Work with the tide rather than against it* says:"
    assert contract_violations(answer.to_dict()) == []
    pointer_only = _passage(index, "Work with the tide").__class__(
        **{**tide.__dict__, "text": "See rope principle for more information.",
           "units": tide.units[1:2].__class__([tide.units[0].__class__(0, 40)])})
    assert compose([_hit(pointer_only, [0.9])], "q") is None


def _with_second_sentence(tide, second: str):
    """The tide passage's first sentence, then `second`."""
    first = tide.unit_text(tide.units[0])
    text = f"{first} {second}"
    unit = type(tide.units[0])
    return replace(tide, text=text,
                   units=type(tide.units)([unit(0, len(first)), unit(len(first) + 1, len(text))]))


def test_a_passage_asked_about_as_a_whole_is_shown_from_its_first_sentence(fixture_assistant):
    """A principle's opening states the principle in its first sentence; "what is the tide
    principle?" is answered from there, even when a later sentence is closer to the words."""
    tide = _passage(fixture_assistant.index, "Work with the tide")
    two = _with_second_sentence(
        tide, "Crews keep using a lantern longer when they helped choose where it hangs.")
    later_is_closer = [0.3, 0.7]
    assert compose([_hit(two, later_is_closer)], "q").answer.splitlines()[2].startswith("Crews keep")
    whole = replace(_hit(two, later_is_closer), whole=True)
    shown = compose([whole], "q").answer.splitlines()[2]
    assert shown.startswith("Work with the tide: begin where") and "Crews keep" in shown


@pytest.mark.parametrize("second, refers_back", [
    ("This means asking the crews before the lantern is hung.", True),
    ("This, therefore, needs crews who choose where it hangs.", True),
    ("It is slower at first and lasts longer.", True),
    ("That is why crews choose where it hangs.", True),
    ("This guidance helps crews choose where the lantern hangs.", False),
    ("These lanterns last longer when crews choose where they hang.", False),
    ("This process is slower at first and lasts longer.", False),
    ("Crews keep using it longer when they helped choose.", False),
])
def test_a_sentence_that_refers_back_is_shown_after_what_it_refers_to(fixture_assistant, second,
                                                                      refers_back):
    """"This means …" alone leaves a leader asking what "this" is: the sentence before it in its
    passage comes first, and one quote covers both. "This guidance …" names its own subject."""
    tide = _passage(fixture_assistant.index, "Work with the tide")
    first = tide.unit_text(tide.units[0])
    answer = compose([_hit(_with_second_sentence(tide, second), [0.2, 0.7])], "q")
    shown = f"{first} [1] {second} [1]" if refers_back else f"{second} [1]"
    assert answer.answer.splitlines()[2] == shown
    assert answer.citations[0].quote == (f"{first} {second}" if refers_back else second)
    assert contract_violations(answer.to_dict()) == []


def test_the_sentence_that_answers_best_comes_first(fixture_assistant):
    index = fixture_assistant.index
    welcome = _passage(index, "These pages describe")
    keep = _passage(index, "Crews keep using")
    answer = compose([_hit(keep, [0.7], score=0.6), _hit(welcome, [0.2], score=0.1)], "q")
    assert answer.answer.splitlines()[2].startswith("Crews keep using")
    assert [c.n for c in answer.citations] == [1]


def test_runner_ups_scoring_near_the_first_are_cited_too(fixture_assistant):
    index = fixture_assistant.index
    first = _passage(index, "Crews keep using")
    second = _passage(index, "Each port has its own weather")
    third = _passage(index, "Celebrate the crews")
    hits = [_hit(first, [0.62], 0.60), _hit(second, [0.30], 0.50), _hit(third, [0.5], 0.30)]
    answer = compose(hits, "q", runner_up_margin=0.15)
    assert [c.passage_id for c in answer.citations] == [first.id, second.id]
    assert answer.answer.splitlines()[2].startswith("Crews keep using")  # [1] leads
    wider = compose(hits, "q", runner_up_margin=0.35)
    assert [c.n for c in wider.citations] == [1, 2, 3]
    assert contract_violations(wider.to_dict()) == []


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
    answer = decline(index, "q", Scope(False, DeclineReason.UNLOADED_PAGE, part="rope principle"))
    assert answer.refused and answer.citations == [] and answer.decline is DeclineReason.UNLOADED_PAGE
    assert "rope principle" in answer.answer and "https://guide.example/lantern/principles/" in answer.answer
    # Any other part is reached from the guide's home, not the list of principles.
    other = decline(index, "q", Scope(False, DeclineReason.UNLOADED_PAGE, part="port stories"))
    assert "page on port stories" in other.answer
    assert other.answer.split("official site: ")[1].split()[0] == "https://guide.example/lantern/"
    off = decline(index, "q", Scope(False, DeclineReason.OFF_TOPIC))
    assert "don't cover that" in off.answer and off.answer.count("\n- ") == 3
    assert "decline" not in off.to_dict() and "rewritten" not in off.to_dict()


def test_a_list_item_that_answers_comes_with_its_lead_in(fixture_assistant):
    index = fixture_assistant.index
    questions = _passage(index, "Consider these questions")
    answer = compose([_hit(questions, [0.1, 0.2, 0.8, 0.3])], "q")  # "Which crew will lose…"
    lines = answer.answer.splitlines()
    assert lines[2] == "Consider these questions with your crews. [1]"
    assert lines[3] == "- Which crew will lose their old signal duties? [1]"


def test_an_answer_from_two_pages_names_both_with_their_citations(fixture_assistant):
    index = fixture_assistant.index
    tide = _passage(index, "Work with the tide")
    welcome = _passage(index, "These pages describe")
    assert tide.page_id != welcome.page_id
    answer = compose([_hit(tide, [0.6, 0.1], 0.50), _hit(welcome, [0.55], 0.48)], "q")
    assert [c.passage_id for c in answer.citations] == [tide.id, welcome.id]
    assert answer.answer.splitlines()[0] == (
        f"The guide's principle *{tide.principle}* [1] and page *{welcome.title}* [2] say:")
    assert contract_violations(answer.to_dict()) == []
    alone = compose([_hit(tide, [0.6, 0.1], 0.50)], "q")
    assert alone.answer.splitlines()[0] == f"The guide's principle *{tide.principle}* says:"
    harbour = replace(welcome, id="harbour-1", page_id="harbour", title="Harbour",
                      principle="Keep the harbour open")
    three = compose([_hit(tide, [0.6, 0.1], 0.50), _hit(welcome, [0.55], 0.48),
                     _hit(harbour, [0.58], 0.47)], "q")
    assert three.answer.splitlines()[0] == (
        f"The guide's principle *{tide.principle}* [1], page *{welcome.title}* [2] and "
        "principle *Keep the harbour open* [3] say:")
    assert contract_violations(three.to_dict()) == []


def test_a_section_is_named_only_when_every_citation_comes_from_it(fixture_assistant):
    index = fixture_assistant.index
    holds = _passage(index, "These pages describe")
    aimed = _passage(index, "Aimed at harbour masters")
    start = _passage(index, "If you have five minutes")
    assert holds.section == aimed.section != start.section
    same = compose([_hit(holds, [0.6], 0.50), _hit(aimed, [0.55], 0.48)], "q")
    assert same.answer.splitlines()[0] == (
        f"The guide's page *{holds.title}*, on \"{holds.section}\", says:")
    mixed = compose([_hit(holds, [0.6], 0.50), _hit(start, [0.55], 0.48)], "q")
    assert len(mixed.citations) == 2
    assert mixed.answer.splitlines()[0] == f"The guide's page *{holds.title}* says:"


def test_a_leader_describing_their_change_is_not_answered_with_how_to_read_the_guide(
        fixture_assistant):
    """'We're rolling out a lantern at our port. Where should we start?' asks where to start the
    change: a sentence about reading the guide, or from a section about it, is no answer then."""
    index = fixture_assistant.index
    reading = _passage(index, "If you have five minutes start with")
    holds = _passage(index, "These pages describe")
    tide = _passage(index, "Work with the tide")
    hits = [_hit(reading, [0.7], 0.6), _hit(holds, [0.65], 0.55), _hit(tide, [0.5, 0.1], 0.5)]
    asked_of_the_guide = compose(hits, "q").answer.splitlines()[2]
    assert asked_of_the_guide.startswith("If you have five minutes")
    own_change = compose(hits, "q", past_the_guide=True)
    assert own_change.answer.splitlines()[2].startswith("Work with the tide")
    assert [c.text for c in own_change.citations] == [tide.text]
    # A section whose heading names the guide is about the guide, whatever its sentences say.
    moved = replace(_passage(index, "Sharing a lantern is not"), section="How to use this guide")
    assert compose([_hit(moved, [0.7], 0.6)], "q", past_the_guide=True) is None
    assert compose([_hit(moved, [0.7], 0.6)], "q") is not None


def test_a_leader_describing_their_change_is_not_answered_with_whom_the_guide_is_for(
        fixture_assistant):
    """'Our port is adopting a lantern. What should we do?' is not answered by 'Aimed at harbour
    masters…': whom the guide is for is about the guide, as where to start reading it is."""
    index = fixture_assistant.index
    aimed = _passage(index, "Aimed at harbour masters")
    tide = _passage(index, "Work with the tide")
    hits = [_hit(aimed, [0.7], 0.6), _hit(tide, [0.5, 0.1], 0.5)]
    assert compose(hits, "q").answer.splitlines()[2].startswith("Aimed at harbour masters")
    own_change = compose(hits, "q", past_the_guide=True)
    assert [c.text for c in own_change.citations] == [tide.text]


def test_a_sentence_about_the_guide_answers_a_subject_only_it_names_whole(fixture_assistant):
    """'What does the guide say about lantern designs?' names the guide as the source: a sentence
    about the guide itself answers it when only such sentences name every word asked, as 'These
    pages describe how harbour teams share a new lantern design…' does; '…about lanterns?' is
    answered by the sentences that say more of lanterns."""
    index = fixture_assistant.index
    holds = _passage(index, "These pages describe")
    tide = _passage(index, "Work with the tide")
    hits = [_hit(holds, [0.7], 0.6), _hit(tide, [0.5, 0.1], 0.5)]
    designs = compose(hits, "What does the guide say about lantern designs?", past_the_guide=True)
    assert designs.citations[0].text == holds.text
    lanterns = compose(hits, "What does the guide say about lanterns?", past_the_guide=True)
    assert [c.text for c in lanterns.citations] == [tide.text]


def test_a_pointer_to_a_page_of_examples_still_answers_a_leader_asking_about_their_change(
        fixture_assistant):
    """'We're rolling out a lantern. Are there examples of this working elsewhere?' is answered by
    'For examples of lanterns that spread, see our port stories page.': a pointer to one page is
    not a sentence about the guide as a whole, as 'These pages describe…' is."""
    celebrate = _passage(fixture_assistant.index, "Celebrate the crews")
    pointer = "For examples of lanterns that spread, see our port stories page."
    page = replace(celebrate, text=pointer, units=split_units(pointer))
    asked = frozenset(content_stems("Are there examples of this working elsewhere?"))
    assert says_something(page, page.units[0], past_the_guide=True, asked=asked)


def test_a_pointer_to_a_page_answers_only_a_question_asking_for_what_it_points_to(
        fixture_assistant):
    """'For examples of lanterns that spread, see our port stories page.' shares its other words
    with many questions; it answers one that asks for examples, the page by name or its
    section's heading, and otherwise the next passage answers."""
    index = fixture_assistant.index
    celebrate = _passage(index, "Celebrate the crews")
    tide = _passage(index, "Work with the tide")
    pointer = "For examples of lanterns that spread, see our port stories page."
    page = replace(celebrate, text=pointer, units=split_units(pointer), section="Harbour tales")
    hits = [_hit(page, [0.8], 0.7), _hit(tide, [0.5, 0.1], 0.5)]
    for asking in ("Any examples of lanterns spreading?", "Where are the port stories?",
                   "Are there harbour tales?"):
        assert compose(hits, asking).citations[0].text == pointer, asking
    for not_asking in ("How do we know when a lantern is ready to spread?",
                       # a name is asked for whole: "port" alone is not "port stories"
                       "Which port should spread the lantern next?"):
        assert [c.text for c in compose(hits, not_asking).citations] == [tide.text], not_asking


def test_a_sentence_ending_on_pages_to_see_answers_only_a_question_naming_one(fixture_assistant):
    """'You may find the following helpful, also see rope drills, tide tables and port stories'
    (its links cleaned away) came first for a leader describing their change; it answers one
    who asks for one of the pages it lists, by name."""
    index = fixture_assistant.index
    celebrate = _passage(index, "Celebrate the crews")
    tide = _passage(index, "Work with the tide")
    pointer = ("You may find the following helpful, also see rope drills, tide tables and port "
               "stories")
    page = replace(celebrate, text=pointer, units=split_units(pointer), section="Applying it")
    hits = [_hit(page, [0.8], 0.7), _hit(tide, [0.5, 0.1], 0.5)]
    for asking in ("Where are the tide tables?", "Are there rope drills?"):
        assert compose(hits, asking).citations[0].text == pointer, asking
    for not_asking in ("Our port is adopting a lantern and two crews refuse. What now?",
                       "Which tide suits a lantern?"):
        assert [c.text for c in compose(hits, not_asking).citations] == [tide.text], not_asking
    # "see" as a verb inside a sentence lists no pages.
    seen = "Crews see the lantern work before they want it"
    page = replace(celebrate, text=seen, units=split_units(seen))
    assert compose([_hit(page, [0.8], 0.7)], "Why do crews want it?").citations[0].text == seen
