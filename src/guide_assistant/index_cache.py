"""A local copy of what an opened index keeps in memory: its passages and their BM25 index.

Reading 100,000 passages back from Chroma and re-indexing them for BM25 takes seconds at every
start; loading this copy takes a fraction of that. A generation never changes once active, so
the copy is keyed by the generation's name and cannot go stale. Ingest writes it (before it
activates the generation); a replica that finds none (server mode, another machine ingested)
builds it on first start.

The passages are pickled: the folder is the app's own data folder, written only by this code.
"""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path

import bm25s
import numpy as np

from .bridge import WordBridge
from .chunking import Passage
from .lexical import LexicalIndex
from .store import Generation, record_id

log = logging.getLogger(__name__)
PASSAGES = "passages.pkl"
RECORDS = "records.txt"  # the generation's record ids (see store.py), one per line
BRIDGE = "bridge.npz"  # the guide's words and their embeddings (see bridge.py)


def cache_root(data_dir: Path) -> Path:
    return Path(data_dir) / "cache"


def order(passages: list[Passage]) -> list[Passage]:
    """Reading order: the order BM25's document numbers refer to."""
    return sorted(passages, key=lambda p: (p.page_id, p.position))


def save(folder: Path, passages: list[Passage], records: list[str] | None = None) -> LexicalIndex:
    """Index `passages` (already in reading order) for BM25 and write both to `folder`, with
    their record ids (`records`, in the same order, if the caller has them)."""
    lexical = LexicalIndex([p.context for p in passages])
    tmp = folder.with_name(folder.name + ".tmp")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        lexical.bm25.save(str(tmp), show_progress=False)
        with open(tmp / PASSAGES, "wb") as f:
            pickle.dump(passages, f, protocol=pickle.HIGHEST_PROTOCOL)
        records = records if records is not None else [record_id(p) for p in passages]
        (tmp / RECORDS).write_text("\n".join(records), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)  # complete or absent, never half-written
    except OSError as exc:
        log.warning("could not keep a local copy of the index in %s (%s)", folder, exc)
    return lexical


def load(generation: Generation, data_dir: Path | None) -> tuple[list[Passage], LexicalIndex]:
    """The generation's passages in reading order and their BM25 index, from the local copy
    when there is one, else from Chroma (then the copy is written for next time)."""
    folder = cache_root(data_dir) / generation.name if data_dir else None
    if folder is not None and (folder / PASSAGES).exists():
        try:
            with open(folder / PASSAGES, "rb") as f:
                passages = pickle.load(f)
            bm25 = bm25s.BM25.load(str(folder), show_progress=False)
            generation.use(set((folder / RECORDS).read_text(encoding="utf-8").split("\n")))
            return passages, LexicalIndex(bm25=bm25, size=len(passages))
        except Exception as exc:  # a damaged copy is rebuilt, never fatal
            log.warning("local index copy %s unusable (%s); rebuilding it", folder, exc)
    passages = order(generation.read_passages())
    if folder is None:
        return passages, LexicalIndex([p.context for p in passages])
    return passages, save(folder, passages)


def members(generation: Generation, data_dir: Path) -> bool:
    """Give `generation` its record ids from the local copy, if there is one (ingest reads them
    from there rather than from Chroma)."""
    path = cache_root(data_dir) / generation.name / RECORDS
    if not path.exists():
        return False
    generation.use(set(path.read_text(encoding="utf-8").split("\n")))
    return True


def save_bridge(folder: Path, bridge: WordBridge) -> None:
    """Keep the word bridge with the generation's copy (written after the copy itself)."""
    try:
        tmp = folder / (BRIDGE + ".tmp.npz")
        np.savez(tmp, words=np.array(bridge.words, dtype=object), vectors=bridge.vectors,
                 read=bridge.read)
        tmp.rename(folder / BRIDGE)
    except OSError as exc:
        log.warning("could not keep the word bridge in %s (%s)", folder, exc)


def load_bridge(generation: Generation, data_dir: Path | None) -> WordBridge | None:
    path = cache_root(data_dir) / generation.name / BRIDGE if data_dir else None
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=True) as data:  # our own file, written above
            # A bridge kept before `read` was recorded read the text the first way.
            read = int(data["read"]) if "read" in data.files else 1
            return WordBridge(list(data["words"]), data["vectors"], read)
    except Exception as exc:  # a damaged file is rebuilt by whoever needs it
        log.warning("word bridge %s unusable (%s)", path, exc)
        return None


def prune(data_dir: Path, keep: set[str]) -> None:
    """Copies of generations that are gone only take disk space."""
    root = cache_root(data_dir)
    if root.is_dir():
        for old in root.iterdir():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
