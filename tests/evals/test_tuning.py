"""Cross-validation and leave-one-page-out, on the fixture corpus with the fake embedder."""

from guide_assistant.evals import tuning
from guide_assistant.evals.leave_one_out import leave_one_page_out

ROWS = [
    {"id": "a", "kind": "in_scope", "turns": ["Should we celebrate the crews?"],
     "gold": ["Celebrate the crews"]},
    {"id": "b", "kind": "in_scope", "turns": ["Who asked for the new lantern?"],
     "gold": ["Consider these questions"]},
    {"id": "c", "kind": "in_scope", "turns": ["Who is the lantern guide aimed at?"],
     "gold": ["Aimed at harbour masters"]},
    {"id": "d", "kind": "in_scope", "turns": ["Does a lantern work the same in every port?"],
     "gold": ["Each port has its own weather"]},
    {"id": "e", "kind": "out_of_scope", "turns": ["What is the boiling point of mercury?"]},
]


def test_every_row_is_answered_with_settings_chosen_without_it(fixture_assistant, monkeypatch):
    monkeypatch.setattr(tuning, "GRID", {"view_weights": [{"unit": 0.3, "lexical": 0.2, "dense": 0.5},
                                                          {"unit": 0.0, "lexical": 1.0, "dense": 0.0}],
                                         "runner_up_margin": [0.05, 0.15],
                                         "in_scope_bar": [0.40, 0.99]})
    cv = tuning.cross_validate(fixture_assistant, ROWS, folds=5)
    assert set(cv.answers) == {r["id"] for r in ROWS}
    assert len(cv.choices) == 5 and all(set(c) == set(tuning.GRID) for c in cv.choices)
    # A bar no answer clears loses on the in-scope rows, whichever fold is held out.
    assert all(c["in_scope_bar"] == 0.40 for c in cv.choices)
    assert cv.shipped["runner_up_margin"] == fixture_assistant.settings.runner_up_margin


def test_a_twin_with_other_settings_shares_the_index(fixture_assistant):
    original = fixture_assistant.settings.runner_up_margin
    wide = fixture_assistant.tuned(runner_up_margin=10.0)
    narrow = fixture_assistant.tuned(runner_up_margin=0.0)
    assert wide.index is fixture_assistant.index and wide.retriever is fixture_assistant.retriever
    question = "Which crews keep using the lantern in fog?"
    assert len(wide.answer(question).citations) > len(narrow.answer(question).citations) == 1
    assert fixture_assistant.settings.runner_up_margin == original  # the original is untouched


def test_leave_one_page_out_asks_what_only_the_removed_page_answers(fixture_assistant):
    report = leave_one_page_out(fixture_assistant, {"fixture": ROWS})
    assert set(report["pages"]) == {"welcome", "tide-principle"}
    assert report["questions"] == 4 and 0 <= report["declined"] <= 4
    assert report["declined_share"] == report["declined"] / 4
