from guide_assistant.understanding import (MAX_QUESTION_CHARS, asks_about_the_whole_guide,
                                          asks_whom_it_is_for, is_follow_up, search_query,
                                          understand)


def test_a_question_that_leans_on_earlier_turns_is_rewritten():
    assert search_query("And who decides them?",
                        ["What does the guide say about local priorities?"]) == \
        "And who decides them? local priorities"
    assert search_query("What challenges it?", ["What is the new mindset?"]) == \
        "What challenges it? new mindset"


def test_a_question_that_stands_alone_is_left_as_it_is():
    assert search_query("How do we make the change last?", ["What is the new mindset?"]) == \
        "How do we make the change last?"
    # "OK then" acknowledges the last answer; a question with its own subject follows it.
    own = "OK then, how do we spread a new lantern scheme across our ports?"
    assert search_query(own, ["What dose of iron should a keeper take?"]) == own
    assert search_query("OK, and who decides?", ["What is the tide principle?"]) == \
        "OK, and who decides? tide principle"
    # So does a sentence of thanks ("that's" in it points at the last answer, not the question).
    thanked = "Thanks, that's helpful. How do we involve the crews?"
    assert search_query(thanked, ["What is the tide principle?"]) == thanked
    assert search_query("Thanks, that's helpful. Why?", ["What is the tide principle?"]) == \
        "Thanks, that's helpful. Why? tide principle"
    assert search_query("And who decides that?") == "And who decides that?"  # nothing earlier


def test_a_first_question_about_this_or_it_and_nothing_else_is_about_the_guide():
    for first in ["Who is this for?", "who's it for", "What’s it about?", "Is this for me?",
                  "Is there more?"]:
        assert search_query(first) == f"{first} (the guide)", first
        assert understand(first).rewritten  # so the app shows what was searched
    # Whom it is for is not a subject of its own ("for my board"); a team may be one.
    assert search_query("Summarise this for my board") == "Summarise this for my board (the guide)"
    assert search_query("What are the benefits for our team?", ["What is the tide principle?"]) \
        == "What are the benefits for our team?"
    # With a subject of its own, or after another question, "it" is not the guide.
    assert search_query("How does it work?") == "How does it work?"
    assert search_query("Who is it for?", ["What is the tide principle?"]) == \
        "Who is it for? tide principle"


def test_a_question_that_names_the_guide_is_a_new_topic():
    # One word of its own, but the guide is named as what it asks: searched as typed.
    for switch in ["What does the guide say about evidence?", "Who is the guidance for?",
                   "What does this guide say about lanterns?",
                   "Is there a glossary in this guide?"]:
        assert not is_follow_up(switch), switch
        assert search_query(switch, ["What is the tide principle?"]) == switch
    # Naming the guide does not stop a question pointing back, nor a connective leaning on it.
    for follow in ["What does the guide say about that?", "And what does the guide say?",
                   "Does the guide say who decides it?"]:
        assert is_follow_up(follow), follow
    # Without the guide named, one word of its own still leans on the conversation.
    assert is_follow_up("Who decides?") and is_follow_up("Examples?")
    # "Is there…?" asks whether something exists; "there" as a place points back.
    assert is_follow_up("What happens there?")
    assert not is_follow_up("Is there a lantern guide for crews?")
    # …and names the thing asked about, however short: a new topic, searched as typed. Asking
    # for more of the last answer, or whether something exists "for it", still leans on it.
    for switch in ["Is there a glossary?", "Are there any case studies?", "Is there an index?"]:
        assert not is_follow_up(switch), switch
        assert search_query(switch, ["What is the tide principle?"]) == switch
    for follow in ["Is there any more?", "Is there a glossary for it?", "Are there any more details?"]:
        assert is_follow_up(follow), follow
    # Asking what a term means names the term: a bare or indefinite noun stands alone; "the"
    # refers to something the conversation has named.
    for switch in ["What are lanterns?", "What is a tide?", "What's pull?"]:
        assert not is_follow_up(switch), switch
        assert search_query(switch, ["How should I use the guide?"]) == switch
    for follow in ["What are the risks?", "What is it?", "So what are lanterns?"]:
        assert is_follow_up(follow), follow
    # A first question that names the guide needs no rewriting to be about it.
    assert search_query("Who is this guide for?") == "Who is this guide for?"


def test_chained_follow_ups_carry_the_topic_forward():
    turns = ["What does the guide say about evidence?", "And who needs it?"]
    assert "evidence" in search_query("How much of it?", turns)
    # The words that asked for the last answer in another form are not carried as its subject.
    turns = ["What are polarities?", "Give me an example"]
    assert search_query("How do I manage that tension?", turns) \
        == "How do I manage that tension? example polarities"


