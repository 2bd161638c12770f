"""`guide-assistant import`: the guide's pages into the corpus folder, from its website or from
saved files (web pages, PDF, Word, Markdown, captured text), as Markdown with front matter.

Each page is written whole or not at all (written aside, then renamed into place), so an import
that is interrupted leaves no partial page. A page whose source is already in the corpus (same
`source_url`, or the same saved file) is updated in place; an unchanged one is left untouched.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import yaml

from guide_assistant import readers
from guide_assistant.corpus import _slug

from .crawl import Crawler, Seen

log = logging.getLogger(__name__)
PRINCIPLES_PATH = "seven-interconnected-principles"  # where the guide keeps its principle pages
STATE_FILE = "import-state.json"  # per page address: ETag, Last-Modified, links (data folder)


@dataclass
class ImportSummary:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged)

    def __str__(self) -> str:
        lines = [f"import: {len(self.new)} new, {len(self.changed)} changed, "
                 f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"]
        lines += [f"  failed: {source} — {reason}" for source, reason in self.failed]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def principle_of(url: str | None, title: str) -> str | None:
    """A page under the guide's principles folder is a principle page, named by its title."""
    if not url:
        return None
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if PRINCIPLES_PATH in parts and parts.index(PRINCIPLES_PATH) < len(parts) - 1:
        return title
    return None


def page_id_for(url: str, prefix: str) -> str:
    """From the address, relative to where the import started: …/seven-interconnected-principles/
    benefit/ → "benefit-principle"; the start page itself → its own name ("home" for a site's
    root)."""
    path = urlsplit(url).path
    parts = [p for p in path.split("/") if p]
    if PRINCIPLES_PATH in parts[:-1]:
        return _slug(f"{parts[-1]}-principle")
    rest = [p for p in path[len(prefix):].split("/") if p] if path.startswith(prefix) else parts
    return _slug("-".join(rest or parts[-1:])) if (rest or parts) else "home"


class CorpusWriter:
    """Writes pages into the corpus folder, atomically, keyed by their source."""

    def __init__(self, corpus_dir: Path, data_dir: Path) -> None:
        self.corpus = Path(corpus_dir)
        self.corpus.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(data_dir) / "import-tmp"
        self.scratch.mkdir(parents=True, exist_ok=True)
        for stale in self.scratch.iterdir():  # left by an import that was killed
            stale.unlink(missing_ok=True)
        self.by_source: dict[str, Path] = {}
        for path in self.corpus.glob("*.md"):
            try:
                meta = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            for key in ("source_url", "imported_from"):
                if meta.get(key):
                    self.by_source[str(meta[key])] = path

    def write(self, source: str, meta: dict, body: str, summary: ImportSummary) -> None:
        body = body.strip() + "\n"
        digest = hashlib.sha256(body.encode()).hexdigest()[:16]
        existing = self.by_source.get(source)
        if existing is not None:
            try:
                old = frontmatter.loads(existing.read_text(encoding="utf-8")).metadata
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                old = {}
            if old.get("content_hash") == digest:
                summary.unchanged.append(source)
                return
            path, bucket = existing, summary.changed
        else:
            path, bucket = self._free_name(meta["page_id"]), summary.new
        text = "---\n" + yaml.safe_dump({**meta, "content_hash": digest}, sort_keys=False,
                                        allow_unicode=True, width=1000) + "---\n" + body
        self._replace(path, text)
        self.by_source[source] = path
        bucket.append(source)

    def _free_name(self, page_id: str) -> Path:
        path, n = self.corpus / f"{page_id}.md", 1
        while path.exists():
            n += 1
            path = self.corpus / f"{page_id}-{n}.md"
        return path

    def _replace(self, path: Path, text: str) -> None:
        """Written aside, then renamed over the page: a reader sees the old page or the new one."""
        fd, tmp = tempfile.mkstemp(dir=self.scratch, suffix=".md")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            # The data folder is on another disk: stage beside the page (a hidden name the
            # corpus loader ignores) so the rename stays atomic.
            local = path.with_name(f".{path.name}.importing")
            os.replace(_copy(tmp, local), path)


def _copy(source: str, target: Path) -> Path:
    target.write_bytes(Path(source).read_bytes())
    os.unlink(source)
    return target


