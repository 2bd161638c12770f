"""A user's own cross-encoder as a reranker (Settings.reranker_path).

No cross-encoder is packaged, so the test makes a small one: a one-layer BERT sequence
classifier with the packaged model's tokenizer, saved as a sentence-transformers CrossEncoder
folder. Its scores mean nothing; what is checked is the seam — the model reads the question with
each leading candidate, its order and scores replace theirs, and a wrong folder is a clear error.
"""

import pytest

from guide_assistant.assistant import Assistant
from guide_assistant.errors import SettingsError
from guide_assistant.rerankers import CrossEncoderRerank

pytestmark = pytest.mark.integration  # loads torch and transformers


@pytest.fixture(scope="module")
def cross_encoder_folder(tmp_path_factory):
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from guide_assistant.embeddings import default_model_path

    folder = tmp_path_factory.mktemp("cross-encoder")
    tokenizer = AutoTokenizer.from_pretrained(str(default_model_path()), local_files_only=True)
    torch.manual_seed(0)
    model = BertForSequenceClassification(BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1,
        num_attention_heads=2, intermediate_size=64, num_labels=1))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_the_cross_encoder_orders_the_leading_candidates(built_settings, embedder,
                                                         cross_encoder_folder):
    from sentence_transformers import CrossEncoder

    settings = built_settings.with_overrides(reranker_path=cross_encoder_folder)
    assistant = Assistant(settings, embedder=embedder)
    assert any(isinstance(r, CrossEncoderRerank) for r in assistant.rerankers)
    query = "How do we make the change last?"
    _, hits = assistant.rank(query)
    depth = CrossEncoderRerank.DEPTH
    head = hits[:depth]
    # The same model, asked directly, scores the same pairs in the same order.
    model = CrossEncoder(str(cross_encoder_folder), device="cpu", local_files_only=True)
    expected = model.predict([(query, h.passage.context) for h in head])
    assert [h.score for h in head] == pytest.approx(sorted(expected, reverse=True), abs=1e-5)
    assert all(0 <= h.score <= 1 for h in head)  # probabilities, as the margin expects
    assert all(h.score <= head[-1].score for h in hits[depth:])
    answer = assistant.answer(query)
    assert not answer.refused and answer.citations[0].text in hits[0].passage.text


def test_a_folder_without_a_model_is_a_clear_error(built_settings, embedder, tmp_path):
    settings = built_settings.with_overrides(reranker_path=tmp_path)
    with pytest.raises(SettingsError, match="GUIDE_RERANKER_PATH"):
        Assistant(settings, embedder=embedder)