def test_follow_up_detection():
    assert is_follow_up("and what about that?")
    assert is_follow_up("Why?")
    assert not is_follow_up("How should we measure the actual benefit?")
    # "look like" names nothing, and a word said twice is one word of its own.
    assert is_follow_up("What does that look like day to day?")
    assert not is_follow_up("What would good look like for a lantern crew?")
    # The setting asked for is where, not what: "in this hospital" points at no earlier turn.
    assert is_follow_up("Does that work in harbour mental health services too?")
    assert is_follow_up("How do I create one in a care home?")
    assert not is_follow_up("We're fitting a lantern in this hospital. How do we engage crews?")


def test_whom_the_guide_is_for_asked_again_for_someone_else_carries_the_question():
    again = search_query("What about for pier keepers?", ["Who is the guide for?"])
    assert again == "What about for pier keepers? Who is the guide for?"
    assert asks_whom_it_is_for(again)
    # …and so does naming them alone, people or a setting ("What about harbour leaders?").
    for named in ("What about harbour leaders?", "And the lantern sector?", "And patients?"):
        assert asks_whom_it_is_for(search_query(named, ["Who is the guide for?"])), named
    # A follow-up with its own question carries nothing of it, nor does one naming a subject.
    for other in ("And how long does it take to read?", "And how do we involve carers?",
                  "What about polarities?"):
        assert not asks_whom_it_is_for(search_query(other, ["Who is the guide for?"])), other


def test_one_standing_for_something_already_named_points_back():
    for follow in ["Which one matters most for a regional team?", "What about the other one?"]:
        assert is_follow_up(follow), follow
    assert search_query("Which one matters most for a regional team?",
                        ["Tell me about polarities."]).endswith("polarities")
    assert not is_follow_up("Which one principle matters most for a regional lantern team?")
    # "ones" stands for what was named: it is no word of the question's own.
    assert is_follow_up("Which ones affect national teams?")
    # …and "one" as what is made or had, but not as a count.
    for follow in ["How do I create one in a harbour town?", "Do we need one?"]:
        assert is_follow_up(follow), follow
    assert not is_follow_up("How do I make one lantern change last?")


def test_the_one_described_is_the_thing_named_before():
    # "the rope one" after the principles were named is the rope principle, asked as typed
    assert search_query("Where can I read about the rope one?",
                        ["What are the three principles?"]) == \
        "Where can I read about the rope principle?"
    assert search_query("And the harbour one?", ["Which polarities matter?"]).startswith(
        "And the harbour polarity?")
    assert search_query("How do we handle the national versus local one?",
                        ["What are polarities?"]) == \
        "How do we handle the national versus local polarity?"
    # whether it leans on the conversation is judged as typed: "the best one" does
    assert search_query("Which is the best one?", ["What are the polarities?"]) == \
        "Which is the best polarity? polarities"
    # determiners describe nothing: "a good one" is no polarity
    assert search_query("Is the pilot a good one?", ["What are polarities?"]) == \
        "Is the pilot a good one?"
    # a place in a list, or "the other one", still points back with the earlier words
    assert search_query("What's the first one?", ["Which questions help crews?"]) == \
        "What's the first one? questions help crews"
    assert search_query("What about the other one?", ["Which principles matter?"]).startswith(
        "What about the other one?")
    # nothing plural named before: left as typed
    assert search_query("Tell me about the rope one", ["What is the tide principle?"]) == \
        "Tell me about the rope one tide principle"


def test_a_form_of_get_go_put_or_tell_is_no_subject_of_its_own():
    # "get" and "go" are on the stop list; "gets" and "went" name no more than they do.
    for follow in ["What gets in the way?", "What went wrong?", "Who gets told?"]:
        assert is_follow_up(follow), follow
        assert search_query(follow, ["How do we make the tide last?"]) == f"{follow} make tide last"
    assert not is_follow_up("What gets in the way of the tide principle?")


def test_asking_for_the_last_answer_in_another_form_is_a_follow_up():
    for again in ["Give me the key points", "Can you quote the exact wording?",
                  "In plain English please", "Give me more detail",
                  "Give me three bullet points on it", "Can you make it shorter?", "As a list",
                  "Give me a one-line version.", "Give me a plain English version",
                  # handed over, or written up as a document
                  "Give an example.", "Can you show me an example?", "Provide an example please",
                  "Write that up as a board paper.",
                  # listed, or again because it was not followed
                  "Can you list them?", "Name them", "Hmm, not sure I follow", "I'm lost"]:
        assert is_follow_up(again), again
        assert search_query(again, ["What is the tide principle?"]) == f"{again} tide principle"
    # …but not when it names its own subject.
    assert not is_follow_up("What are the key points of the tide principle?")
    assert not is_follow_up("Quote the exact wording on local evidence")
    assert not is_follow_up("Give examples of crews sharing a lantern")
    assert not is_follow_up("Show me what the tide principle says about evidence")


