"""What the loaded pages are, and which parts of the guide they mention but do not include.

Found from the corpus text, so it updates when pages are added: the guide names its parts in
reading suggestions ("start with new mindset, seven interconnected principles, complexity
principle, …") and in pointers ("See learning principle for more information").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .chunking import Passage
from .text import STOPWORDS, content_words

_PRINCIPLE = re.compile(r"\b([a-z]+) principle\b", re.I)
_NOT_A_NAME = {"this", "the", "each", "a", "one", "that", "every", "benefit"}
# "start with A, B and C" / "also see A, B and C" list the guide's parts by name.
_READING_LIST = re.compile(r"(?:start with|also see)\s+(?:the basics of\s+)?([^.]+?)(?:,\s*then\b|\.|$)",
                           re.I | re.M)


# A sentence stating whom the guide (or its way of working) is for ("Aimed at system leaders…",
# "This mindset is useful at all levels within local, regional and national organisations…").
AUDIENCE = re.compile(r"\b(aimed at|intended for|meant for|written for"
                      r"|(useful|relevant) (at|for|to) (all|every|any))\b", re.I)


@dataclass(frozen=True)
class PagePart:
    name: str
    loaded: bool


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower())
            if w not in {"principle", "principles"} and w not in STOPWORDS}


def _loaded_words(passages: list[Passage]) -> set[str]:
    """Words that name the loaded pages: their titles, principles, and a principle page's own
    address (…/seven-interconnected-principles/leadership/ names the leadership principle and
    the seven interconnected principles)."""
    words: set[str] = set()
    for p in passages:
        words |= _words(p.title) | _words(p.principle or "")
        if p.principle and p.source_url:
            words |= _words(" ".join(urlsplit(p.source_url).path.split("/")[-3:]))
    return words


def mentioned_principles(passages: list[Passage]) -> set[str]:
    """Principles the text names ("learning principle" → "learning")."""
    return {m.group(1).lower() for p in passages for m in _PRINCIPLE.finditer(p.text)
            if m.group(1).lower() not in _NOT_A_NAME}


def mentioned_parts(passages: list[Passage]) -> list[PagePart]:
    """Parts of the guide the text names, each marked loaded or not, in order of first mention."""
    loaded_words = _loaded_words(passages)
    names: dict[str, None] = {}
    for p in passages:
        for m in _READING_LIST.finditer(p.text):
            items = re.split(r",\s*", m.group(1))
            # "A, B and C": only the last "and" separates items ("tools and methods" is one).
            items[-1:] = items[-1].rsplit(" and ", 1)
            for item in items:
                item = item.strip().lower()
                if item and len(item.split()) <= 4:
                    names.setdefault(item, None)
        for name in sorted(mentioned_principles([p])):
            names.setdefault(f"{name} principle", None)
    return [PagePart(n, _words(n) <= loaded_words) for n in names]


def unloaded_parts(passages: list[Passage]) -> list[str]:
    """Names of the parts the text mentions whose pages are not loaded ("systems convening",
    "complexity principle", …)."""
    return [p.name for p in mentioned_parts(passages) if not p.loaded]


@dataclass(frozen=True)
class LoadedPage:
    title: str
    principle: str | None
    source_url: str | None
    opening: str              # the page's own first sentence
    questions: tuple[str, ...]  # its "questions to consider", if it has them


def loaded_pages(passages: list[Passage]) -> list[LoadedPage]:
    pages: dict[str, list[Passage]] = {}
    for p in sorted(passages, key=lambda p: (p.page_id, p.position)):
        pages.setdefault(p.page_id, []).append(p)
    out = []
    for group in pages.values():
        first = group[0]
        opening = first.unit_text(first.units[0]) if first.units else first.text
        questions = tuple(p.unit_text(u) for p in group if "questions" in p.text.split("\n", 1)[0].lower()
                          for u in p.units if p.is_item(u))
        out.append(LoadedPage(first.title, first.principle, first.source_url, opening, questions))
    # Principle pages after the pages that introduce the guide.
    return sorted(out, key=lambda page: page.principle is not None)


def guide_home(passages: list[Passage]) -> str | None:
    """The guide's home page: the shortest official address among the loaded pages."""
    urls = sorted({p.source_url for p in passages if p.source_url}, key=len)
    return urls[0] if urls else None


def home_opening(passages: list[Passage]) -> Passage | None:
    """The opening passage of the page that introduces the guide (not a principle's page; the
    shortest address among them): what the guide as a whole is, in its own words."""
    intro = [p for p in passages if not p.principle and p.position == 0]
    home = guide_home(intro)
    return next((p for p in intro if p.source_url == home), intro[0] if intro else None)


def names_for(principle: str) -> set[str]:
    """How a leader names a principle: its full title, or one of its words + "principle"
    ("Focus on the benefit rather than the innovation" → "benefit principle", …)."""
    title = principle.lower()
    return {title} | {f"{w} principle" for w in content_words(title)}


def openings(passages: list[Passage]) -> dict[str, Passage]:
    """Each principle page's opening passage, under every name a leader would use for it."""
    found: dict[str, Passage] = {}
    for p in passages:
        if p.principle and p.position == 0:
            for name in names_for(p.principle):
                found[name] = p
    return found


def suggestion_for(passage: Passage) -> str | None:
    """The question a passage's part of the guide answers: its section heading when that is a
    question, else its principle's; none for other parts of a page that is not a principle's."""
    if passage.section.endswith("?"):
        return passage.section
    return _asks_of_leaders(passage.principle) if passage.principle else None


def _asks_of_leaders(principle: str) -> str:
    return f'What does the principle "{principle}" ask of leaders?'


def suggested_questions(passages: list[Passage]) -> list[str]:
    """Questions the loaded pages answer: their own question headings and their principles,
    one per page first so every page is represented."""
    headings = list(dict.fromkeys(p.section for p in passages if p.section.endswith("?")))
    principles = sorted({p.principle for p in passages if p.principle})
    asked = [_asks_of_leaders(name) for name in principles]
    return asked[:1] + headings[:1] + asked[1:] + headings[1:]


def suggestions_near(near: list[Passage], general: list[str], count: int) -> list[str]:
    """`count` questions the loaded pages answer, those of the parts nearest a question first
    (`near`: the passages its search ranked highest), so a leader whose question fell short of
    the guide is pointed to where it comes closest; then the `general` ones
    (suggested_questions)."""
    nearest = [s for p in near if (s := suggestion_for(p))]
    return list(dict.fromkeys(nearest + general))[:count]


def coverage_line(passages: list[Passage], named: int = 4) -> str:
    """The loaded pages, principles first; past `named` of them, a count of the rest."""
    labels: dict[str, None] = {}
    for p in sorted(passages, key=lambda p: p.principle is None):
        labels.setdefault(f'the principle "{p.principle}"' if p.principle else f'"{p.title}"')
    pages = list(labels)
    if len(pages) > named:
        pages = pages[:named] + [f"{len(labels) - named} other pages"]
    return ", ".join(pages[:-1]) + (" and " if len(pages) > 1 else "") + pages[-1]


def principles_home(passages: list[Passage]) -> str | None:
    """The official page listing the principles, found from a loaded principle page's address."""
    for p in passages:
        if p.principle and p.source_url:
            return urljoin(p.source_url.rstrip("/") + "/", "..")
    return None
