"""What the app does when a leader acts: ask, ask again, start again, vote, comment, export, and
the /ask API. Each handler calls the core (Assistant, FeedbackStore) and returns what the layout
shows.

One conversation state per session: `questions` and `answers` (each answer the contract's dict
plus its `id`). Clearing the chat, by its trash icon or New conversation, clears them, the
Sources panel and the answer a comment would go to, so nothing of a cleared conversation is
searched, rated or exported afterwards.
"""

from __future__ import annotations

import uuid

import gradio as gr

from guide_assistant.assistant import Assistant
from guide_assistant.contract import Draft
from guide_assistant.errors import GuideError
from guide_assistant.feedback import FeedbackStore
from guide_assistant.understanding import turns_of

from . import export
from .render import answer_html, draft_html, question_html, sources_html

WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def comment_label(question: str | None) -> str:
    if not question:
        return "Comment on an answer (ask a question first)"
    short = question if len(question) <= 80 else question[:77] + "…"
    return f"Your comment on the answer to “{short}”"


class Handlers:
    def __init__(self, assistant: Assistant, feedback: FeedbackStore) -> None:
        self.assistant = assistant
        self.feedback = feedback

    def respond(self, question, chat, questions, answers):
        """Outputs: chat, question box, questions, answers, sources, status, rated, comment."""
        text = (question or "").strip()
        if not text:
            yield chat, "", questions, answers, gr.skip(), "Type a question first.", gr.skip(), gr.skip()
            return
        chat = chat + [{"role": "user", "content": question_html(text)},
                       {"role": "assistant", "content": ""}]
        history = [{"question": q, "answer": a["answer"]} for q, a in zip(questions, answers)]
        final = None
        for event in self.assistant.answer_stream(text, history):
            if isinstance(event, Draft):  # an LLM's draft, shown as text until it is checked
                chat[-1] = {"role": "assistant", "content": draft_html(event.text)}
                yield (chat, "", questions, answers, gr.skip(), "Drafting; checking against the guide…",
                       gr.skip(), gr.skip())
            else:
                final = event.answer
        aid = uuid.uuid4().hex[:12]
        result = {**final.to_dict(), "id": aid}
        blocks = answer_html(result, aid, rewritten=final.rewritten).split("\n")
        for i in range(1, len(blocks) + 1):  # progressively, block by block
            chat[-1] = {"role": "assistant", "content": "\n".join(blocks[:i])}
            yield chat, "", questions, answers, gr.skip(), "", gr.skip(), gr.skip()
        yield (chat, "", questions + [text], answers + [result], sources_html(result, aid),
               "Declined: the guide does not cover this." if result["refused"] else "",
               aid, gr.update(label=comment_label(text), value=""))

    def ask_again(self, chat, questions, answers):
        """Regenerate: the last question asked afresh, its answer replaced."""
        if not questions:
            yield chat, "", questions, answers, gr.skip(), "Nothing to ask again yet.", gr.skip(), gr.skip()
            return
        yield from self.respond(questions[-1], chat[:-2], questions[:-1], answers[:-1])

    @staticmethod
    def new_conversation():
        return ([], "", [], [], sources_html(None), "New conversation.", None,
                gr.update(label=comment_label(None), value=""), "")

    def vote(self, questions, answers, data: gr.LikeData):
        """A thumbs up or down on any answer, changed or withdrawn: one row per answer."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        number = int(index) // 2  # messages alternate: question, answer
        if number >= len(answers):
            return gr.skip(), gr.skip(), gr.skip()
        verdict = {True: "up", "Like": "up", False: "down", "Dislike": "down"}.get(data.liked)
        answer = answers[number]
        try:
            self.feedback.vote(answer["id"], questions[number], answer, verdict)
        except GuideError as exc:
            return str(exc), gr.skip(), gr.skip()
        said = {"up": "thumbs up", "down": "thumbs down"}.get(verdict)
        status = f"Thanks — your {said} was saved." if said else "Your rating was withdrawn."
        return status, answer["id"], gr.update(label=comment_label(questions[number]))

    def comment(self, comment, rated, questions, answers):
        """The comment goes to the answer its label names (the last rated, else the latest)."""
        text = (comment or "").strip()
        number = next((i for i, a in enumerate(answers) if a["id"] == rated), len(answers) - 1)
        if number < 0:
            return "Ask a question first, then comment on its answer.", comment
        if not text:
            return "Write a comment first.", comment
        try:
            self.feedback.comment(answers[number]["id"], questions[number], answers[number], text)
        except GuideError as exc:
            return str(exc), comment
        return f"Thanks — your comment on “{questions[number]}” was saved.", ""

    @staticmethod
    def export_markdown(questions, answers):
        """The session's own conversation, for the browser to save (ui.SAVE_JS): made from this
        session's state and never written on the server."""
        if not answers:
            return "", "Nothing to export yet."
        text = export.markdown(questions, answers).encode("utf-8")
        return (export.payload("guide-assistant-conversation.md", "text/markdown;charset=utf-8", text),
                "Conversation exported (Markdown).")

    @staticmethod
    def export_word(questions, answers):
        if not answers:
            return "", "Nothing to export yet."
        return (export.payload("guide-assistant-conversation.docx", WORD_MIME,
                               export.word(questions, answers)),
                "Conversation exported (Word).")

    def ask_the_guide(self, question: str, history: list[str] | None = None) -> dict:
        """Ask NHS England's guide on leading the spread and adoption of innovation. Returns the
        answer in the guide's own words, the principle it comes from, and the quoted excerpts
        with their official links (or a refusal when the guide does not cover the question).

        Args:
            question: the question, in a leader's own words.
            history: earlier questions of the same conversation, oldest first (optional).
        """
        try:
            turns_of(history)  # checked first: a bad history gets a clear message, not a 500
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        return self.assistant.answer(question, history or []).to_dict()
