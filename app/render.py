"""Turns answers into what the app shows. Every piece of question or corpus text is HTML-escaped
here, so neither can inject markup or script; only the tags written below reach the page."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from typing import TYPE_CHECKING

from guide_assistant.contract import MARKER, place

if TYPE_CHECKING:
    from guide_assistant.assistant import GuideOverview

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*([^*\n]+?)\*(?![*\w])")
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)]")
PREVIEW = 160  # characters of a quote shown when hovering its [n]


def question_html(question: str) -> str:
    """A question as the chat shows it: text, never markup."""
    return html.escape(question).replace("\n", "<br>")


def _link(url: str, text: str | None = None) -> str:
    return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(text or url)}</a>")


def _text_html(text: str) -> str:
    """Escaped text with the guide's **bold** and *italic*, and addresses as real links."""
    out, at = [], 0
    for m in _URL.finditer(text):
        out.append(html.escape(text[at:m.start()]))
        out.append(_link(m.group(0)))
        at = m.end()
    out.append(html.escape(text[at:]))
    escaped = "".join(out)
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def _ask_link(question: str) -> str:
    """A question the leader can click to ask (the page script puts it in the chat). The
    question rides in the address: the chat's sanitiser keeps href, not data- attributes."""
    return (f'<a href="#ask={html.escape(quote(question), quote=True)}" class="ask-this">'
            f"{html.escape(question)}</a>")


def _line_html(line: str, aid: str, quotes: dict[int, str]) -> str:
    """One line of an answer: text, and each [n] as a chip linking to its card."""
    parts = MARKER.split(line)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            n = int(part)
            preview = quotes.get(n, "")
            preview = preview if len(preview) <= PREVIEW else preview[:PREVIEW].rsplit(" ", 1)[0] + "…"
            # The chip's address names its answer and number (#s-<answer>-<n>): the page script
            # reads them from there, as the chat's sanitiser drops data- and aria- attributes.
            out.append(f'<a href="#s-{aid}-{n}" class="cite" '
                       f'title="Source {n}: {html.escape(preview, quote=True)}">[{n}]</a>')
        else:
            out.append(_text_html(part))
    return "".join(out)


def draft_html(draft: str) -> str:
    """An LLM's draft while it streams: plain escaped text, marked as not yet checked."""
    return (f'<p class="notice">Draft, being checked against the guide…</p>'
            f"<p>{html.escape(draft)}</p>")


def answer_html(answer: dict, aid: str = "a", rewritten: bool = False) -> str:
    """The assistant's chat message: the answer with its [n] chips, then its sources in a
    collapsible block under it (open on a phone when a chip is clicked; on a wide screen the
    Sources panel shows them). `rewritten`: the search query is not the question as typed (it
    carries an earlier turn's topic, or names the guide), so show what was searched. A
    decline's suggested questions can be clicked to ask them."""
    quotes = {c["n"]: c["quote"] for c in answer["citations"]}
    blocks, items = [], []
    if rewritten:
        blocks.append(f'<p class="searching"><em>Searching for: {html.escape(answer["search_query"])}</em></p>')
    suggestions = False
    for line in answer["answer"].splitlines():
        if line.startswith("- "):
            item = line[2:]
            items.append(f"<li>{_ask_link(item) if suggestions else _line_html(item, aid, quotes)}</li>")
            continue
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            blocks.append(f"<p>{_line_html(line, aid, quotes)}</p>")
            suggestions = answer.get("refused") and line.rstrip().endswith("You could ask:")
    if items:
        blocks.append("<ul>" + "".join(items) + "</ul>")
    if answer.get("notice"):
        blocks.insert(0, f'<p class="notice">{html.escape(answer["notice"])}</p>')
    removed = (answer.get("guard") or {}).get("removed") or []
    if answer.get("mode") == "llm" and removed:
        blocks.append(f'<p class="notice">{len(removed)} sentence(s) of the language model\'s '
                      f'draft were removed because the guide does not support them.</p>')
    if answer["citations"]:
        cards = _cards(answer, lambda n: f"s-{aid}-{n}")
        blocks.append(f'<details class="answer-sources" id="d-{aid}"><summary>Sources '
                      f'({len(answer["citations"])})</summary>{cards}</details>')
    return "\n".join(blocks)


