"""`guide-assistant bench`: speed and memory, measured, written to docs/benchmarks.md (+ .json).

Sizes: the guide itself, and synthetic corpora of 10k and 100k passages made reproducibly
(seeded) from the guide's own sentences with words swapped, plus the real pages so real
questions have answers. Synthetic corpora and their indexes are built once and cached outside
the repository (GUIDE_BENCH_CACHE, default ~/.cache/guide-assistant-bench).

Each measurement runs in its own process, so peak memory (ru_maxrss, VmHWM) is that workload's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DOCS = REPO / "docs"
SEED = 7
PASSAGES_PER_PAGE = 100
QUESTIONS = REPO / "evals" / "questions.jsonl"


def cache_root() -> Path:
    return Path(os.environ.get("GUIDE_BENCH_CACHE", Path.home() / ".cache" / "guide-assistant-bench"))


def synthetic_corpus(size: int, folder: Path) -> Path:
    """The real pages, plus synthetic pages bringing the total to about `size` passages."""
    from guide_assistant.chunking import chunk_page
    from guide_assistant.corpus import load_corpus

    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for f in CORPUS.iterdir():
        if f.suffix in (".md", ".yaml") and f.name != "README.md":
            shutil.copy(f, folder / f.name)
    pages, _ = load_corpus(CORPUS)
    real = [p for page in pages for p in chunk_page(page)]
    sentences = [p.unit_text(u) for p in real for u in p.units]
    words = sorted({w for s in sentences for w in re.findall(r"[a-z]{4,}", s)})
    rng = random.Random(SEED)

    def sentence() -> str:
        tokens = rng.choice(sentences).split()
        for _ in range(3):  # swap a few words: guide-like, but every passage distinct
            i = rng.randrange(len(tokens))
            tokens[i] = rng.choice(words)
        return " ".join(tokens)

    remaining, page_no = size - len(real), 0
    while remaining > 0:
        page_no += 1
        count = min(PASSAGES_PER_PAGE, remaining)
        body = []
        for i in range(count):
            if i % 10 == 0:
                body.append(f"## Section {i // 10 + 1}")
            body.append(" ".join(sentence() for _ in range(rng.randint(1, 2))))
        (folder / f"synthetic-{page_no:05d}.md").write_text(
            f"---\npage_id: synthetic-{page_no:05d}\ntitle: \"Synthetic page {page_no}\"\n"
            f"principle: null\n---\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        remaining -= count
    marker.write_text(str(size))
    return folder


# ---- workloads, each run in a child process (python -m guide_assistant.evals.bench --child …) ----

def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ingest(corpus: str, data: str) -> dict:
    from guide_assistant.embeddings import load_embedder
    from guide_assistant.settings import Settings
    from guide_assistant.ingest import run_ingest

    from guide_assistant.embeddings import ensure_export

    settings = Settings(corpus_dir=Path(corpus), data_dir=Path(data))
    started = time.perf_counter()
    embedder = load_embedder(None)
    loaded = time.perf_counter()
    ensure_export(settings)  # once per data folder, in its own process as ingest makes it: timed apart
    exported = time.perf_counter()
    summary = run_ingest(settings, progress=True, embedder=embedder)
    done = time.perf_counter()
    from guide_assistant.store import Store

    # A fresh build: the collections hold this generation only, so Chroma's counts are its
    # texts (reading 100k records back to count them would add ~500 MB to this process's peak).
    texts = sum(Store(Settings(corpus_dir=Path(corpus), data_dir=Path(data)))
                .require_active().stored())
    return {"model_load_s": loaded - started, "export_s": exported - loaded,
            "ingest_s": done - exported, "texts": texts,
            "passages": summary.passages, "added": summary.added, "rss_mb": _rss_mb()}


def child_encode(corpus: str, limit: int) -> dict:
    """Raw SentenceTransformer.encode on the same texts the ingest embeds (up to `limit`)."""
    from guide_assistant.chunking import chunk_page
    from guide_assistant.corpus import load_corpus
    from guide_assistant.embeddings import load_embedder
    from guide_assistant.ingest.pipeline import unit_texts

    pages, _ = load_corpus(Path(corpus))
    texts = []
    for page in pages:
        for p in chunk_page(page):
            texts += [p.context, *unit_texts(p)]
        if len(texts) >= limit:
            break
    texts = texts[:limit]
    model = load_embedder(None).model
    model.encode(texts[:64], batch_size=64)  # warm
    started = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return {"texts": len(texts), "encode_s": time.perf_counter() - started}


def child_query(data: str, repeats: int) -> dict:
    from guide_assistant.assistant import Assistant
    from guide_assistant.settings import Settings

    questions = [json.loads(x)["turns"][-1] for x in QUESTIONS.read_text().splitlines() if x]
    started = time.perf_counter()
    assistant = Assistant(Settings(data_dir=Path(data)))
    opened = time.perf_counter() - started
    for q in questions[:5]:
        assistant.answer(q)  # warm
    retrieve, full, repeated = [], [], []
    for _ in range(repeats):
        for q in questions:
            assistant.retriever.forget_questions()  # every question embedded anew
            t = time.perf_counter()
            answer = assistant.answer(q)
            full.append((time.perf_counter() - t) * 1000)
            # Understanding, the views, fusion, reranking and the sentence lookup.
            retrieve.append(answer.timings_ms["retrieve"])
            repeated.append(assistant.answer(q).timings_ms["retrieve"])  # a repeat: cached
    return {"open_s": opened, "retrieve_ms": _pcts(retrieve), "answer_ms": _pcts(full),
            "repeated_retrieve_ms": _pcts(repeated), "queries": len(full), "rss_mb": _rss_mb()}


def _pcts(values: list[float]) -> dict:
    values = sorted(values)
    return {"p50": statistics.median(values), "p95": values[int(0.95 * (len(values) - 1))]}


# The question path measured both ways in the same run: the old one (sentence-transformers, with
# torch) and the new one (the model's ONNX export).
ENCODERS = {"sentence-transformers": "old", "onnx": "new"}
ONE_OFF_RUNS = 5


def _env(**extra: str) -> dict:
    return {**os.environ, **extra}


def _run_child(*args: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-m", "guide_assistant.evals.bench", "--child", *args], cwd=REPO,
                         capture_output=True, text=True, check=False, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"benchmark step {args[0]} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_off_ask(data: Path, encoder: str, runs: int = ONE_OFF_RUNS) -> dict:
    """Wall time of whole `guide-assistant ask "…"` processes, as a leader at a terminal meets it."""
    env = _env(GUIDE_DATA_DIR=str(data), GUIDE_QUESTION_ENCODER=encoder)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "guide_assistant", "ask", "How do we make a change last?"],
                       cwd=REPO, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "runs": runs}


def cold_start(data: Path, encoder: str = "onnx") -> dict:
    """Process start → first answer served by the app, with an existing index; then its RSS."""
    from gradio_client import Client

    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = _env(GUIDE_DATA_DIR=str(data), GUIDE_PORT=str(port), GUIDE_QUESTION_ENCODER=encoder)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "guide_assistant", "serve"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
                    "How do we make the change last?", None, api_name="/ask")
                break
            except Exception:
                if proc.poll() is not None or time.perf_counter() - started > 300:
                    raise RuntimeError("the app did not serve an answer")
                time.sleep(0.1)
        first = time.perf_counter() - started
        status = Path(f"/proc/{proc.pid}/status").read_text()
        hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"first_answer_s": first, "serving_rss_mb": hwm}


def measure(size: str, repeats: int) -> dict:
    if size == "guide":
        root = Path(__import__("tempfile").mkdtemp(prefix="guide-bench-"))
        corpus, data = CORPUS, root / "data"
    else:
        root = cache_root() / f"size-{size}"
        corpus, data = synthetic_corpus(int(size), root / "corpus"), root / "data"
    record = root / "ingest.json"
    if record.exists():  # built before: the ingest numbers are those of that build
        ingest = json.loads(record.read_text())
    else:
        shutil.rmtree(data, ignore_errors=True)
        ingest = _run_child("ingest", str(corpus), str(data))
        record.write_text(json.dumps(ingest))
    encode = _run_child("encode", str(corpus), str(min(ingest["texts"], 5000)))
    paths = {}
    for encoder, label in ENCODERS.items():
        paths[label] = {
            "encoder": encoder,
            "query": _run_child("query", str(data), str(repeats),
                                env=_env(GUIDE_QUESTION_ENCODER=encoder)),
            "app": cold_start(data, encoder),
            "one_off_ask": one_off_ask(data, encoder),
        }
    query, app = paths["new"]["query"], paths["new"]["app"]
    ingest_rate = ingest["texts"] / ingest["ingest_s"]
    encode_rate = encode["texts"] / encode["encode_s"]
    result = {"size": size, "passages": ingest["passages"], "ingest": ingest,
              "ingest_texts_per_s": ingest_rate, "encode_texts_per_s": encode_rate,
              "ingest_vs_encode": ingest_rate / encode_rate, "query": query, "app": app,
              "question_path": paths}
    if size == "guide":
        shutil.rmtree(root, ignore_errors=True)
    return result


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024**2
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, no GPU; Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


# The speed and memory targets: (description, size, how to read the value, rule).
TARGETS = [
    ("retrieval p50 ≤ 20 ms at 100k", "100000", lambda r: r["query"]["retrieve_ms"]["p50"], 20),
    ("full answer p50 ≤ 50 ms at 100k", "100000", lambda r: r["query"]["answer_ms"]["p50"], 50),
    ("full answer p50 ≤ 30 ms on the guide", "guide", lambda r: r["query"]["answer_ms"]["p50"], 30),
    ("ingest ≥ 0.8 × raw encode (10k)", "10000", lambda r: -r["ingest_vs_encode"], -0.8),
    ("app first answer ≤ 6 s (guide)", "guide", lambda r: r["app"]["first_answer_s"], 6),
    ("one-off ask ≤ 2 s (guide)", "guide",
     lambda r: r["question_path"]["new"]["one_off_ask"]["median_s"], 2),
    ("retrieval p50 ≤ 12 ms on the guide", "guide", lambda r: r["query"]["retrieve_ms"]["p50"], 12),
    ("serving RSS ≤ 500 MB on the guide", "guide", lambda r: r["app"]["serving_rss_mb"], 500),
    ("serving RSS ≤ 1.5 GB at 100k", "100000", lambda r: r["app"]["serving_rss_mb"], 1536),
]


def targets_table(results: list[dict]) -> list[str]:
    by_size = {r["size"]: r for r in results}
    rows = ["| target | measured | met |", "| --- | --- | --- |"]
    for name, size, read, bar in TARGETS:
        if size not in by_size:
            rows.append(f"| {name} | not measured in this run | — |")
            continue
        value = read(by_size[size])
        v = abs(value)
        shown = f"{v:.2f}" if v < 1 else f"{v:.1f}" if v < 100 else f"{v:.0f}"
        rows.append(f"| {name} | {shown} | {'yes' if value <= bar else 'no'} |")
    return rows


def markdown(results: list[dict], command: str) -> str:
    out = ["# Benchmarks", "", f"Measured by `{command}` on {time.strftime('%Y-%m-%d')}.", "",
           f"Machine: {machine()}.", "",
           "| size | passages | ingest texts/s | raw encode texts/s | ratio | retrieval p50 / p95 ms "
           "| full answer p50 / p95 ms | app first answer s | ingest peak RSS MB | serving peak RSS MB |",
           "| --- |" + " --- |" * 9]
    for r in results:
        q, a = r["query"], r["app"]
        out.append(
            f"| {r['size']} | {r['passages']:,} | {r['ingest_texts_per_s']:.0f} | "
            f"{r['encode_texts_per_s']:.0f} | {r['ingest_vs_encode']:.2f} | "
            f"{q['retrieve_ms']['p50']:.1f} / {q['retrieve_ms']['p95']:.1f} | "
            f"{q['answer_ms']['p50']:.1f} / {q['answer_ms']['p95']:.1f} | "
            f"{a['first_answer_s']:.1f} | {r['ingest']['rss_mb']:.0f} | {a['serving_rss_mb']:.0f} |")
    out += ["", "- *texts* are what ingest embeds: each passage (with its page and section) and each "
            "of its sentences; ingest texts/s is over the whole ingest (chunking, embedding, "
            "writing to Chroma), model load and the one-time ONNX export excluded (the export "
            "takes about 2 s, once per data folder); raw encode is `SentenceTransformer.encode` "
            "alone on the same texts (up to 5,000).",
            "- Latencies are warm, in one process, over the development eval questions, each "
            "embedded anew (the cache of question embeddings emptied before each); the full "
            "answer includes retrieval, the scope decision and the extractive answer. A repeated "
            "question (a starter, an eval run) takes its embedding from the cache.",
            "- App first answer: `python -m guide_assistant serve` started → first `/ask` answered "
            "through gradio_client, with an existing index. Serving RSS is that process's VmHWM.",
            "- Ingest RSS is the ingest process's ru_maxrss (model included).",
            "", "## The question path: sentence-transformers (old) against ONNX (new)", "",
            "Measured in the same run, on the same index: only how questions are embedded differs "
            "(`GUIDE_QUESTION_ENCODER`).", "",
            "| size | path | one-off `ask` wall s, median (min–max) of 5 | app first answer s "
            "| retrieval p50 / p95 ms | repeated question: retrieval p50 ms "
            "| full answer p50 / p95 ms | serving peak RSS MB |",
            "| --- |" + " --- |" * 7]
    for r in results:
        for label, p in r.get("question_path", {}).items():
            o, q, a = p["one_off_ask"], p["query"], p["app"]
            out.append(f"| {r['size']} | {label}: {p['encoder']} | {o['median_s']:.2f} "
                       f"({o['min_s']:.2f}–{o['max_s']:.2f}) | {a['first_answer_s']:.1f} | "
                       f"{q['retrieve_ms']['p50']:.1f} / {q['retrieve_ms']['p95']:.1f} | "
                       f"{q['repeated_retrieve_ms']['p50']:.1f} | "
                       f"{q['answer_ms']['p50']:.1f} / {q['answer_ms']['p95']:.1f} | "
                       f"{a['serving_rss_mb']:.0f} |")
    out += ["", "## Targets", ""] + targets_table(results)
    return "\n".join(out) + "\n"


NOTES_HEADING = "## Notes and gaps"


def hand_notes(path: Path) -> str:
    """The section of `path` written by hand (from NOTES_HEADING on), kept when the tables above
    it are rewritten; "" if there is none."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(NOTES_HEADING)
    return "" if start < 0 else "\n" + text[start:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guide-assistant bench", description=__doc__)
    parser.add_argument("--sizes", default="guide,10000,100000",
                        help="comma-separated: guide and/or passage counts (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the questions")
    parser.add_argument("--output", type=Path, default=DOCS / "benchmarks.md")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        fn = {"ingest": child_ingest, "encode": lambda c, n: child_encode(c, int(n)),
              "query": lambda d, r: child_query(d, int(r))}[kind]
        print(json.dumps(fn(*rest)))
        return 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    command = "guide-assistant bench" + (f" --sizes {args.sizes}" if argv else "")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    notes = hand_notes(args.output)
    results = []
    for size in sizes:
        print(f"bench: measuring size {size} …", file=sys.stderr, flush=True)
        results.append(measure(size, args.repeats))
        # Written after every size, so a long run that is stopped still leaves what it measured.
        args.output.write_text(markdown(results, command) + notes, encoding="utf-8")
        args.output.with_suffix(".json").write_text(json.dumps(
            {"machine": machine(), "command": command, "results": results}, indent=1) + "\n")
    print(markdown(results, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
