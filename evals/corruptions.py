"""Corrupted copies of real answers, to show the grounding checker catches what it should.

Five corruptions, each applied to one sentence (or the citations) of a real answer: a negated
sentence, a swapped key term, a citation moved to the wrong passage, an invented sentence with a
real-looking citation, and a sentence from unrelated text. Untouched answers measure false alarms.
Deterministic: seeded, so the report only changes when the assistant does.
"""

from __future__ import annotations

import copy
import random
import re

from guide_assistant.contract import MARKER
from guide_assistant.grounding import GroundingChecker, split_claims
from guide_assistant.text import content_stems

SEED = 20261122
TYPES = ("negated", "swapped_term", "wrong_citation", "invented", "unrelated")

_AUX = [(r"\bis\b", "is not"), (r"\bare\b", "are not"), (r"\bcan\b", "cannot"),
        (r"\bwill\b", "will not"), (r"\bshould\b", "should not"), (r"\bmay\b", "may not"),
        (r"\bneeds to\b", "does not need to"), (r"\bhelps\b", "does not help"),
        (r"\bincreases\b", "does not increase"), (r"\brequires?\b", "does not require")]
INVENTED = [
    "Every trust should appoint a dedicated spread and adoption lead within six months.",
    "The guide recommends a national approval panel before any local adoption begins.",
    "Adoption should be measured by the number of staff trained in the first quarter.",
    "Innovations must be piloted in three regions before they are spread.",
    "Funding should follow only those innovations with randomised trial evidence.",
    "System leaders should delegate spread and adoption to the digital team.",
]
UNRELATED = [
    "Paris is the capital of France.",
    "Water boils at 100 degrees Celsius at sea level.",
    "The offside rule applies when a player is nearer the goal line than the ball.",
    "Sourdough bread needs a starter made of flour and water.",
    "The Pacific is the largest ocean on Earth.",
]


def _claims_with_markers(answer: dict) -> list[tuple[str, list[int]]]:
    return [(text, cited) for text, cited in split_claims(answer["answer"]) if cited]


def negate(sentence: str) -> str:
    for pattern, replacement in _AUX:
        if re.search(pattern, sentence):
            return re.sub(pattern, replacement, sentence, count=1)
    return "It is not true that " + sentence[0].lower() + sentence[1:]


def corrupt(answer: dict, kind: str, rng: random.Random, passages: list[str],
            key_words: list[str]) -> dict | None:
    """A corrupted copy of `answer`, or None when this answer cannot carry that corruption."""
    claims = _claims_with_markers(answer)
    if not claims:
        return None
    out = copy.deepcopy(answer)
    text, cited = claims[rng.randrange(len(claims))]
    n = cited[0]
    cited_text = next(c["text"] for c in out["citations"] if c["n"] == n)
    if kind == "negated":
        out["answer"] = out["answer"].replace(text, negate(text), 1)
    elif kind == "swapped_term":
        words = [w for w in re.findall(r"[A-Za-z]{5,}", text)]
        if not words:
            return None
        target = max(words, key=len)
        present = set(content_stems(cited_text))
        choices = [k for k in key_words if not set(content_stems(k)) & present]
        out["answer"] = out["answer"].replace(
            text, re.sub(rf"\b{target}\b", rng.choice(choices), text, count=1), 1)
    elif kind == "wrong_citation":
        others = [p for p in passages if text not in p and p != cited_text]
        for c in out["citations"]:
            if c["n"] == n:
                c["text"] = rng.choice(others)
                c["quote"] = c["text"][:40]
    elif kind in ("invented", "unrelated"):
        sentence = rng.choice(INVENTED if kind == "invented" else UNRELATED)
        out["answer"] = out["answer"].rstrip() + f" {sentence} [{n}]"
    else:
        raise ValueError(f"unknown corruption {kind!r}; choose from {', '.join(TYPES)}")
    return out


def evaluate(checker: GroundingChecker, answers: list[dict], passages: list[str],
             key_words: list[str]) -> dict:
    """Per corruption type: how many copies, and the share the checker flagged; plus false
    alarms on the untouched answers, and the checker's scores on them."""
    rng = random.Random(SEED)
    key_words = [w for w in key_words if set(content_stems(w)) & checker.terms]
    answered = [a for a in answers if not a["refused"] and MARKER.search(a["answer"])]
    clean = [checker.check(a) for a in answered]
    result = {"untouched": {"answers": len(answered),
                            "false_alarms": sum(r.flagged for r in clean) / max(len(clean), 1),
                            "citation_validity": _mean(r.citation_validity for r in clean),
                            "support_rate": _mean(r.support_rate for r in clean),
                            "citation_precision": _mean(r.citation_precision for r in clean),
                            "examples": [p for r in clean for p in r.problems][:5]}}
    for kind in TYPES:
        copies = [c for a in answered if (c := corrupt(a, kind, rng, passages, key_words))]
        reports = [checker.check(c) for c in copies]
        missed = [c["answer"][-160:] for c, r in zip(copies, reports) if not r.flagged]
        result[kind] = {"copies": len(copies),
                        "flagged": sum(r.flagged for r in reports) / max(len(reports), 1),
                        "missed_examples": missed[:3]}
    return result


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 1.0
