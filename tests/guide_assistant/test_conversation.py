from guide_assistant.conversation import is_follow_up, search_query


def test_a_question_that_leans_on_earlier_turns_is_rewritten():
    assert search_query("And who decides them?",
                        ["What does the guide say about local priorities?"]) == \
        "And who decides them? local priorities"
    assert search_query("What challenges it?", ["What is the new mindset?"]) == \
        "What challenges it? new mindset"


def test_a_question_that_stands_alone_is_left_as_it_is():
    assert search_query("How do we make the change last?", ["What is the new mindset?"]) == \
        "How do we make the change last?"
    assert search_query("And who decides that?") == "And who decides that?"  # nothing earlier


def test_chained_follow_ups_carry_the_topic_forward():
    turns = ["What does the guide say about evidence?", "And who needs it?"]
    assert "evidence" in search_query("How much of it?", turns)


def test_follow_up_detection():
    assert is_follow_up("and what about that?")
    assert is_follow_up("Why?")
    assert not is_follow_up("How should we measure the actual benefit?")
