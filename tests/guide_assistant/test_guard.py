"""The LLM guard on hand-written drafts, with the grounding checker over the fake embedder."""

from guide_assistant.grounding import GroundingChecker
from guide_assistant.llm import guard
from guide_assistant.prompts import DECLINE_TOKEN


def _passages(index):
    return [p for p in index.passages if p.principle][:3]


def test_supported_sentences_are_kept_and_citations_renumbered(fixture_assistant, fake_embedder):
    passages = _passages(fixture_assistant.index)
    supported = passages[1].text  # verbatim from passage [2]
    checked = guard(f"{supported} [2]", passages, GroundingChecker(fake_embedder))
    assert checked.kept == [supported] and checked.removed == []
    assert checked.cited == [2] and checked.text == f"{supported} [1]"


def test_invented_and_dangling_sentences_are_removed(fixture_assistant, fake_embedder):
    passages = _passages(fixture_assistant.index)
    supported = passages[1].text
    invented = "Every harbour must buy forty lanterns from the national depot."
    draft = f"{supported} [2] {invented} [2] Crews adore fog. [7] Nothing cited here."
    checked = guard(draft, passages, GroundingChecker(fake_embedder))
    assert checked.kept == [supported]
    reasons = {r["sentence"]: r["reason"] for r in checked.removed}
    assert set(reasons) == {invented, "Crews adore fog.", "Nothing cited here."}
    assert "does not exist" in reasons["Crews adore fog."]
    assert reasons["Nothing cited here."] == "no citation"


def test_the_models_decline_token_declines(fixture_assistant, fake_embedder):
    checked = guard(f"{DECLINE_TOKEN}", _passages(fixture_assistant.index),
                    GroundingChecker(fake_embedder))
    assert checked.declined and checked.kept == []
