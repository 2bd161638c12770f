"""The app as a leader uses it week to week, in a real headless Chromium: one conversation
state, votes and comments per answer, citations you can click, suggestions that ask, exports,
and no serious or critical accessibility violation (axe-core) in light or dark, wide or phone."""

from __future__ import annotations

import json

import pytest

from guide_assistant.feedback import FeedbackStore
from tests.app.test_browser import ask, browser, page  # noqa: F401  (fixtures)
from tests.helpers import REPO

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.slow]

AXE = REPO / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def _answered(page, count: int) -> None:
    """Wait until the chat shows `count` finished answers."""
    page.wait_for_function(
        f"document.querySelectorAll('#chat .message-row').length >= {2 * count} && "
        f"!document.querySelector('#chat .pending')", timeout=60_000)
    page.wait_for_function("document.querySelector('#status') !== null")
    page.wait_for_timeout(400)


def _rows(app_settings) -> list[dict]:
    return FeedbackStore(app_settings.feedback_path).rows()


def test_the_trash_icon_clears_the_whole_conversation(page, app_settings):
    ask(page, "How do we make the change last after the pilot ends?")
    _answered(page, 1)
    assert page.locator("#sources [data-answer]").count() == 1
    page.locator("#chat button[aria-label='Clear']").click()
    page.wait_for_function("document.querySelectorAll('#chat .message-row').length === 0")
    page.wait_for_function("document.querySelector('#sources').innerText.includes('appear here')")
    ask(page, "And who should be involved?")
    _answered(page, 1)
    # Searched as typed: no earlier topic carried over, so no "Searching for" line.
    assert "Searching for" not in page.locator("#chat").inner_text()
    page.locator("#chat button[aria-label='Like']").last.click()
    page.wait_for_function("document.querySelector('#status').innerText.includes('saved')")
    row = _rows(app_settings)[-1]
    assert row["question"] == "And who should be involved?"
    assert row["search_query"] == "And who should be involved?"


def test_a_vote_changed_then_withdrawn_is_one_row_with_the_final_state(page, app_settings):
    before = len(_rows(app_settings))
    ask(page, "What is the new mindset?")
    _answered(page, 1)
    chat = page.locator("#chat")
    chat.locator("button[aria-label='Like']").last.click()
    page.wait_for_function("document.querySelector('#status').innerText.includes('thumbs up')")
    chat.locator("button[aria-label='Dislike']").last.click()
    page.wait_for_function("document.querySelector('#status').innerText.includes('thumbs down')")
    chat.locator("button[aria-label='Disliked']").last.click()
    page.wait_for_function("document.querySelector('#status').innerText.includes('withdrawn')")
    rows = _rows(app_settings)[before:]
    assert len(rows) == 1 and rows[0]["verdict"] == "none"
    assert rows[0]["question"] == "What is the new mindset?"


def test_a_comment_is_stored_against_the_answer_it_is_written_under(page, app_settings):
    ask(page, "What is the new mindset?")
    _answered(page, 1)
    ask(page, "How do we make the change last?")
    _answered(page, 2)
    page.locator("#chat button[aria-label='Like']").first.click()  # the first answer
    page.wait_for_function(
        "document.querySelector('#comment label').innerText.includes('What is the new mindset?')")
    page.fill("#comment textarea", "Useful framing for our board paper.")
    page.click("#add-comment")
    page.wait_for_function("document.querySelector('#status').innerText.includes('comment on')")
    row = next(r for r in _rows(app_settings) if r["comment"] == "Useful framing for our board paper.")
    assert row["question"] == "What is the new mindset?" and row["verdict"] == "up"


def test_clicking_a_citation_highlights_its_card(page):
    ask(page, "How do we make the change last?")
    _answered(page, 1)
    page.locator("#chat a.cite", has_text="[2]").first.click()
    page.wait_for_function("document.querySelector('#source-2').classList.contains('highlight')")
    assert page.locator("#source-2").is_visible()


