"""Stage 6a, the extractive answer: the guide's own sentences, each followed by its [n].

From the top hits it picks the sentences (or list items) closest to the question: always the
best one of the first passage, then others nearly as close, from at most three passages (a
sentence that refers back, "This means …", with the one before it). The
answer is led by one line naming the principle or page its sentences come from (each, when
they come from several). Similarities come with the hits (Hit.sentences); nothing is looked up
or encoded here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .chunking import Passage, Unit
from .contract import Answer, Citation
from .guide_map import AUDIENCE
from .retrieval import Hit
from .settings import Settings
from .text import content_stems

CANDIDATE_PASSAGES = 3  # at most this many passages are cited
MAX_SENTENCES = 3
NEAR_BEST = 0.08        # a sentence this close to the best one also bears on the question
MIN_EXTRA = 0.35        # …and it must be at least this close to the question itself
MAX_LIST_ITEMS = 4
# A sentence that only points elsewhere says nothing of its own, so it never answers.
_POINTER = re.compile(r"^\W*(see|refer to)\b|\bfor more information\b", re.I)
# A sentence sending the reader to another page for something ("For examples of successful
# spread … see our case studies page") answers only a question asking for that by name: what it
# sends for (the words before "of"), the page's name or its section's heading, each whole ("make
# the case" is not "case studies"). Its other words are the guide's everyday ones, so it came
# first for "How do you know when an innovation is ready to spread?"
_SENDS_TO_PAGE = re.compile(r"\bsee (our|the) (?P<page>[\w' -]+?) pages?\b", re.I)
_SENDS_FOR = re.compile(r"^\W*for (?P<what>[\w' -]+?)(\s+of\b|,|\s+see\b)", re.I)
# …and one ending on a list of pages to see ("You may find the following helpful, also see
# practical tools and methods, further resources and systems convening"), each listed name
# standing for a page: it came first for "Our PCN has a social prescribing model… What now?".
_SEES_PAGES = re.compile(r"(?:^\W*|,\s*|\balso\s+)see (?P<pages>[\w' ,-]+?)\W*$", re.I)
_LISTED = re.compile(r",\s*|\s+and\s+")
# A sentence whose subject is a pronoun standing for what came before ("This means explaining
# the benefits…", "This, therefore, needs…", "It …") is read with the sentence before it.
# "This" before a noun ("This guidance offers…") names its own subject: only a comma, an
# auxiliary or a verb in -s ("means", "needs", not "process") after it points back.
_POINTS_BACK = re.compile(
    r"^\W*(?:(?:it|they)\b"
    r"|(?:this|that|these|those)\s*(?:,|(?:is|was|are|were|will|would|can|could|should|may|"
    r"might|must|has|have|had|does|do|did)\b)"
    r"|(?:this|that)\s+[a-z]+[^s\W]s\b)", re.I)


@dataclass
class Pick:
    hit: Hit
    unit: Unit
    similarity: float
    leads_to: Unit | None = None  # the sentence this one is shown before, as its antecedent


# A sentence about the guide itself: what it or its pages hold, its glossary, where to start
# reading it, whom it is for ("This guidance offers seven interconnected principles…", "A glossary
# has been included…", "If you have 15 minutes start with new mindset, …", "Aimed at system
# leaders…", "This mindset is useful at all levels…"); or any sentence of a section whose heading
# names the guide ("How to use this guide").
_THE_GUIDE_ITSELF = re.compile(
    r"\b(this|the) guid(e|ance)\b|\b(web)?pages\b|\bglossary\b"
    r"|\b(start|begin) with\b|\bfollow your interest\b"
    rf"|{AUDIENCE.pattern}", re.I)


def sent_for(passage: Passage, unit: Unit) -> list[frozenset[str]] | None:
    """The names, each as its stems, one of which a question must use whole to be answered by a
    sentence that sends the reader to another page (see _SENDS_TO_PAGE, _SEES_PAGES); None for
    any other sentence."""
    text = passage.unit_text(unit)
    page = _SENDS_TO_PAGE.search(text)
    if page is not None:
        what = _SENDS_FOR.search(text)
        names = (page["page"], what["what"] if what else "", passage.section)
    elif (pages := _SEES_PAGES.search(text)) is not None:
        names = (*_LISTED.split(pages["pages"]), passage.section)
    else:
        return None
    return [stems for stems in (frozenset(content_stems(n)) for n in names) if stems]


def _about_the_guide(passage: Passage, unit: Unit) -> bool:
    return bool(_THE_GUIDE_ITSELF.search(passage.unit_text(unit))
                or _THE_GUIDE_ITSELF.search(passage.section))


def _named_only_about_the_guide(hits: list[Hit], asked: frozenset[str]) -> bool:
    """Whether every word asked is named together only by sentences about the guide itself,
    among the hits' (see says_something)."""
    return bool(asked) and not any(
        asked <= set(content_stems(h.passage.unit_text(u)))
        for h in hits for u in h.passage.units if not _about_the_guide(h.passage, u))


