"""CI runs the benchmark only at the guide's size: a smoke run that completes and writes its
table. No timing is asserted here; the numbers live in docs/benchmarks.md."""

import json

import pytest

from guide_assistant.evals import bench
from tests.helpers import CORPUS, passage_count

pytestmark = pytest.mark.integration  # the real packaged model


@pytest.mark.slow
def test_bench_at_the_guides_size_writes_its_table(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\nan old table\n\n## Notes and gaps (by hand)\n\n- kept\n")
    assert bench.main(["--sizes", "guide", "--repeats", "1", "--output", str(out)]) == 0
    table = out.read_text()
    assert f"| guide | {passage_count(CORPUS)} |" in table and "Machine: " in table
    assert "an old table" not in table and table.endswith("## Notes and gaps (by hand)\n\n- kept\n")
    data = json.loads(out.with_suffix(".json").read_text())
    [result] = data["results"]
    for key in ("ingest_texts_per_s", "encode_texts_per_s", "ingest_vs_encode"):
        assert result[key] > 0
    assert result["query"]["answer_ms"]["p50"] > 0 and result["app"]["first_answer_s"] > 0
    assert result["ingest"]["rss_mb"] > 0 and result["app"]["serving_rss_mb"] > 0


def test_the_hand_written_notes_are_what_follows_their_heading(tmp_path):
    page = tmp_path / "benchmarks.md"
    assert bench.hand_notes(page) == ""  # no file yet
    page.write_text("# Benchmarks\n\n| a table |\n")
    assert bench.hand_notes(page) == ""
    page.write_text("# Benchmarks\n\n| a table |\n\n## Notes and gaps\n\n- why\n")
    assert bench.hand_notes(page) == "\n## Notes and gaps\n\n- why\n"
