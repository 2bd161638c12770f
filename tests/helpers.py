"""Paths and small builders the tests share."""

from __future__ import annotations

import socket
from pathlib import Path

from guide_assistant.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
# A small invented guide in the real one's structure (an introduction, one principle page with
# questions to consider, principles named but not loaded), for the fast tier.
FIXTURE_CORPUS = REPO / "tests" / "data" / "corpus"
# The raw web captures the corpus was made from (their artifacts: tests/data/guide/README.md).
RAW_GUIDE = REPO / "tests" / "data" / "guide"


def make_settings(root: Path, corpus: Path | None = None) -> Settings:
    return Settings(corpus_dir=corpus or CORPUS, data_dir=root / "data")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def passage_count(corpus: Path) -> int:
    """How many passages a corpus folder chunks into: tests compare with this, never a constant."""
    from guide_assistant.chunking import chunk_page
    from guide_assistant.corpus import load_corpus

    return sum(len(chunk_page(page)) for page in load_corpus(corpus)[0])


def page_ids(corpus: Path) -> set[str]:
    """The page ids a corpus folder loads: tests compare with this, never a fixed list."""
    from guide_assistant.corpus import load_corpus

    return {page.page_id for page in load_corpus(corpus)[0]}


def folder_size(folder: Path) -> int:
    """Bytes of every file under `folder`."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def size_against_fresh_build(settings: Settings, root: Path, embedder) -> tuple[int, int]:
    """(bytes of `settings`' index folder, bytes of a fresh build of the same corpus under
    `root`): how far re-ingests have let the index grow."""
    from guide_assistant.ingest import run_ingest

    fresh = make_settings(root, settings.corpus_dir)
    run_ingest(fresh, progress=False, embedder=embedder)
    return folder_size(settings.index_path), folder_size(fresh.index_path)
