"""Loads guide pages from the corpus folder, in any format a reader handles (readers/):
Markdown with front matter, captured plain text, saved web pages, PDF and Word documents.

A file that cannot be used is named in a problem and skipped; the rest still load. Only a corpus
with no usable page at all is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import readers
from .cleaning import clean_text
from .errors import CorpusError

MAX_PAGE_BYTES = 20_000_000  # a guide page is a few KB (a PDF or Word file, some MB at most)


@dataclass(frozen=True)
class Page:
    page_id: str
    title: str
    source_url: str | None
    principle: str | None
    body: str  # cleaned Markdown; passage spans index into this string
    path: Path


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "page"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or ValueError saying why it is not a usable page."""
    size = path.stat().st_size
    if size == 0:
        raise ValueError("the file is empty; skipped")
    if size > MAX_PAGE_BYTES:
        raise ValueError(f"{size / 1e6:.1f} MB is too large for a guide page "
                         f"(limit {MAX_PAGE_BYTES / 1e6:.0f} MB); skipped")
    return path.read_bytes()


def _str_or_none(value: object) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def load_page(path: Path) -> tuple[Page | None, list[Problem]]:
    """One page and any problems found with it (a page with problems may still load)."""
    problems: list[Problem] = []
    try:
        document = readers.read(_read_bytes(path), path.suffix)
    except (OSError, ValueError) as exc:
        return None, [Problem(path, str(exc))]

    meta = dict(document.meta)
    body = clean_text(document.body)
    heading = re.match(r"#\s+(.+)\n", body)
    if heading:  # a leading "# Title" is the title, not a section of the page
        body = body[heading.end():].lstrip("\n")
        meta.setdefault("title", heading.group(1).strip())
    if meta.pop("_no_front_matter", False):
        problems.append(Problem(path, "has no front matter; title taken from the "
                                      "first heading or the file name"))

    if not body.strip():
        return None, problems + [Problem(path, "has no text after cleaning; skipped")]
    page = Page(
        page_id=_slug(str(meta.get("page_id") or path.stem)),
        title=_str_or_none(meta.get("title")) or path.stem.replace("-", " ").replace("_", " "),
        source_url=_str_or_none(meta.get("source_url")),
        principle=_str_or_none(meta.get("principle")),
        body=body,
        path=path,
    )
    return page, problems


def load_corpus(corpus_dir: Path) -> tuple[list[Page], list[Problem]]:
    """All usable pages of the folder, sorted by file name, and the problems met on the way.

    Raises CorpusError when the folder is missing or no page in it is usable.
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist; set GUIDE_CORPUS_DIR or "
                          "pass --corpus with the folder of guide pages")
    pages: list[Page] = []
    problems: list[Problem] = []
    seen_ids: dict[str, Path] = {}
    seen_bodies: dict[str, Path] = {}
    files = sorted(p for p in corpus_dir.iterdir()
                   if p.suffix.lower() in readers.suffixes() and p.is_file()
                   and not p.name.startswith(".") and p.name.lower() != "readme.md")
    for path in files:
        page, found = load_page(path)
        problems += found
        if page is None:
            continue
        if page.page_id in seen_ids:
            problems.append(Problem(path, f"has the same page_id '{page.page_id}' as "
                                          f"{seen_ids[page.page_id].name}; skipped"))
            continue
        if page.body in seen_bodies:
            problems.append(Problem(path, f"duplicates {seen_bodies[page.body].name}; skipped"))
            continue
        seen_ids[page.page_id] = path
        seen_bodies[page.body] = path
        pages.append(page)
    if not pages:
        detail = "; ".join(str(p) for p in problems) or \
            f"no page files ({', '.join(readers.suffixes())})"
        raise CorpusError(f"no usable guide page in {corpus_dir} ({detail})")
    return pages, problems
