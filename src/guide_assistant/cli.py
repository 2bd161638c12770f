"""guide-assistant: the command line. A thin layer: parse flags, call the core, print.

Errors a user can act on (GuideError) are printed as one line, never as a stack trace.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .contract import Answer, place, plain
from .errors import GuideError
from .settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.read().with_overrides(
        corpus_dir=getattr(args, "corpus", None), index_dir=getattr(args, "index", None),
        llm=getattr(args, "llm", None), llm_base_url=getattr(args, "llm_base_url", None),
        llm_model=getattr(args, "llm_model", None))


def _add_llm_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("optional language model (answers still checked against the guide)")
    g.add_argument("--llm", choices=["none", "openai", "ollama"],
                   help="none = extractive (default); openai = any OpenAI-compatible endpoint "
                        "(GUIDE_LLM)")
    g.add_argument("--llm-base-url", help="endpoint, e.g. http://localhost:8000/v1 (GUIDE_LLM_BASE_URL)")
    g.add_argument("--llm-model", help="model name (GUIDE_LLM_MODEL); the API key is read from "
                                       "GUIDE_LLM_API_KEY")


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import run_ingest

    settings = _settings(args)
    print(f"ingesting {settings.corpus_dir} → {settings.index_path}", file=sys.stderr)
    summary = run_ingest(settings, rebuild=args.rebuild, progress=sys.stderr.isatty(),
                         wait=not args.no_wait)
    for problem in summary.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(summary)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .ingest import run_ingest
    from .ingest.importing import run_import
    from .ingest.lock import ingest_lock

    settings = _settings(args)
    print(f"importing {len(args.sources)} source(s) into {settings.corpus_dir}", file=sys.stderr)
    with ingest_lock(settings):  # not while an ingest reads the corpus, nor two imports at once
        summary = run_import(args.sources, settings.corpus_dir, settings.data_dir,
                             delay=args.delay, max_pages=args.max_pages, timeout=args.timeout)
    print(summary)
    if not summary.imported:
        print("error: nothing was imported (see the reasons above)", file=sys.stderr)
        return 2
    if args.ingest:
        print(run_ingest(settings, progress=sys.stderr.isatty()))
    return 0


def _print_answer(result: Answer) -> None:
    if result.notice:
        print(f"({result.notice})\n")
    print(plain(result.answer))  # a terminal shows Markdown's marks as they are: leave them out
    if result.citations:
        print("\nSources:")
    for c in result.citations:
        print(f"  [{c.n}] {place(c.title, c.section)}")
        print(f"      \"{c.quote}\"")
        if c.source_url:
            print(f"      {c.source_url}")
    if result.rewritten:
        print(f"\n(searched for: {result.search_query})")


def _interactive(assistant) -> int:
    print("Ask a question about the guide (empty line or Ctrl-D to quit, 'new' for a new "
          "conversation).")
    history: list[str] = []
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question or question.lower() in {"quit", "exit"}:
            return 0
        if question.lower() == "new":
            history = []
            print("(new conversation)")
            continue
        print()
        _print_answer(assistant.answer(question, history))
        history.append(question)


def cmd_ask(args: argparse.Namespace) -> int:
    from .assistant import Assistant

    assistant = Assistant(_settings(args))
    if args.batch:
        return _batch(assistant, Path(args.batch))
    if not args.question:
        return _interactive(assistant)
    result = assistant.answer(" ".join(args.question))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _print_answer(result)
    return 0


def _batch(assistant, path: Path) -> int:
    """One JSON line out per line in: the final turn's answer of each conversation. A bad line
    is named and skipped; the others are answered."""
    if not path.is_file():
        raise GuideError(f"batch file {path} does not exist or is not a file")
    failed = 0
    with path.open("rb") as lines:  # decoded line by line, so one bad line costs only itself
        for number, raw in enumerate(lines, 1):
            item, problem = _batch_item(raw)
            if item is None and problem is None:  # a blank line
                continue
            if problem:
                failed += 1
                print(f"warning: {path.name} line {number} skipped: {problem}", file=sys.stderr)
                continue
            turns = item["turns"]
            # Earlier turns are context for the last one, not questions to answer.
            result = assistant.answer(str(turns[-1]), [str(t) for t in turns[:-1]])
            print(json.dumps({"id": item.get("id", str(number)), **result.to_dict()},
                             ensure_ascii=False), flush=True)
    return 1 if failed else 0


def _batch_item(raw: bytes) -> tuple[dict | None, str | None]:
    """A batch line as (item, None), (None, what is wrong with it), or (None, None) if blank."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not UTF-8 text (save the file as UTF-8)"
    if not line.strip():
        return None, None
    try:
        item = json.loads(line)
    except ValueError as exc:
        return None, f"not JSON ({exc})"
    turns = item.get("turns") if isinstance(item, dict) else None
    if not isinstance(turns, list) or not turns:
        return None, 'needs {"turns": [question, …]}, the conversation\'s questions, oldest first'
    return item, None


