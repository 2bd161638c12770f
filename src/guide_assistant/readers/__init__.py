"""Readers: one small module per file format, each turning a file's bytes into a `Document`
(front matter and a Markdown body). The corpus loader and `guide-assistant import` both go
through `read`, so supporting a new format is adding a module here and a line to READERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import html, markdown, pdf, plain, word


@dataclass(frozen=True)
class Document:
    body: str                                # Markdown: "## " headings, "- " items, paragraphs
    meta: dict = field(default_factory=dict)  # front matter: title, source_url, page_id, …


Reader = Callable[[bytes], "tuple[dict, str]"]

READERS: dict[str, Reader] = {
    ".md": markdown.read, ".markdown": markdown.read,
    ".txt": plain.read,
    ".html": html.read, ".htm": html.read,
    ".pdf": pdf.read,
    ".docx": word.read,
}
# What a web server's Content-Type says, as the suffix whose reader handles it.
CONTENT_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html",
                 "application/pdf": ".pdf", "text/markdown": ".md", "text/plain": ".txt",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def suffixes() -> tuple[str, ...]:
    return tuple(READERS)


def read(data: bytes, suffix: str) -> Document:
    """The document in `data`, read as the format `suffix` names; ValueError says why not."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise ValueError(f"{suffix or 'files without a suffix'} is not a format the assistant "
                         f"reads ({', '.join(READERS)}); skipped")
    meta, body = reader(data)
    return Document(body, meta)
