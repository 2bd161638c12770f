from guide_assistant.understanding import MAX_QUESTION_CHARS, is_follow_up, search_query, understand


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


def test_understanding_cleans_and_says_whether_it_rewrote():
    q = understand("  What\x00 challenges\u200b it?\n", ["What is the new mindset?", {"question": "", "answer": "x"}])
    assert "\x00" not in q.text and q.text.startswith("What") and q.text.endswith("it?")
    assert q.rewritten and q.search_query.endswith("new mindset")
    assert [t.question for t in q.turns] == ["What is the new mindset?"]  # empty turns dropped
    alone = understand("How do we make the change last?", [{"question": "What is pull?", "answer": "A"}])
    assert not alone.rewritten and alone.turns[0].answer == "A"


def test_an_overlong_question_is_trimmed_with_a_notice():
    q = understand("word " * 1000)
    assert len(q.text) == MAX_QUESTION_CHARS and "only the first 2,000" in q.notice
    assert understand(" \t ").empty and understand("!?").empty and not understand("pull?").empty
