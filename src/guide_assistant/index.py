"""An index generation opened for reading, and the facts about the guide derived from it.

Passages are held in memory (with their BM25 index, from the local copy written at ingest), the
vectors stay in the store. Everything the front ends show about the loaded guide — starter
questions, the pages and what they mention but do not hold, the decline's coverage line — is a
cached property here, computed once per generation and dropped with it.
"""

from __future__ import annotations

import copy
from functools import cached_property
from pathlib import Path

from . import guide_map, index_cache
from .bridge import WordBridge
from .chunking import Passage
from .store import Generation, Store
from .vocabulary import Expander


class Index:
    def __init__(self, generation: Generation, data_dir: Path | None = None) -> None:
        """`data_dir`: where the local copy of passages and BM25 is kept (see index_cache)."""
        self.generation = generation
        self._data_dir = data_dir
        self.passages, self.lexical = index_cache.load(generation, data_dir)
        self.by_id: dict[str, Passage] = {p.id: p for p in self.passages}

    @classmethod
    def open(cls, store: Store) -> "Index":
        return cls(store.require_active(), store.settings.data_dir)

    def with_vocabulary(self, vocabulary: dict[str, list[str]]) -> "Index":
        """The same index searched with another vocabulary (the evals measure what it adds)."""
        twin = copy.copy(self)
        twin.__dict__ = {k: v for k, v in self.__dict__.items() if k not in ("vocabulary", "expander")}
        twin.__dict__["vocabulary"] = vocabulary
        return twin

    @property
    def name(self) -> str:
        return self.generation.name

    @cached_property
    def vocabulary(self) -> dict[str, list[str]]:
        """Leaders' words → the guide's terms, as recorded at ingest."""
        return self.generation.info.get("vocabulary", {})

    @cached_property
    def bridge(self) -> WordBridge | None:
        """The guide's words with their embeddings, when ingest kept them (else None)."""
        return index_cache.load_bridge(self.generation, self._data_dir)

    @cached_property
    def expander(self) -> Expander:
        return Expander(self.vocabulary)

    @cached_property
    def unloaded_parts(self) -> list[str]:
        """Parts of the guide the loaded pages name whose own pages are not loaded (found at
        ingest, so a question declined by its form reads no passage; an index from before that
        is read instead)."""
        found = self.generation.info.get("unloaded_parts")
        return found if found is not None else guide_map.unloaded_parts(self.passages)

    @cached_property
    def text(self) -> str:
        """All the guide's text, lower-cased: to ask whether it uses a phrase at all."""
        return "\n".join(p.text.lower() for p in self.passages)

    @cached_property
    def openings(self) -> dict[str, Passage]:
        return guide_map.openings(self.passages)

    @cached_property
    def home_opening(self) -> Passage | None:
        return guide_map.home_opening(self.passages)

    @cached_property
    def suggested_questions(self) -> list[str]:
        return guide_map.suggested_questions(self.passages)

    @cached_property
    def coverage_line(self) -> str:
        return guide_map.coverage_line(self.passages)

    @cached_property
    def principles_home(self) -> str | None:
        return guide_map.principles_home(self.passages)

    @cached_property
    def home(self) -> str | None:
        return guide_map.guide_home(self.passages)

    @cached_property
    def pages(self) -> list[guide_map.LoadedPage]:
        return guide_map.loaded_pages(self.passages)

    @cached_property
    def mentioned_parts(self) -> list[guide_map.PagePart]:
        return guide_map.mentioned_parts(self.passages)
