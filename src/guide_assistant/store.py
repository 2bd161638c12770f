"""The Chroma store: passages and their units (sentences, list items) with their embeddings.

Each ingest that changes anything writes a new *generation* (a pair of collections) and then
switches a pointer to it, so a reader never sees a half-written index: an interrupted ingest
leaves the previous generation in use. The pointer is the metadata of a small manifest
collection, which Chroma updates in one step, in embedded and in server mode alike.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from .chunking import Passage, Unit
from .errors import IndexMissingError
from .settings import Settings

BATCH = 1000  # records per Chroma call: well under its maximum batch size


def make_client(settings: Settings) -> chromadb.ClientAPI:
    """An embedded client on the index folder, or an HTTP client when a server is configured."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                   settings=chroma_settings)
    path = Path(settings.index_path)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


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


@dataclass
class Generation:
    """One complete version of the index: its collections and what was recorded about it."""
    name: str
    passages: chromadb.Collection
    units: chromadb.Collection
    info: dict


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
        self.prefix = settings.collection

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


def read_all(collection: chromadb.Collection, include: list[str]) -> dict:
    """Every record of a collection, read in batches (Chroma caps one read)."""
    out: dict = {"ids": []}
    for key in include:
        out[key] = []
    total = collection.count()
    for offset in range(0, total, BATCH):
        got = collection.get(limit=BATCH, offset=offset, include=include)
        out["ids"] += got["ids"]
        for key in include:
            value = got[key]
            out[key] += list(value) if value is not None else []
    return out
