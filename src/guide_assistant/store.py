"""The Chroma store: the one module that talks to Chroma (embedded or server).

It holds passages and their units (sentences, list items) with their embeddings. Each ingest
that changes anything writes a new *generation* (a pair of collections) and then switches a
pointer to it, so a reader never sees a half-written index: an interrupted ingest leaves the
previous generation in use. The pointer is the metadata of a small manifest collection, which
Chroma updates in one step, in embedded and in server mode alike.

Retrieval, ingest, the evals and the benchmarks all read and write through `Store` and
`Generation`; nothing else imports chromadb.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from .chunking import Passage, Unit
from .errors import IndexMissingError
from .settings import Settings

BATCH = 1000  # records per Chroma call: well under its maximum batch size


def _chroma_settings() -> ChromaSettings:
    # No telemetry, ever. A new object per client: chromadb's clients write their own fields
    # (server host, API implementation) into the settings object they are given.
    return ChromaSettings(anonymized_telemetry=False)


def make_client(settings: Settings) -> chromadb.ClientAPI:
    """An embedded client on the index folder, or an HTTP client when a server is configured."""
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                   settings=_chroma_settings())
    path = Path(settings.index_path)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def ephemeral_client() -> chromadb.ClientAPI:
    """An in-memory client, for the evals' baseline pipeline."""
    return chromadb.EphemeralClient(settings=_chroma_settings())


