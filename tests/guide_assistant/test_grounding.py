"""The grounding checker on hand-made answers; its calibration is in evals (report)."""

import pytest

from guide_assistant.grounding import split_claims
from guide_assistant.grounding import GroundingChecker

pytestmark = pytest.mark.integration  # the real packaged model

PASSAGE = ("Creating a pull for an innovation helps create increase likelihood of sustainability "
           "and subsequent scale and spread. The sustainability of an innovation is directly "
           "influenced by the spread approach taken, greater and earlier involvement increases "
           "the likelihood of sustainability.")


@pytest.fixture(scope="module")
def checker(assistant):
    return GroundingChecker.for_index(assistant.index, assistant.embedder)


def _answer(text, passage=PASSAGE):
    return {"answer": text, "refused": False, "citations": [{"n": 1, "text": passage}]}


def test_claims_are_split_with_their_markers():
    assert split_claims("The guide's page *X* says:\n\nOne. [1] Two [2] Three? [1][2]\n- item? And more [1]") == [
        ("One.", [1]), ("Two", [2]), ("Three?", [1, 2]), ("item? And more", [1])]


def test_verbatim_and_faithful_paraphrase_pass(checker):
    report = checker.check(_answer(
        "Greater and earlier involvement increases the likelihood of sustainability. [1] "
        "The spread approach taken directly influences an innovation's sustainability. [1]"))
    assert not report.flagged and report.support_rate == 1.0 and report.citation_validity == 1.0


@pytest.mark.parametrize("bad, why", [
    ("Greater and earlier involvement does not increase the likelihood of sustainability. [1]",
     "opposite"),
    ("Greater and earlier involvement decreases the likelihood of sustainability. [1]", "decrease"),
    ("Greater and earlier involvement increases the likelihood of a glossary. [1]", "glossary"),
    ("Every trust must appoint a spread lead within six months. [1]", "words"),
    ("Paris is the capital of France. [1]", "words"),
    ("Involvement increases sustainability. [2]", "does not exist"),
    ("Involvement increases sustainability.", "no citation"),
])
def test_unsupported_sentences_are_flagged_with_a_reason(checker, bad, why):
    report = checker.check(_answer(bad))
    assert report.flagged
    assert why in " ".join(report.problems)


def test_scores_count_sentences_and_citations(checker):
    report = checker.check(_answer(
        "Greater and earlier involvement increases the likelihood of sustainability. [1] "
        "Paris is the capital of France. [1] Something else. [3]"))
    assert report.support_rate == pytest.approx(1 / 3)
    assert report.citation_validity == pytest.approx(2 / 3)
    assert report.citation_precision == pytest.approx(1 / 2)


def test_refused_answers_have_nothing_to_check(checker):
    assert not checker.check({"answer": "I can't answer that.", "refused": True,
                              "citations": []}).flagged
