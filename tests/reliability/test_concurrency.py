"""16 concurrent clients × 25 questions against the running app through gradio_client."""

from __future__ import annotations

import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from guide_assistant.evals.runner import SETS
from guide_assistant.evals.scoring import load_set


CLIENTS, PER_CLIENT = 16, 25


pytestmark = [pytest.mark.integration, pytest.mark.slow]  # the real packaged model


def _ask(client: Client, question: str) -> tuple[dict, float]:
    started = time.perf_counter()
    answer = client.predict(question, None, api_name="/ask")
    elapsed = (time.perf_counter() - started) * 1000
    answer.pop("timings_ms")
    return answer, elapsed


def test_concurrent_clients_get_the_sequential_answers(app_url):
    questions = [r["turns"][-1] for r in load_set(SETS["dev"])][:PER_CLIENT]
    one = Client(app_url, verbose=False)
    expected = {q: _ask(one, q)[0] for q in questions}

    def session(seed: int):
        client = Client(app_url, verbose=False)
        order = questions[:]
        random.Random(seed).shuffle(order)
        results = []
        for q in order:
            try:
                answer, ms = _ask(client, q)
                results.append((q, answer, ms, None))
            except Exception as exc:  # counted, not raised: the test reports every error
                results.append((q, None, 0.0, repr(exc)))
        return results

    with ThreadPoolExecutor(CLIENTS) as pool:
        runs = [r for rs in pool.map(session, range(CLIENTS)) for r in rs]
    errors = [e for *_, e in runs if e]
    latencies = sorted(ms for _, _, ms, e in runs if not e)
    mismatches = [q for q, answer, _, e in runs if not e and answer != expected[q]]
    p50, p95 = statistics.median(latencies), latencies[int(0.95 * (len(latencies) - 1))]
    print(f"\n{len(runs)} requests from {CLIENTS} clients: {len(errors)} errors, "
          f"{len(mismatches)} answers differing from sequential; latency p50 {p50:.0f} ms, "
          f"p95 {p95:.0f} ms")
    assert len(runs) == CLIENTS * PER_CLIENT
    assert errors == [] and mismatches == []
