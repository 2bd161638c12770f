"""Leaders' words the guide never uses → the guide's nearest words, by the embedding model.

Derived from the corpus and the model alone, so a page added to the guide brings its own words
with no hand edit: each word the guide uses is embedded once (at ingest, kept with the local
copy of the index), and a question word the guide never uses is searched together with the guide
word closest to it in meaning ("celebrate" → "recognise"), if one is close enough.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .chunking import Passage
from .text import NUMBER_WORDS, content_stems, content_words

NEIGHBOURS = 1       # guide words added per unknown question word
MIN_SIMILARITY = 0.5  # cosine a guide word needs to stand in for a question word (chosen by
                      # 5-fold cross-validation on evals/questions.jsonl; see evals/README.md)


# Quote marks around a word ("build a 'crowd 'or community", "creating a 'pull'"): the words in
# them are the guide's too.
_QUOTES = re.compile(r"(?<!\w)['’]|['’](?!\w)")
# How guide_words reads the text, kept with each bridge: a bridge kept by a version that read it
# otherwise (1: quoted words skipped) is rebuilt on first use, its vectors reused.
WORDS_READ = 2


def guide_words(passages: Sequence[Passage]) -> list[str]:
    """The words the guide uses, as a leader might type them: alphabetic, three letters or more."""
    return sorted({w for p in passages for w in content_words(_QUOTES.sub(" ", p.text))
                   if w.isalpha() and len(w) > 2})


class WordBridge:
    def __init__(self, words: list[str], vectors: np.ndarray, read: int = WORDS_READ) -> None:
        self.words = words
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.read = read  # the WORDS_READ its words were read under
        self._stems = set(content_stems(" ".join(words)))

    @classmethod
    def build(cls, passages: Sequence[Passage], embedder,
              known: "WordBridge | None" = None) -> "WordBridge":
        """Embed the guide's words; those `known` (the last ingest's bridge) are not re-encoded,
        so an edit costs only its new words."""
        words = guide_words(passages)
        have = dict(zip(known.words, known.vectors)) if known is not None else {}
        new = [w for w in words if w not in have]
        if new:
            have.update(zip(new, embedder.encode(new)))
        if not words:
            return cls(words, np.zeros((0, 1), np.float32))
        return cls(words, np.stack([np.asarray(have[w], dtype=np.float32) for w in words]))

    def unknown(self, text: str) -> list[str]:
        """The question's words that the guide never uses (in any form), less spelt-out numbers:
        a number's nearest guide word is another number ("twelve wards" → "seven"), which names
        something else entirely (the guide's seven principles)."""
        return [w for w in dict.fromkeys(content_words(text))
                if w.isalpha() and w not in NUMBER_WORDS
                and not set(content_stems(w)) & self._stems]

    def neighbours(self, words: list[str], vectors: np.ndarray,
                   k: int = NEIGHBOURS, bar: float = MIN_SIMILARITY) -> list[str]:
        """For each word (with its vector), its k nearest guide words at `bar` or closer."""
        if not words or not self.words:
            return []
        sims = np.asarray(vectors, dtype=np.float32) @ self.vectors.T
        found: list[str] = []
        for row in sims:
            for j in np.argsort(-row)[:k]:
                if row[j] >= bar and self.words[j] not in found:
                    found.append(self.words[j])
        return found