def says_something(passage: Passage, unit: Unit, past_the_guide: bool = False,
                   asked: frozenset[str] = frozenset(), guide_names_it: bool = False) -> bool:
    """Whether a sentence says something of its own, to a question whose content stems are
    `asked`. For a question about something other than the guide itself (`past_the_guide`: a
    leader's own change, or a subject the guide is named as the source on;
    scope.asks_past_the_guide), a sentence about the guide itself does not: "We're a PCN
    launching a new service. Where should we begin?" asks where to begin the change, not the
    guide. Unless only such sentences name what is asked (`guide_names_it`, see
    _named_only_about_the_guide) and this one names all of it: "What does the guide say about
    outcomes and efficiency?" is answered by what the guide's pages are for ("…to improve
    health and care outcomes, efficiency or experience…"), where "…about staff?" is answered by
    the sentences that say more of staff than that."""
    text = passage.unit_text(unit)
    if _POINTER.search(text):
        return False
    names = sent_for(passage, unit)
    if names is not None and not any(name <= asked for name in names):
        return False
    if not past_the_guide or not _about_the_guide(passage, unit):
        return True
    return guide_names_it and asked <= set(content_stems(text))


def _best(hit: Hit, past_the_guide: bool = False, asked: frozenset[str] = frozenset(),
          guide_names_it: bool = False) -> Pick | None:
    """The hit's sentence closest to the question, among those that say something; for a
    passage asked about as a whole (Hit.whole), its first such sentence."""
    order = (range(len(hit.passage.units)) if hit.whole
             else np.argsort(-hit.sentences, kind="stable"))
    for i in order:
        unit = hit.passage.units[int(i)]
        if says_something(hit.passage, unit, past_the_guide, asked, guide_names_it):
            return Pick(hit, unit, float(hit.sentences[i]))
    return None


def pick_sentences(hits: list[Hit], runner_up_margin: float, past_the_guide: bool = False,
                   asked: frozenset[str] = frozenset()) -> list[Pick]:
    """The best sentence of the first passage, the best of each runner-up whose score comes
    within `runner_up_margin` of the first's (so the passage that answers is on screen even when
    it is not first), then any other sentence nearly as close as the best; a list's lead-in
    brings its items, and a sentence that opens with "This …" the sentence it refers to. The
    best pick comes first."""
    guide_names_it = past_the_guide and _named_only_about_the_guide(hits, asked)
    best = [(h, pick) for h in hits
            if (pick := _best(h, past_the_guide, asked, guide_names_it)) is not None]
    if not best:
        return []
    candidates = best[:CANDIDATE_PASSAGES]
    first = candidates[0][0]
    picks = [pick for h, pick in candidates
             if h is first or h.score >= first.score - runner_up_margin]
    others = [Pick(h, u, float(s)) for h, _ in candidates
              for u, s in zip(h.passage.units, h.sentences)
              if says_something(h.passage, u, past_the_guide, asked, guide_names_it)
              and not any(h is p.hit and u == p.unit for p in picks)]
    others.sort(key=lambda p: p.similarity, reverse=True)
    bar = max(max(p.similarity for p in picks) - NEAR_BEST, MIN_EXTRA)
    for pick in others:
        if len(picks) >= MAX_SENTENCES or pick.similarity < bar:
            break
        picks.append(pick)
    picks += _list_items(picks)
    return picks + _antecedents(picks)


def _list_items(picks: list[Pick]) -> list[Pick]:
    """A list's lead-in ("Consider these questions …") says little alone: add its items that bear
    on the question most, in the guide's order. An item says little without its lead-in: add
    that too."""
    extra: list[Pick] = []
    for pick in picks:
        p = pick.hit.passage
        if p.is_item(pick.unit):
            lead = [u for u in p.units if u.start < pick.unit.start and not p.is_item(u)]
            if lead and not any(q.hit is pick.hit and q.unit == lead[-1] for q in picks + extra):
                i = p.units.index(lead[-1])
                extra.append(Pick(pick.hit, lead[-1], float(pick.hit.sentences[i])))
            continue
        items = [Pick(pick.hit, u, float(s)) for u, s in zip(p.units, pick.hit.sentences)
                 if p.is_item(u) and not any(q.hit is pick.hit and q.unit == u for q in picks)]
        items.sort(key=lambda q: q.similarity, reverse=True)
        extra += items[:MAX_LIST_ITEMS]
    return extra


