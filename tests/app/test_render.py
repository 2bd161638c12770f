from guide_assistant.app.render import answer_html, finder_html, question_html, sources_html
from guide_assistant.assistant import GuideOverview
from guide_assistant.guide_map import LoadedPage, PagePart

HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>'


def _answer(text="Sentence [1]", quote="Sentence", passage=None):
    return {"answer": f"From **Page** › Section:\n\n{text}", "search_query": "q", "refused": False,
            "citations": [{"n": 1, "title": "Page", "section": "Section", "principle": None,
                           "source_url": "https://example.org/a?b=1&c=2",
                           "text": passage or "Sentence and more.", "quote": quote}]}


def test_questions_show_as_text():
    assert question_html(HOSTILE) == (
        "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;")


def test_corpus_text_is_escaped_and_markers_link_to_sources():
    html = answer_html(_answer(text=f"{HOSTILE} [1]"))
    assert "<img" not in html and "<script" not in html and "&lt;img" in html
    assert '<a href="#source-1" class="cite"' in html and "<strong>Page</strong>" in html
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
    assert "P &lt;b&gt;" in html and "<li>Q1?</li>" in html
    assert 'href="https://x/principles/"' in html and "Learning principle" in html
    assert "New mindset" not in html
