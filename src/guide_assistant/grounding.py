"""Checks that an answer is grounded in the passages it cites, sentence by sentence.

Reusable by any answerer (extractive or LLM). For each sentence of an answer:
- every [n] must resolve to a citation;
- a sentence with no [n] is an uncited claim;
- a cited sentence must be supported by at least one passage it cites: verbatim, or close in
  words (most of its content words are the passage's) and in meaning (embedding similarity to the
  passage's best sentence), with the same polarity (no "not" gained or lost), the same numbers,
  and no specific guide term borrowed from elsewhere (a swapped key term).

Thresholds are calibrated on evals/grounding_labels.jsonl (see evals/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .chunking import split_units
from .contract import LEAD, MARKER
from .embeddings import Embedder
from .text import NUMBER_WORDS, content_stems

MIN_WORD_SUPPORT = 0.6     # share of a sentence's content words found in the passage
MIN_SIMILARITY = 0.45      # cosine of the sentence with the passage's closest sentence
_NEGATION = re.compile(r"\b(not|no|never|none|nor|cannot|without)\b|n't\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Words whose opposite in the passage turns a sentence into a contradiction.
_OPPOSITES = [("increase", "decrease"), ("increases", "decreases"), ("greater", "lesser"),
              ("more", "less"), ("earlier", "later"), ("early", "late"), ("always", "never"),
              ("same", "different"), ("unique", "same"), ("wider", "narrower"),
              ("push", "pull"), ("local", "national"), ("linear", "iterative")]
# A sentence ends at . ! ? or a [n] marker (with any markers after it), before a capital.
_SENTENCE_END = re.compile(r"(?:[.!?]|\[\d+\])(?:\s*\[\d+\])*(?=\s+[A-Z\"'(])")
_MARKER_END = re.compile(r"\[\d+\](?:\s*\[\d+\])*(?=\s+[A-Z\"'(])")


@dataclass
class SentenceCheck:
    text: str                  # the sentence without its markers
    cited: list[int]
    invalid: list[int] = field(default_factory=list)    # markers with no citation
    supported_by: list[int] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)  # why a cited passage fails

    @property
    def supported(self) -> bool:
        return bool(self.supported_by)

    @property
    def problem(self) -> str | None:
        if not self.cited:
            return "no citation"
        if self.invalid and not self.supported_by:
            return f"cites [{', '.join(map(str, self.invalid))}], which does not exist"
        if not self.supported_by:
            return "; ".join(f"[{n}] {why}" for n, why in self.reasons.items()) or "unsupported"
        return None


@dataclass
class GroundingReport:
    sentences: list[SentenceCheck]
    citation_validity: float      # markers that resolve / all markers
    support_rate: float           # sentences supported / sentences
    citation_precision: float     # (sentence, cited passage) pairs that support / valid pairs
    flagged: bool                 # anything wrong at all

    @property
    def problems(self) -> list[str]:
        return [f"{s.text[:80]!r}: {s.problem}" for s in self.sentences if s.problem]


def split_claims(answer_text: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, its markers) for each claim; lead lines and blanks skipped."""
    claims = []
    for line in answer_text.splitlines():
        line = line.strip()
        if not line or LEAD.match(line):
            continue
        # A list item is one claim whatever its punctuation, unless a [n] ends a part of it.
        ends = _MARKER_END if line.startswith("- ") else _SENTENCE_END
        line = line[2:] if line.startswith("- ") else line
        cuts = [0] + [m.end() for m in ends.finditer(line)] + [len(line)]
        for piece in (line[a:b] for a, b in zip(cuts, cuts[1:])):
            markers = [int(n) for n in MARKER.findall(piece)]
            text = " ".join(MARKER.sub(" ", piece).split())
            if text:
                claims.append((text, markers))
    return claims


def _polarity(text: str) -> int:
    return len(_NEGATION.findall(text)) % 2


def _negated(text: str) -> set[str]:
    """Stems of the content words just after each negation: what is being negated."""
    out: set[str] = set()
    for m in _NEGATION.finditer(text):
        out |= set(content_stems(text[m.end():m.end() + 80])[:6])
    return out


def _contradicts(sentence: str, unit: str) -> bool:
    """Negation gained or lost on the same words: "X is not Y" against "X is Y"."""
    if _polarity(sentence) == _polarity(unit):
        return False
    if _polarity(unit):
        return bool(_negated(unit) & set(content_stems(sentence)))
    return bool(_negated(sentence) & set(content_stems(unit)))