def _antecedents(picks: list[Pick]) -> list[Pick]:
    """For each sentence picked that points back ("This means …"), the sentence before it in its
    passage, unless it is already shown: the pronoun is quoted with what it stands for."""
    extra: list[Pick] = []
    for pick in picks:
        p = pick.hit.passage
        i = p.units.index(pick.unit)
        if i == 0 or p.is_item(pick.unit) or not _POINTS_BACK.match(p.unit_text(pick.unit)):
            continue
        before = p.units[i - 1]
        if p.is_item(before) or any(q.hit is pick.hit and q.unit == before for q in picks + extra):
            continue
        extra.append(Pick(pick.hit, before, float(pick.hit.sentences[i - 1]), leads_to=pick.unit))
    return extra


def _name(p: Passage) -> str:
    return f"principle *{p.principle}*" if p.principle else f"page *{p.title}*"


def lead_line(cited: Sequence[tuple[int, Passage]]) -> str:
    """The answer's first line: where it comes from, in plain words (matches contract.LEAD).
    `cited` is (citation number, passage), the passage of the sentence shown first leading.
    From one page: that page (and its section, if all come from one). From several: every page,
    each with its citations' numbers, so a sentence a leader quotes to their board is never
    credited to the wrong principle."""
    sources: dict[str, list[int]] = {}  # by the name shown: a principle's pages are one source
    for n, p in cited:
        sources.setdefault(_name(p), []).append(n)
    if len(sources) == 1:
        p = cited[0][1]
        one_section = len({q.section for _, q in cited}) == 1
        if not p.principle and one_section and p.section and p.section != p.title:
            return f"The guide's page *{p.title}*, on \"{p.section}\", says:"
        return f"The guide's {_name(p)} says:"
    named = [f"{name} {' '.join(f'[{n}]' for n in sorted(ns))}" for name, ns in sources.items()]
    return f"The guide's {', '.join(named[:-1])} and {named[-1]} say:"


# One owner for the tuned margin: Settings (the Assistant passes the configured value).
_RUNNER_UP_MARGIN = Settings.model_fields["runner_up_margin"].default


def compose(hits: list[Hit], search_query: str, runner_up_margin: float = _RUNNER_UP_MARGIN,
            past_the_guide: bool = False) -> Answer | None:
    """The answer from `hits` (best first, each with its sentence similarities attached), or
    None when no sentence of them says anything of its own (`past_the_guide`: see
    says_something)."""
    picks = pick_sentences(hits, runner_up_margin, past_the_guide,
                           frozenset(content_stems(search_query)))
    if not picks:
        return None
    numbers: dict[str, int] = {}
    for h in hits:  # citations follow retrieval order, so [1] is the best passage
        if any(p.hit is h for p in picks):
            numbers[h.passage.id] = len(numbers) + 1
    spans: dict[str, tuple[int, int]] = {}
    for p in picks:
        s, e = spans.get(p.hit.passage.id, (p.unit.start, p.unit.end))
        spans[p.hit.passage.id] = (min(s, p.unit.start), max(e, p.unit.end))

    # The sentence that best answers comes first (with its list's items, if it leads one, or
    # after the sentence it refers to, if it opens "This means …": the two say one thing); then
    # the rest in reading order: by citation, then by place in the passage.
    best = picks[0]

    def with_best(p: Pick) -> bool:
        if p is best or p.hit is not best.hit:
            return p is best
        if p.leads_to == best.unit:  # what "This …" stands for comes just before it
            return True
        if best.hit.passage.is_item(best.unit):  # a list item: its list, lead-in first
            return True
        return p.hit.passage.is_item(p.unit) and p.unit.start > best.unit.start

    picks.sort(key=lambda p: (not with_best(p), numbers[p.hit.passage.id], p.unit.start))
    cited = [(numbers[best.hit.passage.id], best.hit.passage)]
    cited += [(numbers[h.passage.id], h.passage) for h in hits
              if h.passage.id in numbers and h is not best.hit]
    lines: list[str] = [lead_line(cited), ""]
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
        citations.append(Citation.from_passage(numbers[pid], h.passage, h.passage.text[s:e],
                                               h.score))
    return Answer(answer="\n".join(lines).strip(), refused=False,
                  principle=best.hit.passage.principle, search_query=search_query,
                  citations=citations)
