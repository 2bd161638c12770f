"""Fetching the guide's pages from its website, politely.

From a start address, links are followed on the same host under the same path prefix. robots.txt
is obeyed; one request at a time, with a delay between them and a User-Agent that says what is
asking; a page limit, a timeout and a size limit. A page fetched before is asked for with its
ETag / Last-Modified, so an unchanged page is not sent again. Every page that cannot be used is
reported with its reason, never raised.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from guide_assistant.readers import CONTENT_TYPES

log = logging.getLogger(__name__)
USER_AGENT = ("guide-assistant-import/1.0 (fetches NHS England's guide on the spread and "
              "adoption of innovation for an offline question-answering assistant)")


@dataclass
class Fetched:
    url: str
    outcome: str                  # "ok", "unchanged" (304) or "failed"
    data: bytes = b""
    suffix: str = ".html"
    etag: str | None = None
    last_modified: str | None = None
    links: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class Seen:
    """What a previous import learnt of a page: for conditional requests and its links."""
    etag: str | None = None
    last_modified: str | None = None
    links: list[str] = field(default_factory=list)


def scope_of(start: str) -> tuple[str, str]:
    """(host, path prefix) that links must stay within: the start page's folder."""
    parts = urlsplit(start)
    path = parts.path or "/"
    prefix = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    return parts.netloc.lower(), prefix


def normalise(url: str) -> str:
    """Without fragment or query: one address per page, so a link loop ends."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path or '/'}"


def links_in(html: bytes, base: str) -> list[str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    out = []
    for element, attribute, link, _ in tree.iterlinks():
        if element.tag == "a" and attribute == "href" and not link.startswith(("mailto:", "javascript:")):
            out.append(normalise(urljoin(base, link)))
    return list(dict.fromkeys(out))


class Crawler:
    def __init__(self, start: str, *, seen: dict[str, Seen] | None = None, delay: float = 1.0,
                 max_pages: int = 100, timeout: float = 20.0, max_bytes: int = 5_000_000,
                 client: httpx.Client | None = None) -> None:
        self.start = normalise(start)
        self.host, self.prefix = scope_of(self.start)
        self.seen = seen or {}
        self.delay, self.max_pages, self.timeout, self.max_bytes = delay, max_pages, timeout, max_bytes
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=False,
                                             headers={"User-Agent": USER_AGENT})
        self._last_request = 0.0
        self.not_followed = 0  # links left when the page limit was reached

    def in_scope(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme in ("http", "https") and parts.netloc.lower() == self.host
                and (parts.path or "/").startswith(self.prefix))

    def _get(self, url: str, headers: dict | None = None) -> "_Response":
        wait = self.delay - (time.monotonic() - self._last_request)
        if wait > 0:
            time.sleep(wait)
        try:
            with self.client.stream("GET", url, headers=headers or {}) as response:
                declared = int(response.headers.get("content-length") or 0)
                if declared > self.max_bytes:
                    raise _TooLarge(declared)
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise _TooLarge(len(body))
                return _Response(response.status_code, response.headers, body)
        finally:
            self._last_request = time.monotonic()

    def _robots(self) -> RobotFileParser | str:
        """The site's robots.txt rules, or the reason the site cannot be crawled."""
        robots = RobotFileParser()
        url = urljoin(self.start, "/robots.txt")
        try:
            response = self._get(url)
        except httpx.HTTPError as exc:
            return f"could not reach {urlsplit(url).netloc} ({_describe(exc, self.timeout)})"
        except _TooLarge:
            response = None
        if response is not None and response.status_code == 200:
            robots.parse(response.content.decode("utf-8", errors="replace").splitlines())
        elif response is not None and response.status_code >= 500:
            return f"robots.txt answered HTTP {response.status_code}; not crawling without it"
        else:
            robots.parse([])  # no robots.txt: everything allowed
        return robots

    def run(self) -> Iterator[Fetched]:
        robots = self._robots()
        if isinstance(robots, str):
            yield Fetched(self.start, "failed", reason=robots)
            return
        queue, queued, pages = deque([self.start]), {self.start}, 0
        while queue:
            url = queue.popleft()
            if pages >= self.max_pages:
                self.not_followed = len(queue) + 1
                return
            if not robots.can_fetch(USER_AGENT, url):
                yield Fetched(url, "failed", reason="disallowed by the site's robots.txt")
                continue
            fetched = self._fetch(url)
            if fetched.outcome == "redirect":
                target = fetched.links[0]
                if target not in queued:
                    queued.add(target)
                    queue.append(target)
                continue
            pages += fetched.outcome != "failed"
            yield fetched
            for link in fetched.links:
                if link not in queued and self.in_scope(link):
                    queued.add(link)
                    queue.append(link)

    def _fetch(self, url: str) -> Fetched:
        seen = self.seen.get(url)
        headers = {}
        if seen and seen.etag:
            headers["If-None-Match"] = seen.etag
        if seen and seen.last_modified:
            headers["If-Modified-Since"] = seen.last_modified
        try:
            response = self._get(url, headers)
        except _TooLarge as exc:
            return Fetched(url, "failed", reason=f"larger than {self.max_bytes / 1e6:.0f} MB "
                                                 f"({exc.size / 1e6:.1f} MB); skipped")
        except httpx.HTTPError as exc:
            return Fetched(url, "failed", reason=_describe(exc, self.timeout))
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = normalise(urljoin(url, response.headers.get("location", "")))
            if not self.in_scope(target):
                return Fetched(url, "failed", reason=f"redirects off the guide to {target}; skipped")
            return Fetched(url, "redirect", links=[target])
        if status == 304 and seen is not None:
            return Fetched(url, "unchanged", etag=seen.etag, last_modified=seen.last_modified,
                           links=seen.links)
        if status != 200:
            return Fetched(url, "failed", reason=f"HTTP {status}"
                           + (" (not found)" if status == 404 else "") + "; skipped")
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if CONTENT_TYPES.get(kind) != ".html":
            return Fetched(url, "failed", reason=f"not a web page ({kind or 'no content type'}); "
                                                 "skipped (save it and import the file instead)")
        return Fetched(url, "ok", data=response.content, etag=response.headers.get("etag"),
                       last_modified=response.headers.get("last-modified"),
                       links=links_in(response.content, url))


@dataclass
class _Response:
    status_code: int
    headers: httpx.Headers
    content: bytes


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _describe(exc: httpx.HTTPError, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g} s; skipped"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc}); skipped"
    return f"{exc.__class__.__name__}: {exc}; skipped"
