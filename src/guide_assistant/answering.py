"""The extractive answerer: the guide's own sentences, each followed by its [n].

From the top passages it picks the sentences (or list items) closest to the question: always the
best one of the first passage, then others nearly as close, from at most three passages. The
answer is led by one line naming the principle or page it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import numpy as np

from .chunking import Passage, Unit
from .contract import Answer, Citation
from .retrieval import Hit, Index

CANDIDATE_PASSAGES = 3
MAX_SENTENCES = 3
NEAR_BEST = 0.08        # a sentence this close to the best one also bears on the question
MIN_EXTRA = 0.35        # …and it must be at least this close to the question itself
MIN_RUNNER_UP = 0.30    # a runner-up passage's best sentence is quoted from this similarity…
RUNNER_UP_GAP = 0.15    # …when it is also no further than this below the best sentence
MAX_LIST_ITEMS = 4


@dataclass
class Pick:
    hit: Hit
    unit: Unit
    similarity: float


def _best(hit: Hit, sims: np.ndarray) -> Pick:
    i = int(np.argmax(sims))
    return Pick(hit, hit.passage.units[i], float(sims[i]))


def pick_sentences(hits: list[Hit], sims: dict[str, np.ndarray]) -> list[Pick]:
    """The best sentence of the first passage, the best of each runner-up that comes near it,
    then any other sentence nearly as close as the best; a list's lead-in brings its items."""
    candidates = hits[:CANDIDATE_PASSAGES]
    picks = [_best(candidates[0], sims[candidates[0].passage.id])]
    for runner_up in candidates[1:]:
        pick = _best(runner_up, sims[runner_up.passage.id])
        if pick.similarity >= max(MIN_RUNNER_UP, picks[0].similarity - RUNNER_UP_GAP):
            picks.append(pick)
    others = [Pick(h, u, float(s)) for h in candidates
              for u, s in zip(h.passage.units, sims[h.passage.id])
              if not any(h is p.hit and u == p.unit for p in picks)]
    others.sort(key=lambda p: p.similarity, reverse=True)
    bar = max(max(p.similarity for p in picks) - NEAR_BEST, MIN_EXTRA)
    for pick in others:
        if len(picks) >= MAX_SENTENCES or pick.similarity < bar:
            break
        picks.append(pick)
    return picks + _list_items(picks, sims)


def _list_items(picks: list[Pick], sims: dict[str, np.ndarray]) -> list[Pick]:
    """A list's lead-in ("Consider these questions …") says little alone: add its items that bear
    on the question most, in the guide's order."""
    extra: list[Pick] = []
    for pick in picks:
        p = pick.hit.passage
        if p.is_item(pick.unit):
            continue
        items = [Pick(pick.hit, u, float(s)) for u, s in zip(p.units, sims[p.id])
                 if p.is_item(u) and not any(q.hit is pick.hit and q.unit == u for q in picks)]
        items.sort(key=lambda q: q.similarity, reverse=True)
        extra += items[:MAX_LIST_ITEMS]
    return extra


def lead_line(p: Passage) -> str:
    if p.principle:
        return f'From the principle **"{p.principle}"**:'
    return f"From **{p.title}** › {p.section}:"


def compose(hits: list[Hit], sims: dict[str, np.ndarray], search_query: str) -> Answer:
    picks = pick_sentences(hits, sims)
    numbers: dict[str, int] = {}
    for h in hits:  # citations follow retrieval order, so [1] is the best passage
        if any(p.hit is h for p in picks):
            numbers[h.passage.id] = len(numbers) + 1
    spans: dict[str, tuple[int, int]] = {}
    for p in picks:
        s, e = spans.get(p.hit.passage.id, (p.unit.start, p.unit.end))
        spans[p.hit.passage.id] = (min(s, p.unit.start), max(e, p.unit.end))

    # Reading order: by citation, then by place in the passage.
    picks.sort(key=lambda p: (numbers[p.hit.passage.id], p.unit.start))
    lines: list[str] = [lead_line(hits[0].passage), ""]
    prose: list[str] = []
    for p in picks:
        text = f"{p.hit.passage.unit_text(p.unit)} [{numbers[p.hit.passage.id]}]"
        if p.hit.passage.is_item(p.unit):
            if prose:
                lines.append(" ".join(prose))
                prose = []
            lines.append(f"- {text}")
        else:
            prose.append(text)
    if prose:
        lines.append(" ".join(prose))

    citations = []
    for h in hits:
        pid = h.passage.id
        if pid not in numbers:
            continue
        s, e = spans[pid]
        citations.append(Citation(
            n=numbers[pid], passage_id=pid, title=h.passage.title, section=h.passage.section,
            principle=h.passage.principle, source_url=h.passage.source_url, text=h.passage.text,
            quote=h.passage.text[s:e], score=round(h.score, 6)))
    return Answer(answer="\n".join(lines).strip(), refused=False,
                  principle=hits[0].passage.principle, search_query=search_query,
                  citations=citations)


@lru_cache(maxsize=8)  # per opened index: these walk every passage
def suggestions(index: Index, limit: int = 3) -> list[str]:
    """Questions the loaded pages answer: their own question headings, then their principles."""
    found: list[str] = []
    for p in index.passages:
        if p.section.endswith("?") and p.section not in found:
            found.append(p.section)
    principles = sorted({p.principle for p in index.passages if p.principle})
    asked = [f'What does the principle "{name}" ask of leaders?' for name in principles]
    # One per page first, so every page is represented.
    ordered = asked[:1] + found[:1] + asked[1:] + found[1:]
    return ordered[:limit]


@lru_cache(maxsize=8)
def coverage_line(index: Index, named: int = 4) -> str:
    """The loaded pages, principles first; past `named` of them, a count of the rest."""
    labels: dict[str, None] = {}
    for p in sorted(index.passages, key=lambda p: p.principle is None):
        labels.setdefault(f'the principle "{p.principle}"' if p.principle else f'"{p.title}"')
    pages = list(labels)
    if len(pages) > named:
        pages = pages[:named] + [f"{len(labels) - named} other pages"]
    return ", ".join(pages[:-1]) + (" and " if len(pages) > 1 else "") + pages[-1]


@lru_cache(maxsize=8)
def principles_home(index: Index) -> str | None:
    """The official page listing the principles, found from a loaded principle page's address."""
    for p in index.passages:
        if p.principle and p.source_url:
            return urljoin(p.source_url.rstrip("/") + "/", "..")
    return None


def decline(index: Index, search_query: str, reason: str) -> Answer:
    if reason.startswith("unloaded:"):
        name = reason.split(":", 1)[1]
        home = principles_home(index)
        where = f" You can read it on the official site: {home}" if home else ""
        opening = (f"The guide's {name} principle is mentioned in the pages loaded here, but its "
                   f"own page is not one of them, so I can't quote it.{where}")
    elif reason == "instructions":
        opening = ("I can only answer questions about the guide, from its own text; I can't "
                   "change how I work or share my instructions.")
    else:
        opening = "The guide pages loaded here don't cover that, so I can't answer it from the guide."
    asks = "\n".join(f"- {q}" for q in suggestions(index))
    text = f"{opening}\n\nThey cover {coverage_line(index)}. You could ask:\n{asks}"
    return Answer(answer=text, refused=True, principle=None, search_query=search_query)
