"""Hybrid retrieval: dense passages, dense units (sentences) and BM25, fused by reciprocal rank.

Three views of each passage: its whole text with the page and section (dense), its best single
sentence or list item (dense; a long passage is not diluted by its other sentences), and its words
(BM25). Each ranks the passages; reciprocal rank fusion adds 1 / (RRF_K + rank) over the views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .chunking import Passage
from .conversation import content_words
from .embeddings import Embedder
from . import index_cache
from .store import Generation, Store, unit_id
from .vocabulary import Expander

RRF_K = 60
VIEW_WEIGHTS = (1.0, 1.0, 1.0)  # dense passage, dense unit, BM25
SCORE_WEIGHT = 0.005  # chosen on evals/questions.jsonl (dev); see evals/README.md
CANDIDATES = 30  # per view: enough that the fused top-k sees every strong candidate


@dataclass
class Hit:
    passage: Passage
    score: float          # fused score; hits are sorted by it
    dense: float          # cosine of the question with the passage (with its page and section)
    unit: float           # best cosine of the question with one of the passage's units
    lexical: float        # BM25 score (0 when no word matched)


@dataclass
class Retrieval:
    query: str            # the search query as given
    expanded: str         # with the guide terms its phrasing maps to
    vector: np.ndarray
    hits: list[Hit] = field(default_factory=list)
    coverage: float = 0.0  # share of the query's content words found in the guide


class Index:
    """One generation opened for reading: passages in memory, BM25 over them, Chroma for vectors."""

    def __init__(self, generation: Generation, data_dir: Path | None = None) -> None:
        """`data_dir`: where the local copy of passages and BM25 is kept (see index_cache)."""
        self.generation = generation
        passages, self.lexical = index_cache.load(generation, data_dir)
        self.passages = passages
        self.by_id = {p.id: p for p in passages}
        info = generation.info
        self.expander = Expander(info.get("vocabulary", {}))
        self.expander_terms = list(info.get("vocabulary", {}))
        self.unloaded_principles: list[str] = info.get("unloaded_principles", [])
        # A principle page's opening passage, under the names a leader would use for it.
        self.openings: dict[str, Passage] = {}
        for p in passages:
            if p.principle and p.position == 0:
                for name in principle_names(p):
                    self.openings[name] = p

    @classmethod
    def open(cls, store: Store) -> "Index":
        return cls(store.require_active(), store.settings.data_dir)


def principle_names(p: Passage) -> set[str]:
    """How a principle is named: its full title, or one of its words + "principle"
    ("Focus on the benefit rather than the innovation" → "benefit principle", …)."""
    title = (p.principle or "").lower()
    return {title} | {f"{w} principle" for w in content_words(title)}


def overview_of(index: Index, query: str) -> Passage | None:
    """The opening passage of the principle a question asks about as a whole, if it does.

    "What is the benefit principle?" names a principle and asks nothing narrower, so the page's
    own opening passage answers it; "what questions does the benefit principle suggest?" does not.
    """
    lowered = query.lower()
    for name, passage in index.openings.items():
        if name in lowered:
            rest = set(content_words(lowered)) - set(content_words(name)) - {"ask", "asks", "about"}
            if len(rest) <= 1:
                return passage
    return None


class Retriever:
    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    def search(self, query: str, k: int = 8) -> Retrieval:
        index = self.index
        expanded = index.expander.expand(query)
        vector = self.embedder.encode_one(expanded)
        n = min(CANDIDATES, len(index.passages))
        result = Retrieval(query, expanded, vector, coverage=index.lexical.coverage(expanded))
        if n == 0:
            return result

        dense = index.generation.passages.query(query_embeddings=[vector], n_results=n,
                                                include=["distances"])
        dense_scores = {pid: 1 - d for pid, d in zip(dense["ids"][0], dense["distances"][0])}

        # A unit's id names its passage ("<passage id>:<n>"): no metadata need be fetched.
        units = index.generation.units.query(query_embeddings=[vector], n_results=min(n * 3, 300),
                                             include=["distances"])
        unit_scores: dict[str, float] = {}
        for uid, d in zip(units["ids"][0], units["distances"][0]):
            pid = uid.rpartition(":")[0]
            unit_scores[pid] = max(unit_scores.get(pid, -1.0), 1 - d)

        docs, bm25 = index.lexical.search(expanded, n)
        lexical_scores = {index.passages[i].id: float(s) for i, s in zip(docs, bm25)}

        fused: dict[str, float] = {}
        for weight, view in zip(VIEW_WEIGHTS, (dense_scores, unit_scores, lexical_scores)):
            ranked = sorted(view, key=view.__getitem__, reverse=True)
            for rank, pid in enumerate(ranked):
                fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
        if SCORE_WEIGHT:
            # RRF keeps only ranks; a small share of the views' own scores keeps their margins
            # (one passage matching every word of the question, BM25 8.6 against 2.9).
            top_lexical = max(lexical_scores.values(), default=0.0) or 1.0
            for pid in fused:
                fused[pid] += SCORE_WEIGHT * (dense_scores.get(pid, 0.0) + unit_scores.get(pid, 0.0)
                                              + lexical_scores.get(pid, 0.0) / top_lexical) / 3
        opening = overview_of(index, query)
        if opening is not None:  # outranks every view's vote: see overview_of
            fused[opening.id] = max(fused.values(), default=0.0) + 1.0 / (RRF_K + 1)
        best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        result.hits = [Hit(index.by_id[pid], fused[pid], dense_scores.get(pid, 0.0),
                           unit_scores.get(pid, 0.0), lexical_scores.get(pid, 0.0))
                       for pid in best if pid in index.by_id]
        return result

    def unit_similarities(self, passages: list[Passage], vector: np.ndarray) -> dict[str, np.ndarray]:
        """Cosine of the question with every unit of the given passages (embeddings from ingest)."""
        # By id, not by a metadata filter: a key lookup stays fast at any index size.
        ids = [unit_id(p.id, i) for p in passages for i in range(len(p.units))]
        sims = {p.id: np.full(len(p.units), -1.0, dtype=np.float32) for p in passages}
        if not ids:
            return sims
        got = self.index.generation.units.get(ids=ids, include=["embeddings"])
        scores = np.asarray(got["embeddings"], dtype=np.float32) @ vector
        for uid, score in zip(got["ids"], scores):
            pid, _, i = uid.rpartition(":")
            sims[pid][int(i)] = score
        return sims


def grounding_checker(index: Index, embedder: Embedder):
    """A GroundingChecker that knows this index's key terms."""
    from .grounding import GroundingChecker, key_terms

    return GroundingChecker(embedder, key_terms(index.expander_terms))
