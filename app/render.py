"""Turns answers into what the app shows. Every piece of question or corpus text is HTML-escaped
here, so neither can inject markup or script; only the tags written below reach the page."""

from __future__ import annotations

import html
import re

from typing import TYPE_CHECKING

from guide_assistant.contract import MARKER, place

if TYPE_CHECKING:
    from guide_assistant.assistant import GuideOverview

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def question_html(question: str) -> str:
    """A question as the chat shows it: text, never markup."""
    return html.escape(question).replace("\n", "<br>")


def _line_html(line: str) -> str:
    """One line of an answer: escaped text, [n] markers as links to their source."""
    parts = MARKER.split(line)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f'<a href="#source-{part}" class="cite" aria-label="source {part}">[{part}]</a>')
        else:
            out.append(_BOLD.sub(r"<strong>\1</strong>", html.escape(part)))
    return "".join(out)


def draft_html(draft: str) -> str:
    """An LLM's draft while it streams: plain escaped text, marked as not yet checked."""
    return (f'<p class="notice">Draft, being checked against the guide…</p>'
            f"<p>{html.escape(draft)}</p>")


def answer_html(answer: dict, rewritten: bool = False) -> str:
    """The assistant's chat message: the answer, then a line tying each [n] to its source.
    `rewritten`: the search query carries an earlier turn's topic, so show what was searched."""
    blocks, items = [], []
    if rewritten:
        blocks.append(f'<p class="searching"><em>Searching for: {html.escape(answer["search_query"])}</em></p>')
    for line in answer["answer"].splitlines():
        if line.startswith("- "):
            items.append(f"<li>{_line_html(line[2:])}</li>")
            continue
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            blocks.append(f"<p>{_line_html(line)}</p>")
    if items:
        blocks.append("<ul>" + "".join(items) + "</ul>")
    if answer.get("notice"):
        blocks.insert(0, f'<p class="notice">{html.escape(answer["notice"])}</p>')
    removed = (answer.get("guard") or {}).get("removed") or []
    if answer.get("mode") == "llm" and removed:
        blocks.append(f'<p class="notice">{len(removed)} sentence(s) of the language model\'s '
                      f'draft were removed because the guide does not support them.</p>')
    if answer["citations"]:
        refs = " · ".join(f'<a href="#source-{c["n"]}">[{c["n"]}]</a> {html.escape(_where(c))}'
                          for c in answer["citations"])
        blocks.append(f'<p class="refs">Sources: {refs}</p>')
    return "\n".join(blocks)


def _where(c: dict) -> str:
    return place(c["title"], c["section"])


def conversation_markdown(questions: list[str], answers: list[dict]) -> str:
    """The conversation with its citations, ready to paste into a board paper."""
    out = ["# Conversation with the guide assistant", "",
           "Answers are quoted from NHS England's guide *Leading the spread and adoption of "
           "innovation and improvement*.", ""]
    for question, answer in zip(questions, answers):
        out += [f"## {question}", "", answer["answer"], ""]
        for c in answer["citations"]:
            out.append(f"- [{c['n']}] {_where(c)}: \"{c['quote']}\"" +
                       (f" ({c['source_url']})" if c.get("source_url") else ""))
        out.append("")
    return "\n".join(out)


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


def sources_html(answer: dict | None) -> str:
    if not answer:
        return '<p class="empty">Sources for the latest answer appear here.</p>'
    if not answer["citations"]:
        return '<p class="empty">This answer cites no passage of the guide.</p>'
    cards = []
    for c in answer["citations"]:
        principle = (f'<p class="principle">Principle: {html.escape(c["principle"])}</p>'
                     if c.get("principle") else "")
        link = (f'<p><a href="{html.escape(c["source_url"], quote=True)}" target="_blank" '
                f'rel="noopener noreferrer">Read it on the official page</a></p>'
                if c.get("source_url") else "")
        cards.append(
            f'<section class="source" id="source-{c["n"]}" aria-label="Source {c["n"]}">'
            f'<h3>[{c["n"]}] {html.escape(_where(c))}</h3>{principle}'
            f'<blockquote>{_highlighted(c["text"], c["quote"])}</blockquote>{link}</section>')
    return "\n".join(cards)


def finder_html(guide: "GuideOverview") -> str:
    """The principle finder: what is loaded, with the guide's opening lines and questions, and
    what the loaded pages mention that is not loaded. HTML-escaped like everything else."""
    e = html.escape
    principles_home, home = guide.principles_home, guide.home
    out = ["<h2>Loaded pages</h2>"]
    for page in guide.pages:
        kind = "Principle" if page.principle else "Page"
        link = (f' — <a href="{e(page.source_url, quote=True)}" target="_blank" '
                f'rel="noopener noreferrer">official page</a>' if page.source_url else "")
        out.append(f"<h3>{kind}: {e(page.principle or page.title)}</h3>"
                   f"<p><em>{e(page.opening)}</em>{link}</p>")
        if page.questions:
            out.append("<p>Questions to consider:</p><ul>"
                       + "".join(f"<li>{e(q)}</li>" for q in page.questions) + "</ul>")
    missing = guide.missing
    if missing:
        out.append("<h2>Mentioned in these pages but not loaded</h2><ul>")
        for part in missing:
            target = principles_home if part.name.endswith("principle") and principles_home else home
            name = e(part.name[:1].upper() + part.name[1:])
            out.append(f'<li><a href="{e(target, quote=True)}" target="_blank" '
                       f'rel="noopener noreferrer">{name}</a></li>' if target else f"<li>{name}</li>")
        out.append("</ul><p>Their pages are on the official site; this assistant answers only "
                   "from the pages loaded here.</p>")
    return "\n".join(out)
