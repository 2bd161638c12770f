"""`guide-assistant import` against the loopback site of tests/site.py, and saved files made by
the tests themselves. No model is loaded here: the end-to-end checks that ingest and answer are
in tests/reliability/test_whole_guide.py."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest

from guide_assistant.chunking import chunk_page
from guide_assistant.cli import main
from guide_assistant.corpus import load_corpus
from guide_assistant.ingest.importing import run_import
from tests.helpers import REPO
from tests.site import FAILED, IMPORTED, PRINCIPLES, ROOT, Site

CHROME = ("cookies", "Accept all cookies", "Contact the harbour office", "footer",
          "accessibility statement", "Copyright")


@pytest.fixture
def site():
    with Site() as s:
        yield s


def _pages(corpus: Path) -> dict[str, dict]:
    """The path of each page's source_url → its front matter and body."""
    out = {}
    for path in corpus.glob("*.md"):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        out[urlsplit(post.metadata["source_url"]).path] = {**post.metadata, "body": post.content}
    return out


def test_a_crawl_imports_exactly_the_allowed_pages(tmp_path, site, monkeypatch, capsys):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    monkeypatch.setenv("GUIDE_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("GUIDE_DATA_DIR", str(data))
    assert main(["import", site.url, "--delay", "0", "--timeout", "1"]) == 0
    out = capsys.readouterr().out
    pages = _pages(corpus)
    assert set(pages) == IMPORTED
    for path, reason in FAILED.items():  # each named, with its reason
        host = site.url[:-len(ROOT)]
        line = next(x for x in out.splitlines() if x.strip().startswith(f"failed: {host}{path} "))
        assert reason in line
    for slug, (title, text) in PRINCIPLES.items():
        page = pages[f"{ROOT}seven-interconnected-principles/{slug}/"]
        assert page["page_id"] == f"{slug}-principle" and page["title"] == title
        assert page["principle"] == title and page["fetched"] and page["content_hash"]
        assert text in page["body"]
    home = pages[ROOT]
    assert home["page_id"] == "guide" and home["principle"] is None  # named by its address
    for page in pages.values():
        assert not any(chrome in page["body"] for chrome in CHROME), page["body"]

    before = len(site.requests)
    assert main(["import", site.url, "--delay", "0", "--timeout", "1"]) == 0
    again = capsys.readouterr().out
    assert again.startswith(f"import: 0 new, 0 changed, {len(IMPORTED)} unchanged")
    conditional = [h for path, h in site.requests[before:] if path in IMPORTED]
    assert len(conditional) == len(IMPORTED)
    assert all("If-None-Match" in h and "If-Modified-Since" in h for h in conditional)


def test_an_unreachable_site_is_named_and_nothing_is_written(tmp_path, capsys):
    summary = run_import(["http://127.0.0.1:9/guide/"], tmp_path / "corpus", tmp_path / "data",
                         delay=0, timeout=1)
    assert summary.imported == 0 and "could not reach 127.0.0.1:9" in summary.failed[0][1]
    assert list((tmp_path / "corpus").iterdir()) == []


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Lantern handbook"
    document.add_heading("Lantern handbook", level=0)
    document.add_heading("Keeping the light", level=1)
    document.add_paragraph("Keepers trim the wick at dusk so the light lasts until dawn.")
    document.add_paragraph("Check the oil", style="List Bullet")
    document.add_paragraph("Clean the glass", style="List Bullet")
    document.save(path)


def _pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with the lines as text (Helvetica), written by hand: no PDF library writes
    text pages, and pypdf must read it back."""
    text = "BT /F1 12 Tf 72 720 Td " + " ".join(
        f"({line}) Tj 0 -18 Td" for line in lines) + " ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())


def test_saved_html_pdf_and_word_files_import_without_menus(tmp_path):
    from tests.site import pages

    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "leadership.html").write_bytes(
        pages()[f"{ROOT}seven-interconnected-principles/leadership/"][2])
    _pdf(saved / "tides.pdf", ["Every harbour has its own tides.",
                                "A lantern that works in one needs adapting to the next."])
    _docx(saved / "handbook.docx")
    corpus = tmp_path / "corpus"
    summary = run_import([str(saved)], corpus, tmp_path / "data")
    assert (len(summary.new), summary.failed) == (3, [])
    pages_, problems = load_corpus(corpus)
    assert problems == []
    text = {p.page_id: "\n".join(x.text for x in chunk_page(p)) for p in pages_}
    assert "no single keeper carries the light alone" in text["leadership"]
    assert "Every harbour has its own tides." in text["tides"]
    assert "Keepers trim the wick at dusk" in text["handbook"]
    assert "- Check the oil\n- Clean the glass" in text["handbook"]
    by_id = {p.page_id: p for p in pages_}
    assert by_id["handbook"].title == "Lantern handbook"
    assert "Keeping the light" in {x.section for x in chunk_page(by_id["handbook"])}
    for body in text.values():
        assert not any(chrome in body for chrome in CHROME)


def test_html_pdf_and_word_files_dropped_into_the_corpus_are_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _pdf(corpus / "tides.pdf", ["Every harbour has its own tides."])
    _docx(corpus / "handbook.docx")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    pages_, problems = load_corpus(corpus)
    assert {p.page_id for p in pages_} == {"tides", "handbook"}
    assert [p.path.name for p in problems] == ["broken.pdf"]
    assert "is not a readable PDF" in problems[0].message


def test_a_killed_import_leaves_no_partial_page_and_the_next_completes(tmp_path, site):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    env = {**os.environ, "GUIDE_CORPUS_DIR": str(corpus), "GUIDE_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "guide_assistant", "import", site.url, "--delay", "0.3",
               "--timeout", "1"]
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(corpus.glob("*.md"))) < 4:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = list(corpus.iterdir())
    assert 4 <= len(written) < len(IMPORTED)
    for path in written:  # only whole pages: each parses and its hash matches its text
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        assert path.suffix == ".md" and post.metadata["content_hash"] and post.content.strip()

    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(list(corpus.glob("*.md"))) == len(IMPORTED)
    assert f"{len(IMPORTED) - len(written)} new" in done.stdout
