"""Removes the web capture's artifacts from guide text without changing the guidance itself.

The artifacts are listed in tests/data/guide/README.md, beside the raw captures: navigation lines, image alt text glued to the
next word, run-together link text, non-breaking spaces, curly quotes, and the page footer (which
can end up glued to the next page's heading). Every step here is idempotent, so cleaning already
clean Markdown changes nothing.
"""

from __future__ import annotations

import re

NAV_LINES = frozenset({"Back to top", "Read the glossary", "Content"})
FOOTER = ("This guidance is primarily offered to support system leaders. "
          "Please send all feedback here.")

_CHAR_MAP = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",   # non-breaking spaces
    "\u2018": "'", "\u2019": "'", "\u201b": "'",   # curly single quotes, apostrophes
    "\u201c": '"', "\u201d": '"', "\u201f": '"',   # curly double quotes
    "\u200b": None, "\ufeff": None,                # zero-width space, byte-order mark
})

# Image alt text ("Spread and adoption - benefit") glued to the first word of the paragraph.
_GLUED_ALT = re.compile(r"^Spread and adoption\s*[-\u2013]\s*[a-z][a-z ]*?(?=[A-Z])")

# Link texts captured without the separator the page showed between them.
_GLUED_LINKS = {"principlesystems convening": "principle, systems convening"}

# A bullet as captured ("  • text") or as Markdown ("- text", "* text").
BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25e6\u2023\u2043]|[-*])\s+")


def normalize_chars(text: str) -> str:
    """Straight quotes, plain spaces, single spaces inside a line, no trailing spaces."""
    text = text.translate(_CHAR_MAP).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        indent = re.match(r"\s*", line).group(0)
        lines.append(indent + re.sub(r"[ \t]{2,}", " ", line.strip()) if line.strip() else "")
    return "\n".join(lines)


def clean_text(text: str) -> str:
    """Clean one page's text (captured plain text or Markdown) of capture artifacts."""
    text = normalize_chars(text)
    # The footer can be glued to what follows it; putting it on a line of its own lets the
    # heading after it stand alone, then the footer line goes with the other navigation lines.
    text = text.replace(FOOTER, "\n\n" + FOOTER + "\n\n")
    for glued, fixed in _GLUED_LINKS.items():
        text = text.replace(glued, fixed)
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in NAV_LINES or stripped == FOOTER:
            kept.append("")
            continue
        kept.append(_GLUED_ALT.sub("", line))
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _is_heading(line: str, following: str | None) -> bool:
    """Guess whether a line of captured plain text was a heading on the page.

    Captured headings are short and carry no closing full stop: a few words ("Examples of
    success"), or a short question followed by ordinary text ("What is the new mindset?").
    A sentence that merely lacks its full stop ("Consider how much and the type of evidence of
    benefit needed by adopters") is longer than that, so it stays a paragraph.
    """
    if BULLET.match(line) or line.endswith((".", ",", ";", ":")):
        return False
    words = len(line.split())
    if line.endswith("?"):
        return words <= 8 and following is not None and not BULLET.match(following)
    return words <= 6


def txt_to_markdown(raw: str) -> tuple[str, str]:
    """Turn a captured plain-text page into (title, Markdown body).

    The first line is the page title. Headings become `## ` lines, bullets become `- ` items,
    paragraphs are separated by blank lines. Text is otherwise kept as captured (after cleaning).
    """
    # Navigation lines are removed by clean_text; a heading follows them on the captured pages.
    lines = [ln.strip() for ln in clean_text(raw).split("\n")]
    blocks = [ln for ln in lines if ln]
    if not blocks:
        return "", ""
    title, rest = blocks[0], blocks[1:]
    out: list[str] = []
    for i, line in enumerate(rest):
        following = rest[i + 1] if i + 1 < len(rest) else None
        if BULLET.match(line):
            item = BULLET.sub("", line)
            # Items of one list stay together: no blank line between them.
            if out and out[-1].startswith("- "):
                out.append(f"- {item}")
            else:
                out += ["", f"- {item}"] if out else [f"- {item}"]
        elif _is_heading(line, following):
            out += ["", f"## {line}"] if out else [f"## {line}"]
        else:
            out += ["", line] if out else [line]
    return title, "\n".join(out).strip() + "\n"
