"""The chat app's layout and events. All answering goes through Assistant.answer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from guide_assistant.answering import principles_home, suggestions
from guide_assistant.assistant import Assistant, clean_question
from guide_assistant.feedback import FeedbackStore
from guide_assistant.guide_map import guide_home, loaded_pages, mentioned_parts

from .render import answer_html, draft_html, finder_markdown, question_html, sources_html

CSS = """
.cite, .refs a { font-weight: 600; text-decoration: none; }
.source { border-left: 4px solid #005eb8; padding: 0.25rem 0.75rem; margin-bottom: 1rem; }
.source h3 { font-size: 1rem; margin: 0.25rem 0; }
.source mark { background: #ffeb3b; color: #212b32; padding: 0 0.1rem; }
.searching, .notice, .refs, .principle { font-size: 0.9rem; color: #4c6272; }
@media (max-width: 640px) { .source { margin-left: 0; } }
"""


def conversation_markdown(questions: list[str], answers: list[dict]) -> str:
    """The conversation with its citations, ready to paste into a board paper."""
    out = ["# Conversation with the guide assistant", "",
           "Answers are quoted from NHS England's guide *Leading the spread and adoption of "
           "innovation and improvement*.", ""]
    for question, answer in zip(questions, answers):
        out += [f"## {question}", "", answer["answer"], ""]
        for c in answer["citations"]:
            where = c["title"] if c["section"] == c["title"] else f"{c['title']} › {c['section']}"
            out.append(f"- [{c['n']}] {where}: \"{c['quote']}\"" +
                       (f" ({c['source_url']})" if c.get("source_url") else ""))
        out.append("")
    return "\n".join(out)


def build_app(assistant: Assistant, feedback: FeedbackStore) -> gr.Blocks:
    passages = assistant.index.passages
    starters = suggestions(assistant.index, limit=4)
    finder = finder_markdown(loaded_pages(passages), mentioned_parts(passages),
                             principles_home(assistant.index), guide_home(passages))
    export_dir = Path(tempfile.mkdtemp(prefix="guide-export-"))

    def respond(question, chat, questions, answers):
        text = (question or "").strip()
        if not text:
            yield chat, "", questions, answers, gr.skip(), "Type a question first."
            return
        chat = chat + [{"role": "user", "content": question_html(text)},
                       {"role": "assistant", "content": ""}]
        history = [{"question": q, "answer": a["answer"]} for q, a in zip(questions, answers)]
        for item in assistant.answer_stream(text, history):
            if isinstance(item, str):  # an LLM's draft, shown as text until it is checked
                chat[-1] = {"role": "assistant", "content": draft_html(item)}
                yield chat, "", questions, answers, gr.skip(), "Drafting; checking against the guide…"
            else:
                result = item.to_dict()
        result["_rewritten"] = result["search_query"] not in ("", clean_question(text)[0])
        blocks = answer_html(result).split("\n")
        for i in range(1, len(blocks) + 1):  # progressively, block by block
            chat[-1] = {"role": "assistant", "content": "\n".join(blocks[:i])}
            yield chat, "", questions, answers, gr.skip(), ""
        yield (chat, "", questions + [text], answers + [result], sources_html(result),
               "Declined: the guide does not cover this." if result["refused"] else "")

    def new_conversation():
        return [], "", [], [], sources_html(None), "New conversation.", None, None

    def on_like(questions, answers, data: gr.LikeData):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        number = int(index) // 2  # messages alternate: question, answer
        if number >= len(answers) or data.liked not in (True, False, "Like", "Dislike"):
            return gr.skip(), gr.skip()
        verdict = "up" if data.liked in (True, "Like") else "down"
        row = feedback.record(questions[number], answers[number], verdict)
        return f"Thanks — your {'thumbs up' if verdict == 'up' else 'thumbs down'} was saved.", row

    def on_comment(comment, row):
        if row is None:
            return "Rate an answer with thumbs up or down first, then add a comment.", comment
        if not (comment or "").strip():
            return "Write a comment first.", comment
        feedback.add_comment(row, comment)
        return "Thanks — your comment was saved.", ""

    def export(questions, answers):
        if not answers:
            return None, "Nothing to export yet."
        path = export_dir / "guide-assistant-conversation.md"
        path.write_text(conversation_markdown(questions, answers), encoding="utf-8")
        return str(path), "Conversation exported."

    def api_ask(question: str, history: list[str] | None = None) -> dict:
        """Answer a question with the JSON answer contract; `history`: earlier questions."""
        return assistant.answer(question, history or []).to_dict()

    with gr.Blocks(title="Guide assistant: spread and adoption of innovation",
                   analytics_enabled=False) as blocks:
        questions = gr.State([])
        answers = gr.State([])
        feedback_row = gr.State(None)
        gr.Markdown("# Ask the guide on spread and adoption of innovation\n"
                    "Answers come only from NHS England's guide, in its own words, with the "
                    "excerpts they rest on.")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chat = gr.Chatbot(label="Conversation", height=480, sanitize_html=True,
                                          allow_tags=False, feedback_options=("Like", "Dislike"),
                                          buttons=["copy", "copy_all"],
                                          elem_id="chat")
                        box = gr.Textbox(label="Your question", lines=1, max_lines=6,
                                         placeholder="e.g. How do we make a change last?",
                                         elem_id="question")
                        with gr.Row():
                            ask = gr.Button("Ask", variant="primary", elem_id="ask")
                            new = gr.Button("New conversation", elem_id="new-conversation")
                        status = gr.Markdown("", elem_id="status")
                        gr.Markdown("**Try one of these:**")
                        with gr.Row():
                            starter_buttons = [gr.Button(q, size="sm") for q in starters]
                        with gr.Accordion("Rate, comment, export", open=False):
                            comment = gr.Textbox(label="Comment on your rating (optional)",
                                                 lines=2, elem_id="comment")
                            send = gr.Button("Add comment", elem_id="add-comment")
                            export_button = gr.Button("Export conversation (Markdown)",
                                                      elem_id="export")
                            export_file = gr.File(label="Exported conversation", interactive=False)
                    with gr.Column(scale=2, min_width=280):
                        gr.Markdown("## Sources")
                        sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("Principle finder", id="finder"):
                gr.HTML(finder, elem_id="finder")

        outputs = [chat, box, questions, answers, sources, status]
        ui_only = {"api_visibility": "private"}  # the one public endpoint is /ask below
        box.submit(respond, [box, chat, questions, answers], outputs, **ui_only)
        ask.click(respond, [box, chat, questions, answers], outputs, **ui_only)
        for button, text in zip(starter_buttons, starters):
            button.click(lambda t=text: t, None, box, **ui_only).then(
                respond, [box, chat, questions, answers], outputs, **ui_only)
        new.click(new_conversation, None, outputs + [feedback_row, export_file], **ui_only)
        chat.like(on_like, [questions, answers], [status, feedback_row], **ui_only)
        send.click(on_comment, [comment, feedback_row], [status, comment], **ui_only)
        export_button.click(export, [questions, answers], [export_file, status], **ui_only)
        gr.api(api_ask, api_name="ask")
    return blocks
