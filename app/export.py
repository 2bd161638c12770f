"""A conversation as a file a leader can keep or paste into a board paper: Markdown or Word.
Made from the session's own questions and answers; the browser saves it (nothing is written on
the server)."""

from __future__ import annotations

import base64
import io
import json
from datetime import date

from guide_assistant.contract import place, plain

TITLE = "Conversation with the guide assistant"
SOURCE = ("Answers are quoted from NHS England's guide Leading the spread and adoption of "
          "innovation and improvement.")
def _quote_line(c: dict) -> str:
    return (f"[{c['n']}] {place(c['title'], c['section'])}: \"{c['quote']}\""
            + (f" ({c['source_url']})" if c.get("source_url") else ""))


def markdown(questions: list[str], answers: list[dict], today: date | None = None) -> str:
    out = [f"# {TITLE}", "", f"{(today or date.today()).isoformat()}. {SOURCE}", ""]
    for question, answer in zip(questions, answers):
        out += [f"## {question}", "", answer["answer"], ""]
        out += [f"- {_quote_line(c)}" for c in answer["citations"]]
        out.append("")
    return "\n".join(out)


def word(questions: list[str], answers: list[dict], today: date | None = None) -> bytes:
    import docx  # only when a leader asks for Word

    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=0)
    document.add_paragraph(f"{(today or date.today()).isoformat()}. {SOURCE}")
    for question, answer in zip(questions, answers):
        document.add_heading(question, level=1)
        for line in plain(answer["answer"]).splitlines():
            if line.startswith("- "):
                document.add_paragraph(line[2:], style="List Bullet")
            elif line.strip():
                document.add_paragraph(line)
        if answer["citations"]:
            document.add_heading("Quoted excerpts", level=2)
            for c in answer["citations"]:
                document.add_paragraph(_quote_line(c), style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def payload(filename: str, mime: str, data: bytes) -> str:
    """What the page script (ui.SAVE_JS) turns into a download."""
    return json.dumps({"filename": filename, "mime": mime,
                       "data": base64.b64encode(data).decode("ascii")})
