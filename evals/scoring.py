"""Scores the assistant on an eval set: retrieval of the answering passage, declining, contract.

An eval line: {"id", "kind": "in_scope"|"out_of_scope", "category"?, "turn"?, "turns": [...],
"gold": [...]}. `gold` names the answering passage(s) by a phrase each must contain, so labels
survive re-chunking. `turn` marks a conversation's last turn as a "switch" (a new topic, to be
searched as typed) or a "follow_up" (to be searched with the conversation's topic).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from guide_assistant.contract import LEAD, contract_violations
from guide_assistant.text import content_stems

from . import thresholds


def load_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_gold(citation: dict, gold: list[str]) -> bool:
    return any(phrase in citation["text"] for phrase in gold)


def key_fact_recall(answer_text: str, gold: list[str]) -> float:
    """How much of the key fact (the gold phrase's content words) the answer itself states: its
    sentences, not the first line naming the pages they come from."""
    first, _, rest = answer_text.partition("\n")
    said = set(content_stems(rest if LEAD.match(first) else answer_text))
    shares = [sum(w in said for w in stems) / len(stems)
              for stems in (content_stems(g) for g in gold) if stems]
    return max(shares, default=0.0)


@dataclass
class Scores:
    metrics: dict[str, float]
    failures: list[str] = field(default_factory=list)

    def missed(self) -> list[str]:
        return misses(self.metrics)


def misses(metrics: dict, rules: dict | None = None) -> list[str]:
    """The thresholds (default: the development set's answer and size bars) these metrics miss."""
    out = []
    for name, rule in (rules or {**thresholds.ANSWERS, **thresholds.SET_SIZE}).items():
        if metrics.get(name) is None or not thresholds.passes(metrics[name], rule):
            out.append(f"{name} = {metrics.get(name)}, needs {rule[0]} {rule[1]}")
    return out


def score(rows: list[dict], answers: dict[str, dict]) -> Scores:
    inscope = [r for r in rows if r["kind"] == "in_scope"]
    outscope = [r for r in rows if r["kind"] == "out_of_scope"]
    first = cited = wrongly_declined = declined = violations = 0
    key_facts: list[float] = []
    cited_chars: list[int] = []
    failures: list[str] = []
    for r in rows:
        a = answers[r["id"]]
        problems = contract_violations(a)
        violations += len(problems)
        failures += [f"{r['id']}: contract: {p}" for p in problems]
        if a["citations"]:
            cited_chars.append(sum(len(c["text"]) for c in a["citations"]))
    for r in inscope:
        a = answers[r["id"]]
        if a["refused"]:
            wrongly_declined += 1
            failures.append(f"{r['id']}: declined: {r['turns'][-1]}")
            continue
        key_facts.append(key_fact_recall(a["answer"], r["gold"]))
        hit = [is_gold(c, r["gold"]) for c in a["citations"]]
        first += bool(hit and hit[0])
        cited += any(hit)
        if not (hit and hit[0]):
            got = a["citations"][0]["text"][:60] if a["citations"] else "-"
            failures.append(f"{r['id']}: first citation not gold: {r['turns'][-1]} → {got!r}")
    for r in outscope:
        if answers[r["id"]]["refused"]:
            declined += 1
        else:
            failures.append(f"{r['id']}: answered ({r.get('category')}): {r['turns'][-1]}")
    # A question searched as typed was taken as a new topic; one rewritten, as a follow-up.
    def as_typed(r: dict) -> bool:
        return answers[r["id"]]["search_query"] == " ".join(r["turns"][-1].split())

    switches = [r for r in rows if r.get("turn") == "switch"]
    follow_ups = [r for r in rows if r.get("turn") == "follow_up"]
    failures += [f"{r['id']}: topic switch searched as a follow-up: "
                 f"{answers[r['id']]['search_query']!r}" for r in switches if not as_typed(r)]
    failures += [f"{r['id']}: follow-up searched without its topic: {r['turns'][-1]}"
                 for r in follow_ups if as_typed(r)]
    switched = sum(as_typed(r) for r in switches)
    carried = sum(not as_typed(r) for r in follow_ups)
    clinical = [r for r in outscope if r.get("category") == "clinical"]
    n_in, n_out = max(len(inscope), 1), max(len(outscope), 1)
    metrics = {
        "in_scope": len(inscope), "out_of_scope": len(outscope),
        "multi_turn": sum(len(r["turns"]) > 1 for r in rows),
        "first_citation_is_gold": first / n_in,
        "gold_cited": cited / n_in,
        "out_of_scope_declined": declined / n_out,
        "in_scope_wrongly_declined": wrongly_declined / n_in,
        "mean_cited_chars": sum(cited_chars) / max(len(cited_chars), 1),
        "key_fact_recall": sum(key_facts) / max(len(key_facts), 1),
        "contract_violations": violations,
        # Only where the set labels them (None otherwise).
        "topic_switches_searched_as_typed": switched / len(switches) if switches else None,
        "follow_ups_carry_the_topic": carried / len(follow_ups) if follow_ups else None,
        "clinical_declined": (sum(answers[r["id"]]["refused"] for r in clinical) / len(clinical)
                              if clinical else None),
    }
    return Scores(metrics, failures)


def gold_only_in(rows: list[dict], passages, page_id: str) -> list[dict]:
    """In-scope rows every one of whose answering passages is on page `page_id`."""
    out = []
    for r in rows:
        if r["kind"] != "in_scope":
            continue
        pages = {p.page_id for p in passages if is_gold({"text": p.text}, r["gold"])}
        if pages == {page_id}:
            out.append(r)
    return out


def answer_all(assistant, rows: list[dict]) -> dict[str, dict]:
    """The final turn's answer per row; earlier turns are its conversation, not answered."""
    return {r["id"]: assistant.answer(r["turns"][-1], r["turns"][:-1]).to_dict() for r in rows}