def test_a_request_for_the_gist_of_nothing_in_particular_is_about_the_whole_guide():
    for whole in ["Give me an overview", "What are the key points?", "Give me the gist",
                  "What are the main messages of this guidance?", "In a nutshell?",
                  # the guide as the only subject, as a principle's name alone is that principle
                  "What is this guide for?", "What's the purpose of this guidance?",
                  # …asked as a whole, in words that say so
                  "What's in the guide overall?", "What's the whole guide about?",
                  "What is the guide mainly about?", "What does the guide say?",
                  "What does the guidance cover in general?"]:
        assert asks_about_the_whole_guide(whole), whole
    for narrower in ["Give me the key points tide principle", "What is an overview of the tide?",
                     "How do we make the change last?", "Give me an example",
                     "What does the guide say about the tide?", "Who is the guide for?",
                     "What does the whole guide say about the tide?",
                     "What is the tide principle mainly about?"]:
        assert not asks_about_the_whole_guide(narrower), narrower


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


def test_thanks_ask_nothing_but_a_question_with_thanks_does():
    for said in ("Thanks!", "thank you so much", "Great, thanks.", "Cheers", "ok", "That's helpful!",
                 "Hi there!", "Hello", "Good morning all"):
        assert understand(said, ["What is the new mindset?"]).empty, said
        assert understand(said).empty, said
    for asked in ("Thanks - and who decides that?", "Thanks. How do we make a change last?",
                  "Hi, how do we make a change last?",
                  "Great ideas: where do they come from?", "Is that it?",
                  "thank you " * 200 + "and what about evidence?"):
        assert not understand(asked, ["What is the new mindset?"]).empty, asked


def test_markup_is_removed_before_the_question_is_judged():
    plain = understand("How do we make a change last?")
    wrapped = understand("<script>alert(1)</script> <b>How</b> do we make a change last?")
    assert wrapped.text == plain.text and wrapped.search_query == plain.search_query
    assert understand("<img src=x onerror=alert(1)>").empty
    assert understand("Is 3 < 4 in the guide?").text == "Is 3 < 4 in the guide?"  # not a tag


def test_anything_but_a_string_is_no_question():
    for question in (None, 5, True, ["a"]):
        assert understand(question).empty and understand(question).text == ""


def test_a_history_that_is_not_a_list_of_turns_is_refused_clearly():
    import pytest

    for bad in (5, True, "What is pull?", {"question": "x"}, [5], [{"question": 5}]):
        with pytest.raises(ValueError, match="history must be|each turn of the history"):
            understand("And why?", bad)
    assert understand("And why?", None).turns == ()
    assert understand("And why?", ("What is pull?",)).rewritten


def test_a_question_of_several_sentences_has_its_last_as_the_ask():
    situation = understand("Our crews adopted the lantern in one port. Will it work in others?")
    assert situation.ask == "Will it work in others?"
    assert understand("Will the lantern work in other ports?").ask is None
    assert understand("Our crews adopted the lantern. Why?").ask is None  # no words of its own
    # A follow-up's ask is its own last sentence, never the words carried from earlier turns.
    follow = understand("And the crews? Who decides that?", ["Who asked for the new lantern?"])
    assert follow.rewritten and follow.ask == "Who decides that?"


def test_asking_whom_the_guide_is_for_is_told_from_asking_how_to_apply_it():
    for asked in ("who's it for", "Who is the guidance for?", "Is this aimed at people like me?",
                  "Who are these pages meant for?", "We're a small port. Does this apply to us?",
                  "Is it relevant at my level?",
                  "Is the guide only for harbours or for lighthouses too?",
                  "Who is the guide's intended reader?", "Who should read this guide?",
                  "Is it useful for a harbour master?", "Would the guide be any use to a pier?",
                  "Is the guide for pier keepers as well?",
                  "Is there anything here for people like me?",
                  # people, organisations or a care setting it covers: its readers
                  "Does the guide cover ICBs?", "Does it include regional organisations?",
                  "Does this guidance cover primary care?"):
        assert asks_whom_it_is_for(asked), asked
    for asked in ("How do we apply this to our new lantern?", "Who should own the lantern?",
                  "Who should read the evidence before we decide?",
                  "What is the tide principle for?", "What is the guide for?",
                  "Is pull useful for small crews?",
                  # a subject it covers, even one about people
                  "Does the guide cover patient involvement?",
                  "Does the guide cover how to involve patients?",
                  "Does the guide cover working with crews?", "Does the guide cover polarities?",
                  "The guide talks about pull. How would that apply here?",
                  # asked of a change the asker describes, not of the guide
                  "Our crew wants to adopt a lantern that worked in the next port. How do we "
                  "know it'll work for us?"):
        assert not asks_whom_it_is_for(asked), asked
