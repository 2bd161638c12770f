"""Re-ingest cost and kill safety at scale (a benchmark, not a CI test):

    python -m guide_assistant.evals.reingest [--size 26000] [--edits 3] [--kills 20]

On bench's synthetic corpus of `size` passages (built once, cached like bench's): one paragraph
is edited and the index re-ingested, `edits` times, each ingest a whole `guide-assistant ingest`
process with its model load timed apart. Then `kills` times: a paragraph is edited, an ingest is
started and SIGKILLed at a point spread over its run, the answers to five questions are read (they
must be those of the last complete ingest or of the new one), the ingest is run to completion and
the answers read again. Prints a Markdown table and writes it as JSON next to the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from .bench import QUESTIONS, REPO, cache_root, synthetic_corpus

ANSWERS = """
import json, sys
from pathlib import Path
from guide_assistant.assistant import Assistant
from guide_assistant.settings import Settings
assistant = Assistant(Settings(data_dir=Path(sys.argv[1])))
out = []
for q in json.loads(sys.argv[2]):
    a = assistant.answer(q)
    out.append([a.answer, [c.passage_id for c in a.citations]])
print(json.dumps([assistant.index.name, out]))
"""


def _env(corpus: Path, data: Path) -> dict:
    return {**os.environ, "GUIDE_CORPUS_DIR": str(corpus), "GUIDE_DATA_DIR": str(data)}


def _ingest(corpus: Path, data: Path) -> tuple[float, str]:
    """A whole ingest process: (seconds, its summary line)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "guide_assistant", "ingest"], cwd=REPO,
                          env=_env(corpus, data), capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"ingest failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def _model_load_s() -> float:
    """What loading the model costs a process (the part of an ingest that is not the change)."""
    code = ("import time; t = time.perf_counter(); from guide_assistant.embeddings import "
            "load_embedder; load_embedder(None); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _answers(data: Path, questions: list[str]) -> list:
    out = subprocess.run([sys.executable, "-c", ANSWERS, str(data), json.dumps(questions)],
                         cwd=REPO, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"the index could not answer after a kill:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _edit(corpus: Path, n: int) -> None:
    """Reword one paragraph of a synthetic page (a different page each time)."""
    pages = sorted(corpus.glob("synthetic-*.md"))
    page = pages[(n * 7) % len(pages)]
    paragraphs = page.read_text(encoding="utf-8").split("\n\n")
    i = next(k for k in range(3, len(paragraphs)) if not paragraphs[k].startswith("#"))
    paragraphs[i] = paragraphs[i].rstrip() + f" Edited {n}."
    page.write_text("\n\n".join(paragraphs), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reingest", description=__doc__)
    parser.add_argument("--size", type=int, default=26000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--kills", type=int, default=20)
    args = parser.parse_args(argv)

    root = cache_root() / f"reingest-{args.size}"
    corpus, data = root / "corpus", root / "data"
    if not (root / ".built").exists():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(synthetic_corpus(args.size, cache_root() / f"size-{args.size}" / "corpus"),
                        corpus)
        print(f"building the {args.size}-passage index once …", file=sys.stderr, flush=True)
        seconds, line = _ingest(corpus, data)
        (root / ".built").write_text(json.dumps({"seconds": seconds, "summary": line}))
    built = json.loads((root / ".built").read_text())
    load = _model_load_s()
    stamp = int(time.time())  # each run edits anew: the corpus is kept between runs

    edits = []
    for n in range(args.edits):
        _edit(corpus, stamp + n)
        seconds, line = _ingest(corpus, data)
        edits.append({"seconds": seconds, "beyond_model_load_s": seconds - load, "summary": line})
        print(f"edit {n + 1}: {seconds:.1f} s ({seconds - load:.1f} s beyond model load) — {line}",
              file=sys.stderr, flush=True)

    questions = [json.loads(x)["turns"][-1] for x in QUESTIONS.read_text().splitlines() if x][:5]
    span = max(e["seconds"] for e in edits)
    kills = {"old": 0, "new": 0, "other": 0}
    for k in range(args.kills):
        before = _answers(data, questions)
        _edit(corpus, stamp + args.edits + k)
        at = span * (k + 0.5) / args.kills
        proc = subprocess.Popen([sys.executable, "-m", "guide_assistant", "ingest"], cwd=REPO,
                                env=_env(corpus, data), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(at)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed = _answers(data, questions)
        _ingest(corpus, data)
        after = _answers(data, questions)
        outcome = ("old" if killed == before else "new" if killed == after else "other")
        kills[outcome] += 1
        print(f"kill {k + 1} at {at:.1f} s: answers of the {outcome} index", file=sys.stderr,
              flush=True)

    result = {"size": args.size, "fresh_build": built, "model_load_s": load, "edits": edits,
              "kills": kills, "kill_points": args.kills}
    (root / "result.json").write_text(json.dumps(result, indent=1))
    print("| passages | fresh build | model load | one-paragraph re-ingest (whole process) | "
          "beyond model load | kills: old / new / other |\n| --- | --- | --- | --- | --- | --- |")
    for e in edits:
        print(f"| {args.size} | {built['seconds']:.0f} s | {load:.1f} s | {e['seconds']:.1f} s | "
              f"{e['beyond_model_load_s']:.1f} s | {kills['old']} / {kills['new']} / "
              f"{kills['other']} |")
    return 0 if kills["other"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
