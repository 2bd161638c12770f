"""A PDF: its text by pypdf, page by page; lines joined back into paragraphs."""

from __future__ import annotations

import io
import re


def read(data: bytes) -> tuple[dict, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pdf = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() or "" for page in pdf.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ValueError(f"is not a readable PDF ({exc.__class__.__name__}); skipped") from None
    paragraphs = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text):
            line = re.sub(r"\s*\n\s*", " ", block).strip()
            if line:
                paragraphs.append(line)
    if not paragraphs:
        raise ValueError("has no text (a scanned PDF needs OCR first); skipped")
    meta = {}
    title = (pdf.metadata or {}).get("/Title") if pdf.metadata else None
    if title:
        meta["title"] = str(title).strip()
    return meta, "\n\n".join(paragraphs)
