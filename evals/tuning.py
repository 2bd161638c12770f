"""k-fold cross-validation of the answer path's tuned settings on the development set.

Six settings are tuned (Settings.view_weights, ask_weight, runner_up_margin, in_scope_bar,
own_change_coverage, vague_ask_words), each for its own objective. Each is chosen from a small
grid, one at a time with the others at their shipped values. For every fold, the values are chosen on the
other folds and the fold's questions are answered with them: those answers give the
"cross-validated" column of the report, an estimate of how the choice does on questions it was
not chosen on. The value chosen on the whole set is
reported beside the shipped one, so a shipped value that the set does not pick shows.

The sealed and held-out sets are never looked at here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .scoring import score

FOLDS = 5
SEED = 0
MAX_CITED_CHARS = 700  # the length budget the runner-up margin must stay within

GRID: dict[str, list] = {
    "view_weights": [{"unit": u, "lexical": w, "dense": round(1 - u - w, 2)}
                     for u in (0.2, 0.3, 0.4, 0.5) for w in (0.1, 0.2, 0.3)],
    "ask_weight": [0.0, 0.25, 0.5, 0.75],
    "runner_up_margin": [0.05, 0.10, 0.15],
    "in_scope_bar": [0.35, 0.40, 0.45],
    "own_change_coverage": [0.0, 0.25, 0.5],
    "vague_ask_words": [2, 3, 4],
}


def _decisions(metrics: dict, rows: list[dict]) -> float:
    """Share of rows whose answer/decline decision is right."""
    n_in = sum(r["kind"] == "in_scope" for r in rows)
    n_out = len(rows) - n_in
    right = n_in * (1 - metrics["in_scope_wrongly_declined"]) + n_out * metrics["out_of_scope_declined"]
    return right / max(len(rows), 1)


OBJECTIVES: dict[str, Callable[[dict, list[dict]], float]] = {
    "view_weights": lambda m, rows: m["first_citation_is_gold"],
    "ask_weight": lambda m, rows: m["first_citation_is_gold"],
    "runner_up_margin": lambda m, rows: (m["gold_cited"] if m["mean_cited_chars"] <= MAX_CITED_CHARS
                                         else -1.0),
    "in_scope_bar": _decisions,
    "own_change_coverage": _decisions,
    "vague_ask_words": _decisions,
}


@dataclass
class CrossValidation:
    answers: dict[str, dict]                 # every row, answered with values not chosen on it
    choices: list[dict] = field(default_factory=list)  # per fold: setting → value chosen
    on_all: dict = field(default_factory=dict)  # setting → value the whole set picks
    shipped: dict = field(default_factory=dict)


def _answer(assistant, rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: assistant.answer(r["turns"][-1], r["turns"][:-1]).to_dict() for r in rows}


def _choose(name: str, table: dict, rows: list[dict], shipped) -> object:
    """The grid value with the best objective on `rows`; ties go to the shipped value."""
    def value_score(i: int) -> float:
        answers = table[i]
        return OBJECTIVES[name](score(rows, {r["id"]: answers[r["id"]] for r in rows}).metrics, rows)

    best = max(range(len(GRID[name])),
               key=lambda i: (value_score(i), GRID[name][i] == shipped))
    return GRID[name][best]


def cross_validate(assistant, rows: list[dict], folds: int = FOLDS,
                   seed: int = SEED) -> CrossValidation:
    shipped = {name: getattr(assistant.settings, name) for name in GRID}
    # Every row answered once per grid value (the other settings at their shipped values).
    tables = {name: [_answer(assistant.tuned(**{name: value}), rows) for value in values]
              for name, values in GRID.items()}
    order = rows[:]
    random.Random(seed).shuffle(order)
    parts = [order[i::folds] for i in range(folds)]
    result = CrossValidation({}, shipped=shipped)
    for i, test in enumerate(parts):
        train = [r for j, part in enumerate(parts) if j != i for r in part]
        chosen = {name: _choose(name, tables[name], train, shipped[name]) for name in GRID}
        result.choices.append(chosen)
        changed = {k: v for k, v in chosen.items() if v != shipped[k]}
        if len(changed) <= 1:  # already answered that way in the tables
            name = next(iter(changed), "in_scope_bar")
            table = tables[name][GRID[name].index(chosen[name])]
            result.answers.update({r["id"]: table[r["id"]] for r in test})
        else:
            result.answers.update(_answer(assistant.tuned(**changed), test))
    result.on_all = {name: _choose(name, tables[name], rows, shipped[name]) for name in GRID}
    return result
