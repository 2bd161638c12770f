"""Corpus → passages → embeddings → a new Chroma generation, switched to only when complete.

Idempotent and in proportion to the change: records are keyed by their content, so an
unchanged corpus writes nothing, and a changed one writes only its new records (embedding only
new text) and shares the rest with the generation before (see guide_assistant.store).
All Chroma input and output goes through guide_assistant.store.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import time
from dataclasses import dataclass, field

from tqdm import tqdm

from guide_assistant import index_cache
from guide_assistant.bridge import WordBridge
from guide_assistant.chunking import Passage, chunk_page
from guide_assistant.corpus import Problem, load_corpus
from guide_assistant.embeddings import Embedder, ensure_export, load_embedder, model_id
from guide_assistant.guide_map import unloaded_parts
from guide_assistant.settings import Settings
from guide_assistant.store import Generation, Store, forget_clients, record_id
from guide_assistant.vocabulary import load_vocabulary

from .lock import ingest_lock

log = logging.getLogger(__name__)
EMBED_BATCH = 1024  # passages per encode call: long calls let the model sort by length and pad less


@dataclass
class IngestSummary:
    pages: int
    passages: int
    added: int
    removed: int
    seconds: float
    changed: bool
    problems: list[Problem] = field(default_factory=list)
    exported: bool = False  # the question encoder's ONNX export was made

    def __str__(self) -> str:
        what = "index updated" if self.changed else "index already up to date: nothing written"
        made = "; question encoder exported to ONNX" if self.exported else ""
        return (f"{what} — {self.pages} pages, {self.passages} passages, {self.added} added, "
                f"{self.removed} removed, {self.seconds:.1f} s{made}")


def unit_texts(p: Passage) -> list[str]:
    """What each unit is embedded as: its section, then the sentence or list item."""
    return [f"{p.section}: {p.unit_text(u)}" for u in p.units]


def _ids_hash(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def _give_back_memory() -> None:
    """Hand freed heap back to the operating system. glibc keeps what each batch freed (the
    model's activations, the batch's texts and vectors) and reuses it only in part, so without
    this an ingest's peak memory creeps up batch by batch. A no-op where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def embed_into(target: Generation, passages: list[Passage], embedder: Embedder,
                progress: bool) -> None:
    total = len(passages) + sum(len(p.units) for p in passages)
    with tqdm(total=total, desc="embedding", unit="text", disable=not progress,
              leave=False) as bar:
        for start in range(0, len(passages), EMBED_BATCH):
            batch = passages[start:start + EMBED_BATCH]
            passage_vectors = embedder.encode([p.context for p in batch])
            bar.update(len(batch))
            texts = [text for p in batch for text in unit_texts(p)]
            target.add(batch, passage_vectors, embedder.encode(texts))
            bar.update(len(texts))
            _give_back_memory()


def _open_store(settings: Settings) -> tuple[Store | None, Generation | None]:
    """The store and its active generation. A damaged local index is moved aside (kept for
    inspection, never deleted) so a fresh one can be built; (None, None) says that happened."""
    try:
        store = Store(settings, create=True)
        return store, store.active()
    except Exception as exc:
        if settings.chroma_host:
            raise
        broken = settings.index_path.with_name(
            f"{settings.index_path.name}.broken-{time.strftime('%Y%m%d%H%M%S')}")
        log.warning("the index at %s cannot be read (%s); moved it to %s and building a new one",
                    settings.index_path, exc.__class__.__name__, broken)
        settings.index_path.rename(broken)
        forget_clients()  # the cached client still points at the damaged files
        return None, None


def run_ingest(settings: Settings, *, rebuild: bool = False, progress: bool = True,
               embedder: Embedder | None = None, wait: bool = True) -> IngestSummary:
    """Bring the index in line with the corpus folder, and make sure the question encoder's ONNX
    export exists. Loads the model only if there is work. One ingest at a time per data folder:
    a second one waits (or, with `wait=False`, raises IngestBusyError).

    `embedder`: the model to embed passages with (default: the configured one, loaded when
    needed). The export is made from a sentence-transformers Embedder only; given another kind
    (a test's stand-in, the ONNX encoder itself), no export is made.
    """
    with ingest_lock(settings, wait=wait):
        started = time.perf_counter()
        exported = False
        if embedder is None or isinstance(embedder, Embedder):
            # First, while memory holds only the model: exporting after embedding would add its
            # peak to the passages' and raise the ingest's peak memory.
            exported = ensure_export(settings, embedder)
        summary, _ = _update_index(settings, rebuild, progress, embedder)
        summary.exported = exported
        summary.seconds = time.perf_counter() - started
        return summary


