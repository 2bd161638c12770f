"""`guide-assistant eval` / `python -m evals`: score the assistant on the eval sets and print a table.

questions.jsonl is the development set the thresholds were tuned on, and is gated against the
targets; heldout.jsonl was written before the tuning and is reported, not gated, as the honest
estimate of how the assistant does on questions nobody tuned it for.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .scoring import TARGETS, answer_all, load_set, score

HERE = Path(__file__).parent
SETS = {"dev": HERE / "questions.jsonl", "held-out": HERE / "heldout.jsonl"}
ROWS = ["in_scope", "out_of_scope", "multi_turn", "first_citation_is_gold", "gold_cited",
        "out_of_scope_declined", "in_scope_wrongly_declined", "mean_cited_chars",
        "contract_violations"]


def _fmt(value: float) -> str:
    return f"{value:.3f}" if isinstance(value, float) and value < 10 else f"{value:.0f}"


def run(assistant, sets: dict[str, Path], verbose: bool = False) -> tuple[dict, list[str]]:
    results, missed = {}, []
    for name, path in sets.items():
        rows = load_set(path)
        started = time.perf_counter()
        scores = score(rows, answer_all(assistant, rows))
        scores.metrics["seconds"] = time.perf_counter() - started
        results[name] = scores
        if name == "dev":
            missed = scores.missed()
    header = "| metric | target | " + " | ".join(results) + " |"
    lines = [header, "|" + " --- |" * (2 + len(results))]
    for row in ROWS:
        op_bar = TARGETS.get(row)
        target = f"{op_bar[0]} {op_bar[1]}" if op_bar else ""
        lines.append(f"| {row} | {target} | "
                     + " | ".join(_fmt(r.metrics[row]) for r in results.values()) + " |")
    print("\n".join(lines))
    if verbose:
        for name, r in results.items():
            for failure in r.failures:
                print(f"  [{name}] {failure}")
    return results, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("--set", type=Path, action="append",
                        help="score this JSONL set instead (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    from guide_assistant.assistant import Assistant

    sets = {p.stem: p for p in args.set} if args.set else SETS
    _, missed = run(Assistant(), sets, args.verbose)
    for m in missed:
        print(f"target missed: {m}", file=sys.stderr)
    return 1 if missed else 0
