"""Questions embedded without torch: the same model, exported to ONNX, run by onnxruntime.

Importing sentence-transformers (and with it torch and transformers) costs seconds; a one-off
`ask` spent most of its time there. Questions are short and few, so they are embedded here by the
model exported once to ONNX, with the `tokenizers` library and mean pooling, exactly as
sentence-transformers does it (cosine ≥ 0.9999 between the two, tested on every eval question).
Ingest still uses sentence-transformers, and makes the export (`export`), which is kept in the
data folder, keyed to the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL_FILE = "model.onnx"
INFO_FILE = "info.json"
BATCH = 64
SHORT_TOKENS = 16  # texts up to this many tokens share a batch whatever their lengths


def export_folder(data_dir: Path, model_key: str) -> Path:
    """Where the export of the model named `model_key` (embeddings.model_id) is kept."""
    digest = hashlib.sha256(model_key.encode()).hexdigest()[:16]
    return Path(data_dir) / "onnx" / digest


class OnnxEmbedder:
    """Encodes texts into unit-length vectors, like embeddings.Embedder, without torch."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort  # light: comes with chromadb
        from tokenizers import Tokenizer

        folder = Path(folder)
        info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        # One thread per question: the server answers several at once, and a question is short.
        options.intra_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(folder / MODEL_FILE), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The model's own tokenizer.json pads every input to 128 tokens; sentence-transformers
        # truncates at max_seq_length and pads only a batch to its longest text.
        self.tokenizer.enable_truncation(int(info["max_seq_length"]))
        # Padded here, per batch (below): the tokenizer is shared by the server's threads, so
        # its settings are fixed once rather than switched per call.
        self.tokenizer.no_padding()
        self.pad_id = int(info.get("pad_id", 0))
        self.dimension = int(info["dimension"])
        self.model_key = info["model"]

    def encode(self, texts: list[str], *, batch_size: int = BATCH) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for batch in _by_length([len(e.ids) for e in encoded], batch_size):
            out[batch] = self._run([encoded[i] for i in batch])
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def _run(self, encoded: list) -> np.ndarray:
        width = max(len(e.ids) for e in encoded)
        ids = np.full((len(encoded), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, e in enumerate(encoded):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _by_length(lengths: list[int], size: int) -> list[list[int]]:
    """Indices in batches of like length (at most `size` each). A batch is padded to its longest
    text, so a long question batched with the ten short words the bridge looks up for it would
    cost eleven long texts; sorted by length, it costs one long text and ten short ones."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        current = batches[-1] if batches else None
        if (current and len(current) < size
                and lengths[i] <= max(2 * lengths[current[0]], SHORT_TOKENS)):
            current.append(i)
        else:
            batches.append([i])
    return batches


def export(embedder, model_path: Path, model_key: str, folder: Path) -> None:
    """Export the sentence-transformers model behind `embedder` to `folder` (written to a
    temporary folder, then renamed: an interrupted export leaves nothing half-made)."""
    import torch  # ingest already has it loaded

    transformer = embedder.model[0]
    pooling = embedder.model[1].get_config_dict() if len(embedder.model) > 1 else {}
    if not (pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens")):
        raise ValueError(f"only mean-pooled models can be exported (this one: {pooling})")

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    folder = Path(folder)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    ids = torch.tensor([[101, 2129, 2079, 102]])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad():
        torch.onnx.export(LastHiddenState(transformer.auto_model.eval()),
                          (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(tmp / MODEL_FILE),
                          input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in
                                        names + ["last_hidden_state"]},
                          opset_version=17, dynamo=False)
    shutil.copy(Path(model_path) / "tokenizer.json", tmp / "tokenizer.json")
    tokenizer = transformer.tokenizer
    (tmp / INFO_FILE).write_text(json.dumps({
        "model": model_key, "max_seq_length": transformer.max_seq_length,
        "dimension": embedder.dimension, "pad_id": tokenizer.pad_token_id or 0,
        "sha256": _sha256(tmp / MODEL_FILE)}), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_is_intact(folder: Path, model_key: str) -> bool:
    """Whether `folder` holds a complete export of that model, unchanged since it was written."""
    try:
        info = json.loads((Path(folder) / INFO_FILE).read_text(encoding="utf-8"))
        return (info.get("model") == model_key and (Path(folder) / "tokenizer.json").is_file()
                and info.get("sha256") == _sha256(Path(folder) / MODEL_FILE))
    except (OSError, ValueError):
        return False
