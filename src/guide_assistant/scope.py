"""Whether the loaded guide pages can answer a question, and if not, why not.

A plain similarity cut-off cannot decide this here (the issue's measurement: the weakest best match
of an in-scope question, 0.30, is below the strongest of an off-topic one, 0.34). Two signals
together can: how close the question comes to one sentence of the guide, and how many of its
content words the guide uses at all (after mapping leaders' words to the guide's). Questions
about principles whose pages are not loaded, and text addressed to the assistant's own
instructions, are declined by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .retrieval import Retrieval

# Calibrated on evals/questions.jsonl (see evals/README.md); held-out results in the report.
STRONG_MATCH = 0.55     # a sentence this close answers the question whatever its words
COVERAGE_WEIGHT = 0.25  # how much the guide's use of the question's words counts…
IN_SCOPE_BAR = 0.40     # …next to the best sentence similarity, against this bar

_ADDRESSES_ASSISTANT = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|above|previous|everything)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bjailbreak|\bpretend (to be|you are)\b"
    r"|\b(reveal|print|show|repeat)\b.{0,30}\b(instructions|prompt)\b",
    re.I | re.S,
)


@dataclass(frozen=True)
class Scope:
    in_scope: bool
    reason: str = ""          # why declined: "off_topic", "instructions", "unloaded:<name>"


def unloaded_principle_asked(question: str, unloaded: list[str]) -> str | None:
    lowered = question.lower()
    for name in unloaded:
        if re.search(rf"\b{re.escape(name)}\s+principle", lowered):
            return name
    return None


def judge(question: str, retrieval: Retrieval, unloaded: list[str],
          own_coverage: float | None = None, own_words: int = 0) -> Scope:
    """`question` is what the user typed; `retrieval` searched it, rewritten if a follow-up.

    For a follow-up, `own_coverage` and `own_words` describe the typed words alone: a follow-up
    that brings two or more words of its own, none of them the guide's ("and what's the capital
    of France?"), changes the subject to one the guide does not cover.
    """
    if _ADDRESSES_ASSISTANT.search(question):
        return Scope(False, "instructions")
    name = unloaded_principle_asked(question, unloaded)
    if name:
        return Scope(False, f"unloaded:{name}")
    if own_coverage is not None and own_words >= 2 and own_coverage == 0.0:
        return Scope(False, "off_topic")
    best = max((h.unit for h in retrieval.hits), default=0.0)
    if best >= STRONG_MATCH or best + COVERAGE_WEIGHT * retrieval.coverage >= IN_SCOPE_BAR:
        return Scope(True)
    return Scope(False, "off_topic")
