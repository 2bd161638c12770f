"""Markdown with YAML front matter (the corpus's own format, and what `import` writes)."""

from __future__ import annotations

import frontmatter
import yaml

from ._text import decode


def read(data: bytes) -> tuple[dict, str]:
    try:
        post = frontmatter.loads(decode(data))
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML ({exc.__class__.__name__}); fix the "
                         "block between the --- lines; skipped") from None
    meta = dict(post.metadata)
    if not post.metadata:
        meta["_no_front_matter"] = True
    return meta, post.content
