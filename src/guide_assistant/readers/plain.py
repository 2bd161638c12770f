"""Plain text captured from the web: first line the title, the capture's artifacts removed."""

from __future__ import annotations

from ..cleaning import txt_to_markdown
from ._text import decode


def read(data: bytes) -> tuple[dict, str]:
    title, body = txt_to_markdown(decode(data))
    return {"title": title}, body
