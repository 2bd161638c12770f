from guide_assistant.lexical import LexicalIndex
from guide_assistant.text import content_words, topic_of


def test_an_opening_verb_of_asking_is_not_a_word_the_question_is_about():
    index = LexicalIndex(["A glossary explains the terms used in this guide.",
                          "Explaining the benefits to staff builds a shared story. It helps."])
    # "Explain" is the form of the request; the topic (rules, cricket) is nowhere in the guide.
    assert index.coverage("Explain the rules of cricket.") == 0.0
    assert index.coverage("Could you please describe the rules of cricket?") == 0.0
    assert index.coverage("Can you help me with my CV?") == 0.0
    # Inside a question the same word can be what it asks about.
    assert index.coverage("How do I explain the benefits?") == 1.0
    assert index.coverage("Explain the benefits") == 1.0


def test_topic_of_keeps_everything_after_the_verb_of_asking():
    assert topic_of("Tell me about the glossary") == "the glossary"
    assert topic_of("Walk me through the benefit principle") == "the benefit principle"
    assert topic_of("Why explain it?") == "Why explain it?"


def test_a_contraction_of_a_function_word_is_a_function_word():
    assert content_words("Who's it for? What’s the point? We're sure it won't last") == \
        ["point", "sure", "last"]
    assert content_words("Patients' buy-in") == ["patients'", "buy-in"]
