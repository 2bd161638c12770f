"""Every bar the evals hold the assistant to, in one place. The CI gate (tests/evals) fails when
one is missed; tighten one here to see it fail."""

# Answers on the development set.
ANSWERS = {
    "first_citation_is_gold": (">=", 0.90),
    "gold_cited": (">=", 0.97),
    "out_of_scope_declined": (">=", 0.95),
    "in_scope_wrongly_declined": ("<=", 0.05),
    "mean_cited_chars": ("<=", 900),
    "contract_violations": ("<=", 0),
}

# Size of the development set.
SET_SIZE = {"in_scope": (">=", 60), "out_of_scope": (">=", 25), "multi_turn": (">=", 10)}

# The hybrid must beat every other method on these retrieval metrics.
HYBRID_BEATS_BASELINES_ON = ("recall@1", "mrr@10")

# The grounding checker on corrupted copies of real answers.
CORRUPTION_FLAGGED = (">=", 0.90)   # per corruption type
FALSE_ALARMS = ("<=", 0.05)         # on untouched answers


def passes(value: float, rule: tuple[str, float]) -> bool:
    op, bar = rule
    return value >= bar if op == ">=" else value <= bar
