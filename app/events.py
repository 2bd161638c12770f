"""What the app does when a leader acts: ask, start again, rate, comment, export, and the /ask
API. Each handler calls the core (Assistant, FeedbackStore) and returns what the layout shows."""

from __future__ import annotations

import gradio as gr

from guide_assistant.assistant import Assistant
from guide_assistant.contract import Draft
from guide_assistant.feedback import FeedbackStore
from guide_assistant.understanding import turns_of

from .render import answer_html, conversation_markdown, draft_html, question_html, sources_html


class Handlers:
    def __init__(self, assistant: Assistant, feedback: FeedbackStore) -> None:
        self.assistant = assistant
        self.feedback = feedback

    def respond(self, question, chat, questions, answers):
        """Outputs: chat, question box, questions, answers, sources, status."""
        text = (question or "").strip()
        if not text:
            yield chat, "", questions, answers, gr.skip(), "Type a question first."
            return
        chat = chat + [{"role": "user", "content": question_html(text)},
                       {"role": "assistant", "content": ""}]
        history = [{"question": q, "answer": a["answer"]} for q, a in zip(questions, answers)]
        for event in self.assistant.answer_stream(text, history):
            if isinstance(event, Draft):  # an LLM's draft, shown as text until it is checked
                chat[-1] = {"role": "assistant", "content": draft_html(event.text)}
                yield chat, "", questions, answers, gr.skip(), "Drafting; checking against the guide…"
            else:
                final = event.answer
        result = final.to_dict()
        blocks = answer_html(result, rewritten=final.rewritten).split("\n")
        for i in range(1, len(blocks) + 1):  # progressively, block by block
            chat[-1] = {"role": "assistant", "content": "\n".join(blocks[:i])}
            yield chat, "", questions, answers, gr.skip(), ""
        yield (chat, "", questions + [text], answers + [result], sources_html(result),
               "Declined: the guide does not cover this." if result["refused"] else "")

    @staticmethod
    def new_conversation():
        return [], "", [], [], sources_html(None), "New conversation.", None, ""

    def like(self, questions, answers, data: gr.LikeData):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        number = int(index) // 2  # messages alternate: question, answer
        if number >= len(answers) or data.liked not in (True, False, "Like", "Dislike"):
            return gr.skip(), gr.skip()
        verdict = "up" if data.liked in (True, "Like") else "down"
        row = self.feedback.record(questions[number], answers[number], verdict)
        return f"Thanks — your {'thumbs up' if verdict == 'up' else 'thumbs down'} was saved.", row

    def comment(self, comment, row):
        if row is None:
            return "Rate an answer with thumbs up or down first, then add a comment.", comment
        if not (comment or "").strip():
            return "Write a comment first.", comment
        self.feedback.add_comment(row, comment)
        return "Thanks — your comment was saved.", ""

    @staticmethod
    def export(questions, answers):
        """The session's own conversation as Markdown, for the browser to save (SAVE_JS). Made
        from this session's state and never written on the server: no shared file, no link
        another user could open, nothing left on disk."""
        if not answers:
            return "", "Nothing to export yet."
        return conversation_markdown(questions, answers), "Conversation exported."

    def api_ask(self, question: str, history: list[str] | None = None) -> dict:
        """Answer a question with the JSON answer contract; `history`: earlier questions."""
        try:
            turns_of(history)  # checked first: a bad history gets a clear message, not a 500
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        return self.assistant.answer(question, history or []).to_dict()
