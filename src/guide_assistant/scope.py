"""Stage 5, scope: whether the loaded guide pages can answer a question, and if not, why not.

A plain similarity cut-off cannot decide this here (the weakest best match of an in-scope
question, 0.30, is below the strongest of an off-topic one, 0.34). Two signals together can: how
close the question comes to one sentence of the guide, and how many of its content words the
guide uses at all (after mapping leaders' words to the guide's). Questions about principles
whose pages are not loaded, and text addressed to the assistant's own instructions, are declined
by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .contract import DeclineReason
from .index import Index
from .retrieval import Hit
from .text import content_words
from .understanding import Question

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
    reason: DeclineReason | None = None
    principle: str | None = None  # the principle asked about, when its page is not loaded


IN_SCOPE = Scope(True)


def unloaded_principle_asked(question: str, unloaded: list[str]) -> str | None:
    lowered = question.lower()
    for name in unloaded:
        if re.search(rf"\b{re.escape(name)}\s+principle", lowered):
            return name
    return None


class ScopeJudge:
    def __init__(self, index: Index) -> None:
        self.index = index

    def _own_words_off_guide(self, question: Question) -> bool:
        """A follow-up that brings two or more words of its own, none of them the guide's ("and
        what's the capital of France?"), changes the subject to one the guide does not cover."""
        if not question.rewritten or len(content_words(question.text)) < 2:
            return False
        expanded = self.index.expander.expand(question.text)
        return self.index.lexical.coverage(expanded) == 0.0

    def judge(self, question: Question, hits: list[Hit], coverage: float) -> Scope:
        """`hits` were retrieved for the question's search query, which found `coverage` of its
        content words in the guide."""
        if _ADDRESSES_ASSISTANT.search(question.text):
            return Scope(False, DeclineReason.INSTRUCTIONS)
        name = unloaded_principle_asked(question.text, self.index.unloaded_principles)
        if name:
            return Scope(False, DeclineReason.UNLOADED_PAGE, principle=name)
        if self._own_words_off_guide(question):
            return Scope(False, DeclineReason.OFF_TOPIC)
        best = max((h.unit for h in hits), default=0.0)
        if best >= STRONG_MATCH or best + COVERAGE_WEIGHT * coverage >= IN_SCOPE_BAR:
            return IN_SCOPE
        return Scope(False, DeclineReason.OFF_TOPIC)
