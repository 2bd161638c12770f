"""The chat app's layout and look, and which handler (events.py) each control calls."""

from __future__ import annotations

import gradio as gr

from guide_assistant.assistant import Assistant
from guide_assistant.feedback import FeedbackStore

from .events import Handlers, comment_label
from .render import finder_html, landing_line, sources_html

NHS_BLUE, NHS_DARK_BLUE, NHS_TEXT, NHS_GREY = "#005eb8", "#003087", "#212b32", "#4c6272"

CSS = """
.gradio-container { font-size: 16px; }
.cite { display: inline-block; min-width: 24px; min-height: 24px; padding: 0 4px; margin: 0 1px;
  border-radius: 4px; background: #e8f1fa; color: #003087 !important; font-weight: 700;
  text-decoration: underline; text-align: center; line-height: 24px; }
.dark .cite { background: #1d3b5c; color: #ffffff !important; }
.source { border-left: 4px solid #005eb8; padding: 0.25rem 0.75rem; margin-bottom: 1rem;
  scroll-margin-top: 4rem; }
.source h3 { font-size: 1rem; margin: 0.25rem 0; }
.source mark { background: #ffeb3b; color: #212b32; padding: 0 0.1rem; }
.source.highlight { outline: 3px solid #ffb81c; outline-offset: 2px; background: #fff9c4; }
.dark .source.highlight { background: #3d3400; }
.searching, .notice, .empty { font-size: 0.95rem; color: #4c6272; }
.dark .searching, .dark .notice, .dark .empty { color: #d8dde0; }
.answer-sources summary { cursor: pointer; font-weight: 700; min-height: 24px; }
.ask-this { font-weight: 600; }
#chat button { min-width: 24px; min-height: 24px; }
#landing { font-size: 1.05rem; }
button[role=tab].selected { color: #003087 !important; }
.dark button[role=tab].selected { color: #9fc8ff !important; }
/* Wide screens: the Sources panel beside the chat shows the latest answer's cards; an older
   answer's cards open under it when one of its [n] is clicked. */
@media (min-width: 768px) { .answer-sources:not(.shown) { display: none; } }
/* Phones: each answer's cards sit under it, and the panel is not repeated far below. */
@media (max-width: 767px) {
  #sources-column { display: none; }
  .gradio-container { padding-left: 6px !important; padding-right: 6px !important; }
  #chat .message-row.bubble { max-width: 100% !important; margin-left: 0 !important;
    margin-right: 0 !important; }
  #chat .message-row .message { padding-left: 6px; padding-right: 6px; }
}
"""

# Runs once in the page: clicking a [n] highlights its card (the panel's, or the one under the
# answer), clicking a suggested question asks it, and the theme button switches light/dark.
APP_JS = r"""
() => {
  const ask = (question) => {
    const box = document.querySelector('#question textarea');
    box.value = question;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => document.querySelector('#ask').click(), 100);
    box.scrollIntoView({block: 'center'});
  };
  document.addEventListener('click', (event) => {
    const suggestion = event.target.closest('a.ask-this');
    if (suggestion) {
      event.preventDefault();
      const tab = [...document.querySelectorAll('[role=tab]')].find(t => t.innerText.trim() === 'Ask');
      if (tab && tab.getAttribute('aria-selected') !== 'true') { tab.click(); }
      const question = decodeURIComponent(suggestion.getAttribute('href').slice('#ask='.length));
      setTimeout(() => ask(question), 150);
      return;
    }
    const cite = event.target.closest('a.cite');
    if (!cite) { return; }
    event.preventDefault();
    const found = (cite.getAttribute('href') || '').match(/^#s-([0-9a-z]+)-(\d+)$/);
    if (!found) { return; }
    const answer = found[1], n = found[2];
    const panel = document.querySelector('#sources [data-answer]');
    const wide = window.matchMedia('(min-width: 768px)').matches;
    let card = null;
    if (wide && panel && panel.dataset.answer === answer) {
      card = document.getElementById('source-' + n);
    } else {
      const details = document.getElementById('d-' + answer);
      if (details) { details.classList.add('shown'); details.open = true; }
      card = document.getElementById('s-' + answer + '-' + n);
    }
    if (!card) { return; }
    document.querySelectorAll('.source.highlight').forEach(c => c.classList.remove('highlight'));
    card.classList.add('highlight');
    card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
    card.focus({preventScroll: true});
  });
}
"""
THEME_JS = """
() => {
  const dark = document.body.classList.toggle('dark');
  document.querySelector('gradio-app')?.classList.toggle('dark', dark);
  localStorage.setItem('guide-assistant-theme', dark ? 'dark' : 'light');
}
"""
# Saves an export in the browser, from the payload the export handler returned (events.py).
SAVE_JS = """
(payload) => {
  if (!payload) { return; }
  const {filename, mime, data} = JSON.parse(payload);
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], {type: mime}));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
"""


