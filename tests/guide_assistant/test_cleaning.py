from guide_assistant.cleaning import FOOTER, clean_text, txt_to_markdown

from tests.helpers import CORPUS, RAW_GUIDE

ABOUT = RAW_GUIDE / "000_dffb597ded837912.txt"
BENEFIT = RAW_GUIDE / "003_888efb42d82e8e2e.txt"


def _convert(path):
    return txt_to_markdown(path.read_text(encoding="utf-8"))


def test_navigation_lines_and_footer_are_removed():
    for path in (ABOUT, BENEFIT):
        _, body = _convert(path)
        lines = {line.strip() for line in body.splitlines()}
        assert not lines & {"Back to top", "Read the glossary", "Content"}
        assert "Please send all feedback here" not in body


def test_glued_alt_text_run_together_links_and_characters_are_fixed():
    _, benefit = _convert(BENEFIT)
    assert benefit.startswith("Focus on the why rather than the what:")
    assert "Spread and adoption - benefit" not in benefit
    _, about = _convert(ABOUT)
    assert "leadership principle, systems convening and case studies" in about
    assert "principlesystems" not in about
    for body in (about, benefit):
        assert "\u00a0" not in body and not set(body) & set("\u2018\u2019\u201c\u201d")
    assert "This mindset is useful" in about  # the double space is gone


def test_heading_glued_to_previous_pages_footer_is_split_off():
    title, body = txt_to_markdown("Page\n\nSome text.\n\n" + FOOTER + "Focus on the benefit\n\nMore.")
    assert "## Focus on the benefit" in body and FOOTER not in body


def test_guidance_text_is_otherwise_verbatim():
    raw = BENEFIT.read_text(encoding="utf-8")
    _, body = _convert(BENEFIT)
    # A sentence with its original oddities ("crowd 'or"), curly quotes straightened only.
    sentence = "to build a 'crowd 'or community to provide the energy for change"
    assert sentence in body
    assert sentence.replace("'", "\u2018") in raw


def test_headings_and_list_items_are_recognised():
    _, about = _convert(ABOUT)
    assert "## What's in this guide" in about and "## Examples of success" in about
    # A sentence without its full stop is not mistaken for a heading.
    _, benefit = _convert(BENEFIT)
    assert "## Consider how much" not in benefit
    assert "- Why is the innovation worth spreading and adopting?" in benefit


def test_cleaning_is_idempotent_on_the_committed_corpus():
    for path in CORPUS.glob("*.md"):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        body = text.split("---", 2)[2].lstrip("\n")
        assert clean_text(body) == body, path.name
