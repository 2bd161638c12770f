"""The whole answer path over the fixture corpus: fake embedder, real Chroma, every stage."""

from guide_assistant.contract import Answer, DeclineReason, Draft, Final, contract_violations


def test_an_answer_keeps_the_contract_and_cites_the_passage(fixture_assistant):
    result = fixture_assistant.answer("Should we celebrate the crews that fit the first lanterns?")
    assert not result.refused and result.citations
    assert result.citations[0].text == "Celebrate the crews that fit the first lanterns."
    assert result.principle == "Work with the tide rather than against it"
    assert contract_violations(result.to_dict()) == []
    assert set(result.timings_ms) == {"retrieve", "answer", "total"}


def test_the_stream_is_typed_events_with_one_final_last(fixture_assistant):
    events = list(fixture_assistant.answer_stream("Who asked for the new lantern?"))
    assert isinstance(events[-1], Final) and isinstance(events[-1].answer, Answer)
    assert all(isinstance(e, Draft) for e in events[:-1])  # none without a model


def test_the_rewritten_flag_says_whether_earlier_turns_were_used(fixture_assistant):
    alone = fixture_assistant.answer("Who asked for the new lantern?", ["What is the tide principle?"])
    assert not alone.rewritten and alone.search_query == "Who asked for the new lantern?"
    follow = fixture_assistant.answer("And who loses out?", ["Who asked for the new lantern?"])
    assert follow.rewritten and follow.search_query.startswith("And who loses out? ")
    assert "lantern" in follow.search_query


def test_declines_carry_a_typed_reason(fixture_assistant):
    assert fixture_assistant.answer("   ").decline is DeclineReason.EMPTY
    assert fixture_assistant.answer("What does the beacon principle say?").decline \
        is DeclineReason.UNLOADED_PAGE
    refused = fixture_assistant.answer("What is the boiling point of mercury?")
    assert refused.refused and refused.decline is DeclineReason.OFF_TOPIC
    assert contract_violations(refused.to_dict()) == []


def test_the_overview_is_what_the_front_ends_show(fixture_assistant):
    guide = fixture_assistant.overview()
    assert guide.starters[0] == 'What does the principle "Work with the tide rather than against it" ask of leaders?'
    assert [p.principle for p in guide.pages] == [None, "Work with the tide rather than against it"]
    assert guide.pages[1].questions[0] == "Who asked for the new lantern?"
    assert {p.name for p in guide.missing} >= {"rope principle", "beacon principle"}
    assert guide.principles_home == "https://guide.example/lantern/principles/"
    assert guide.home == "https://guide.example/lantern/"


def test_a_situation_then_a_question_is_ranked_by_the_question_too(fixture_assistant):
    # The situation repeats the welcome page's words; what is asked is the tide page's.
    asked = ("Harbour teams share a new lantern design between ports. "
             "Should we celebrate the crews?")
    first = {w: fixture_assistant.tuned(ask_weight=w).rank(asked)[1][0].passage.text
             for w in (0.0, fixture_assistant.settings.ask_weight)}
    assert first[0.0].startswith("These pages describe how harbour teams share")
    assert first[fixture_assistant.settings.ask_weight].startswith("Celebrate the crews")
    answer = fixture_assistant.answer(asked)
    assert answer.citations[0].text.startswith("Celebrate the crews")


def test_a_principles_gist_asked_as_a_follow_up_is_its_opening(fixture_assistant):
    """"Summarise it for my board" after a question about a principle: not a writing task, not a
    change of subject, and answered from the principle's own statement."""
    answer = fixture_assistant.answer("Summarise it for my board",
                                      ["What is the tide principle?"])
    assert not answer.refused, answer.answer
    assert answer.answer.splitlines()[2].startswith("Work with the tide: begin where")


def test_asking_for_an_overview_of_nothing_in_particular_is_answered_from_the_guides_opening(
        fixture_assistant):
    """"Give me an overview" as a first question has no subject of its own: the guide as a whole,
    in the words its introduction opens with."""
    # "Summarise this for my board" was declined as a request to write something: "this" is the
    # guide, and the board is whom it is for, not what it is about.
    for whole in ["Give me an overview", "What are the key points?", "Summarise this for my board"]:
        answer = fixture_assistant.answer(whole)
        assert not answer.refused, (whole, answer.answer)
        assert answer.citations[0].text.startswith("These pages describe how harbour teams"), whole


def test_asking_for_the_last_answer_in_another_form_is_answered_on_its_subject(fixture_assistant):
    """"Give me the key points" or "Can you quote the exact wording?" after a question about a
    principle names no subject of its own: it is not a new topic the guide lacks."""
    for again in ["Give me the key points", "Can you quote the exact wording?"]:
        answer = fixture_assistant.answer(again, ["What is the tide principle?"])
        assert not answer.refused, (again, answer.answer)
        assert answer.answer.splitlines()[2].startswith("Work with the tide: begin where"), again


def test_where_to_start_a_change_described_earlier_is_not_where_to_start_reading(
        fixture_assistant):
    reading = "If you have five minutes start with"
    alone = fixture_assistant.answer("Where should I start?")
    assert alone.citations[0].text.startswith(reading), alone.answer
    follow_up = fixture_assistant.answer(
        "Where should we start?", ["Our hospital is rolling out a new lantern across its wards."])
    assert follow_up.rewritten, follow_up.search_query
    assert not any(c.text.startswith(reading) for c in follow_up.citations), follow_up.answer
