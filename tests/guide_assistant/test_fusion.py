"""Fusion is a pure function of the views' scores: checked on hand-made rankings."""

import numpy as np
import pytest

from guide_assistant.fusion import (RRF_K, blend_scores, fuse, merge_searches,
                                   reciprocal_rank_fusion)
from guide_assistant.retrieval import Candidates


def test_each_view_adds_one_over_k_plus_rank():
    fused = reciprocal_rank_fusion([{"a": 0.9, "b": 0.5}, {"b": 3.0, "c": 1.0}], k=60)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 62)
    assert max(fused, key=fused.get) == "b"  # second and first beats a single first


def test_weights_scale_a_views_vote():
    views = [{"a": 1.0}, {"b": 1.0}]
    fused = reciprocal_rank_fusion(views, weights=[1.0, 2.0])
    assert fused["b"] == pytest.approx(2 * fused["a"])


def test_ties_keep_the_order_the_views_name_them():
    fused = reciprocal_rank_fusion([{"x": 1.0}, {"y": 1.0}])
    assert list(fused) == ["x", "y"] and fused["x"] == fused["y"]
    assert sorted(fused, key=fused.__getitem__, reverse=True) == ["x", "y"]


def test_blending_keeps_the_views_margins():
    fused = {"a": 0.1, "b": 0.1}
    blended = blend_scores(fused, {"a": 0.8, "b": 0.2}, {}, {"a": 4.0, "b": 2.0}, weight=0.3)
    assert blended["a"] > blended["b"]
    assert blended["a"] == pytest.approx(0.1 + 0.3 * (0.8 + 1.0) / 3)
    assert blend_scores(fused, {}, {}, {}, weight=0.0) is fused


def test_fuse_returns_hits_best_first_with_each_views_score(fixture_assistant):
    passages = fixture_assistant.index.passages
    a, b, c = passages[0], passages[1], passages[2]
    candidates = Candidates("q", "q", np.zeros(4), [], 1.0, views={
        "dense": {a.id: 0.5, b.id: 0.7}, "unit": {b.id: 0.6}, "lexical": {c.id: 2.0, b.id: 1.0}})
    hits = fuse(candidates, fixture_assistant.index.by_id)
    assert [h.passage.id for h in hits][0] == b.id
    assert {h.passage.id for h in hits} == {a.id, b.id, c.id}
    top = hits[0]
    assert (top.dense, top.unit, top.lexical) == (0.7, 0.6, 1.0)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert top.score > 3 / (RRF_K + 2)


def test_no_views_no_hits(fixture_assistant):
    assert fuse(Candidates("q", "q", np.zeros(4), [], 0.0), fixture_assistant.index.by_id) == []


def _search(views, vector, bridged=()):
    return Candidates("q", "q", np.asarray(vector, dtype=np.float32), list(bridged), 0.5, views)


def test_two_searches_merge_view_by_view_with_the_asks_weight():
    whole = _search({"dense": {"a": 0.8, "b": 0.4}, "unit": {"a": 0.6},
                     "lexical": {"a": 4.0, "b": 2.0}}, [1, 0], ["x"])
    ask = _search({"dense": {"b": 0.9, "c": 0.5}, "unit": {"b": 0.7},
                   "lexical": {"b": 1.0}}, [0, 1], ["y", "x"])
    merged = merge_searches(whole, ask, 0.25)
    # A passage one search missed counts as that search's lowest score.
    assert merged.views["dense"]["a"] == pytest.approx(0.75 * 0.8 + 0.25 * 0.5)
    assert merged.views["dense"]["c"] == pytest.approx(0.75 * 0.4 + 0.25 * 0.5)
    assert merged.views["unit"]["b"] == pytest.approx(0.75 * 0.6 + 0.25 * 0.7)
    # BM25 is scaled to each search's best match; a miss is no match.
    assert merged.views["lexical"]["a"] == pytest.approx(0.75 * 1.0)
    assert merged.views["lexical"]["b"] == pytest.approx(0.75 * 0.5 + 0.25 * 1.0)
    # The question vector is the same mix, of unit length; the rest is the whole question's.
    assert merged.vector == pytest.approx(np.array([0.75, 0.25]) / np.hypot(0.75, 0.25))
    assert merged.bridged == ["x", "y"] and merged.coverage == whole.coverage
    assert whole.views["dense"] == {"a": 0.8, "b": 0.4}  # the inputs are untouched


def test_an_ask_weighted_fully_ranks_as_the_ask_alone():
    whole = _search({"dense": {"a": 0.9, "b": 0.1}}, [1, 0])
    ask = _search({"dense": {"a": 0.2, "b": 0.6}}, [0, 1])
    assert merge_searches(whole, ask, 1.0).views["dense"] == {"a": 0.2, "b": 0.6}
    assert merge_searches(whole, ask, 0.0).views["dense"] == {"a": 0.9, "b": 0.1}
