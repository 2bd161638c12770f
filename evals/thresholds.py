"""Every bar the evals hold the assistant to, in one place. The CI gate (tests/evals) fails when
one is missed; tighten one here to see it fail.

The development-set and sealed-set bars are regression guards set at the figures the current
method reaches (evals/report.md), a little below them so that noise of one question does not
fail CI. They were lowered from the earlier development bars (first citation >= 0.90, cited
>= 0.97), which were reached by a vocabulary written to fit the development questions; that
vocabulary was removed (issue: answers that hold on questions nobody tuned for). They were
lowered again when the development set gained situational and terse questions (it had none; the
sealed set has 37), which the method answers far worse than plain ones, and again when it gained
27 more situational questions written as a new leader would ask (first citation 0.661 → 0.590 on
the larger set; no method change). Leave-one-page-out was lowered when a situational question
about a change in health or care became answered whichever pages are loaded. The sealed
cited-at-all guard was lowered (0.81 -> 0.79) when the development set's new questions made
cross-validation pick a narrower runner-up margin (0.15 -> 0.10: at 0.15 the development answers
averaged 705 cited characters, over the 700 budget), which cites one sealed answering passage
fewer. The development set's first topic switches brought guards for them and for follow-ups.
The first-citation and cited-at-all guards were raised (development 0.57 / 0.73 → 0.60 / 0.75,
sealed 0.61 / 0.79 → 0.65 / 0.82) when sentences about the guide itself stopped answering
questions about a leader's change or about a subject the guide is named as the source on, and
again (development first citation 0.62, sealed 0.68 / 0.84) when a question asking whom the guide
is for got the passages stating its audience first, and again (development 0.64 / 0.77) when a
question whose only subject is the guide got the opening of its introduction first. The
set's bars are never targets to tune against: its targets from that issue are SEALED_TARGETS,
reported beside the figures, met or not.
"""

# Answers on the development set: regression guards.
ANSWERS = {
    "first_citation_is_gold": (">=", 0.64),
    "gold_cited": (">=", 0.77),
    "out_of_scope_declined": (">=", 0.91),
    "in_scope_wrongly_declined": ("<=", 0.09),
    "mean_cited_chars": ("<=", 700),
    "contract_violations": ("<=", 0),
    "topic_switches_searched_as_typed": (">=", 0.80),
    "follow_ups_carry_the_topic": (">=", 0.75),
}

# Answers on the sealed set: regression guards only.
SEALED_GUARD = {
    "first_citation_is_gold": (">=", 0.68),
    "gold_cited": (">=", 0.84),
    "out_of_scope_declined": (">=", 0.94),
    "in_scope_wrongly_declined": ("<=", 0.02),
    "topic_switches_searched_as_typed": (">=", 0.90),
    "follow_ups_carry_the_topic": (">=", 0.87),
    "clinical_declined": (">=", 1.0),
    "mean_cited_chars": ("<=", 700),
    "contract_violations": ("<=", 0),
}

# What the sealed set should reach (reported, not gated).
SEALED_TARGETS = {
    "first_citation_is_gold": (">=", 0.80),
    "gold_cited": (">=", 0.95),
    "out_of_scope_declined": (">=", 0.95),
    "in_scope_wrongly_declined": ("<=", 0.03),
    "topic_switches_searched_as_typed": (">=", 0.90),
    "clinical_declined": (">=", 1.0),
    "mean_cited_chars": ("<=", 700),
}
DEV_MINUS_SEALED_FIRST = 0.07

# Size of the development set.
SET_SIZE = {"in_scope": (">=", 60), "out_of_scope": (">=", 25), "multi_turn": (">=", 10)}

# The hybrid must beat each of these methods on these retrieval metrics.
HYBRID_BEATS_BASELINES_ON = ("recall@1", "mrr@10")
BASELINES = ("BM25 alone", "dense alone", "LangChain tutorial")

# The grounding checker on corrupted copies of real answers.
CORRUPTION_FLAGGED = (">=", 0.90)   # per corruption type
FALSE_ALARMS = ("<=", 0.05)         # on untouched answers

# With a page removed, questions only it answers are declined (guard at the figure reached).
LEAVE_ONE_PAGE_OUT = (">=", 0.26)


def passes(value: float, rule: tuple[str, float]) -> bool:
    op, bar = rule
    return value >= bar if op == ">=" else value <= bar
