"""Stage 2, retrieval: each view ranks candidate passages for a search query.

Three views of each passage: its whole text with the page and section (dense), its best single
sentence or list item (dense; a long passage is not diluted by its other sentences), and its words
(BM25). Each view gives its own scores; fusing them is the next stage's job (fusion.py).

The query is widened twice before it is searched: with the guide's terms for the general
concepts in corpus/vocabulary.yaml, and, for BM25, with the guide's nearest word to each word
the guide never uses (bridge.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .bridge import WORDS_READ, WordBridge
from .chunking import Passage
from .embeddings import Embedder
from .index import Index

CANDIDATES = 30  # per view: enough that the fused top-k sees every strong candidate
UNITS_PER_PASSAGE = 3  # unit view: sentences fetched per candidate passage wanted
MAX_UNITS = 300
QUERY_CACHE = 512  # question embeddings kept (a few hundred KB)


@dataclass
class Hit:
    """A passage on its way through the stages, with what each view said about it."""
    passage: Passage
    score: float          # fused score (then reranked); hits are sorted by it
    dense: float          # cosine of the question with the passage (with its page and section)
    unit: float           # best cosine of the question with one of the passage's units
    lexical: float        # BM25 score (0 when no word matched)
    sentences: np.ndarray | None = None  # cosine with each unit, once attached (see Retriever)
    whole: bool = False   # asked about as a whole (a principle's opening): shown from its start


@dataclass
class Candidates:
    """What the views found for one search query."""
    query: str            # the search query as given
    expanded: str         # with the guide terms its phrasing maps to
    vector: np.ndarray
    bridged: list[str]    # guide words standing in for words the guide never uses (BM25 only)
    coverage: float       # share of the query's content words found in the guide
    views: dict[str, dict[str, float]] = field(default_factory=dict)  # view → passage id → score


class Retriever:
    """Runs the views over one index, and looks up sentence similarities for chosen hits."""

    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}  # repeated questions: starters, eval runs

    @cached_property
    def bridge(self) -> WordBridge:
        """From the local copy of the index, or built now (once per index) if ingest kept none,
        or kept one whose words were read from the text otherwise than this version reads them
        (its vectors are reused: only the words it lacks are encoded)."""
        kept = self.index.bridge
        if kept is not None and kept.read == WORDS_READ:
            return kept
        return WordBridge.build(self.index.passages, self.embedder, known=kept)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embeddings of `texts`, from a small cache where already seen, else in one call."""
        # Safe under the server's concurrent requests: each call reads into its own dict.
        found = {t: v for t in dict.fromkeys(texts) if (v := self._vectors.get(t)) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embedder.encode(missing)))
            if len(self._vectors) > QUERY_CACHE:  # bounded: start again rather than grow
                self._vectors = {}
            self._vectors.update((t, found[t]) for t in missing)
        return np.stack([found[t] for t in texts])

    def forget_questions(self) -> None:
        """Empty the cache of question embeddings (the benchmarks time uncached questions)."""
        self._vectors = {}

    def retrieve(self, query: str) -> Candidates:
        index = self.index
        expanded = index.expander.expand(query)
        unknown = self.bridge.unknown(expanded)
        vectors = self.encode([expanded, *unknown])
        bridged = self.bridge.neighbours(unknown, vectors[1:])
        found = Candidates(query, expanded, vectors[0], bridged, index.lexical.coverage(expanded))
        vector = found.vector
        n = min(CANDIDATES, len(index.passages))
        if n == 0:
            return found
        generation = index.generation
        docs, bm25 = index.lexical.search(" ".join([expanded, *bridged]), n)
        found.views = {
            "dense": generation.query_passages(vector, n),
            "unit": generation.query_units(vector, min(n * UNITS_PER_PASSAGE, MAX_UNITS)),
            "lexical": {index.passages[i].id: float(s) for i, s in zip(docs, bm25)},
        }
        return found

    def attach_sentences(self, hits: list[Hit], candidates: Candidates) -> list[Hit]:
        """Give each hit the similarity of the question to each of its units (one lookup), so
        the scope check and the composer read them from the hit."""
        sims = self.index.generation.unit_similarities([h.passage for h in hits], candidates.vector)
        for h in hits:
            h.sentences = sims[h.passage.id]
        return hits
