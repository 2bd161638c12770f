import pytest

from guide_assistant.corpus import load_corpus
from guide_assistant.errors import CorpusError
from tests.helpers import CORPUS, page_ids


def test_the_guide_pages_load_with_their_front_matter():
    pages, problems = load_corpus(CORPUS)
    assert problems == []
    by_id = {p.page_id: p for p in pages}
    files = [f for f in CORPUS.iterdir() if f.suffix in (".md", ".txt", ".html", ".pdf", ".docx")
             and f.name != "README.md"]
    assert len(by_id) == len(files)  # every page file loads (pages may be added)
    assert {"about-spread-and-adoption", "benefit-principle"} <= set(by_id)
    benefit = by_id["benefit-principle"]
    assert benefit.principle == "Focus on the benefit rather than the innovation"
    assert benefit.source_url.endswith("/seven-interconnected-principles/benefit/")
    assert by_id["about-spread-and-adoption"].principle is None
    assert by_id["about-spread-and-adoption"].title == "About spread and adoption – a new mindset"


def test_bad_files_are_named_and_skipped_and_the_rest_load(corpus_copy):
    (corpus_copy / "latin1.md").write_bytes("caf\xe9 page".encode("latin-1"))
    (corpus_copy / "empty.md").write_text("")
    (corpus_copy / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (corpus_copy / "copy.md").write_text((corpus_copy / "benefit-principle.md").read_text()
                                         .replace("page_id: benefit-principle", "page_id: other"))
    (corpus_copy / "plain.md").write_text("# A page without front matter\n\nSome guidance text.\n")
    pages, problems = load_corpus(corpus_copy)
    said = {p.path.name: p.message for p in problems}
    assert "UTF-8" in said["latin1.md"] and "skipped" in said["latin1.md"]
    assert "empty" in said["empty.md"]
    assert "binary" in said["binary.txt"]
    assert "duplicates benefit-principle.md" in said["copy.md"]
    assert "no front matter" in said["plain.md"]
    ids = {p.page_id for p in pages}
    assert ids == page_ids(CORPUS) | {"plain"}
    plain = next(p for p in pages if p.page_id == "plain")
    assert plain.title == "A page without front matter" and "# " not in plain.body


def test_a_text_page_is_cleaned_and_titled_by_its_first_line(tmp_path):
    (tmp_path / "extra.txt").write_text("A further page\n\n\nContent\n\n\nIts heading\n\n"
                                        "Some \u201cquoted\u201d guidance.\n\nBack to top\n")
    pages, problems = load_corpus(tmp_path)
    assert problems == []
    assert pages[0].title == "A further page"
    assert pages[0].body == '## Its heading\n\nSome "quoted" guidance.\n'


def test_no_usable_page_is_an_error_that_names_the_problems(tmp_path):
    (tmp_path / "empty.md").write_text("")
    with pytest.raises(CorpusError, match="empty.md"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing")
