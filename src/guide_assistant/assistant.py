"""The one path every front end calls: question (+ earlier questions) → Answer.

The app, the CLI and the evals all use `Assistant.answer`, so they cannot drift apart.
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cached_property

import numpy as np

from .answering import compose, decline, lead_line
from .contract import Answer, Citation
from .conversation import search_query as rewrite
from .conversation import content_words
from .embeddings import Embedder, load_embedder
from .llm import build_messages, error_notice, guard, make_chat_model, stream_draft
from .retrieval import Index, Retriever, grounding_checker
from .scope import judge
from .settings import Settings
from .store import Store

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 2000
LLM_PASSAGES = 5  # numbered passages the model may cite
REFRESH_SECONDS = 5.0  # how often a running assistant looks for a newer index
History = Sequence["str | dict"]  # earlier questions, or {"question": …, "answer": …} turns
EMPTY_PROMPT = ("Ask me a question about leading the spread and adoption of innovation, for "
                "example: \"How do we make a change last?\"")


def clean_question(question: str) -> tuple[str, str | None]:
    """Printable text only (no control characters, NUL or lone surrogates), trimmed to length."""
    kept = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in str(question)
                   if not 0xD800 <= ord(ch) <= 0xDFFF)
    kept = unicodedata.normalize("NFC", " ".join(kept.split()))
    if len(kept) > MAX_QUESTION_CHARS:
        return kept[:MAX_QUESTION_CHARS], (f"Your question was {len(kept):,} characters long; "
                                           f"only the first {MAX_QUESTION_CHARS:,} were used.")
    return kept, None


def _turns(history: History) -> list[tuple[str, str | None]]:
    turns = []
    for item in history:
        if isinstance(item, dict):
            turns.append((str(item.get("question", "")), item.get("answer")))
        else:
            turns.append((str(item), None))
    return [(clean_question(q)[0], a) for q, a in turns if q.strip()]


class Assistant:
    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 index: Index | None = None, chat_model=None) -> None:
        self.settings = settings or Settings()
        # Given an index, use it as it is; otherwise follow the store's active generation.
        self._store = None if index is not None else Store(self.settings)
        self.index = index or Index.open(self._store)
        self.embedder = embedder or load_embedder(self.settings.model_path)
        self.retriever = Retriever(self.index, self.embedder)
        self.chat_model = chat_model if chat_model is not None else make_chat_model(self.settings)
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def _follow_ingest(self) -> None:
        """Switch to a newer index when an ingest has completed (checked every few seconds):
        a long-running app picks it up without a restart, and is not left querying a
        generation the ingest has since deleted."""
        if self._store is None or time.monotonic() - self._checked < REFRESH_SECONDS:
            return
        with self._lock:
            self._checked = time.monotonic()
            try:
                active = self._store.active()
            except Exception as exc:  # keep answering from what is open
                log.warning("could not check for a newer index: %s", exc)
                return
            if active is not None and active.name != self.index.generation.name:
                index = Index(active, self.settings.data_dir)
                self.index, self.retriever = index, Retriever(index, self.embedder)
                self.__dict__.pop("checker", None)
                log.info("switched to index generation %s", active.name)

    @cached_property
    def checker(self):
        """The grounding checker for LLM drafts (built on first use)."""
        return grounding_checker(self.index, self.embedder)

    def answer(self, question: str, history: History = ()) -> Answer:
        """Answer `question`; `history` is the conversation so far (see History)."""
        result = None
        for item in self.answer_stream(question, history):
            result = item
        return result

    def answer_stream(self, question: str, history: History = ()) -> Iterator[str | Answer]:
        """The draft text while an LLM writes it (str), then the final Answer, always last."""
        started = time.perf_counter()
        text, notice = clean_question(question)
        if not content_words(text) and not any(ch.isalnum() for ch in text):
            yield Answer(answer=EMPTY_PROMPT, refused=True, principle=None, search_query="",
                         notice=notice, timings_ms={"retrieve": 0.0, "answer": 0.0, "total": 0.0})
            return
        self._follow_ingest()
        turns = _turns(history)
        query = rewrite(text, [q for q, _ in turns])
        retrieval = self.retriever.search(query, self.settings.top_k)
        retrieved = time.perf_counter()

        own = {}
        if query != text:  # a rewritten follow-up: also judge the words the user typed
            own = {"own_coverage": self.index.lexical.coverage(self.index.expander.expand(text)),
                   "own_words": len(content_words(text))}
        scope = judge(text, retrieval, self.index.unloaded_principles, **own)
        if not scope.in_scope or not retrieval.hits:
            result = decline(self.index, query, scope.reason or "off_topic")
        else:
            top = [h.passage for h in retrieval.hits[:3]]
            sims = self.retriever.unit_similarities(top, retrieval.vector)
            result = compose(retrieval.hits, sims, query)
            if self.chat_model is not None:
                for item in self._llm_answer(text, turns, retrieval, result):
                    if isinstance(item, str):
                        yield item
                    else:
                        result = item
        done = time.perf_counter()
        result.notice = " ".join(n for n in (notice, result.notice) if n) or None
        result.timings_ms = {"retrieve": round((retrieved - started) * 1000, 2),
                             "answer": round((done - retrieved) * 1000, 2),
                             "total": round((done - started) * 1000, 2)}
        # What leaders ask stays private unless logging it is switched on (GUIDE_LOG_QUESTIONS).
        log.info("answered in %.0f ms: refused=%s mode=%s citations=%d",
                 result.timings_ms["total"], result.refused, result.mode, len(result.citations))
        if self.settings.log_questions:
            log.info("question: %r", text)
        yield result

    def _llm_answer(self, question: str, turns, retrieval, extractive: Answer):
        """Stream the model's draft, then yield the guarded answer (or the extractive one)."""
        hits = retrieval.hits[:LLM_PASSAGES]
        passages = [h.passage for h in hits]
        draft = ""
        try:
            for piece in stream_draft(self.chat_model, build_messages(question, passages, turns)):
                draft += piece
                yield draft
        except Exception as exc:  # endpoint down, timeout, 401, unknown model, bad reply
            extractive.notice = error_notice(exc)
            yield extractive
            return
        checked = guard(draft, passages, self.checker)
        if checked.declined:
            answer = decline(self.index, retrieval.query, "off_topic")
            answer.mode = "llm"
            yield answer
            return
        report = {"kept": checked.kept, "removed": checked.removed}
        if not checked.kept:
            extractive.notice = ("The language model's answer could not be checked against the "
                                 "guide, so here is the guide's own wording instead.")
            extractive.guard = report
            yield extractive
            return
        # One encoding of what was kept, one unit lookup for all cited passages.
        cited_hits = [hits[old_n - 1] for old_n in checked.cited]
        sims = self.retriever.unit_similarities([h.passage for h in cited_hits],
                                                self.embedder.encode_one(" ".join(checked.kept)))
        citations = []
        for new_n, hit in enumerate(cited_hits, 1):
            p = hit.passage
            unit = p.units[int(np.argmax(sims[p.id]))]
            citations.append(Citation(n=new_n, passage_id=p.id, title=p.title, section=p.section,
                                      principle=p.principle, source_url=p.source_url, text=p.text,
                                      quote=p.unit_text(unit), score=round(hit.score, 6)))
        lead = hits[checked.cited[0] - 1].passage
        yield Answer(answer=f"{lead_line(lead)}\n\n{checked.text}", refused=False,
                     principle=lead.principle, search_query=retrieval.query,
                     citations=citations, mode="llm", guard=report)