def theme() -> gr.themes.Base:
    """NHS identity colours (NHS Blue on white, dark text), one font family throughout."""
    blue = gr.themes.Color(c50="#e8f1fa", c100="#cfe2f3", c200="#a6c8e8", c300="#6fa6d8",
                           c400="#3b82c4", c500=NHS_BLUE, c600="#004f9c", c700=NHS_DARK_BLUE,
                           c800="#002f5c", c900="#002447", c950="#001a33", name="nhs-blue")
    return gr.themes.Base(
        primary_hue=blue, secondary_hue=blue, neutral_hue=gr.themes.colors.slate,
        font=["Arial", "Helvetica", "sans-serif"], font_mono=["Courier New", "monospace"],
        text_size=gr.themes.sizes.text_lg,
    ).set(
        body_text_color=NHS_TEXT, body_text_color_subdued=NHS_GREY,
        body_text_color_dark="#f0f4f5", body_text_color_subdued_dark="#d8dde0",
        link_text_color=NHS_BLUE, link_text_color_hover=NHS_DARK_BLUE,
        link_text_color_visited="#330072", link_text_color_active=NHS_DARK_BLUE,
        link_text_color_dark="#9fc8ff", link_text_color_hover_dark="#cfe2f3",
        link_text_color_visited_dark="#d1b3ff", link_text_color_active_dark="#cfe2f3",
        button_primary_background_fill=NHS_BLUE, button_primary_background_fill_hover=NHS_DARK_BLUE,
        button_primary_text_color="#ffffff", button_primary_background_fill_dark=NHS_BLUE,
        button_primary_background_fill_hover_dark=NHS_DARK_BLUE,
        button_primary_text_color_dark="#ffffff",
        block_label_text_color=NHS_TEXT, block_label_text_color_dark="#f0f4f5",
        block_title_text_color=NHS_TEXT, block_title_text_color_dark="#f0f4f5",
    )


def build_app(assistant: Assistant, feedback: FeedbackStore) -> gr.Blocks:
    guide = assistant.overview()  # asked of the core once: what the pages are and hold
    starters = guide.starters[:4]
    on = Handlers(assistant, feedback)

    with gr.Blocks(title="Guide assistant: spread and adoption of innovation",
                   analytics_enabled=False) as blocks:
        questions = gr.State([])
        answers = gr.State([])
        rated = gr.State(None)  # the answer a comment goes to
        with gr.Row(equal_height=False):
            gr.Markdown("# Ask the guide on spread and adoption of innovation")
            switch = gr.Button("Light / dark", size="md", scale=0, min_width=140,
                               elem_id="theme-switch")
        gr.HTML(f'<p id="landing">{landing_line(guide)}</p>')
        with gr.Tabs():
            with gr.Tab("Ask", id="ask-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        gr.Markdown("**Try one of these:**")
                        with gr.Row():
                            starter_buttons = [gr.Button(q, size="md") for q in starters]
                        chat = gr.Chatbot(label="Conversation", show_label=False, height=420,
                                          sanitize_html=True, allow_tags=False,
                                          feedback_options=("Like", "Dislike"),
                                          buttons=["copy", "copy_all"], elem_id="chat",
                                          placeholder="Answers appear here, each with the "
                                                      "excerpts of the guide it quotes.")
                        box = gr.Textbox(label="Your question", lines=1, max_lines=6,
                                         placeholder="e.g. How do we make a change last?",
                                         elem_id="question")
                        with gr.Row():
                            ask = gr.Button("Ask", variant="primary", elem_id="ask")
                            again = gr.Button("Ask again", elem_id="ask-again")
                            new = gr.Button("New conversation", elem_id="new-conversation")
                        status = gr.Markdown("", elem_id="status")
                        with gr.Accordion("Comment and export", open=True):
                            comment = gr.Textbox(label=comment_label(None), lines=2,
                                                 elem_id="comment")
                            send = gr.Button("Add comment", elem_id="add-comment")
                            with gr.Row():
                                export_md = gr.Button("Export conversation (Markdown)",
                                                      elem_id="export")
                                export_docx = gr.Button("Export conversation (Word)",
                                                        elem_id="export-word")
                            payload = gr.Textbox(visible=False, elem_id="export-payload")
                    with gr.Column(scale=2, min_width=280, elem_id="sources-column"):
                        gr.Markdown("## Sources")
                        sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("Principle finder", id="finder-tab"):
                gr.HTML(finder_html(guide), elem_id="finder")

        outputs = [chat, box, questions, answers, sources, status, rated, comment]
        ui_only = {"api_visibility": "private"}  # the one public endpoint is /ask below
        asking = [box, chat, questions, answers]
        box.submit(on.respond, asking, outputs, **ui_only)
        ask.click(on.respond, asking, outputs, **ui_only)
        again.click(on.ask_again, [chat, questions, answers], outputs, **ui_only)
        chat.retry(on.ask_again, [chat, questions, answers], outputs, **ui_only)
        for button, text in zip(starter_buttons, starters):
            button.click(lambda t=text: t, None, box, **ui_only).then(
                on.respond, asking, outputs, **ui_only)
        cleared = outputs + [payload]
        new.click(on.new_conversation, None, cleared, **ui_only)
        chat.clear(on.new_conversation, None, cleared, **ui_only)
        chat.like(on.vote, [questions, answers], [status, rated, comment], **ui_only)
        send.click(on.comment, [comment, rated, questions, answers], [status, comment], **ui_only)
        for button, handler in ((export_md, on.export_markdown), (export_docx, on.export_word)):
            button.click(handler, [questions, answers], [payload, status], **ui_only).then(
                None, [payload], None, js=SAVE_JS, **ui_only)
        switch.click(None, None, None, js=THEME_JS, **ui_only)
        gr.api(on.ask_the_guide, api_name="ask")  # also the MCP tool, with `serve --mcp`
    return blocks