def _where(c: dict) -> str:
    return place(c["title"], c["section"])


def _highlighted(text: str, quote: str) -> str:
    """The passage with the quoted span marked; list lines kept as lines."""
    start = text.find(quote) if quote else -1
    if start < 0:
        body = html.escape(text)
    else:
        end = start + len(quote)
        body = (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
                + html.escape(text[end:]))
    return body.replace("\n", "<br>")


def _cards(answer: dict, card_id) -> str:
    cards = []
    for c in answer["citations"]:
        link = (f'<p>{_link(c["source_url"], "Read it on the official page")}</p>'
                if c.get("source_url") else "")
        cards.append(
            f'<section class="source" id="{card_id(c["n"])}" tabindex="-1" '
            f'aria-label="Source {c["n"]}"><h3>[{c["n"]}] {html.escape(_where(c))}</h3>'
            f'<blockquote>{_highlighted(c["text"], c["quote"])}</blockquote>{link}</section>')
    return "\n".join(cards)


def sources_html(answer: dict | None, aid: str = "a") -> str:
    """The Sources panel (wide screens): the latest answer's cards."""
    if not answer:
        return '<p class="empty">Sources for the latest answer appear here.</p>'
    if not answer["citations"]:
        return '<p class="empty">This answer cites no passage of the guide.</p>'
    return f'<div data-answer="{aid}">' + _cards(answer, lambda n: f"source-{n}") + "</div>"


def principle_question(principle: str) -> str:
    """What "Ask about this principle" asks."""
    return f'What does the principle "{principle}" ask of leaders?'


def finder_html(guide: "GuideOverview") -> str:
    """The principle finder: what is loaded, with the guide's opening lines and questions to
    consider (each can be clicked to ask it), and what the loaded pages mention but do not hold,
    linked to the official site. HTML-escaped like everything else."""
    e = html.escape
    principles_home, home = guide.principles_home, guide.home
    out = ["<h2>Loaded pages</h2>"]
    for page in guide.pages:
        kind = "Principle" if page.principle else "Page"
        link = f" — {_link(page.source_url, 'official page')}" if page.source_url else ""
        out.append(f"<h3>{kind}: {e(page.principle or page.title)}</h3>"
                   f"<p><em>{e(page.opening)}</em>{link}</p>")
        if page.principle:
            out.append(f'<p class="ask-principle">{_ask_link(principle_question(page.principle))}</p>')
        if page.questions:
            out.append("<p>Questions to consider (click one to ask it):</p><ul>"
                       + "".join(f"<li>{_ask_link(q)}</li>" for q in page.questions) + "</ul>")
    missing = guide.missing
    if missing:
        out.append("<h2>Mentioned in these pages but not loaded</h2><ul>")
        for part in missing:
            target = principles_home if part.name.endswith("principle") and principles_home else home
            name = part.name[:1].upper() + part.name[1:]
            out.append(f"<li>{_link(target, name)}</li>" if target else f"<li>{e(name)}</li>")
        out.append("</ul><p>Their pages are on the official site; this assistant answers only "
                   "from the pages loaded here.</p>")
    return "\n".join(out)


def landing_line(guide: "GuideOverview") -> str:
    """Who the assistant is for, and how much of the guide it knows, in one line."""
    titles = [p.principle or p.title for p in guide.pages]
    shown = ", ".join(f"“{html.escape(t)}”" for t in titles[:4]) + (
        f" and {len(titles) - 4} more" if len(titles) > 4 else "")
    return (f"For health and care system leaders. Answers come only from NHS England's guide, in "
            f"its own words, with the excerpts they rest on. Knows {len(titles)} of the guide's "
            f"pages: {shown}.")
