"""The decline: why, what the loaded pages cover, and questions they answer — starting from the
parts of the guide the question came closest to."""

from guide_assistant.contract import DeclineReason
from guide_assistant.declining import SUGGESTIONS, decline
from guide_assistant.retrieval import Hit
from guide_assistant.scope import OFF_TOPIC


def _suggestions(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


def test_suggestions_start_from_the_parts_the_question_came_closest_to(fixture_assistant):
    index = fixture_assistant.index
    general = index.suggested_questions[:SUGGESTIONS]
    assert general[0].startswith('What does the principle "Work with the tide')

    plain = decline(index, "Is it raining in Leeds?", OFF_TOPIC)
    assert _suggestions(plain.answer) == general

    # Searched, the question came closest to the page on why a new way of working is needed.
    why = next(p for p in index.passages if p.section == "Why a new way of working?")
    near = [Hit(why, 0.3, 0.2, 0.3, 0.0)]
    tailored = decline(index, "Our ports never agree on anything. Why?", OFF_TOPIC, near)
    rest = [q for q in index.suggested_questions if q != "Why a new way of working?"]
    assert _suggestions(tailored.answer) == ["Why a new way of working?", *rest][:SUGGESTIONS]
    assert tailored.refused and tailored.citations == []


def test_a_decline_for_an_unknown_name_quotes_the_name_not_a_kind(fixture_assistant):
    # "What is Quayside?" need not ask about a method; the decline says what the pages lack.
    for asked, name in (("What is Quayside and how does it apply to ports?", "Quayside"),
                        ("How does the PDQ framework work?", "PDQ framework")):
        answer = fixture_assistant.answer(asked)
        assert answer.refused and answer.decline is DeclineReason.OTHER_MODEL, asked
        assert answer.answer.startswith(f"The guide pages loaded here don't mention “{name}”"), \
            answer.answer


def test_a_request_for_a_recommendation_is_not_told_it_asked_for_a_document(fixture_assistant):
    # "Recommend…" and "write…" are both requests the guide does not meet; the decline names both.
    for asked in ("Can you recommend a good book on lanterns?", "Write me a press release."):
        answer = fixture_assistant.answer(asked)
        assert answer.refused and answer.decline is DeclineReason.TASK, asked
        assert "recommendations of my own" in answer.answer and "write" in answer.answer


def test_asked_about_itself_the_assistant_says_what_it_does_and_will_not_do(fixture_assistant):
    # Not "the guide pages loaded here don't cover that": the question is about the assistant.
    for asked in ("Where do your answers come from?", "What can you do?", "Are you ChatGPT?",
                  "help", "What's your favourite principle?", "What do you think?",
                  "What's your honest opinion of it?"):
        answer = fixture_assistant.answer(asked)
        assert answer.refused and answer.decline is DeclineReason.ASSISTANT, asked
        assert answer.answer.startswith("I answer questions about") and "guide's own text" \
            in answer.answer and "don't cover that" not in answer.answer, answer.answer
        assert _suggestions(answer.answer), answer.answer
    # A question to the assistant about the guide's subject is a question about the guide.
    for asked in ("How do you work with crews who resist the lantern?",
                  "What can you tell me about the tide principle?",
                  "What do you think the tide principle asks of crews?"):
        assert fixture_assistant.answer(asked).decline is not DeclineReason.ASSISTANT, asked