def forget_clients() -> None:
    """Chroma keeps one client per path per process; forget them (after moving a folder aside)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _where(s: Settings) -> str:
    return f"{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.index_path)


def passage_metadata(p: Passage) -> dict:
    meta = {"page_id": p.page_id, "title": p.title, "section": p.section, "start": p.start,
            "end": p.end, "position": p.position, "context": p.context,
            "units": json.dumps([[u.start, u.end] for u in p.units])}
    if p.principle:
        meta["principle"] = p.principle
    if p.source_url:
        meta["source_url"] = p.source_url
    return meta


def passage_from_record(pid: str, text: str, meta: dict) -> Passage:
    return Passage(
        id=pid, page_id=meta["page_id"], title=meta["title"], section=meta["section"],
        principle=meta.get("principle"), source_url=meta.get("source_url"), text=text,
        start=meta["start"], end=meta["end"], position=meta["position"], context=meta["context"],
        units=tuple(Unit(s, e) for s, e in json.loads(meta["units"])),
    )


def unit_id(passage_id: str, index: int) -> str:
    return f"{passage_id}:{index}"


def _passage_of(uid: str) -> tuple[str, int]:
    """A unit id names its passage and place ("<passage id>:<n>"): no metadata need be read."""
    pid, _, i = uid.rpartition(":")
    return pid, int(i)


def _read_all(collection: chromadb.Collection, include: list[str]) -> dict:
    """Every record of a collection, read in batches (Chroma caps one read)."""
    out: dict = {"ids": []}
    for key in include:
        out[key] = []
    for offset in range(0, collection.count(), BATCH):
        got = collection.get(limit=BATCH, offset=offset, include=include)
        out["ids"] += got["ids"]
        for key in include:
            value = got[key]
            out[key] += list(value) if value is not None else []
    return out


@dataclass
class Generation:
    """One complete version of the index: its collections and what was recorded about it."""
    name: str
    passages: chromadb.Collection
    units: chromadb.Collection
    info: dict

    # Reading, for retrieval.
    def query_passages(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """Cosine of the question with the n closest passages, by passage id."""
        got = self.passages.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return {pid: 1 - d for pid, d in zip(got["ids"][0], got["distances"][0])}

    def query_units(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """Best cosine of the question with one unit, for passages among the n closest units."""
        got = self.units.query(query_embeddings=[vector], n_results=n, include=["distances"])
        best: dict[str, float] = {}
        for uid, d in zip(got["ids"][0], got["distances"][0]):
            pid = _passage_of(uid)[0]
            best[pid] = max(best.get(pid, -1.0), 1 - d)
        return best

    def unit_similarities(self, passages: list[Passage], vector: np.ndarray) -> dict[str, np.ndarray]:
        """Cosine of `vector` with every unit of the given passages (embeddings from ingest)."""
        # By id, not by a metadata filter: a key lookup stays fast at any index size.
        ids = [unit_id(p.id, i) for p in passages for i in range(len(p.units))]
        sims = {p.id: np.full(len(p.units), -1.0, dtype=np.float32) for p in passages}
        if not ids:
            return sims
        got = self.units.get(ids=ids, include=["embeddings"])
        scores = np.asarray(got["embeddings"], dtype=np.float32) @ vector
        for uid, score in zip(got["ids"], scores):
            pid, i = _passage_of(uid)
            sims[pid][i] = score
        return sims

    def read_passages(self) -> list[Passage]:
        data = _read_all(self.passages, ["documents", "metadatas"])
        return [passage_from_record(i, d, m)
                for i, d, m in zip(data["ids"], data["documents"], data["metadatas"])]

    def passage_ids(self) -> set[str]:
        return set(_read_all(self.passages, [])["ids"])

    def counts(self) -> tuple[int, int]:
        """(passages, units) stored."""
        return self.passages.count(), self.units.count()

    # Writing, for ingest (only into a generation that is not active yet).
    def add(self, passages: list[Passage], passage_vectors: np.ndarray,
            unit_vectors: np.ndarray) -> None:
        """Passages with their embeddings, and their units (in order) with theirs."""
        self.passages.upsert(ids=[p.id for p in passages], embeddings=passage_vectors,
                             documents=[p.text for p in passages],
                             metadatas=[passage_metadata(p) for p in passages])
        ids = [unit_id(p.id, i) for p in passages for i in range(len(p.units))]
        metas = [{"passage_id": p.id, "unit": i} for p in passages for i in range(len(p.units))]
        for start in range(0, len(ids), BATCH):
            self.units.upsert(ids=ids[start:start + BATCH],
                              embeddings=unit_vectors[start:start + BATCH],
                              metadatas=metas[start:start + BATCH])

    def copy_from(self, source: "Generation", ids: list[str]) -> None:
        """Passages (and their units) with their embeddings from `source`: no re-encoding."""
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            got = source.passages.get(ids=batch, include=["embeddings", "documents", "metadatas"])
            self.passages.upsert(ids=got["ids"], embeddings=got["embeddings"],
                                 documents=got["documents"], metadatas=got["metadatas"])
            units = source.units.get(where={"passage_id": {"$in": batch}},
                                     include=["embeddings", "metadatas"])
            for u in range(0, len(units["ids"]), BATCH):
                self.units.upsert(ids=units["ids"][u:u + BATCH],
                                  embeddings=units["embeddings"][u:u + BATCH],
                                  metadatas=units["metadatas"][u:u + BATCH])


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        try:
            self.client = make_client(settings)
        except Exception as exc:  # unreadable files or an unreachable server
            raise IndexMissingError(
                f"the index at {_where(settings)} cannot be opened ({exc.__class__.__name__}: "
                f"{str(exc)[:120]}); rebuild it with `guide-assistant ingest --rebuild`"
                + (" (is the Chroma server running?)" if settings.chroma_host else "")) from None
        self.prefix = settings.collection_prefix

    def _manifest(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(f"{self.prefix}-manifest",
                                                    embedding_function=None)

    def _collections(self, name: str, create: bool) -> tuple[chromadb.Collection, ...]:
        cols = []
        for kind in ("passages", "units"):
            full = f"{self.prefix}-{name}-{kind}"
            if create:
                cols.append(self.client.create_collection(
                    full, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}))
            else:
                cols.append(self.client.get_collection(full, embedding_function=None))
        return tuple(cols)

    def active(self) -> Generation | None:
        """The generation readers should use, or None if no ingest has completed."""
        meta = self._manifest().metadata or {}
        if "generation" not in meta:
            return None
        info = json.loads(meta["info"])
        passages, units = self._collections(meta["generation"], create=False)
        return Generation(meta["generation"], passages, units, info)

    def require_active(self) -> Generation:
        try:
            generation = self.active()
        except Exception as exc:  # a damaged store: say what to do rather than how it broke
            raise IndexMissingError(f"the index at {self.where} cannot be read "
                                    f"({exc.__class__.__name__}); rebuild it with "
                                    "`guide-assistant ingest --rebuild`") from None
        if generation is None:
            raise IndexMissingError(f"no index at {self.where} yet; build it with "
                                    "`guide-assistant ingest`")
        return generation

    @property
    def where(self) -> str:
        return _where(self.settings)

    def new_generation(self) -> Generation:
        name = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
        passages, units = self._collections(name, create=True)
        return Generation(name, passages, units, {})

    def activate(self, generation: Generation, info: dict) -> None:
        """Point readers at `generation` (one metadata write), then drop the older ones."""
        generation.info = info
        self._manifest().modify(metadata={"generation": generation.name,
                                          "info": json.dumps(info)})
        self.drop_stale(keep=generation.name)

    def drop_stale(self, keep: str | None) -> None:
        """Delete generations other than `keep`: old ones and any left by an interrupted ingest."""
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if (name.startswith(f"{self.prefix}-") and name.endswith(("-passages", "-units"))
                    and (keep is None or f"-{keep}-" not in name)):
                self.client.delete_collection(name)