def test_on_a_phone_a_citation_opens_its_card_under_the_answer(browser, app_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#question textarea")
    assert not page.locator("#sources-column").is_visible()  # not 1,300 px below
    ask(page, "How do we make the change last?")
    _answered(page, 1)
    page.locator("#chat a.cite", has_text="[2]").first.click()
    card = page.locator("#chat details[open] section.source.highlight")
    card.wait_for(timeout=10_000)
    assert card.is_visible() and card.get_attribute("id").endswith("-2")
    box = card.bounding_box()
    assert box["width"] >= 0.75 * 390  # most of the phone's width (it was 242 px)
    context.close()


def test_a_declines_suggestion_and_the_finders_questions_ask_themselves(page):
    ask(page, "What is the capital of France?")
    _answered(page, 1)
    suggestion = page.locator("#chat a.ask-this").first
    asked = suggestion.inner_text()
    suggestion.click()
    _answered(page, 2)
    assert page.locator("#chat .message-row").nth(2).inner_text().strip() == asked

    page.get_by_role("tab", name="Principle finder").click()
    link = page.locator("#finder .ask-principle a").first
    asked = link.inner_text()
    link.click()
    page.wait_for_function(
        f"[...document.querySelectorAll('#chat .message-row')].some(r => r.innerText.trim() === {json.dumps(asked)})",
        timeout=60_000)


def test_the_word_export_holds_every_question_and_quote(page):
    import docx

    questions = ["How do we make the change last?", "What is the new mindset?"]
    for n, question in enumerate(questions, 1):
        ask(page, question)
        _answered(page, n)
    quotes = page.evaluate("[...document.querySelectorAll('#sources mark')].map(m => m.innerText)")
    with page.expect_download() as download:
        page.click("#export-word")
    document = docx.Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    for question in questions:
        assert question in text
    assert quotes and all(q.strip() in text for q in quotes)
    assert download.value.suggested_filename.endswith(".docx")


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, app_url, width, mode):  # noqa: F811
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/setup.sh --browser, which installs it (npm)")
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    page = context.new_page()
    page.goto(f"{app_url}?__theme={mode}")
    page.wait_for_selector("#question textarea")
    assert page.evaluate("document.body.classList.contains('dark')") == (mode == "dark")
    ask(page, "How do we make the change last?")
    _answered(page, 1)
    found, sizes = {}, {}
    for view in ("ask", "finder"):
        if view == "finder":
            page.get_by_role("tab", name="Principle finder").click()
            page.wait_for_selector("#finder h2")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                            example: v.nodes[0] && v.nodes[0].html.slice(0, 160)}));
        }""")
        found[view] = result
        # Text of 14 px or more: the smallest font size of any visible text in the view.
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('body *')]
            .filter(e => e.offsetParent !== null && [...e.childNodes].some(
                n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        sizes[view] = smallest
    context.close()
    print(f"\naxe-core at {width} px, {mode}: serious or critical violations "
          f"{ {k: len(v) for k, v in found.items()} } {found}; smallest text (px) {sizes}")
    assert found == {"ask": [], "finder": []}
    assert min(sizes.values()) >= 14


def test_the_light_dark_switch(page):
    dark = page.evaluate("document.body.classList.contains('dark')")
    page.click("#theme-switch")
    assert page.evaluate("document.body.classList.contains('dark')") != dark
    page.click("#theme-switch")
    assert page.evaluate("document.body.classList.contains('dark')") == dark


def test_ask_again_replaces_the_last_answer(page):
    ask(page, "What is the new mindset?")
    _answered(page, 1)
    page.click("#ask-again")
    page.wait_for_timeout(300)
    _answered(page, 1)
    rows = page.locator("#chat .message-row")
    assert rows.count() == 2 and rows.nth(0).inner_text().strip() == "What is the new mindset?"
