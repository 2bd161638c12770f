"""A Word document (.docx) by python-docx: Heading styles → "##" headings, list styles →
"- " items, other paragraphs as they are."""

from __future__ import annotations

import io


def read(data: bytes) -> tuple[dict, str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ValueError(f"is not a readable Word document ({exc.__class__.__name__}); "
                         "skipped") from None
    meta: dict = {}
    out: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "").lower()
        if style == "title":
            meta.setdefault("title", text)
        elif style.startswith("heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 2
            out.append(f"{'#' * min(max(level + 1, 2), 4)} {text}")
        elif "list" in style:
            out.append(f"- {text}")
        else:
            out.append(text)
    if document.core_properties.title:
        meta.setdefault("title", document.core_properties.title)
    # Consecutive list items stay one block; everything else is its own paragraph.
    blocks: list[str] = []
    for line in out:
        if line.startswith("- ") and blocks and blocks[-1].split("\n")[-1].startswith("- "):
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return meta, "\n\n".join(blocks)
