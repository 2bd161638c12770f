import json

import pytest

from guide_assistant.cli import main
from guide_assistant.contract import contract_violations

KEYS = {"answer", "refused", "principle", "search_query", "citations", "timings_ms", "mode"}
CITATION_KEYS = {"n", "passage_id", "title", "section", "principle", "source_url", "text", "quote",
                 "score"}


@pytest.mark.integration
def test_ask_json_prints_the_contract(built_settings, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_INDEX_DIR", str(built_settings.index_path))
    assert main(["ask", "--json", "How", "do", "we", "make", "the", "change", "last?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == KEYS
    assert answer["citations"] and all(set(c) == CITATION_KEYS for c in answer["citations"])
    assert set(answer["timings_ms"]) == {"retrieve", "answer", "total"}
    assert contract_violations(answer) == []


@pytest.mark.integration
def test_batch_runs_each_line_as_a_conversation(built_settings, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_INDEX_DIR", str(built_settings.index_path))
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "a", "turns": ["What is the new mindset?", "What challenges it?"]}),
        json.dumps({"id": "b", "turns": ["What is the capital of France?"]}),
        "not json",
        json.dumps({"id": "d", "question": "What is the new mindset?"}),
        json.dumps(["What is the new mindset?"]),
    ]) + "\n")
    with batch.open("ab") as f:  # a line in another encoding costs only itself
        f.write(b'{"id": "f", "turns": ["Caf\xe9 culture?"]}\n')
        f.write(json.dumps({"id": "g", "turns": ["What challenges the new mindset?"]}).encode() + b"\n")
    assert main(["ask", "--json", "--batch", str(batch)]) == 1  # bad lines
    out = capsys.readouterr()
    lines = [json.loads(x) for x in out.out.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "g"]
    assert lines[0]["search_query"] == "What challenges it? new mindset"
    assert "There are many polarities" in lines[0]["citations"][0]["text"]
    assert lines[1]["refused"] and lines[1]["citations"] == []
    assert "line 3 skipped: not JSON" in out.err
    # What a line needs is said, not a bare key name.
    assert out.err.count('skipped: needs {"turns": [question, …]}') == 2, out.err
    assert "line 6 skipped: not UTF-8" in out.err
    assert main(["ask", "--batch", str(tmp_path)]) == 2  # a folder: said, not a traceback
    assert "is not a file" in capsys.readouterr().err


def test_the_rules_catch_a_broken_answer():
    broken = {"answer": "x [2]", "refused": True, "citations": [
        {"n": 1, "text": "abc", "quote": "abd"}]}
    problems = contract_violations(broken)
    assert len(problems) == 3


def test_the_first_line_must_name_the_page_of_every_citation():
    def cite(n, title, principle=None):
        return {"n": n, "title": title, "principle": principle, "text": "abc", "quote": "b"}
    one_named = {"answer": "The guide's principle *Rope* says:\n\nb [1] b [2]", "refused": False,
                 "citations": [cite(1, "Rope page", "Rope"), cite(2, "Welcome")]}
    assert contract_violations(one_named) == ["the first line does not name the page of [2]"]
    both = {**one_named, "answer": "The guide's principle *Rope* [1] and page *Welcome* [2] say:"
                                   "\n\nb [1] b [2]"}
    assert contract_violations(both) == []


def test_a_missing_index_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    assert main(["ask", "anything"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no index at") and "guide-assistant ingest" in err
