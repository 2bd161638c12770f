"""Stage 4, reranking: zero or more rerankers, each `rerank(query, hits) -> hits`, in order.

A reranker sees the search query and the fused hits (best first) and returns them reordered;
it may add a passage the views missed. The Assistant applies them as a list, so adding one is
adding an object with that method. The Assistant's default list: ViewBlend, then (when the user
names one) CrossEncoderRerank, then HeadingFirst, AudienceFirst and PrincipleOverview.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Protocol

from .chunking import Passage
from .errors import SettingsError
from .fusion import RRF_K
from .guide_map import AUDIENCE
from .index import Index
from .retrieval import Hit
from .text import content_stems, content_words
from .understanding import GIST, asks_about_the_whole_guide, asks_whom_it_is_for, own_words

# Words that ask about a principle as a whole rather than something narrower in it.
_ABOUT = frozenset(content_stems("ask asks about"))
# …unless something follows them: "What does the benefit principle say about reframing?" asks
# about reframing, where "What is the benefit principle about?" asks about the principle.
_ABOUT_SOMETHING = re.compile(r"\b(about|on|regarding|concerning)\s+(?P<topic>.+)$")


class Reranker(Protocol):
    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]: ...


class ViewBlend:
    """Reorder the leading candidates by a weighted sum of what each view said about them.

    Reciprocal rank fusion gives every view an equal vote by rank; on questions nobody tuned
    for, the views are not equally good. Here each candidate is scored by its best sentence's
    similarity, its passage's similarity and its BM25 score (scaled to the best match), with
    weights chosen by 5-fold cross-validation on the development set (Settings.view_weights).
    """

    DEPTH = 20  # candidates reordered; below them the fused order stands

    def __init__(self, weights: dict[str, float], depth: int = DEPTH) -> None:
        unknown = set(weights) - {"unit", "lexical", "dense"}
        if unknown:
            raise ValueError(f"unknown view(s) {sorted(unknown)}; the views are unit, lexical, dense")
        self.weights = {"unit": 0.0, "lexical": 0.0, "dense": 0.0, **weights}
        self.depth = depth

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        head, tail = hits[:self.depth], hits[self.depth:]
        top_lexical = max((h.lexical for h in head), default=0.0) or 1.0
        w = self.weights
        for h in head:
            h.score = (w["unit"] * h.unit + w["lexical"] * h.lexical / top_lexical
                       + w["dense"] * h.dense)
        floor = min((h.score for h in head), default=0.0)
        for h in tail:  # never above a reordered candidate; their own order kept
            h.score = min(h.score, floor)
        return sorted(head, key=lambda h: h.score, reverse=True) + tail


class CrossEncoderRerank:
    """Reorder the leading candidates by a cross-encoder the user supplies (a local
    sentence-transformers CrossEncoder folder, Settings.reranker_path), which reads the question
    and each passage together. None is packaged: this is the seam for a user's own model.

    The model is loaded on the first question (it brings torch, which the question path
    otherwise avoids), once per process and folder. Its scores replace the candidates' scores
    (as probabilities, 0–1), so the runner-up margin compares like with like."""

    DEPTH = 10  # candidates read by the model: each costs a forward pass

    def __init__(self, path: Path, depth: int = DEPTH) -> None:
        path = Path(path)
        if not (path / "config.json").is_file():
            raise SettingsError(f"no cross-encoder model in {path}; set GUIDE_RERANKER_PATH to a "
                                "local sentence-transformers CrossEncoder folder, or unset it")
        self.path = path
        self.depth = depth

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        head, tail = hits[:self.depth], hits[self.depth:]
        if not head:
            return hits
        scores = _cross_encoder(self.path).predict(
            [(query, h.passage.context) for h in head], show_progress_bar=False)
        for h, s in zip(head, scores):
            h.score = float(s)
        floor = min(h.score for h in head)
        for h in tail:  # never above a candidate the model read; their own order kept
            h.score = min(h.score, floor)
        return sorted(head, key=lambda h: h.score, reverse=True) + tail


@lru_cache(maxsize=2)
def _cross_encoder(path: Path):
    from sentence_transformers import CrossEncoder  # slow import: only when configured

    return CrossEncoder(str(path), device="cpu", local_files_only=True)


class PrincipleOverview:
    """A question about a principle as a whole is answered by the page's own opening passage.

    "What is the benefit principle?" names a principle and asks nothing narrower, so its opening
    passage goes first, as does a request for its gist ("summarise the benefit principle for my
    board", "can you quote the exact wording?" after asking about it); "what questions does the
    benefit principle suggest?" is left alone. A request for the gist of nothing in particular
    ("give me an overview"), or a question whose only subject is the guide ("What is this guide
    for?"), is about the guide as a whole: the opening of its introduction.
    """

    def __init__(self, index: Index) -> None:
        self.index = index

    def opening_for(self, query: str) -> Hit | None:
        lowered = query.lower()
        if asks_about_the_whole_guide(lowered) and self.index.home_opening is not None:
            return Hit(self.index.home_opening, 0.0, 0.0, 0.0, 0.0)
        for name, passage in self.index.openings.items():
            if name in lowered:
                topic = _ABOUT_SOMETHING.search(lowered.split(name, 1)[1])
                if topic and content_words(own_words(topic.group("topic"))):
                    continue
                # Words asking for it in another form ("quote the exact wording") are not narrower.
                # Stems, so "principles" carried from an earlier turn is the name's own word.
                rest = set(content_stems(own_words(lowered))) - set(content_stems(name)) - _ABOUT
                if GIST.search(lowered) or not rest:
                    return Hit(passage, 0.0, 0.0, 0.0, 0.0)
                # One word more ("explain the benefit principle") still asks for the whole, unless
                # the page says it past its opening: "How is the benefit principle measured?"
                # asks about what its questions say of measuring.
                if len(rest) == 1 and not self._said_past_opening(passage, rest.pop()):
                    return Hit(passage, 0.0, 0.0, 0.0, 0.0)
        return None

    def _said_past_opening(self, opening: Passage, stem: str) -> bool:
        if stem in content_stems(opening.text):
            return False
        return any(stem in content_stems(p.text) for p in self.index.passages
                   if p.principle == opening.principle and p.id != opening.id)

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        opening = self.opening_for(query)
        if opening is None:
            return hits
        found = next((h for h in hits if h.passage.id == opening.passage.id), opening)
        found.whole = True  # its first sentence states the principle: the answer starts there
        # Outranks every view's vote by one first place.
        found.score = max((h.score for h in hits), default=0.0) + 1.0 / (RRF_K + 1)
        return [found] + [h for h in hits if h is not found]


class HeadingFirst:
    """A question that asks just what a section's heading asks ("What is the new mindset?") is
    answered from the start of that section: a section opens with the answer to its heading.

    The views can prefer a neighbouring section whose heading shares the words ("What challenges
    the new mindset?") or a passage that repeats them. The match is on content stems, all of the
    heading's and no others, so "What challenges it? new mindset" finds its own section and
    "What is the new mindset for national bodies?" is ranked as usual. A heading several pages
    share ("Applying this principle to practice") picks none of them."""

    def __init__(self, index: Index) -> None:
        self.index = index

    @cached_property
    def _openings_by_heading(self) -> dict[frozenset[str], list[Passage]]:
        """Each section's first passage, under its heading's content stems: built once per
        index, each heading stemmed once, so a question costs one lookup at any size."""
        firsts: dict[tuple[str, str], Passage] = {}
        for p in self.index.passages:
            first = firsts.get((p.page_id, p.section))
            if first is None or p.position < first.position:
                firsts[(p.page_id, p.section)] = p
        stems_of: dict[str, frozenset[str]] = {}
        found: dict[frozenset[str], list[Passage]] = {}
        for (_, section), p in firsts.items():
            if section not in stems_of:
                stems_of[section] = frozenset(content_stems(section))
            found.setdefault(stems_of[section], []).append(p)
        return found

    def section_opening_for(self, query: str) -> Passage | None:
        asked = frozenset(content_stems(query))
        found = self._openings_by_heading.get(asked, []) if asked else []
        return found[0] if len(found) == 1 else None

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        opening = self.section_opening_for(query)
        if opening is None:
            return hits
        found = next((h for h in hits if h.passage.id == opening.id),
                     Hit(opening, 0.0, 0.0, 0.0, 0.0))
        found.whole = True  # the section's first sentence starts the answer
        found.score = max((h.score for h in hits), default=0.0) + 1.0 / (RRF_K + 1)
        return [found] + [h for h in hits if h is not found]


class AudienceFirst:
    """A question asking whom the guide is for ("Is this aimed at people like me…?", "who's it
    for", "…Does this apply to us?") is answered by the passages that state its audience ("Aimed
    at system leaders…", "This mindset is useful at all levels…"): they go first, in the order the
    rerankers before gave them. The views rank them low for such questions, whose words ("people
    like me", "a small hospice") are the asker's, not the guide's."""

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        if not asks_whom_it_is_for(query):
            return hits
        audience = [h for h in hits if AUDIENCE.search(h.passage.text)]
        if not audience:
            return hits
        top = max((h.score for h in hits), default=0.0)
        for rank, h in enumerate(audience):  # above every other, in their own order
            h.score = top + (len(audience) - rank) / (RRF_K + 1)
        first = {id(h) for h in audience}
        return audience + [h for h in hits if id(h) not in first]
