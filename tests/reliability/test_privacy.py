"""Privacy and access: loopback only, optional login, no outbound connections, no question logs."""

from __future__ import annotations

import logging
import socket
import time
from contextlib import contextmanager

import pytest
from gradio_client import Client

from guide_assistant.app.server import create_app, serve
from guide_assistant.assistant import Assistant
from guide_assistant.embeddings import Embedder
from guide_assistant.settings import Settings
from guide_assistant.ingest import run_ingest
from tests.helpers import free_port
from tests.helpers import make_settings

pytestmark = pytest.mark.integration  # the real packaged model


def _local(host) -> bool:
    host = str(host)
    return host in ("localhost", "::1", "", "0.0.0.0") or host.startswith("127.")


@contextmanager
def no_egress(monkeypatch):
    """Record (and refuse) every connection or name lookup beyond loopback."""
    attempts: list = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            attempts.append(address)
            raise OSError(f"test forbids outbound connection to {address}")

    def connect(sock, address):
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host.decode() if isinstance(host, bytes) else host):
            attempts.append(host)
            raise socket.gaierror(f"test forbids looking up {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts


@pytest.mark.slow
def test_no_outbound_connection_in_ingest_ask_and_a_served_session(tmp_path, monkeypatch):
    with no_egress(monkeypatch) as attempts:
        embedder = Embedder(None)  # a fresh model load, offline
        settings = make_settings(tmp_path)
        run_ingest(settings, progress=False, embedder=embedder)
        assistant = Assistant(settings, embedder=embedder)
        assert assistant.answer("How do we make the change last?").citations
        blocks = create_app(settings, assistant)
        blocks.queue()
        port = free_port()
        blocks.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True,
                      quiet=True, ssr_mode=False)
        try:
            answer = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
                "What is the new mindset?", None, api_name="/ask")
            assert answer["citations"]
        finally:
            blocks.close()
    assert attempts == []


def test_the_app_binds_loopback_by_default_and_never_shares(built_settings, monkeypatch):
    assert Settings().host == "127.0.0.1"
    seen = {}

    def fake_launch(self, **kwargs):
        seen.update(kwargs)

    monkeypatch.setattr("gradio.Blocks.launch", fake_launch)
    serve(built_settings.with_overrides(port=free_port()))
    assert seen["server_name"] == "127.0.0.1" and seen["share"] is False and seen["auth"] is None


@pytest.fixture
def login_app(app_settings, assistant):
    """The app with a login, launched as `serve` launches it (LoginGuard included)."""
    from guide_assistant.app.server import launch

    settings = app_settings.with_overrides(auth="leader:s3cret-pass,other:an0ther-pass",
                                           port=free_port())
    blocks = create_app(settings, assistant)
    blocks.queue()
    launch(blocks, settings, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{settings.port}/"
    blocks.close()


@pytest.mark.slow
def test_optional_login(login_app):
    url = login_app
    with pytest.raises(Exception):
        Client(url, verbose=False).predict("What is the new mindset?", None, api_name="/ask")
    with pytest.raises(Exception):
        Client(url, auth=("leader", "wrong"), verbose=False)
    time.sleep(1.1)  # the wrong password above holds this address back for a second
    client = Client(url, auth=("leader", "s3cret-pass"), verbose=False)
    assert client.predict("What is the new mindset?", None, api_name="/ask")["citations"]


CLOSED = [("GET", "gradio_api/openapi.json"), ("POST", "gradio_api/reset"),
          ("POST", "gradio_api/cancel"), ("GET", "config"), ("GET", "gradio_api/info"),
          ("POST", "gradio_api/queue/join"), ("GET", "gradio_api/file=/etc/hostname"),
          ("GET", "gradio_api/heartbeat/x"), ("GET", "gradio_api/upload_progress")]


def test_with_a_login_no_route_answers_without_one(login_app):
    import httpx

    with httpx.Client(base_url=login_app, timeout=10) as anonymous:
        assert anonymous.get("").status_code == 200  # the login page
        refused = {f"{m} /{p}": anonymous.request(m, p, json={}).status_code for m, p in CLOSED}
    print(f"\nwithout a login: {refused}")
    assert set(refused.values()) == {401}

    with httpx.Client(base_url=login_app, timeout=10) as signed_in:
        assert signed_in.post("login", data={"username": "leader",
                                             "password": "s3cret-pass"}).status_code == 200
        assert signed_in.get("gradio_api/openapi.json").status_code == 200
        assert signed_in.get("config").status_code == 200


def test_failed_logins_are_slowed_and_logged_without_the_password(login_app, caplog):
    import httpx

    wrong = {"username": "leader", "password": "not-the-Secret-42"}
    codes, started = [], time.perf_counter()
    with caplog.at_level(logging.WARNING), httpx.Client(base_url=login_app, timeout=10) as c:
        while time.perf_counter() - started < 3:
            codes.append(c.post("login", data=wrong).status_code)
        locked = c.post("login", data={"username": "leader", "password": "s3cret-pass"})
    tried = codes.count(400)
    print(f"\n{len(codes)} wrong sign-ins in 3 s: {tried} checked, {codes.count(429)} refused "
          f"while held back; a right one while held back: {locked.status_code}")
    assert tried <= 3 and codes.count(429) == len(codes) - tried  # 1 s, then 2 s: at most 2-3
    assert locked.status_code == 429
    assert "failed sign-in from 127.0.0.1" in caplog.text
    assert "not-the-Secret-42" not in caplog.text


def test_question_text_is_not_logged_unless_switched_on(assistant, caplog):
    secret = "How do we make the change last for ward 7B?"
    with caplog.at_level(logging.DEBUG):
        assistant.answer(secret)
    assert "answered in" in caplog.text and "ward 7B" not in caplog.text
    caplog.clear()
    logging_on = Assistant(assistant.settings.with_overrides(log_questions=True),
                           embedder=assistant.embedder, index=assistant.index)
    with caplog.at_level(logging.INFO):
        logging_on.answer(secret)
    assert "ward 7B" in caplog.text


def test_bad_login_settings_are_explained():
    from guide_assistant.errors import SettingsError

    with pytest.raises(SettingsError, match="user:password"):
        Settings(auth="just-a-password").credentials()


def test_the_guard_itself_catches_an_outbound_attempt(monkeypatch):
    # Without this, a guard that saw nothing could not be told from one that works.
    with no_egress(monkeypatch) as attempts:
        with pytest.raises(OSError):
            socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed
    assert attempts
