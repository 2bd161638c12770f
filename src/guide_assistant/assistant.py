"""The one path every front end calls: question (+ conversation) → Answer.

The Assistant assembles the stages, each a small module with typed input and output:

    understand (understanding.py) → retrieve (retrieval.py; a question of several sentences
    also by its last) → fuse (fusion.py)
    → rerank (rerankers.py) → judge scope (scope.py)
    → write: extractive (extractive.py) · decline (declining.py) · LLM + guard (llm.py)

The app, the CLI, the MCP tool and the evals all call `answer` or `answer_stream`, so they cannot
drift apart. Any stage can be replaced by giving the constructor another one.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from .contract import Answer, DeclineReason, Draft, Final
from .declining import decline
from .embeddings import Embedder, LazyEmbedder, question_embedder
from .extractive import compose
from .fusion import fuse, merge_searches
from .grounding import GroundingChecker
from .guide_map import LoadedPage, PagePart
from .index import Index
from .llm import LLMWriter, make_chat_model
from .rerankers import (AudienceFirst, CrossEncoderRerank, HeadingFirst, PrincipleOverview,
                        Reranker, ViewBlend)
from .retrieval import Candidates, Hit, Retriever
from .scope import OFF_TOPIC, Scope, ScopeJudge, asks_past_the_guide
from .settings import Settings
from .store import GenerationGone, Store
from .understanding import History, Question, understand

log = logging.getLogger(__name__)
REFRESH_SECONDS = 1.0  # how often a running assistant looks for a newer index (0.3 ms a look)
EMPTY_PROMPT = ("Ask me a question about leading the spread and adoption of innovation, for "
                "example: \"How do we make a change last?\"")


@dataclass(frozen=True)
class GuideOverview:
    """What a front end shows about the loaded guide, asked of the core once."""
    starters: list[str]              # questions the loaded pages answer
    coverage: str                    # the loaded pages, in a line
    pages: list[LoadedPage]
    missing: list[PagePart]          # parts the pages mention but the index does not hold
    principles_home: str | None      # the official page listing the principles
    home: str | None                 # the guide's official home page


@dataclass(frozen=True)
class Stages:
    """The stages that read one index generation. Swapped as a whole after an ingest, and taken
    once per question, so a question never mixes two generations."""
    index: Index
    retriever: Retriever
    scope: ScopeJudge
    rerankers: list[Reranker]


class Assistant:
    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 index: Index | None = None, chat_model=None,
                 rerankers: list[Reranker] | None = None) -> None:
        self.settings = settings or Settings.read()
        # Given an index, use it as it is; otherwise follow the store's active generation.
        self._store = None if index is not None else Store(self.settings)
        index = index or Index.open(self._store)  # before the model: a missing index fails fast
        # Loaded on first use; questions use the model's ONNX export when ingest has made it.
        self.embedder = embedder or LazyEmbedder(lambda: question_embedder(self.settings))
        self.chat_model = chat_model if chat_model is not None else make_chat_model(self.settings)
        self._own_rerankers = rerankers
        self._checker: tuple[Index, GroundingChecker] | None = None
        self._use(index)
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def _use(self, index: Index) -> None:
        """Bind the stages that read the index to `index` (at start, and after an ingest)."""
        self.stages = self._bind(index, Retriever(index, self.embedder))

    def _bind(self, index: Index, retriever: Retriever) -> Stages:
        s = self.settings
        rerankers = (self._own_rerankers if self._own_rerankers is not None
                     else [ViewBlend(s.view_weights),
                           *([CrossEncoderRerank(s.reranker_path)] if s.reranker_path else []),
                           HeadingFirst(index), AudienceFirst(), PrincipleOverview(index)])
        scope = ScopeJudge(index, bar=s.in_scope_bar, own_change_coverage=s.own_change_coverage,
                           vague_ask_words=s.vague_ask_words)
        return Stages(index, retriever, scope, rerankers)

    @property
    def index(self) -> Index:
        return self.stages.index

    @property
    def retriever(self) -> Retriever:
        return self.stages.retriever

    @property
    def scope(self) -> ScopeJudge:
        return self.stages.scope

    @property
    def rerankers(self) -> list[Reranker]:
        return self.stages.rerankers

    def tuned(self, **constants) -> "Assistant":
        """A twin with other values of the tunable settings (view_weights, ask_weight,
        runner_up_margin, in_scope_bar, own_change_coverage, vague_ask_words), sharing this one's
        index, model and cached question embeddings: for the evals' cross-validation."""
        twin = copy.copy(self)
        twin.settings = self.settings.with_overrides(**constants)
        twin.stages = twin._bind(self.index, self.retriever)
        return twin

    def _follow_ingest(self, now: bool = False) -> None:
        """Switch to a newer index when an ingest has completed (checked at most every
        REFRESH_SECONDS, or `now`): a long-running app picks it up without a restart. The store
        keeps the previous generation for readers still on it, so a question in flight finishes
        on the generation it started on."""
        if self._store is None or (not now and time.monotonic() - self._checked < REFRESH_SECONDS):
            return
        with self._lock:
            self._checked = time.monotonic()
            try:
                active = self._store.active()
            except Exception as exc:  # keep answering from what is open
                log.warning("could not check for a newer index: %s", exc)
                return
            if active is not None and active.name != self.index.name:
                self._use(Index(active, self.settings.data_dir))
                log.info("switched to index generation %s", active.name)

    def checker_for(self, index: Index) -> GroundingChecker:
        """The grounding checker for LLM drafts on `index` (built on first use)."""
        if self._checker is None or self._checker[0] is not index:
            self._checker = (index, GroundingChecker.for_index(index, self.embedder))
        return self._checker[1]

    @property
    def checker(self) -> GroundingChecker:
        return self.checker_for(self.index)

    def overview(self) -> GuideOverview:
        index = self.index
        return GuideOverview(index.suggested_questions, index.coverage_line, index.pages,
                             [p for p in index.mentioned_parts if not p.loaded],
                             index.principles_home, index.home)

    def rank(self, question: str | Question,
             stages: Stages | None = None) -> tuple[Candidates, list[Hit]]:
        """Retrieve, fuse and rerank: every candidate for the question (as understood, or a
        question asked on its own), best first."""
        st = stages or self.stages
        asked = question if isinstance(question, Question) else understand(question)
        candidates = st.retriever.retrieve(asked.search_query)
        if asked.ask and self.settings.ask_weight:
            candidates = merge_searches(candidates, st.retriever.retrieve(asked.ask),
                                        self.settings.ask_weight)
        hits = fuse(candidates, st.index.by_id)
        for reranker in st.rerankers:
            hits = reranker.rerank(asked.search_query, hits)
        return candidates, hits

    def _retrieve(self, asked: Question, st: Stages) -> tuple[Stages, Candidates, list[Hit]]:
        """The top hits with their sentences; if the generation was dropped under this reader
        (it fell two ingests behind), once more on the active one."""
        for attempt in (1, 2):
            try:
                candidates, hits = self.rank(asked, st)
                return st, candidates, st.retriever.attach_sentences(hits[:self.settings.top_k],
                                                                     candidates)
            except GenerationGone:
                if attempt == 2:
                    raise
                self._follow_ingest(now=True)
                st = self.stages

    def answer(self, question: str, history: History = ()) -> Answer:
        """Answer `question`; `history` is the conversation so far (see understanding.History)."""
        final = None
        for event in self.answer_stream(question, history):
            final = event
        return final.answer

    def answer_stream(self, question: str, history: History = ()) -> Iterator[Draft | Final]:
        """Draft events while an LLM writes, then one Final event with the answer, always last."""
        started = time.perf_counter()
        asked = understand(question, history)
        if asked.empty:
            yield Final(Answer(answer=EMPTY_PROMPT, refused=True, principle=None, search_query="",
                               notice=asked.notice, decline=DeclineReason.EMPTY,
                               timings_ms={"retrieve": 0.0, "answer": 0.0, "total": 0.0}))
            return
        self._follow_ingest()
        st = self.stages
        early = st.scope.precheck(asked)
        if early is not None:  # declined by its form: nothing to retrieve, no model to load
            result = decline(st.index, asked.search_query, early)
            yield Final(self._finish(result, asked, started, time.perf_counter()))
            return
        st, candidates, hits = self._retrieve(asked, st)
        retrieved = time.perf_counter()

        scope = st.scope.judge_retrieved(asked, hits, candidates.coverage)
        result = None
        for event in self._write(asked, hits, scope, st):
            if isinstance(event, Draft):
                yield event
            else:
                result = event.answer
        yield Final(self._finish(result, asked, started, retrieved))

    def _finish(self, result: Answer, asked: Question, started: float, retrieved: float) -> Answer:
        done = time.perf_counter()
        result.rewritten = asked.rewritten
        result.notice = " ".join(n for n in (asked.notice, result.notice) if n) or None
        result.timings_ms = {"retrieve": round((retrieved - started) * 1000, 2),
                             "answer": round((done - retrieved) * 1000, 2),
                             "total": round((done - started) * 1000, 2)}
        # What leaders ask stays private unless logging it is switched on (GUIDE_LOG_QUESTIONS).
        log.info("answered in %.0f ms: refused=%s mode=%s citations=%d",
                 result.timings_ms["total"], result.refused, result.mode, len(result.citations))
        if self.settings.log_questions:
            log.info("question: %r", asked.text)
        return result

    def _write(self, asked: Question, hits, scope: Scope, st: Stages) -> Iterator[Draft | Final]:
        """The answer stage: a decline, the extractive answer, or the LLM's guarded answer."""
        if not scope.in_scope or not hits:
            yield Final(decline(st.index, asked.search_query,
                                scope if not scope.in_scope else OFF_TOPIC, hits))
            return
        extractive = compose(hits, asked.search_query, self.settings.runner_up_margin,
                             # A follow-up carries the change its conversation describes.
                             past_the_guide=asks_past_the_guide(asked.search_query))
        # None: only pointers elsewhere ("See … for more information"), or, for a question past
        # the guide (a leader's own change, a subject the guide is named as the source on), only
        # sentences about the guide itself.
        if extractive is None:
            yield Final(decline(st.index, asked.search_query, OFF_TOPIC, hits))
            return
        if self.chat_model is None:
            yield Final(extractive)
            return
        writer = LLMWriter(self.chat_model, self.checker_for(st.index), st.retriever)
        yield from writer.write(asked, hits, extractive,
                                lambda: decline(st.index, asked.search_query, OFF_TOPIC, hits))