def cmd_serve(args: argparse.Namespace) -> int:
    from .app.server import serve

    serve(_settings(args).with_overrides(host=args.host, port=args.port), mcp=args.mcp)
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .feedback import FeedbackStore

    settings = _settings(args)
    if not settings.feedback_path.exists():
        raise GuideError(f"no feedback yet at {settings.feedback_path}")
    store = FeedbackStore(settings.feedback_path)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = store.export(out, args.format)
        print(f"wrote {count} feedback rows to {args.output}", file=sys.stderr)
    else:
        store.export(sys.stdout, args.format)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evals.runner import main as eval_main

    argv = (["-v"] if args.verbose else []) + (["--no-leave-one-out"] if args.no_leave_one_out else [])
    return eval_main(argv, settings=_settings(args))


def cmd_bench(args: argparse.Namespace) -> int:
    from .evals.bench import main as bench_main

    argv = ["--sizes", args.sizes, "--repeats", str(args.repeats)]
    return bench_main(argv + (["--output", str(args.output)] if args.output else []))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guide-assistant",
        description="Ask NHS England's guide on the spread and adoption of innovation. "
                    "Settings come from GUIDE_* environment variables; flags override them.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or update the index from the corpus folder")
    p.add_argument("--corpus", type=Path, help="folder of guide pages (GUIDE_CORPUS_DIR)")
    p.add_argument("--index", type=Path, help="index folder (GUIDE_INDEX_DIR)")
    p.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    p.add_argument("--no-wait", action="store_true",
                   help="if another ingest is running on the data folder, stop at once "
                        "(default: wait for it)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("import", help="bring guide pages into the corpus folder, from the "
                                      "guide's website or from saved files")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="an address (links are followed under it on the same site) or a saved "
                        "file or folder (.html, .pdf, .docx, .md, .txt)")
    p.add_argument("--corpus", type=Path, help="folder to write pages to (GUIDE_CORPUS_DIR)")
    p.add_argument("--ingest", action="store_true", help="then update the index")
    p.add_argument("--delay", type=float, default=1.0,
                   help="seconds between requests to the site (default: %(default)s)")
    p.add_argument("--max-pages", type=int, default=100,
                   help="fetch at most this many pages (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=20.0,
                   help="seconds to wait for one page (default: %(default)s)")
    p.set_defaults(func=cmd_import, index=None)

    p = sub.add_parser("ask", help="answer a question (no question: ask interactively)")
    p.add_argument("question", nargs="*", help="the question")
    p.add_argument("--json", action="store_true", help="print the JSON answer contract")
    p.add_argument("--batch", metavar="FILE.jsonl",
                   help='answer {"id", "turns": [...]} lines, one JSON line out per line in')
    p.add_argument("--index", type=Path, help="index folder (GUIDE_INDEX_DIR)")
    _add_llm_flags(p)
    p.set_defaults(func=cmd_ask, corpus=None)

    p = sub.add_parser("serve", help="start the chat app in the browser")
    p.add_argument("--host", help="address to listen on (GUIDE_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (GUIDE_PORT, default 7860)")
    p.add_argument("--mcp", action="store_true",
                   help="also serve the ask tool over MCP, for a leader's own assistant "
                        "(at /gradio_api/mcp/; off by default)")
    p.add_argument("--index", type=Path, help="index folder (GUIDE_INDEX_DIR)")
    _add_llm_flags(p)
    p.set_defaults(func=cmd_serve, corpus=None)

    p = sub.add_parser("feedback", help="leaders' ratings of answers")
    fsub = p.add_subparsers(dest="action", required=True)
    e = fsub.add_parser("export", help="write every rating as CSV or JSON lines")
    e.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    e.add_argument("--output", "-o", help="file to write (default: standard output)")
    e.set_defaults(func=cmd_feedback, corpus=None)

    p = sub.add_parser("bench", help="measure speed and memory; writes docs/benchmarks.md")
    p.add_argument("--sizes", default="guide,10000,100000",
                   help="guide and/or passage counts, comma-separated (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=2, help="passes over the eval questions")
    p.add_argument("--output", type=Path, help="where to write the table (default docs/benchmarks.md)")
    p.set_defaults(func=cmd_bench, corpus=None)

    p = sub.add_parser("eval", help="score the assistant on the eval sets in evals/")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    p.add_argument("--no-leave-one-out", action="store_true",
                   help="skip leave-one-page-out (it indexes the corpus once per page)")
    _add_llm_flags(p)
    p.set_defaults(func=cmd_eval, corpus=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except GuideError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`guide-assistant ask --json … | head`): nothing is lost and
        # nothing is wrong, so no traceback. Python would otherwise fail again flushing stdout
        # at exit; point it at /dev/null. 141 is what a shell reports for a command that SIGPIPE
        # ended.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
