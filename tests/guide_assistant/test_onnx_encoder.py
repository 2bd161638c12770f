"""Questions embedded by the model's ONNX export agree with sentence-transformers, start without
torch, and fall back (with one log line) when the export cannot be used."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading

import numpy as np
import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.embeddings import LazyEmbedder, question_embedder
from guide_assistant.evals.runner import SETS
from guide_assistant.evals.scoring import load_set
from guide_assistant.onnx_encoder import OnnxEmbedder, _by_length, export_folder

pytestmark = pytest.mark.integration  # the real packaged model

HEAVY = ("torch", "transformers", "sentence_transformers")


def _questions() -> list[tuple[str, list[str]]]:
    return [(r["turns"][-1], r["turns"][:-1]) for path in SETS.values() for r in load_set(path)]


def test_ingest_made_the_export_and_questions_use_it(built_settings):
    embedder = question_embedder(built_settings)
    assert isinstance(embedder, OnnxEmbedder)
    assert (export_folder(built_settings.data_dir, embedder.model_key) / "model.onnx").exists()


def test_both_paths_agree_on_every_eval_question(built_settings, embedder):
    onnx = question_embedder(built_settings)
    questions = [q for q, _ in _questions()]
    a, b = onnx.encode(questions), embedder.encode(questions)
    cosine = (a * b).sum(axis=1)
    assert len(questions) >= 250 and cosine.min() >= 0.9999, cosine.min()
    singles = np.stack([onnx.encode_one(q) for q in questions[:20]])  # unpadded path
    assert ((singles * b[:20]).sum(axis=1)).min() >= 0.9999


def test_texts_are_batched_with_others_of_like_length():
    # A 40-token question and the short words the bridge looks up for it: two batches, not one
    # padded to 40 tokens eleven times over; the batch size still bounds each.
    assert _by_length([40, 3, 4, 3, 38, 90], 64) == [[1, 3, 2], [4, 0], [5]]
    assert _by_length([3] * 5, 2) == [[0, 1], [2, 3], [4]]


def test_a_question_encoded_with_short_words_is_encoded_as_alone(built_settings):
    onnx = question_embedder(built_settings)
    question = ("I chair our digital board and we've bought a patient-held record system that "
                "nobody in primary care seems to want. How do we get them interested?")
    words = ["chair", "digital", "bought", "patient-held", "primary", "care", "interested"]
    together = onnx.encode([question, *words])
    alone = np.stack([onnx.encode_one(t) for t in [question, *words]])
    assert (together * alone).sum(axis=1).min() >= 0.9999


def test_threads_sharing_the_encoder_get_their_own_answers(built_settings):
    # The server embeds several questions at once with one encoder. Its tokenizer used to be
    # switched between padded and unpadded per call, and a batch tokenised after another
    # thread's switch came back ragged (5 errors in 600 such calls, measured before the fix).
    onnx = question_embedder(built_settings)
    long = ["a fairly long question about spreading an innovation across the whole system",
            "word", "other"]
    expected = onnx.encode(long)
    errors: list[str] = []

    def work(i: int) -> None:
        for k in range(150):
            try:
                if i % 2:
                    got = onnx.encode(long)
                    assert np.allclose(got, expected, atol=1e-5)
                else:
                    onnx.encode([f"short {k}"])
            except Exception as exc:  # noqa: BLE001 — every failure is counted
                errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_the_top_five_passages_are_the_same_on_both_paths(built_settings, embedder):
    fast = Assistant(built_settings, embedder=question_embedder(built_settings))
    slow = Assistant(built_settings, embedder=embedder)
    for question, history in _questions():
        query = fast.answer(question, history).search_query or question
        top = [[h.passage.id for h in a.rank(query)[1][:5]] for a in (fast, slow)]
        assert top[0] == top[1], question


def _cli(settings, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "GUIDE_DATA_DIR": str(settings.data_dir),
           "GUIDE_INDEX_DIR": str(settings.index_path)}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "guide_assistant", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def _imported(stderr: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in stderr.splitlines()
            if line.startswith("import time:")}


def test_a_one_off_ask_imports_no_torch(built_settings):
    done = _cli(built_settings, "ask", "How do we make a change last?")
    assert done.returncode == 0 and "[1]" in done.stdout
    heavy = sorted(m for m in _imported(done.stderr) if m.split(".")[0] in HEAVY)
    assert heavy == [], heavy[:5]


def test_help_and_feedback_export_load_no_model(built_settings):
    for args in (["--help"], ["feedback", "export"]):
        done = _cli(built_settings, *args)
        loaded = {m.split(".")[0] for m in _imported(done.stderr)}
        assert not loaded & {*HEAVY, "onnxruntime", "gradio", "chromadb"}, (args, loaded & {
            *HEAVY, "onnxruntime", "gradio", "chromadb"})


def test_empty_and_declined_questions_load_no_model(built_settings):
    assistant = Assistant(built_settings)
    assert isinstance(assistant.embedder, LazyEmbedder)
    assert assistant.answer("   ").refused
    assert assistant.answer("What dose of metformin should an adult take?").refused
    assert assistant.answer("Write me a business case for a new clinic.").refused
    assert assistant.embedder._embedder is None  # nothing needed the model yet
    assert not assistant.answer("How do we make a change last?").refused
    assert assistant.embedder._embedder is not None


def _copy_with_export(built_settings, tmp_path):
    """A writable copy of the built data folder: its settings, export folder and model key."""
    data = tmp_path / "data"
    shutil.copytree(built_settings.data_dir, data)
    settings = built_settings.with_overrides(data_dir=data, index_dir=data / "index")
    folder = next(data.glob("onnx/*"))
    return settings, folder, json.loads((folder / "info.json").read_text())["model"]


def test_a_damaged_export_falls_back_with_one_log_line(built_settings, tmp_path, caplog):
    settings, folder, key = _copy_with_export(built_settings, tmp_path)
    assert folder == export_folder(settings.data_dir, key)
    (folder / "model.onnx").write_bytes(b"not an onnx model" * 100)
    with caplog.at_level(logging.WARNING, logger="guide_assistant"):
        answer = Assistant(settings).answer("How do we make a change last?")
    assert not answer.refused and answer.citations
    lines = [r for r in caplog.records if "sentence-transformers" in r.getMessage()]
    assert len(lines) == 1 and "ONNX export" in lines[0].getMessage()


def test_ingest_remakes_a_damaged_export(built_settings, tmp_path, embedder):
    from guide_assistant.ingest import run_ingest
    from guide_assistant.onnx_encoder import export_is_intact

    settings, folder, key = _copy_with_export(built_settings, tmp_path)
    assert export_is_intact(folder, key)
    (folder / "model.onnx").write_bytes(b"damaged")
    assert not export_is_intact(folder, key)
    summary = run_ingest(settings, progress=False, embedder=embedder)
    assert summary.exported and "question encoder exported" in str(summary)
    assert export_is_intact(folder, key)
    assert not run_ingest(settings, progress=False, embedder=embedder).exported
