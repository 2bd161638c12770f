"""The chat app's layout, and which handler (events.py) each control calls."""

from __future__ import annotations

import gradio as gr

from guide_assistant.assistant import Assistant
from guide_assistant.feedback import FeedbackStore

from .events import Handlers
from .render import finder_html, sources_html

CSS = """
.cite, .refs a { font-weight: 600; text-decoration: none; }
.source { border-left: 4px solid #005eb8; padding: 0.25rem 0.75rem; margin-bottom: 1rem; }
.source h3 { font-size: 1rem; margin: 0.25rem 0; }
.source mark { background: #ffeb3b; color: #212b32; padding: 0 0.1rem; }
.searching, .notice, .refs, .principle { font-size: 0.9rem; color: #4c6272; }
@media (max-width: 640px) { .source { margin-left: 0; } }
"""
# Saves the exported Markdown in the browser, from the text the export handler returned.
SAVE_JS = """
(text) => {
  if (!text) { return; }
  const url = URL.createObjectURL(new Blob([text], {type: "text/markdown;charset=utf-8"}));
  const link = document.createElement("a");
  link.href = url;
  link.download = "guide-assistant-conversation.md";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
"""


def build_app(assistant: Assistant, feedback: FeedbackStore) -> gr.Blocks:
    guide = assistant.overview()  # asked of the core once: what the pages are and hold
    starters = guide.starters[:4]
    on = Handlers(assistant, feedback)

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
                            export_text = gr.Textbox(visible=False, elem_id="export-text")
                    with gr.Column(scale=2, min_width=280):
                        gr.Markdown("## Sources")
                        sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("Principle finder", id="finder"):
                gr.HTML(finder_html(guide), elem_id="finder")

        outputs = [chat, box, questions, answers, sources, status]
        ui_only = {"api_visibility": "private"}  # the one public endpoint is /ask below
        asking = [box, chat, questions, answers]
        box.submit(on.respond, asking, outputs, **ui_only)
        ask.click(on.respond, asking, outputs, **ui_only)
        for button, text in zip(starter_buttons, starters):
            button.click(lambda t=text: t, None, box, **ui_only).then(
                on.respond, asking, outputs, **ui_only)
        new.click(on.new_conversation, None, outputs + [feedback_row, export_text], **ui_only)
        chat.like(on.like, [questions, answers], [status, feedback_row], **ui_only)
        send.click(on.comment, [comment, feedback_row], [status, comment], **ui_only)
        export_button.click(on.export, [questions, answers], [export_text, status], **ui_only).then(
            None, [export_text], None, js=SAVE_JS, **ui_only)
        gr.api(on.api_ask, api_name="ask")
    return blocks
