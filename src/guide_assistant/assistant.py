"""The one path every front end calls: question (+ earlier questions) → Answer.

The app, the CLI and the evals all use `Assistant.answer`, so they cannot drift apart.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence

from .answering import compose, decline
from .contract import Answer
from .conversation import search_query as rewrite
from .conversation import content_words
from .embeddings import Embedder, load_embedder
from .retrieval import Index, Retriever
from .scope import judge
from .settings import Settings
from .store import Store

MAX_QUESTION_CHARS = 2000
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


class Assistant:
    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 index: Index | None = None) -> None:
        self.settings = settings or Settings()
        self.index = index or Index.open(Store(self.settings))
        self.embedder = embedder or load_embedder(self.settings.model_path)
        self.retriever = Retriever(self.index, self.embedder)

    def answer(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer `question`; `history` is the user's earlier questions in this conversation."""
        started = time.perf_counter()
        text, notice = clean_question(question)
        if not content_words(text) and not any(ch.isalnum() for ch in text):
            return Answer(answer=EMPTY_PROMPT, refused=True, principle=None, search_query="",
                          notice=notice, timings_ms={"retrieve": 0.0, "answer": 0.0, "total": 0.0})
        earlier = [clean_question(h)[0] for h in history if str(h).strip()]
        query = rewrite(text, earlier)
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
        done = time.perf_counter()
        result.notice = notice
        result.timings_ms = {"retrieve": round((retrieved - started) * 1000, 2),
                             "answer": round((done - retrieved) * 1000, 2),
                             "total": round((done - started) * 1000, 2)}
        return result
