"""What the loaded pages are, and which parts of the guide their text names but does not include."""

from dataclasses import replace

from guide_assistant.chunking import Passage
from guide_assistant.guide_map import (home_opening, mentioned_parts, suggestion_for,
                                      suggestions_near, unloaded_parts)


def _passage(text: str) -> Passage:
    return Passage(id="p1", page_id="tide", title="Work with the tide", section="Why",
                   principle="Work with the tide", source_url=None, text=text, position=0,
                   context=text)


def test_principles_the_text_names_are_found_and_a_determiner_is_not_a_name():
    passages = [_passage("Lanterns need crews. See rope principle for more information. "
                         "Each principle has its page; this principle is the tide's.")]
    assert unloaded_parts(passages) == ["rope principle"]
    assert [p.name for p in mentioned_parts(passages)] == ["rope principle"]


def test_a_reading_list_names_parts_and_marks_the_loaded_ones():
    passages = [_passage("If you are short of time start with work with the tide, "
                         "harbour charts and rope principle.")]
    parts = {p.name: p.loaded for p in mentioned_parts(passages)}
    assert parts == {"work with the tide": True, "harbour charts": False, "rope principle": False}
    assert unloaded_parts(passages) == ["harbour charts", "rope principle"]


def test_the_guide_as_a_whole_is_the_opening_of_the_page_that_introduces_it():
    def page(page_id, principle, url, position):
        return Passage(id=f"{page_id}{position}", page_id=page_id, title=page_id, section="",
                       principle=principle, source_url=url, text="x", position=position,
                       context="x")
    intro = page("welcome", None, "https://guide.example/lantern/", 0)
    passages = [page("tide", "Work with the tide", "https://guide.example/l/t/", 0),
                page("welcome", None, "https://guide.example/lantern/", 1), intro,
                page("glossary", None, "https://guide.example/lantern/glossary/", 0)]
    assert home_opening(passages) is intro
    assert home_opening(passages[:1]) is None  # only a principle's page: no introduction loaded


def test_a_passage_suggests_its_question_heading_or_else_its_principle():
    asked = _passage("Crews keep lanterns they helped hang.")
    assert suggestion_for(asked) == 'What does the principle "Work with the tide" ask of leaders?'
    headed = replace(asked, section="Who hangs the lantern?")
    assert suggestion_for(headed) == "Who hangs the lantern?"
    plain = replace(asked, principle=None)
    assert suggestion_for(plain) is None  # "Why" on a page that is not a principle's
    general = ["Where should I start?", suggestion_for(asked)]
    assert suggestions_near([plain, headed, asked], general, 2) == ["Who hangs the lantern?",
                                                                    suggestion_for(asked)]
    assert suggestions_near([], general, 2) == general
