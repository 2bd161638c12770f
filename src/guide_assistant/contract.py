"""The answer contract shared by the app, the CLI and the evals (documented in docs/contract.md).

`Answer.to_dict()` is the JSON object `guide-assistant ask --json` prints and `/ask` returns.
The typed extras (`rewritten`, `decline`) are for the front ends and stay out of that object, so
the published contract does not change when they do.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .chunking import Passage

MARKER = re.compile(r"\[(\d+)\]")
# An answer's first line names where it comes from, in plain words (see lead_line in extractive).
LEAD = re.compile(r"^The guide's (?:principle|page) .+ says?:\s*$")
_MARKS = re.compile(r"\*\*(.+?)\*\*|(?<![*\w])\*([^*\n]+?)\*(?![*\w])")


def plain(text: str) -> str:
    """An answer's text without Markdown's ** and * marks (the CLI, the Word export)."""
    return _MARKS.sub(lambda m: m.group(1) or m.group(2), text)


def place(title: str, section: str) -> str:
    """Where a passage sits, as leaders read it: "page › section", or the page alone."""
    return title if section == title else f"{title} › {section}"


@dataclass
class Citation:
    n: int
    passage_id: str
    title: str
    section: str
    principle: str | None
    source_url: str | None
    text: str      # the whole cited passage, as cleaned at ingest
    quote: str     # the exact span of `text` the answer relies on
    score: float

    @classmethod
    def from_passage(cls, n: int, passage: "Passage", quote: str, score: float) -> "Citation":
        """The one place a citation is made: `quote` must be a span of the passage's text."""
        return cls(n=n, passage_id=passage.id, title=passage.title, section=passage.section,
                   principle=passage.principle, source_url=passage.source_url, text=passage.text,
                   quote=quote, score=round(score, 6))


class DeclineReason(str, Enum):
    """Why a question was not answered from the guide."""
    EMPTY = "empty"                  # nothing to search for
    OFF_TOPIC = "off_topic"          # the loaded pages do not cover it
    INSTRUCTIONS = "instructions"    # addressed to the assistant's own instructions
    UNLOADED_PAGE = "unloaded_page"  # a part of the guide the loaded pages name but do not hold
    CLINICAL = "clinical"            # treatment, dosage, diagnosis: not what the guide is for
    DATA = "data"                    # figures, statistics, news: the guide holds none
    TASK = "task"                    # a request to write or produce something
    OTHER_MODEL = "other_model"      # a named method or model the guide does not describe
    ASSISTANT = "assistant"          # about the assistant itself: what it does, what it draws on


@dataclass
class Answer:
    answer: str
    refused: bool
    principle: str | None
    search_query: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    notice: str | None = None  # e.g. "your question was trimmed"; not part of the answer itself
    mode: str = "extractive"   # or "llm": who wrote the answer text
    guard: dict | None = None  # LLM answers: {"kept": [...], "removed": [{sentence, reason}]}
    # Typed extras for the front ends; not in the JSON object.
    rewritten: bool = False    # search_query is not the question as typed (understanding.py)
    decline: DeclineReason | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        for extra in ("rewritten", "decline"):
            del data[extra]
        for optional in ("notice", "guard"):
            if data[optional] is None:
                del data[optional]
        return data


@dataclass(frozen=True)
class Draft:
    """Stream event: the LLM's text so far, not yet checked against the guide."""
    text: str


@dataclass(frozen=True)
class Final:
    """Stream event, always the last: the answer to show."""
    answer: Answer


def contract_violations(answer: dict) -> list[str]:
    """The contract's rules an answer object breaks (empty when it keeps them all)."""
    problems = []
    citations = answer.get("citations", [])
    numbers = {c["n"] for c in citations}
    for n in {int(m) for m in MARKER.findall(answer.get("answer", ""))}:
        if n not in numbers:
            problems.append(f"[{n}] has no citation")
    for c in citations:
        if c["quote"] not in c["text"] or not c["quote"]:
            problems.append(f"quote of [{c['n']}] is not a substring of its text")
    if answer.get("refused") and citations:
        problems.append("a refused answer carries citations")
    lead = answer.get("answer", "").split("\n", 1)[0]
    if not answer.get("refused") and LEAD.match(lead):
        for c in citations:
            if f"*{c.get('principle') or c.get('title')}*" not in lead:
                problems.append(f"the first line does not name the page of [{c['n']}]")
    return problems
