from guide_assistant.app.render import answer_html, finder_html, question_html, sources_html
from guide_assistant.assistant import GuideOverview
from guide_assistant.guide_map import LoadedPage, PagePart

HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>'


def _answer(text="Sentence [1]", quote="Sentence", passage=None):
    return {"answer": f"The guide's page *Page*, on \"Section\", says:\n\n{text}",
            "search_query": "q", "refused": False,
            "citations": [{"n": 1, "title": "Page", "section": "Section", "principle": None,
                           "source_url": "https://example.org/a?b=1&c=2",
                           "text": passage or "Sentence and more.", "quote": quote}]}


def test_questions_show_as_text():
    assert question_html(HOSTILE) == (
        "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;")


def test_corpus_text_is_escaped_and_markers_link_to_sources():
    html = answer_html(_answer(text=f"{HOSTILE} [1]"))
    assert "<img" not in html and "<script" not in html and "&lt;img" in html
    assert '<a href="#s-a-1" class="cite" title="Source 1: Sentence">[1]</a>' in html
    assert "<em>Page</em>" in html
    assert '<details class="answer-sources" id="d-a">' in html and 'id="s-a-1"' in html
    side = sources_html(_answer(passage=f"Sentence {HOSTILE}", quote="Sentence"))
    assert "<img" not in side and "<mark>Sentence</mark>" in side
    assert 'href="https://example.org/a?b=1&amp;c=2"' in side


def test_a_rewritten_follow_up_says_what_was_searched():
    answer = {**_answer(), "search_query": "What challenges it? new mindset"}
    assert "Searching for: What challenges it? new mindset" in answer_html(answer, rewritten=True)
    assert "Searching for" not in answer_html(answer)


def test_finder_lists_loaded_and_missing_parts():
    pages = [LoadedPage("T", "P <b>", "https://x/", "Opening.", ("Q1?",))]
    missing = [PagePart("learning principle", False)]
    html = finder_html(GuideOverview([], "", pages, missing, "https://x/principles/", "https://x/"))
    assert "P &lt;b&gt;" in html
    assert '<a href="#ask=Q1%3F" class="ask-this">Q1?</a>' in html
    assert 'href="#ask=What%20does%20the%20principle%20%22P%20%3Cb%3E%22%20ask%20of%20leaders%3F"' in html
    assert 'href="https://x/principles/"' in html and "Learning principle" in html
    assert "New mindset" not in html


def test_a_declines_suggestions_can_be_clicked_and_addresses_are_links():
    declined = {"answer": "The guide's benefit principle is not loaded. You can read it on the "
                          "official site: https://example.org/principles/\n\nThey cover X. You "
                          "could ask:\n- How do we make a change last?\n- What is <b>new</b>?",
                "search_query": "q", "refused": True, "citations": []}
    html = answer_html(declined, "z")
    assert '<a href="https://example.org/principles/" target="_blank"' in html
    assert 'href="#ask=How%20do%20we%20make%20a%20change%20last%3F"' in html
    assert 'href="#ask=What%20is%20%3Cb%3Enew%3C/b%3E%3F"' in html and "<b>" not in html


def test_exports_hold_every_question_and_quote(tmp_path):
    import io

    import docx

    from guide_assistant.app import export

    answers = [_answer(text="First [1]"), {**_answer(text="Second [1]", quote="Another"),
                                           "citations": [{**_answer()["citations"][0],
                                                          "quote": "Another"}]}]
    questions = ["How?", "And why?"]
    md = export.markdown(questions, answers)
    assert "## How?" in md and "## And why?" in md and '"Another"' in md
    document = docx.Document(io.BytesIO(export.word(questions, answers)))
    text = "\n".join(p.text for p in document.paragraphs)
    for needle in ("How?", "And why?", '"Sentence"', '"Another"', "https://example.org/a?b=1&c=2"):
        assert needle in text
    assert "*" not in text  # no Markdown marks in Word
