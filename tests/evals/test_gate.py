"""The CI gate: every threshold in evals/thresholds.py, on the real assistant and index."""

import pytest

from guide_assistant.evals import runner, thresholds
from guide_assistant.evals.scoring import load_set, score

pytestmark = pytest.mark.integration  # the real packaged model


@pytest.fixture(scope="module")
def report(assistant):
    result, _ = runner.run(assistant)
    return result


@pytest.mark.slow
def test_every_threshold_is_met(report):
    assert runner.verdict(report) == [], "\n".join(
        runner.verdict(report) + report["failures"]["dev"])


@pytest.mark.slow
def test_the_gate_fails_when_a_threshold_is_tightened(report, monkeypatch):
    monkeypatch.setattr(thresholds, "CORRUPTION_FLAGGED", (">=", 1.01))
    monkeypatch.setitem(thresholds.ANSWERS, "mean_cited_chars", ("<=", 100))
    missed = runner.verdict(report)
    assert any("'negated'" in m for m in missed)
    assert any(m.startswith("mean_cited_chars") for m in missed)


@pytest.mark.slow
def test_the_report_has_every_section(report):
    text = runner.markdown(report)
    for heading in ("## Answers", "## Retrieval", "## Grounding checker", "## Refusal"):
        assert heading in text
    assert set(report["retrieval"]) == {"BM25 alone", "dense alone", "hybrid (ours)",
                                        "LangChain tutorial"}


def test_every_gold_phrase_names_a_passage(assistant):
    texts = [p.text for p in assistant.index.passages]
    for path in runner.SETS.values():
        for row in load_set(path):
            for phrase in row.get("gold", []):
                assert any(phrase in t for t in texts), (row["id"], phrase)


def test_scoring_fails_when_answers_are_wrong():
    rows = load_set(runner.SETS["dev"])
    # Shaped as the contract's answers are (docs/contract.md): every field present.
    refusals = {r["id"]: {"answer": "", "refused": True, "citations": [],
                          "search_query": r["turns"][-1]} for r in rows}
    missed = score(rows, refusals).missed()
    assert any(m.startswith("in_scope_wrongly_declined") for m in missed)


def test_a_share_is_reported_with_its_interval():
    # 5 of 10 and 0 of 81: Wilson's 95% intervals, by the formula (0.237–0.763 and 0–0.045).
    assert runner._interval(0.5, 10) == "0.500 (0.237–0.763, n=10)"
    assert runner._interval(0.0, 81) == "0.000 (0.000–0.045, n=81)"
    assert runner._interval(None, 8) == "–" and runner._interval(0.5, 0) == "–"
