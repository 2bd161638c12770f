"""The answer contract shared by the app, the CLI and the evals (see DESIGN.md)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

MARKER = re.compile(r"\[(\d+)\]")


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

    def to_dict(self) -> dict:
        data = asdict(self)
        for optional in ("notice", "guard"):
            if data[optional] is None:
                del data[optional]
        return data


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
    return problems