def _update_index(settings: Settings, rebuild: bool, progress: bool,
                  embedder) -> tuple[IngestSummary, object]:
    """The index brought up to date; also returns the embedder used (None if none was needed).
    The configured model, if loaded for the export, is reused here (load_embedder keeps it)."""
    started = time.perf_counter()
    pages, problems = load_corpus(settings.corpus_dir)
    passages = [p for page in pages for p in chunk_page(page)]
    wanted = {record_id(p): p for p in passages}
    info = {
        "model": model_id(settings.model_path),
        "pages": len(pages),
        "passages": len(passages),
        "ids_hash": _ids_hash(list(wanted)),
        "vocabulary": load_vocabulary(settings.corpus_dir),
        "unloaded_parts": unloaded_parts(passages),
    }

    store, active = _open_store(settings)
    if store is None:  # the local index was unreadable and has been moved aside
        store, active, rebuild = Store(settings, create=True), None, True
    reusable = active is not None and not rebuild and active.info.get("model") == info["model"]
    if active is not None:
        index_cache.members(active, settings.data_dir)  # else read from the store when needed

    def summary(added: int, removed: int, changed: bool) -> IngestSummary:
        return IngestSummary(len(pages), len(passages), added, removed,
                             time.perf_counter() - started, changed, problems)

    if reusable and active.info.get("ids_hash") == info["ids_hash"]:
        if active.info == info:
            store.prune(active, store.previous())  # leftovers of a killed ingest, if any
            return summary(0, 0, False), embedder
        # Same passages, new vocabulary or page facts: a generation sharing every record.
    old_ids = active.passage_ids() if active is not None else set()
    new_ids = {p.id for p in passages}
    if reusable and len(set(wanted) - active.members) > len(wanted) / 2:
        reusable = False  # most of the guide changed: fresh collections search faster
    target = store.next_generation(active if reusable else None)
    to_write = target.prepare(active if reusable else None, wanted)
    to_add = {r: p for r, p in wanted.items() if r in to_write}
    known = target.vectors_for(active, list(to_add.values())) if active is not None \
        and not rebuild and active.info.get("model") == info["model"] else {}
    moved = [r for r in to_add if r in known]
    if moved:  # moved on their page, same text: the old vectors, no re-encoding
        target.add([to_add[r] for r in moved], [known[r][0] for r in moved],
                   [v for r in moved for v in known[r][1]])
    # The local copy the app loads at start (passages and BM25), written before readers are
    # pointed at it, and before embedding: building BM25 then adds its memory to the model's
    # alone, not to the vector index Chroma holds in memory once the vectors are written.
    folder = index_cache.cache_root(settings.data_dir) / target.name
    ordered = index_cache.order(passages)
    record_of = {p.id: r for r, p in wanted.items()}
    index_cache.save(folder, ordered, [record_of[p.id] for p in ordered])
    del ordered, record_of
    _give_back_memory()
    fresh = [p for r, p in to_add.items() if r not in known]
    if fresh:
        embedder = embedder or load_embedder(settings.model_path)
        log.info("embedding %d new passages into generation %s", len(fresh), target.name)
        embed_into(target, fresh, embedder, progress)
    if embedder is not None:  # else the assistant builds the bridge on its first question
        old = index_cache.load_bridge(active, settings.data_dir) if reusable else None
        index_cache.save_bridge(folder, WordBridge.build(passages, embedder, known=old))
    store.activate(target, info, previous=active)
    index_cache.prune(settings.data_dir, keep={g.name for g in (target, active) if g})
    added = len({p.id for p in fresh})
    removed = len(old_ids - new_ids) if reusable else len(old_ids)
    if not reusable:
        added = len(new_ids)
    return summary(added, removed, True), embedder
