"""A deterministic stand-in for the embedding model, for the fast test tier.

Each content word (stemmed, as BM25 sees it) maps to a fixed pseudo-random direction; a text is
the normalised sum of its words' directions. Texts that share words are close, texts that share
none are near orthogonal — enough to exercise every stage without loading a model.
"""

from __future__ import annotations

import hashlib

import numpy as np

from guide_assistant.text import content_stems

DIMENSION = 256


def _direction(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(DIMENSION)
    return v / np.linalg.norm(v)


class FakeEmbedder:
    dimension = DIMENSION

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for i, text in enumerate(texts):
            v = sum((_direction(w) for w in content_stems(text)), np.zeros(DIMENSION))
            norm = np.linalg.norm(v)
            out[i] = v / norm if norm else _direction("\x00empty")
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
