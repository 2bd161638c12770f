from dataclasses import replace

import pytest

from guide_assistant.chunking import chunk_page, split_units
from guide_assistant.corpus import load_corpus
from tests.helpers import CORPUS


@pytest.fixture(scope="module")
def pages():
    return {p.page_id: p for p in load_corpus(CORPUS)[0]}


def test_every_passage_is_an_exact_span_of_its_page(pages):
    for page in pages.values():
        passages = chunk_page(page)
        assert passages
        at = 0
        for p in passages:  # verbatim, in reading order
            at = page.body.index(p.text, at) + len(p.text)
            assert p.context.startswith(page.title) and p.context.endswith(p.text)
            for u in p.units:
                assert p.unit_text(u) and p.unit_text(u) in p.text


def test_passages_follow_paragraphs_and_sections(pages):
    about = chunk_page(pages["about-spread-and-adoption"])
    first = about[0]
    assert first.section == "What's in this guide"
    assert first.text.startswith("These webpages contain") and first.text.endswith("health and care system.")
    polarities = next(p for p in about if p.text.startswith("There are many polarities"))
    assert polarities.section == "What challenges the new mindset?"
    assert [p.position for p in about] == list(range(len(about)))


def test_capture_artifacts_are_in_no_passage(pages):
    for page in pages.values():
        for p in chunk_page(page):
            for artifact in ("Back to top", "Read the glossary", "feedback here", "\u00a0",
                             "benefitFocus", "principlesystems", "\u2019"):
                assert artifact not in p.text


def test_a_list_is_kept_with_its_lead_in(pages):
    benefit = chunk_page(pages["benefit-principle"])
    questions = next(p for p in benefit if p.section == "Applying this principle to practice")
    assert questions.text.startswith("Consider these questions which will be of varying relevance")
    assert questions.text.count("\n- ") == 10
    assert questions.text.endswith("How will spread and adoption be recognised?")
    items = [u for u in questions.units if questions.is_item(u)]
    assert len(items) == 10 and not questions.is_item(questions.units[0])
    assert benefit[0].principle == "Focus on the benefit rather than the innovation"


def test_ids_are_content_hashes_stable_across_runs_and_edits_elsewhere(pages):
    page = pages["benefit-principle"]
    before = chunk_page(page)
    assert [p.id for p in chunk_page(page)] == [p.id for p in before]
    edited = replace(page, body=page.body.replace("Create a shared narrative", "Create a common narrative"))
    after = chunk_page(edited)
    changed = {p.id for p in before} ^ {p.id for p in after}
    assert len(changed) == 2  # exactly the edited passage: its old id out, its new id in
    assert len({p.id for p in before}) == len(before)


def test_sentences_split_on_full_stops_not_inside_them():
    text = "First sentence. Second one, e.g. this? Third [Push].\n- item one\n- item two"
    units = split_units(text)
    assert [text[u.start:u.end] for u in units] == [
        "First sentence.", "Second one, e.g. this?", "Third [Push].", "item one", "item two"]
