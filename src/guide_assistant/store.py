"""The Chroma store: the one module that talks to Chroma (embedded or server).

It holds passages and their units (sentences, list items) with their embeddings, as *records*
that are written once and never changed in content. A record's id names its passage and a
fingerprint of everything stored with it, so an unchanged passage is the same record in every
version of the index.

A version of the index is a *generation*: a number within a *lineage* (a pair of collections).
Each passage record carries the span of generations it belongs to (`born` ≤ n < `died`), so a
re-ingest writes only what changed (new records, and `died` on the ones it retires) and shares
everything else with the generation before it. Readers hold the ids of their generation in
memory and keep only those from what Chroma returns, so records written by a running ingest are
invisible to them, and a reader that started on the previous generation finishes on it: the
previous generation is kept until the next ingest completes. The pointer to the active
generation is the metadata of a small manifest collection, which Chroma updates in one step, in
embedded and in server mode alike; a killed ingest leaves it on the last complete generation.

A rebuild, a new model or a change to most of the guide starts a new lineage (fresh collections);
the old lineage stays as the previous generation until the next ingest drops it.

Retrieval, ingest, the evals and the benchmarks all read and write through `Store` and
`Generation`; nothing else imports chromadb.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from .chunking import Passage, Unit
from .errors import IndexMissingError
from .settings import Settings

log = logging.getLogger(__name__)
BATCH = 1000  # records per Chroma call: well under its maximum batch size
ALIVE = 2**62  # `died` of a record no ingest has retired yet
SQLITE = "chroma.sqlite3"


def _chroma_settings() -> ChromaSettings:
    # No telemetry, ever. A new object per client: chromadb's clients write their own fields
    # (server host, API implementation) into the settings object they are given.
    return ChromaSettings(anonymized_telemetry=False)


def make_client(settings: Settings, *, create: bool = False) -> chromadb.ClientAPI:
    """An embedded client on the index folder, or an HTTP client when a server is configured.
    Readers (`create=False`) never create a folder or a database: a missing index is reported."""
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                   settings=_chroma_settings())
    path = Path(settings.index_path)
    if not create and not (path / SQLITE).is_file():
        raise IndexMissingError(f"no index at {path} yet; build it with `guide-assistant ingest`")
    if create:
        path.mkdir(parents=True, exist_ok=True)
    elif not os.access(path / SQLITE, os.W_OK) or not os.access(path, os.W_OK):
        path = _private_copy(path)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def _private_copy(path: Path) -> Path:
    """Embedded Chroma writes to its folder even to read (it cannot open a read-only database),
    so a read-only index (a shared or mounted folder) is read from a private copy, removed at
    exit. Only readers come here; ingest needs a writable folder and says so."""
    copy = Path(tempfile.mkdtemp(prefix="guide-assistant-index-"))
    atexit.register(shutil.rmtree, copy, True)
    shutil.copytree(path, copy, dirs_exist_ok=True)
    for item in [copy, *copy.rglob("*")]:
        item.chmod(item.stat().st_mode | stat.S_IWUSR)
    log.warning("the index folder %s is read-only: answering from a copy of it in %s",
                path, copy)
    return copy


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
    # No character offsets: an edit above a passage would change them and so its record.
    meta = {"page_id": p.page_id, "title": p.title, "section": p.section,
            "position": p.position, "context": p.context,
            "units": json.dumps([[u.start, u.end] for u in p.units])}
    if p.principle:
        meta["principle"] = p.principle
    if p.source_url:
        meta["source_url"] = p.source_url
    return meta


def passage_from_record(rid: str, text: str, meta: dict) -> Passage:
    return Passage(
        id=passage_id_of(rid), page_id=meta["page_id"], title=meta["title"],
        section=meta["section"], principle=meta.get("principle"),
        source_url=meta.get("source_url"), text=text, position=meta["position"],
        context=meta["context"],
        units=tuple(Unit(s, e) for s, e in json.loads(meta["units"])),
    )


def record_id(p: Passage) -> str:
    """The passage's id and a fingerprint of all that is stored with it: a passage whose place
    on its page changed (a paragraph added or removed above it) is a new record, though its text
    and vectors are reused."""
    stored = json.dumps([p.text, passage_metadata(p)], sort_keys=True)
    return f"{p.id}~{hashlib.sha256(stored.encode()).hexdigest()[:12]}"


def passage_id_of(rid: str) -> str:
    return rid.rpartition("~")[0] or rid


def unit_id(rid: str, index: int) -> str:
    return f"{rid}:{index}"


def _record_of(uid: str) -> tuple[str, int]:
    """A unit id names its record and place ("<record id>:<n>"): no metadata need be read."""
    rid, _, i = uid.rpartition(":")
    return rid, int(i)


def _unit_ids(rid: str, meta: dict) -> list[str]:
    return [unit_id(rid, i) for i in range(len(json.loads(meta["units"])))]


def _read_all(collection: chromadb.Collection, include: list[str], where: dict | None = None) -> dict:
    """Every matching record of a collection, read in batches (Chroma caps one read)."""
    out: dict = {"ids": []}
    for key in include:
        out[key] = []
    offset = 0
    while True:
        got = collection.get(where=where, limit=BATCH, offset=offset, include=include)
        out["ids"] += got["ids"]
        for key in include:
            value = got[key]
            out[key] += list(value) if value is not None else []
        if len(got["ids"]) < BATCH:
            return out
        offset += BATCH


class GenerationGone(Exception):
    """The generation's collections were dropped by an ingest (the reader fell two behind)."""


