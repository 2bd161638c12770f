"""A small invented website in the guide's structure, served on loopback for the import tests.

Invented text (lanterns and harbours, like tests/data/corpus), not copies of the real guide: a
home page, seven principle pages under `seven-interconnected-principles/`, a glossary; and the
troubles a crawler meets: a robots.txt that disallows one path, a 404 link, a redirect off the
site, a PDF link, a link loop and a slow page. Every page carries a menu, a cookie banner and a
footer that must not reach the corpus. The server answers conditional requests (ETag,
Last-Modified) and records the headers it was sent.
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = "/guide/"
PRINCIPLES = {
    "leadership": ("Leadership: share the lantern",
                   "Leadership of lantern change is shared across the harbour, so no single "
                   "keeper carries the light alone and crews take turns to guide the boats in."),
    "learning": ("Learning: keep a logbook of every crossing",
                 "Crews record what each crossing taught them in a shared logbook, and the next "
                 "crew reads it before setting out."),
    "complexity": ("Complexity: every harbour has its own tides",
                   "No two harbours share the same tides, so a lantern that works in one needs "
                   "adapting to the currents of the next."),
    "relationships": ("Relationships: know the other crews",
                      "Trust between crews grows through regular meetings on the quay, long "
                      "before any new lantern is lit."),
    "evidence": ("Evidence: count the boats that come home",
                 "Keepers count the boats that reach the quay safely, before and after a new "
                 "lantern, to show whether the light makes a difference."),
    "networks": ("Networks: signal from harbour to harbour",
                 "Harbours pass lantern signals along the coast, so a change in one reaches the "
                 "others without waiting for a letter."),
    "benefit": ("Benefit: light the way for the boats, not for the lantern",
                "Speak of the boats kept safe rather than of the lantern itself: the benefit to "
                "crews is what makes other harbours want it."),
}
CHROME_TOP = ('<div id="cookies">We use cookies on this site. Accept all cookies or manage '
              'cookie settings.</div><nav><ul><li><a href="{root}">Home</a></li>'
              '<li><a href="{root}glossary/">Glossary</a></li><li>Contact the harbour office</li>'
              '</ul></nav>')
CHROME_BOTTOM = ("<footer><p>Harbour Guides footer: accessibility statement, privacy notice, "
                 "terms of use. Copyright the Harbour Board.</p></footer>")


def _page(title: str, body: str, links: list[str] = ()) -> bytes:
    more = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    html = (f"<!doctype html><html><head><title>{title} - Harbour Guides</title></head><body>"
            + CHROME_TOP.format(root=ROOT) + f"<main><h1>{title}</h1>{body}"
            + (f"<h2>Related pages</h2><ul>{more}</ul>" if more else "") + "</main>"
            + CHROME_BOTTOM + "</body></html>")
    return html.encode()


def _principle(slug: str) -> bytes:
    title, text = PRINCIPLES[slug]
    others = [(f"{ROOT}seven-interconnected-principles/{s}/", PRINCIPLES[s][0])
              for s in PRINCIPLES if s != slug][:2]
    body = (f"<p>{text}</p><h2>Questions to consider</h2><ul>"
            f"<li>Who on the quay should hear about the {slug} of this lantern first?</li>"
            f"<li>What would the crews need to see before they trust it?</li></ul>"
            f"<p>See learning principle for more information.</p>")
    return _page(title, body, others)


def pages() -> dict[str, tuple[int, str, bytes]]:
    """Path → (status, content type, body)."""
    home_links = [(f"{ROOT}seven-interconnected-principles/{s}/", t) for s, (t, _) in PRINCIPLES.items()]
    home_links += [(f"{ROOT}glossary/", "Glossary"), (f"{ROOT}private/", "Staff only"),
                   (f"{ROOT}missing/", "A page that moved away"), (f"{ROOT}moved/", "Elsewhere"),
                   (f"{ROOT}leaflet.pdf", "Leaflet (PDF)"), (f"{ROOT}loop/a/", "Round and round"),
                   (f"{ROOT}slow/", "A slow page"), (f"{ROOT}huge/", "The whole logbook"),
                   ("http://elsewhere.invalid/", "Another site")]
    site = {
        ROOT: _page("Harbour lantern guide",
                    "<p>This guide helps harbour keepers spread new lanterns from one harbour to "
                    "the next. Start with the seven interconnected principles, then the "
                    "glossary.</p><h2>Why spread lanterns?</h2><p>A lantern that saves boats in "
                    "one harbour can save boats in many, if keepers share how they lit it.</p>"
                    "<p>See leadership principle and networks principle for more information.</p>",
                    home_links),
        f"{ROOT}glossary/": _page("Glossary", "<h2>Lantern</h2><p>A light kept on the quay to "
                                  "guide boats home.</p><h2>Keeper</h2><p>The person who tends "
                                  "the lantern through the night.</p>"),
        f"{ROOT}private/": _page("Staff only", "<p>Rota for the keepers' night shifts.</p>"),
        f"{ROOT}loop/a/": _page("Round", "<p>This page links to another that links back.</p>",
                                [(f"{ROOT}loop/b/", "Onwards")]),
        f"{ROOT}loop/b/": _page("And round", "<p>This page links back to the first.</p>",
                                [(f"{ROOT}loop/a/", "Back")]),
    }
    for slug in PRINCIPLES:
        site[f"{ROOT}seven-interconnected-principles/{slug}/"] = _principle(slug)
    out = {path: (200, "text/html; charset=utf-8", body) for path, body in site.items()}
    out["/robots.txt"] = (200, "text/plain", f"User-agent: *\nDisallow: {ROOT}private/\n".encode())
    out[f"{ROOT}leaflet.pdf"] = (200, "application/pdf", b"%PDF-1.4 not really a leaflet")
    out[f"{ROOT}huge/"] = (200, "text/html", _page("Logbook", "<p>" + "tide " * 1_300_000 + "</p>"))
    return out


# What a crawl of the site must import (the allowed HTML pages), and what it must name as failed.
IMPORTED = {ROOT, f"{ROOT}glossary/", f"{ROOT}loop/a/", f"{ROOT}loop/b/",
            *(f"{ROOT}seven-interconnected-principles/{s}/" for s in PRINCIPLES)}
FAILED = {f"{ROOT}private/": "robots.txt", f"{ROOT}missing/": "404",
          f"{ROOT}moved/": "redirects off", f"{ROOT}leaflet.pdf": "not a web page",
          f"{ROOT}slow/": "timed out", f"{ROOT}huge/": "larger than"}
SLOW_SECONDS = 3.0


class Site:
    """The site on a free loopback port; `requests` holds (path, headers) of every request."""

    def __init__(self) -> None:
        self.content = pages()
        self.requests: list[tuple[str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                if self.path == f"{ROOT}slow/":
                    time.sleep(SLOW_SECONDS)
                    return self._send(200, "text/html", _page("Slow", "<p>At last.</p>"))
                if self.path == f"{ROOT}moved/":
                    self.send_response(301)
                    self.send_header("Location", "http://elsewhere.invalid/new-home/")
                    self.end_headers()
                    return None
                if self.path not in site.content:
                    return self._send(404, "text/html", b"<html><body>Not found</body></html>")
                status, kind, body = site.content[self.path]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return None
                return self._send(status, kind, body, etag)

            def _send(self, status, kind, body, etag=None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", "Sun, 01 Nov 2026 09:00:00 GMT")
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the crawler gave up waiting
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{ROOT}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
