"""The app's named endpoint /ask, through gradio_client against the real server."""

import pytest
from gradio_client import Client

from guide_assistant.contract import contract_violations

pytestmark = pytest.mark.integration  # the real packaged model


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


def test_an_in_scope_question_returns_the_expected_citation(client):
    answer = client.predict("How do we make the change last?", None, api_name="/ask")
    assert not answer["refused"]
    assert "likelihood of sustainability" in answer["citations"][0]["text"]
    assert contract_violations(answer) == []


def test_a_follow_up_is_answered_from_the_right_passage(client):
    answer = client.predict("What challenges it?", ["What is the new mindset?"], api_name="/ask")
    assert answer["search_query"] == "What challenges it? new mindset"
    assert answer["citations"][0]["text"].startswith("There are many polarities")


def test_an_off_topic_question_is_declined(client):
    answer = client.predict("What is the capital of France?", None, api_name="/ask")
    assert answer["refused"] and answer["citations"] == []


def test_only_ask_is_public(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(endpoints) == ["/ask"]


def test_bad_input_gets_a_clear_message_or_the_empty_prompt(client):
    for history in (5, True, "What is pull?"):
        with pytest.raises(Exception, match="history must be"):
            client.predict("And why?", history, api_name="/ask")
    empty = client.predict(None, None, api_name="/ask")
    assert empty["refused"] and empty["search_query"] == "" and "Ask me a question" in empty["answer"]
    plain = client.predict("How do we make the change last?", None, api_name="/ask")
    wrapped = client.predict("<script>alert(1)</script> How do we make the change last?", None,
                             api_name="/ask")
    assert wrapped["citations"] == plain["citations"] and "<script" not in wrapped["answer"]