def _reading(method):
    """Report a dropped collection as GenerationGone, so a reader can move to the new one."""
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except chromadb.errors.NotFoundError as exc:
            raise GenerationGone(str(exc)) from exc
    return wrapper


def _batches(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class Generation:
    """One complete version of the index: its number in a lineage (a pair of collections), and
    what was recorded about it. Its passage records are those with born ≤ number < died."""
    lineage: str
    number: int
    passages: chromadb.Collection
    units: chromadb.Collection
    info: dict
    _members: set[str] | None = field(default=None, repr=False)
    _by_passage: dict[str, str] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"{self.lineage}-{self.number}"

    @property
    def visible(self) -> dict:
        return {"$and": [{"born": {"$lte": self.number}}, {"died": {"$gt": self.number}}]}

    # Reading, for retrieval.
    @property
    def members(self) -> set[str]:
        """The record ids of this generation (read once; see `use`)."""
        if self._members is None:
            self._members = set(_read_all(self.passages, [], self.visible)["ids"])
        return self._members

    def use(self, records: set[str]) -> None:
        """The members as the local copy of this generation recorded them: no read of Chroma."""
        self._members, self._by_passage = set(records), None

    def record_of(self, p: Passage) -> str:
        """The record id of one of this generation's passages, from its members (no hashing on
        the question path)."""
        if self._by_passage is None:
            self._by_passage = {passage_id_of(r): r for r in self.members}
        return self._by_passage.get(p.id) or record_id(p)

    @_reading
    def _nearest(self, collection: chromadb.Collection, vector: np.ndarray, n: int,
                 record_of) -> list[tuple[str, float]]:
        """The n records nearest the vector, of this generation only. Other generations' records
        share the collection (a running ingest's, the previous one's): ask for more until n of
        ours are found or the collection is exhausted."""
        members, ask = self.members, n
        while True:
            got = collection.query(query_embeddings=[vector], n_results=ask,
                                   include=["distances"])
            ids, dists = got["ids"][0], got["distances"][0]
            ours = [(i, 1 - d) for i, d in zip(ids, dists) if record_of(i) in members]
            if len(ours) >= n or len(ids) < ask:
                return ours[:n]
            ask = ask * 2 + (n - len(ours))

    def query_passages(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """Cosine of the question with the n closest passages, by passage id."""
        return {passage_id_of(rid): sim
                for rid, sim in self._nearest(self.passages, vector, n, lambda r: r)}

    def query_units(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """Best cosine of the question with one unit, for passages among the n closest units."""
        best: dict[str, float] = {}
        for uid, sim in self._nearest(self.units, vector, n, lambda u: _record_of(u)[0]):
            pid = passage_id_of(_record_of(uid)[0])
            best[pid] = max(best.get(pid, -1.0), sim)
        return best

    @_reading
    def unit_similarities(self, passages: list[Passage], vector: np.ndarray) -> dict[str, np.ndarray]:
        """Cosine of `vector` with every unit of the given passages (embeddings from ingest)."""
        # By id, not by a metadata filter: a key lookup stays fast at any index size.
        rids = {self.record_of(p): p for p in passages}
        ids = [unit_id(r, i) for r, p in rids.items() for i in range(len(p.units))]
        sims = {p.id: np.full(len(p.units), -1.0, dtype=np.float32) for p in passages}
        if not ids:
            return sims
        got = self.units.get(ids=ids, include=["embeddings"])
        scores = np.asarray(got["embeddings"], dtype=np.float32) @ vector
        for uid, score in zip(got["ids"], scores):
            rid, i = _record_of(uid)
            sims[rids[rid].id][i] = score
        return sims

    @_reading
    def read_passages(self) -> list[Passage]:
        data = _read_all(self.passages, ["documents", "metadatas"], self.visible)
        self.use(set(data["ids"]))
        return [passage_from_record(i, d, m)
                for i, d, m in zip(data["ids"], data["documents"], data["metadatas"])]

    def passage_ids(self) -> set[str]:
        return {passage_id_of(r) for r in self.members}

    def stored(self) -> tuple[int, int]:
        """(passage records, unit records) in its collections, of every generation kept: after a
        fresh build, this generation's own counts (cheap: no record is read)."""
        return self.passages.count(), self.units.count()

    def counts(self) -> tuple[int, int]:
        """(passages, units) in this generation (reads every passage record)."""
        passages = self.read_passages()
        return len(passages), sum(len(p.units) for p in passages)

    # Writing, for ingest: only into a generation that is not active yet.
    def prepare(self, base: "Generation | None", wanted: dict[str, Passage]) -> set[str]:
        """Make this (new) generation's records exactly `wanted` (record id → passage), as far
        as they exist already; returns the record ids still to be written.

        Shared with `base` (the active generation, same lineage): its members that are wanted.
        Its other members are retired (died = this number). Records a killed ingest left for
        this number are adopted if wanted, else deleted; records retired earlier but wanted
        again are revived. Readers of `base` and of the generation before it see no change:
        they keep to their own member ids, and only invisible records are deleted.
        """
        n = self.number
        base_members = base.members if base is not None else set()
        # Leftovers of killed ingests (born n or later): invisible to every reader.
        leftover = _read_all(self.passages, ["metadatas"], {"born": {"$gte": n}})
        unwanted = [(r, m) for r, m in zip(leftover["ids"], leftover["metadatas"]) if r not in wanted]
        self._delete(unwanted)
        have = {r for r in leftover["ids"] if r in wanted}
        # Wanted records that exist but are not in base (retired before, kept for a reader).
        missing = [r for r in wanted if r not in base_members and r not in have]
        revive = []
        for batch in _batches(missing):
            revive += self.passages.get(ids=batch, include=[])["ids"]
        self._set(revive, born=n, died=ALIVE)
        have |= set(revive)
        # Base's wanted members that a killed ingest had retired for this number.
        self._set([r for r in _read_all(self.passages, [], {"died": n})["ids"] if r in wanted],
                  died=ALIVE)
        self._set([r for r in base_members if r not in wanted], died=n)
        return {r for r in wanted if r not in base_members and r not in have}

    def _set(self, rids: list[str], **fields: int) -> None:
        for batch in _batches(rids):
            self.passages.update(ids=batch, metadatas=[dict(fields) for _ in batch])

    def _delete(self, records: list[tuple[str, dict]]) -> None:
        """Passage records (id, metadata) and their units."""
        for batch in _batches(records):
            self.units.delete(ids=[u for r, m in batch for u in _unit_ids(r, m)])
            self.passages.delete(ids=[r for r, _ in batch])

    def add(self, passages: list[Passage], passage_vectors, unit_vectors) -> None:
        """Passages with their embeddings, and their units (in order) with theirs, as records
        born in this generation."""
        rids = [record_id(p) for p in passages]
        ids = [unit_id(r, i) for r, p in zip(rids, passages) for i in range(len(p.units))]
        for start in range(0, len(ids), BATCH):
            self.units.upsert(ids=ids[start:start + BATCH],
                              embeddings=unit_vectors[start:start + BATCH])
        # Passages last: a passage record is only ever visible with all its units in place.
        for start in range(0, len(rids), BATCH):
            batch = passages[start:start + BATCH]
            self.passages.upsert(
                ids=rids[start:start + BATCH], embeddings=passage_vectors[start:start + BATCH],
                documents=[p.text for p in batch],
                metadatas=[{**passage_metadata(p), "born": self.number, "died": ALIVE}
                           for p in batch])

    def vectors_for(self, base: "Generation", passages: list[Passage]) -> dict[str, tuple]:
        """Embeddings already in `base` for passages whose text and context are unchanged but
        whose record is new (their place on the page moved): no re-encoding."""
        by_pid = {passage_id_of(r): r for r in base.members}
        old = {by_pid[p.id]: p for p in passages if p.id in by_pid}
        found: dict[str, tuple] = {}
        for batch in _batches(list(old)):
            got = base.passages.get(ids=batch, include=["embeddings", "metadatas"])
            for rid, vec, meta in zip(got["ids"], got["embeddings"], got["metadatas"]):
                p = old[rid]
                if meta["context"] != p.context or len(json.loads(meta["units"])) != len(p.units):
                    continue
                units = base.units.get(ids=_unit_ids(rid, meta), include=["embeddings"])
                order = {u: k for k, u in enumerate(units["ids"])}
                if len(order) == len(p.units) and not _units_moved(meta, p):
                    vectors = [units["embeddings"][order[unit_id(rid, i)]] for i in range(len(p.units))]
                    found[record_id(p)] = (vec, vectors)
        return found


def _units_moved(meta: dict, p: Passage) -> bool:
    return [tuple(u) for u in json.loads(meta["units"])] != [(u.start, u.end) for u in p.units]


class Store:
    def __init__(self, settings: Settings, *, create: bool = False) -> None:
        """`create`: for ingest, which may create the index folder; readers never do."""
        self.settings = settings
        try:
            self.client = make_client(settings, create=create)
        except IndexMissingError:
            raise
        except Exception as exc:  # unreadable files or an unreachable server
            raise IndexMissingError(
                f"the index at {_where(settings)} cannot be opened ({exc.__class__.__name__}: "
                f"{str(exc)[:120]}); " + ("is the Chroma server running?" if settings.chroma_host
                else "rebuild it with `guide-assistant ingest --rebuild`")) from None
        self.prefix = settings.collection_prefix

    def _manifest(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(f"{self.prefix}-manifest",
                                                    embedding_function=None)

    def _pointer(self) -> dict:
        name = f"{self.prefix}-manifest"
        try:
            return self.client.get_collection(name, embedding_function=None).metadata or {}
        except chromadb.errors.NotFoundError:
            return {}

    def _collections(self, lineage: str, create: bool) -> tuple[chromadb.Collection, ...]:
        cols = []
        for kind in ("passages", "units"):
            full = f"{self.prefix}-{lineage}-{kind}"
            if create:
                cols.append(self.client.create_collection(
                    full, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}))
            else:
                cols.append(self.client.get_collection(full, embedding_function=None))
        return tuple(cols)

    def _generation(self, lineage: str, number: int, info: dict) -> Generation:
        passages, units = self._collections(lineage, create=False)
        return Generation(lineage, int(number), passages, units, info)

    def active(self) -> Generation | None:
        """The generation readers should use, or None if no ingest has completed."""
        meta = self._pointer()
        if "lineage" not in meta:
            return None
        return self._generation(meta["lineage"], meta["number"], json.loads(meta["info"]))

    def previous(self) -> Generation | None:
        """The generation before the active one, kept for readers that started on it."""
        meta = self._pointer()
        if not meta.get("previous_lineage"):
            return None
        try:
            return self._generation(meta["previous_lineage"], meta["previous_number"], {})
        except chromadb.errors.NotFoundError:
            return None

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

    def next_generation(self, base: Generation | None) -> Generation:
        """The generation after `base` in its lineage, or (no base) the first of a new one."""
        if base is not None:
            return Generation(base.lineage, base.number + 1, base.passages, base.units, {})
        lineage = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
        passages, units = self._collections(lineage, create=True)
        return Generation(lineage, 1, passages, units, {})

    def activate(self, generation: Generation, info: dict, previous: Generation | None) -> None:
        """Point readers at `generation` (one metadata write), then drop what no reader of it or
        of `previous` can see."""
        generation.info = info
        self._manifest().modify(metadata={
            "lineage": generation.lineage, "number": generation.number, "info": json.dumps(info),
            "previous_lineage": previous.lineage if previous else "",
            "previous_number": previous.number if previous else 0})
        self.prune(generation, previous)

    def prune(self, active: Generation | None, previous: Generation | None) -> None:
        """Delete records and collections that neither `active` nor `previous` can see."""
        keep = {g.lineage for g in (active, previous) if g is not None}
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            lineage = re.fullmatch(rf"{re.escape(self.prefix)}-(.+)-(?:passages|units)", name)
            if lineage and lineage.group(1) not in keep:
                self.client.delete_collection(name)
        if active is not None:
            oldest = min(g.number for g in (active, previous)
                         if g is not None and g.lineage == active.lineage)
            # Retired before the oldest kept generation, or left by a killed ingest.
            for where in ({"died": {"$lte": oldest}}, {"born": {"$gt": active.number}}):
                dead = _read_all(active.passages, ["metadatas"], where)
                active._delete(list(zip(dead["ids"], dead["metadatas"])))
        self._sweep_segment_folders()

    def _sweep_segment_folders(self) -> None:
        """Remove the vector folders of deleted collections. Embedded Chroma deletes a
        collection's records but leaves its vector folder on disk (a known Chroma bug), so the
        index folder would grow with every rebuild. A folder is removed only if Chroma's own
        catalogue no longer lists its segment."""
        if self.settings.chroma_host:
            return
        root = Path(self.settings.index_path)
        try:
            with sqlite3.connect(f"file:{root / SQLITE}?mode=ro", uri=True) as db:
                known = {row[0] for row in db.execute("SELECT id FROM segments")}
        except sqlite3.Error:
            return  # a catalogue we cannot read: never guess what to delete
        for folder in root.iterdir():
            if folder.is_dir() and _UUID.fullmatch(folder.name) and folder.name not in known:
                shutil.rmtree(folder, ignore_errors=True)


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
