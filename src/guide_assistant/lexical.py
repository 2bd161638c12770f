"""BM25 over the passages (bm25s: sparse matrices, so a query costs no Python loop per passage)."""

from __future__ import annotations

import logging

import bm25s
import numpy as np

from .text import STEMMER, STOPWORDS, content_stems, topic_of

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


class LexicalIndex:
    def __init__(self, texts: list[str] | None = None, *, bm25: bm25s.BM25 | None = None,
                 size: int = 0) -> None:
        if bm25 is not None:  # loaded from a cache
            self.bm25, self.size = bm25, size
        else:
            texts = texts or []
            self.size = len(texts)
            self.bm25 = bm25s.BM25()
            tokens = bm25s.tokenize(texts, stopwords=list(STOPWORDS), stemmer=STEMMER,
                                    show_progress=False)
            self.bm25.index(tokens, show_progress=False)
        self.vocabulary = set(self.bm25.vocab_dict)

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(passage indices, BM25 scores) of the best k matches with a score above zero."""
        k = min(k, self.size)
        tokens = [t for t in content_stems(query) if t in self.vocabulary]
        if not tokens or k == 0:
            return np.zeros(0, dtype=int), np.zeros(0, dtype=np.float32)
        docs, scores = self.bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        keep = scores[0] > 0
        return docs[0][keep], scores[0][keep]

    def coverage(self, query: str) -> float:
        """Share of the query's content words that occur anywhere in the passages (an opening
        verb of asking, "Explain …", is not one of them)."""
        stems = content_stems(topic_of(query))
        return sum(s in self.vocabulary for s in stems) / len(stems) if stems else 0.0
