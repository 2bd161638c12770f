"""Broken corpus files: each is named and skipped, the rest ingested, no stack trace."""

from __future__ import annotations

import pytest

from tests.helpers import CORPUS, page_ids

from guide_assistant.cli import main

pytestmark = pytest.mark.integration  # the real packaged model


def _ingest(monkeypatch, corpus, data):
    monkeypatch.setenv("GUIDE_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("GUIDE_DATA_DIR", str(data))
    return main(["ingest"])


def test_every_bad_file_is_named_and_the_rest_ingested(corpus_copy, tmp_path, monkeypatch, capsys):
    (corpus_copy / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\nText.".encode("latin-1"))
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with open(corpus_copy / "huge.txt", "wb") as f:  # 50 MB
        f.write(b"A sentence of guidance. " * (50 * 1024 * 1024 // 24))
    (corpus_copy / "no-front-matter.md").write_text("Plain guidance text with no front matter.\n")
    (corpus_copy / "copy-of-benefit.md").write_text(
        (corpus_copy / "benefit-principle.md").read_text().replace("page_id: benefit-principle",
                                                                   "page_id: copy"))
    (corpus_copy / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nText.\n")

    assert _ingest(monkeypatch, corpus_copy, tmp_path / "data") == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    for name, words in [("latin1.md", "UTF-8"), ("empty.txt", "empty"), ("image.md", "binary"),
                        ("huge.txt", "too large"), ("no-front-matter.md", "no front matter"),
                        ("copy-of-benefit.md", "duplicates"), ("bad-yaml.md", "YAML")]:
        line = next((x for x in out.err.splitlines() if name in x), "")
        assert words in line, (name, out.err)
    # The guide's pages and the page without front matter.
    assert f"{len(page_ids(CORPUS)) + 1} pages" in out.out


def test_a_corpus_with_nothing_usable_fails_with_a_message(tmp_path, monkeypatch, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.md").write_text("")
    assert _ingest(monkeypatch, corpus, tmp_path / "data") == 2
    err = capsys.readouterr().err
    assert "error: no usable guide page" in err and "empty.md" in err
    assert "Traceback" not in err