def _numbers(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return set(_NUMBER.findall(text)) | {NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS}


def _opposed(sentence: str, passage: str) -> str | None:
    """A word of the sentence whose opposite the passage uses instead (and not the word)."""
    said = set(re.findall(r"[a-z]+", sentence.lower()))
    source = set(re.findall(r"[a-z]+", passage.lower()))
    for a, b in _OPPOSITES:
        for word, opposite in ((a, b), (b, a)):
            if word in said and opposite in source and word not in source and opposite not in said:
                return f"says '{word}' where the passage says '{opposite}'"
    return None


class GroundingChecker:
    def __init__(self, embedder: Embedder, terms: set[str] | frozenset[str] = frozenset()):
        """`terms`: the guide's key terms as stems (see key_terms), to spot a swapped term."""
        self.embedder = embedder
        self.terms = terms
        self._unit_cache: dict[str, tuple[list[str], np.ndarray]] = {}

    def _units(self, passage: str) -> tuple[list[str], np.ndarray]:
        """A passage's sentences and their embeddings, encoded once per passage, not per claim."""
        if passage not in self._unit_cache:
            if len(self._unit_cache) > 512:  # bounded: passages come and go with questions
                self._unit_cache.clear()
            units = [passage[u.start:u.end] for u in split_units(passage)] or [passage]
            self._unit_cache[passage] = (units, self.embedder.encode(units))
        return self._unit_cache[passage]

    def _support(self, sentence: str, vector: np.ndarray, passage: str) -> str | None:
        """None if `passage` supports `sentence`, else the reason it does not."""
        if " ".join(sentence.split()) in " ".join(passage.split()):
            return None
        words = content_stems(sentence)
        passage_words = set(content_stems(passage))
        if words:
            share = sum(w in passage_words for w in words) / len(words)
            if share < MIN_WORD_SUPPORT:
                return f"only {share:.0%} of its words are in the passage"
        borrowed = sorted({w for w in words if w in self.terms and w not in passage_words})
        if borrowed:
            return f"uses terms the passage lacks: {', '.join(borrowed)}"
        if _numbers(sentence) - _numbers(passage):
            return "has numbers the passage lacks"
        opposed = _opposed(sentence, passage)
        if opposed:
            return opposed
        units, unit_vectors = self._units(passage)
        sims = unit_vectors @ vector
        best = int(np.argmax(sims))
        if sims[best] < MIN_SIMILARITY:
            return f"meaning differs (similarity {sims[best]:.2f})"
        if _contradicts(sentence, units[best]):
            return "says the opposite (negation)"
        return None

    @classmethod
    def for_index(cls, index, embedder: Embedder) -> "GroundingChecker":
        """A checker that knows the key terms of an opened index's guide (see key_terms)."""
        return cls(embedder, key_terms(list(index.vocabulary)))

    def check(self, answer: dict) -> GroundingReport:
        """Check an answer object of the contract against its own citations."""
        if answer.get("refused"):
            return self.check_text("", {})
        return self.check_text(answer.get("answer", ""),
                               {c["n"]: c["text"] for c in answer.get("citations", [])})

    def check_text(self, answer_text: str, passages: Mapping[int, str]) -> GroundingReport:
        """Check each claim of `answer_text` against the passages its [n] markers name."""
        claims = split_claims(answer_text)
        vectors = self.embedder.encode([text for text, _ in claims]) if claims else []
        checks: list[SentenceCheck] = []
        markers = valid_markers = pairs = supporting = 0
        for (text, cited), vector in zip(claims, vectors):
            check = SentenceCheck(text, cited)
            for n in dict.fromkeys(cited):
                markers += 1
                if n not in passages:
                    check.invalid.append(n)
                    continue
                valid_markers += 1
                pairs += 1
                reason = self._support(text, vector, passages[n])
                if reason is None:
                    supporting += 1
                    check.supported_by.append(n)
                else:
                    check.reasons[n] = reason
            checks.append(check)
        n = len(checks)
        return GroundingReport(
            sentences=checks,
            citation_validity=valid_markers / markers if markers else 1.0,
            support_rate=sum(c.supported for c in checks) / n if n else 1.0,
            citation_precision=supporting / pairs if pairs else 1.0,
            flagged=any(c.problem or c.invalid for c in checks),
        )


def key_terms(guide_terms: list[str]) -> frozenset[str]:
    """The guide's key terms as stems: its own terms, the keys of corpus/vocabulary.yaml. A
    sentence that uses one its cited passage lacks has borrowed a concept from elsewhere (a
    swapped term); ordinary paraphrase words are not on this list."""
    common = {"innovation", "spread", "adoption", "principle", "new"}
    stems = {s for text in guide_terms for s in content_stems(text) if len(s) >= 4}
    return frozenset(stems - set(content_stems(" ".join(common))))
