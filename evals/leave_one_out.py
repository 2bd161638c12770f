"""Leave one page out: with a page removed from the index, the questions only that page answers
must be declined, not answered from the pages that remain.

For each page of the corpus, a copy of the corpus without it is indexed in a temporary folder
(with the same model), and the in-scope questions of every eval set whose answering passages are
all on that page are asked.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from guide_assistant.assistant import Assistant
from guide_assistant.corpus import load_corpus
from guide_assistant.ingest import run_ingest

from .scoring import gold_only_in


def leave_one_page_out(assistant, sets: dict[str, list[dict]]) -> dict:
    settings = assistant.settings
    pages, _ = load_corpus(settings.corpus_dir)
    passages = assistant.index.passages
    report: dict = {"pages": {}, "questions": 0, "declined": 0, "answered": []}
    if len(pages) < 2:
        return report
    with tempfile.TemporaryDirectory(prefix="guide-lopo-") as tmp:
        for page in pages:
            rows = [r for set_rows in sets.values() for r in gold_only_in(set_rows, passages,
                                                                           page.page_id)]
            if not rows:
                continue
            corpus = Path(tmp) / page.page_id / "corpus"
            shutil.copytree(settings.corpus_dir, corpus,
                            ignore=shutil.ignore_patterns(page.path.name))
            without = settings.model_copy(update={  # a local index, even in server mode
                "corpus_dir": corpus, "data_dir": corpus.parent / "data",
                "index_dir": corpus.parent / "data" / "index", "chroma_host": None})
            run_ingest(without, progress=False, embedder=assistant.embedder)
            other = Assistant(without, embedder=assistant.embedder, chat_model=None)
            declined = 0
            for r in rows:
                answer = other.answer(r["turns"][-1], r["turns"][:-1])
                declined += answer.refused
                if not answer.refused:
                    report["answered"].append(f"{r['id']} (without {page.page_id}): "
                                              f"{r['turns'][-1]}")
            report["pages"][page.page_id] = {"questions": len(rows), "declined": declined}
            report["questions"] += len(rows)
            report["declined"] += declined
    report["declined_share"] = report["declined"] / report["questions"] if report["questions"] else None
    return report
