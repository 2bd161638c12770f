"""Retrieval side by side: BM25 alone, dense alone, our hybrid, and the LangChain tutorial
pipeline a newcomer would build (RecursiveCharacterTextSplitter 1000/200 + Chroma similarity,
same model, same pages). Gold passages are named by a phrase, so chunks of any size can match."""

from __future__ import annotations

import math

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from guide_assistant.corpus import load_corpus
from guide_assistant.store import ephemeral_client
from guide_assistant.understanding import search_query

DEPTH = 10
METRICS = ("recall@1", "recall@3", "recall@5", "mrr@10", "ndcg@10")


class PackagedEmbeddings(Embeddings):
    """LangChain's embeddings interface over the same packaged model."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.encode_one(text).tolist()


def tutorial_store(corpus_dir, embedder) -> Chroma:
    """The tutorial pipeline: 1,000-character chunks with 200 overlap, in an in-memory Chroma."""
    pages, _ = load_corpus(corpus_dir)
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    docs = splitter.create_documents([p.body for p in pages], metadatas=[{"page": p.page_id} for p in pages])
    store = Chroma(client=ephemeral_client(), collection_name="tutorial-baseline",
                   embedding_function=PackagedEmbeddings(embedder))
    store.add_documents(docs)
    return store


def _metrics(ranked: list[str], gold: list[str], relevant_total: int) -> dict[str, float]:
    hits = [any(g in text for g in gold) for text in ranked[:DEPTH]]
    first = next((i for i, h in enumerate(hits) if h), None)
    dcg = sum(1 / math.log2(i + 2) for i, h in enumerate(hits) if h)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(relevant_total, DEPTH))) or 1.0
    return {
        "recall@1": float(first is not None and first < 1),
        "recall@3": float(first is not None and first < 3),
        "recall@5": float(first is not None and first < 5),
        "mrr@10": 1 / (first + 1) if first is not None else 0.0,
        "ndcg@10": dcg / ideal,
    }


def compare(assistant, rows: list[dict], corpus_dir) -> dict[str, dict[str, float]]:
    """Mean metrics per method over the in-scope rows (follow-ups searched as rewritten)."""
    index = assistant.index
    by_id = index.by_id
    tutorial = tutorial_store(corpus_dir, assistant.embedder)
    all_chunks = tutorial.get(include=["documents"])["documents"]
    passages = [p.text for p in index.passages]
    totals: dict[str, dict[str, float]] = {m: dict.fromkeys(METRICS, 0.0)
                                           for m in ("BM25 alone", "dense alone", "hybrid (ours)",
                                                     "LangChain tutorial")}
    inscope = [r for r in rows if r["kind"] == "in_scope"]
    for row in inscope:
        query = search_query(row["turns"][-1], row["turns"][:-1])
        candidates, hits = assistant.rank(query)  # the assistant's own views, fused and reranked

        def alone(view: str) -> list[str]:
            scores = candidates.views.get(view, {})
            return [by_id[pid].text for pid in sorted(scores, key=scores.__getitem__,
                                                      reverse=True)[:DEPTH]]

        ranked = {
            "BM25 alone": alone("lexical"),
            "dense alone": alone("dense"),
            "hybrid (ours)": [h.passage.text for h in hits[:DEPTH]],
            # A newcomer's pipeline searches the question as asked.
            "LangChain tutorial": [d.page_content for d in tutorial.similarity_search(query, k=DEPTH)],
        }
        for method, texts in ranked.items():
            pool = all_chunks if method == "LangChain tutorial" else passages
            relevant = sum(any(g in t for g in row["gold"]) for t in pool)
            for name, value in _metrics(texts, row["gold"], relevant).items():
                totals[method][name] += value
    return {m: {k: v / len(inscope) for k, v in vals.items()} for m, vals in totals.items()}
