"""A saved or fetched web page: its main content as Markdown, by trafilatura (headings and
lists kept; navigation, cookie banners and footers dropped), and its title and address."""

from __future__ import annotations

import re


def read(data: bytes) -> tuple[dict, str]:
    import trafilatura  # here, not at import: only importing and ingesting HTML need it

    html = data.decode("utf-8", errors="replace")
    body = trafilatura.extract(_main_part(html), output_format="markdown", include_links=False,
                               include_images=False, include_formatting=True, include_tables=True)
    if not body or not body.strip():
        raise ValueError("has no main text that could be told from menus and footers; skipped")
    meta: dict = {}
    found = trafilatura.extract_metadata(html)
    if found is not None and found.title:
        meta["title"] = re.split(r"\s+[-|–]\s+", found.title)[0].strip()  # "Page - Site"
    if found is not None and found.url:
        meta["source_url"] = found.url
    return meta, _headings(body)


def _headings(body: str) -> str:
    """trafilatura marks some headings in bold rather than "#": keep one convention."""
    return re.sub(r"^\*\*([^*\n]{1,120})\*\*$", r"## \1", body, flags=re.M)


def _main_part(html: str) -> str:
    """Only the page's marked main content, when it marks one (<main>, role="main"): on a short
    page trafilatura alone cannot always tell the text from the menus around it."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    main = tree.xpath("//main | //*[@role='main']")
    if not main:
        return html
    return f"<html><body>{lxml.html.tostring(main[0], encoding='unicode')}</body></html>"
