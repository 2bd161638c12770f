"""Stage 4, reranking: zero or more rerankers, each `rerank(query, hits) -> hits`, in order.

A reranker sees the search query and the fused hits (best first) and returns them reordered;
it may add a passage the views missed. The Assistant applies them as a list, so adding one is
adding an object with that method.
"""

from __future__ import annotations

from typing import Protocol

from .fusion import RRF_K
from .index import Index
from .retrieval import Hit
from .text import content_words

# Words that ask about a principle as a whole rather than something narrower in it.
_ABOUT = {"ask", "asks", "about"}


class Reranker(Protocol):
    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]: ...


class ViewBlend:
    """Reorder the leading candidates by a weighted sum of what each view said about them.

    Reciprocal rank fusion gives every view an equal vote by rank; on questions nobody tuned
    for, the views are not equally good. Here each candidate is scored by its best sentence's
    similarity, its passage's similarity and its BM25 score (scaled to the best match), with
    weights chosen by 5-fold cross-validation on the development set (Settings.view_weights).
    """

    DEPTH = 20  # candidates reordered; below them the fused order stands

    def __init__(self, weights: dict[str, float], depth: int = DEPTH) -> None:
        unknown = set(weights) - {"unit", "lexical", "dense"}
        if unknown:
            raise ValueError(f"unknown view(s) {sorted(unknown)}; the views are unit, lexical, dense")
        self.weights = {"unit": 0.0, "lexical": 0.0, "dense": 0.0, **weights}
        self.depth = depth

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        head, tail = hits[:self.depth], hits[self.depth:]
        top_lexical = max((h.lexical for h in head), default=0.0) or 1.0
        w = self.weights
        for h in head:
            h.score = (w["unit"] * h.unit + w["lexical"] * h.lexical / top_lexical
                       + w["dense"] * h.dense)
        floor = min((h.score for h in head), default=0.0)
        for h in tail:  # never above a reordered candidate; their own order kept
            h.score = min(h.score, floor)
        return sorted(head, key=lambda h: h.score, reverse=True) + tail


class PrincipleOverview:
    """A question about a principle as a whole is answered by the page's own opening passage.

    "What is the benefit principle?" names a principle and asks nothing narrower, so its opening
    passage goes first; "what questions does the benefit principle suggest?" is left alone.
    """

    def __init__(self, index: Index) -> None:
        self.index = index

    def opening_for(self, query: str) -> Hit | None:
        lowered = query.lower()
        for name, passage in self.index.openings.items():
            if name in lowered:
                rest = set(content_words(lowered)) - set(content_words(name)) - _ABOUT
                if len(rest) <= 1:
                    return Hit(passage, 0.0, 0.0, 0.0, 0.0)
        return None

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        opening = self.opening_for(query)
        if opening is None:
            return hits
        found = next((h for h in hits if h.passage.id == opening.passage.id), opening)
        # Outranks every view's vote by one first place.
        found.score = max((h.score for h in hits), default=0.0) + 1.0 / (RRF_K + 1)
        return [found] + [h for h in hits if h is not found]
