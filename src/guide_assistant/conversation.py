"""Follow-up questions: "and who decides that?" becomes a search query that stands alone.

Without an LLM the rewrite is lexical: a question that leans on earlier turns (it starts with
"and"/"so"/"what about", or points back with "it"/"that"/"them", or has almost no words of its
own) is searched together with the content words of the previous turn's search query. Chained
follow-ups carry the topic forward.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexical import STOPWORDS

_LEANS_BACK = re.compile(
    r"^\s*(and|but|so|also|then|what about|how about|ok|okay|why)\b"
    r"|\b(it|its|that|this|those|these|they|them|their|there|which of|the same|the opposite)\b",
    re.I,
)
_WORD = re.compile(r"[\w'-]+")


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower())
            if w not in STOPWORDS and len(w) > 1 and any(ch.isalnum() for ch in w)]


def is_follow_up(question: str) -> bool:
    return bool(_LEANS_BACK.search(question)) or len(content_words(question)) <= 1


def search_query(question: str, previous_questions: Sequence[str] = ()) -> str:
    """The query to search for `question`, given the user's earlier questions (oldest first)."""
    query = None
    for turn in [*previous_questions, question]:
        turn = turn.strip()
        if query is None or not is_follow_up(turn):
            query = turn
            continue
        carried = [w for w in content_words(query) if w not in content_words(turn)]
        # Earlier topics fade: keep the most recent carried words only.
        query = f"{turn} {' '.join(carried[-8:])}".strip()
    return query or ""
