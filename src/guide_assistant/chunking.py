"""Splits a cleaned page into passages that follow the guide's structure.

A passage is one paragraph, or a list together with the sentence that leads into it. Each passage
records its page, section, principle and character span in the page body, so a citation can point
at the exact place in the guide. Each passage is also split into units (sentences, list items) that
the extractive answerer quotes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .cleaning import BULLET
from .corpus import Page

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
# A sentence ends at . ! or ? followed by space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'\"(\[])")


@dataclass(frozen=True)
class Unit:
    """A sentence or list item of a passage; start/end index into the passage text."""
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    id: str
    page_id: str
    title: str
    section: str
    principle: str | None
    source_url: str | None
    text: str    # the guide's words, an exact span of the page's body
    position: int  # order within the page
    context: str   # what is embedded and searched: title and section, then the text
    units: tuple[Unit, ...] = field(default=())

    def unit_text(self, unit: Unit) -> str:
        return self.text[unit.start:unit.end]

    def is_item(self, unit: Unit) -> bool:
        """Whether the unit is a list item (rather than a sentence)."""
        line_start = self.text.rfind("\n", 0, unit.start) + 1
        return bool(BULLET.match(self.text[line_start:unit.start + 1]))


def split_units(text: str) -> tuple[Unit, ...]:
    """Sentences of the paragraph lines and items of the list lines, as spans of `text`."""
    units: list[Unit] = []
    offset = 0
    for line in text.split("\n"):
        bullet = BULLET.match(line)
        begin = offset + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        content = text[begin:offset + len(line)]
        pieces = [content] if bullet else _SENTENCE_END.split(content)
        cursor = begin
        for piece in pieces:
            at = text.index(piece, cursor) if piece else cursor
            if piece.strip():
                units.append(Unit(at, at + len(piece.rstrip())))
            cursor = at + len(piece)
        offset += len(line) + 1
    return tuple(units)


def _blocks(body: str):
    """(start, end, lines) of each run of non-blank lines, with offsets into body."""
    start = None
    pos = 0
    for line in body.split("\n") + [""]:
        if line.strip() and start is None:
            start = pos
        elif not line.strip() and start is not None:
            yield start, pos - 1, body[start:pos - 1].split("\n")
            start = None
        pos += len(line) + 1


def _passage_id(page_id: str, heading_path: str, text: str) -> str:
    digest = hashlib.sha256(f"{page_id}\n{heading_path}\n{text}".encode()).hexdigest()
    return f"{page_id[:24]}-{digest[:16]}"


def chunk_page(page: Page) -> list[Passage]:
    """The passages of one page, in reading order."""
    headings: list[tuple[int, str]] = []  # (level, text) of the headings in force
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    last_was_paragraph = False
    for start, end, lines in _blocks(page.body):
        heading = _HEADING.match(lines[0])
        if heading:
            level = len(heading.group(1))
            headings = [h for h in headings if h[0] < level] + [(level, heading.group(2))]
            last_was_paragraph = False
            if len(lines) == 1:
                continue
            start += len(lines[0]) + 1  # text straight under a heading line, no blank between
            lines = lines[1:]
        path = tuple(h[1] for h in headings)
        is_list = all(BULLET.match(ln) for ln in lines)
        if is_list and last_was_paragraph and spans and spans[-1][2] == path:
            # A list belongs with the sentence that leads into it.
            spans[-1] = (spans[-1][0], end, path)
            last_was_paragraph = False
            continue
        spans.append((start, end, path))
        last_was_paragraph = not is_list

    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for position, (start, end, path) in enumerate(spans):
        text = page.body[start:end]
        section = path[-1] if path else page.title
        heading_path = " › ".join(path)
        pid = _passage_id(page.page_id, heading_path, text)
        if pid in seen:  # the same paragraph twice in one section: keep ids distinct
            seen[pid] += 1
            pid = f"{pid}-{seen[pid]}"
        else:
            seen[pid] = 0
        context_head = page.title + (f" › {heading_path}" if heading_path else "")
        passages.append(Passage(
            id=pid, page_id=page.page_id, title=page.title, section=section,
            principle=page.principle, source_url=page.source_url, text=text,
            position=position, context=f"{context_head}\n{text}",
            units=split_units(text),
        ))
    return passages
