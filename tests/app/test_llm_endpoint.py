"""The ChatOpenAI path end to end, against a real HTTP server on loopback that speaks the OpenAI
chat-completions wire protocol (streaming included); and the same path with the endpoint down."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from gradio_client import Client

from guide_assistant.app.server import create_app
from guide_assistant.cli import main
from tests.helpers import free_port

pytestmark = pytest.mark.integration  # the real packaged model

SUPPORTED = "Greater and earlier involvement increases the likelihood of sustainability."
INVENTED = "Every trust must appoint a sustainability officer within six months."


class OpenAIStub(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions from the passages it is sent: one sentence the cited passage
    supports, and one it does not."""

    requests: list[dict] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        OpenAIStub.requests.append(body)
        prompt = body["messages"][-1]["content"]
        n = next((m.group(1) for m in re.finditer(r'<passage n="(\d+)"[^>]*>\n([^<]*)', prompt)
                  if "greater and earlier involvement" in m.group(2)), "1")
        content = f"{SUPPORTED} [{n}] {INVENTED} [{n}]"
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i, word in enumerate(content.split(" ")):
                delta = {"content": (" " if i else "") + word}
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0,
                         "model": body["model"],
                         "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            end = {"id": "c1", "object": "chat.completion.chunk", "created": 0,
                   "model": body["model"], "choices": [{"index": 0, "delta": {},
                                                        "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
            return
        reply = {"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"],
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": content}}],
                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), OpenAIStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_the_openai_path_reaches_the_app_through_the_guard(app_settings, endpoint):
    settings = app_settings.with_overrides(llm="openai", llm_base_url=endpoint,
                                           llm_model="stub-model", llm_timeout=10)
    blocks = create_app(settings)
    blocks.queue()
    port = free_port()
    blocks.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True,
                  quiet=True, ssr_mode=False)
    try:
        OpenAIStub.requests.clear()
        answer = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "How do we make the change last?", None, api_name="/ask")
    finally:
        blocks.close()
    [request] = OpenAIStub.requests
    assert request["stream"] is True and request["model"] == "stub-model"
    assert "greater and earlier involvement increases the likelihood" in request["messages"][-1]["content"]
    assert answer["mode"] == "llm"
    assert SUPPORTED in answer["answer"] and INVENTED not in answer["answer"]
    assert [r["sentence"] for r in answer["guard"]["removed"]] == [INVENTED]
    assert "greater and earlier involvement" in answer["citations"][0]["text"]


def test_with_the_endpoint_down_ask_answers_extractively_within_the_timeout(
        built_settings, monkeypatch, capsys):
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.setenv("GUIDE_INDEX_DIR", str(built_settings.index_path))
    monkeypatch.setenv("GUIDE_LLM_TIMEOUT", "5")
    started = time.perf_counter()
    code = main(["ask", "--json", "--llm", "openai", "--llm-base-url",
                 f"http://127.0.0.1:{closed}/v1", "--llm-model", "any",
                 "How do we make the change last?"])
    elapsed = time.perf_counter() - started
    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and elapsed < 5
    assert answer["mode"] == "extractive" and answer["citations"]
    assert "could not be reached" in answer["notice"]


def test_a_hanging_endpoint_times_out_into_the_extractive_answer(built_settings, monkeypatch,
                                                                 capsys):
    """An endpoint that accepts the connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # keep it open, say nothing
            except OSError:
                pass

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("GUIDE_INDEX_DIR", str(built_settings.index_path))
    monkeypatch.setenv("GUIDE_LLM_TIMEOUT", "2")
    try:
        started = time.perf_counter()
        code = main(["ask", "--json", "--llm", "openai", "--llm-base-url",
                     f"http://127.0.0.1:{listener.getsockname()[1]}/v1", "--llm-model", "any",
                     "How do we make the change last?"])
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        for conn in held:
            conn.close()
        listener.close()
    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and 2 <= elapsed < 6  # the configured 2 s, then the answer
    assert answer["mode"] == "extractive" and "in time" in answer["notice"]
