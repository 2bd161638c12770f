"""Answer metrics on hand-made answers."""

from evals.scoring import key_fact_recall


def test_key_facts_are_counted_in_what_the_answer_says_not_in_its_sources_line():
    gold = ["Spread and adoption is a new mindset"]
    lead = "The guide's page *About spread and adoption – a new mindset* says:\n\n"
    assert key_fact_recall(lead + "Leaders differ. [1]", gold) == 0.0
    assert key_fact_recall(lead + "It needs a new mindset. [1]", gold) == 0.5
    # A line that does not name the answer's sources is part of what it says.
    assert key_fact_recall("A new mindset for spread and adoption.", gold) == 1.0
