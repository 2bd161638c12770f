"""Stage 3, fusion: the views' rankings → one ranked list of hits. Pure functions, no I/O.

A question of several sentences is searched twice, whole and by its last sentence, and the two
searches are merged first (`merge_searches`): the situation a leader describes ("our hub worked
in the city but the rural sites are sceptical") otherwise outweighs what they ask ("will the
benefits carry over?") and draws the guide's most general passages.

Reciprocal rank fusion adds weight / (RRF_K + rank) over the views. RRF keeps only ranks, so a
small share of the views' own scores is added back to keep their margins (one passage matching
every word of the question, BM25 8.6 against 2.9).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from .chunking import Passage
from .retrieval import Candidates, Hit

RRF_K = 60
VIEW_WEIGHTS = {"dense": 1.0, "unit": 1.0, "lexical": 1.0}
SCORE_WEIGHT = 0.005  # chosen on evals/questions.jsonl (dev); see evals/README.md


def reciprocal_rank_fusion(views: Sequence[Mapping[str, float]],
                           weights: Sequence[float] | None = None, k: int = RRF_K) -> dict[str, float]:
    """Sum over the views of weight / (k + rank), rank counted from 1 by descending score.
    Ids keep the order in which the views first name them, so ties break the same way always."""
    fused: dict[str, float] = {}
    for weight, view in zip(weights or [1.0] * len(views), views):
        ranked = sorted(view, key=view.__getitem__, reverse=True)
        for rank, pid in enumerate(ranked, 1):
            fused[pid] = fused.get(pid, 0.0) + weight / (k + rank)
    return fused


def blend_scores(fused: dict[str, float], dense: Mapping[str, float], unit: Mapping[str, float],
                 lexical: Mapping[str, float], weight: float = SCORE_WEIGHT) -> dict[str, float]:
    """Add `weight` × the mean of the views' own scores (BM25 scaled to the best match)."""
    if not weight:
        return fused
    lexical = _scaled(lexical)
    return {pid: score + weight * (dense.get(pid, 0.0) + unit.get(pid, 0.0)
                                   + lexical.get(pid, 0.0)) / 3
            for pid, score in fused.items()}


def merge_searches(whole: Candidates, ask: Candidates, weight: float) -> Candidates:
    """The searches for a whole question and for its last sentence as one: each view's score is
    the weighted mean of the two (`weight` for the last sentence; a passage one search did not
    return counts as that search's lowest score, BM25 as no match). BM25 is scaled to each
    search's best match first, its raw scores not being comparable across two queries. The
    question vector (which the answer's sentences are chosen by) is mixed the same way."""
    views = {}
    for name in whole.views:
        a, b = whole.views[name], ask.views.get(name, {})
        if name == "lexical":
            a, b = _scaled(a), _scaled(b)
        low_a, low_b = (0.0, 0.0) if name == "lexical" else (min(a.values(), default=0.0),
                                                               min(b.values(), default=0.0))
        views[name] = {pid: (1 - weight) * a.get(pid, low_a) + weight * b.get(pid, low_b)
                       for pid in {**a, **b}}
    vector = (1 - weight) * whole.vector + weight * ask.vector
    norm = float(np.linalg.norm(vector))
    return replace(whole, vector=vector / norm if norm else whole.vector, views=views,
                   bridged=list(dict.fromkeys([*whole.bridged, *ask.bridged])))


def _scaled(scores: Mapping[str, float]) -> dict[str, float]:
    """BM25 scores as shares of the best match (raw BM25 has no fixed scale)."""
    top = max(scores.values(), default=0.0) or 1.0
    return {pid: s / top for pid, s in scores.items()}


def fuse(candidates: Candidates, passages: Mapping[str, Passage]) -> list[Hit]:
    """Every candidate as a Hit, best first."""
    views = candidates.views
    if not views:
        return []
    dense, unit, lexical = views["dense"], views["unit"], views["lexical"]
    fused = reciprocal_rank_fusion([views[v] for v in VIEW_WEIGHTS], list(VIEW_WEIGHTS.values()))
    fused = blend_scores(fused, dense, unit, lexical)
    ranked = sorted(fused, key=fused.__getitem__, reverse=True)
    return [Hit(passages[pid], fused[pid], dense.get(pid, 0.0), unit.get(pid, 0.0),
                lexical.get(pid, 0.0)) for pid in ranked if pid in passages]