def _load_state(data_dir: Path) -> dict[str, Seen]:
    try:
        raw = json.loads((Path(data_dir) / STATE_FILE).read_text(encoding="utf-8"))
        return {url: Seen(**v) for url, v in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}


def _save_state(data_dir: Path, state: dict[str, Seen]) -> None:
    path = Path(data_dir) / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({u: vars(s) for u, s in state.items()}, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def import_url(start: str, writer: CorpusWriter, data_dir: Path, summary: ImportSummary, *,
               delay: float, max_pages: int, timeout: float) -> None:
    state = _load_state(data_dir)
    crawler = Crawler(start, seen=state, delay=delay, max_pages=max_pages, timeout=timeout)
    today = dt.date.today().isoformat()
    for fetched in crawler.run():
        log.info("%s: %s", fetched.outcome, fetched.url)
        if fetched.outcome == "failed":
            summary.failed.append((fetched.url, fetched.reason))
            continue
        state[fetched.url] = Seen(fetched.etag, fetched.last_modified, fetched.links)
        if fetched.outcome == "unchanged":
            summary.unchanged.append(fetched.url)
            continue
        try:
            document = readers.read(fetched.data, fetched.suffix)
        except ValueError as exc:
            summary.failed.append((fetched.url, str(exc)))
            continue
        title = _title(document, fetched.url)
        meta = {"page_id": page_id_for(fetched.url, crawler.prefix), "title": title,
                "source_url": fetched.url, "principle": principle_of(fetched.url, title),
                "fetched": today}
        writer.write(fetched.url, meta, _without_title(document.body, title), summary)
    if crawler.not_followed:
        summary.notes.append(f"page limit ({max_pages}) reached; {crawler.not_followed} "
                             "addresses not fetched (raise --max-pages)")
    _save_state(data_dir, state)


def import_path(path: Path, writer: CorpusWriter, summary: ImportSummary) -> None:
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")) \
        if path.is_dir() else [path]
    for file in files:
        if file.suffix.lower() not in readers.suffixes():
            if not path.is_dir():
                summary.failed.append((str(file), f"{file.suffix or 'no suffix'}: not a format "
                                                  f"the assistant reads ({', '.join(readers.suffixes())})"))
            continue
        if file.resolve().parent == writer.corpus.resolve():
            summary.notes.append(f"{file.name} is already in the corpus folder")
            continue
        try:
            document = readers.read(file.read_bytes(), file.suffix)
        except (OSError, ValueError) as exc:
            summary.failed.append((str(file), str(exc)))
            continue
        title = _title(document, file.stem.replace("-", " ").replace("_", " "))
        url = document.meta.get("source_url")
        meta = {"page_id": _slug(str(document.meta.get("page_id") or file.stem)), "title": title,
                "source_url": url, "principle": document.meta.get("principle")
                or principle_of(url, title), "imported_from": file.name,
                "fetched": dt.date.fromtimestamp(file.stat().st_mtime).isoformat()}
        writer.write(url or file.name, meta, _without_title(document.body, title), summary)


def _title(document: readers.Document, fallback: str) -> str:
    heading = re.match(r"\s*#\s+(.+)\n", document.body)
    if document.meta.get("title"):
        return str(document.meta["title"]).strip()
    return heading.group(1).strip() if heading else fallback


def _without_title(body: str, title: str) -> str:
    """The page's own "# Title" line is the title in the front matter, not a section."""
    return re.sub(rf"^\s*#\s+{re.escape(title)}\s*\n", "", body, count=1)


def run_import(sources: list[str], corpus_dir: Path, data_dir: Path, *, delay: float = 1.0,
               max_pages: int = 100, timeout: float = 20.0) -> ImportSummary:
    summary = ImportSummary()
    writer = CorpusWriter(corpus_dir, data_dir)
    for source in sources:
        if is_url(source):
            import_url(source, writer, data_dir, summary, delay=delay, max_pages=max_pages,
                       timeout=timeout)
        elif Path(source).exists():
            import_path(Path(source), writer, summary)
        else:
            summary.failed.append((source, "no such file or folder, and not an http(s) address"))
    return summary
