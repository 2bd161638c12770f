"""Starts the app: opens the index once, then serves on 127.0.0.1 (no share link, no analytics)."""

from __future__ import annotations

import errno
import logging
import socket
from concurrent.futures import ThreadPoolExecutor

from guide_assistant.assistant import Assistant
from guide_assistant.embeddings import question_embedder
from guide_assistant.errors import SettingsError
from guide_assistant.feedback import FeedbackStore
from guide_assistant.settings import Settings

log = logging.getLogger(__name__)
QUEUE_CONCURRENCY = 4  # answers are CPU-bound and take milliseconds; more threads only contend


def create_app(settings: Settings, assistant: Assistant | None = None):
    from .ui import build_app

    assistant = assistant or Assistant(settings)
    return build_app(assistant, FeedbackStore(settings.feedback_path))


def check_address(host: str, port: int) -> None:
    """Fail at once, in words that name our own settings, when the app could not listen (the
    port in use, an unknown host), rather than after loading the model with Gradio's traceback."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except OSError as exc:
        raise SettingsError(f"cannot serve on {host!r} ({exc.strerror or exc}): give an address "
                            "of this machine with --host or GUIDE_HOST") from None
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(address)
    except OSError as exc:
        advice = ("stop what is using that port, or choose another with --port or GUIDE_PORT"
                  if exc.errno in (errno.EADDRINUSE, errno.EACCES) else
                  "give an address of this machine with --host or GUIDE_HOST")
        raise SettingsError(
            f"cannot serve on {host}:{port} ({exc.strerror or exc}): {advice}") from None


def serve(settings: Settings, *, prevent_thread_lock: bool = False, mcp: bool = False):
    check_address(settings.host, settings.port)
    auth = settings.credentials()  # a malformed GUIDE_AUTH is named before the model loads
    # Load the question encoder while Gradio is imported.
    with ThreadPoolExecutor(max_workers=1) as pool:
        model = pool.submit(question_embedder, settings)
        from . import ui  # noqa: F401  (Gradio, imported while the model loads)

        blocks = create_app(settings, Assistant(settings, embedder=model.result()))
    blocks.queue(default_concurrency_limit=QUEUE_CONCURRENCY)
    print(f"Guide assistant: http://{settings.host}:{settings.port}", flush=True)
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not auth:
        log.warning("serving on %s without a login: anyone who can reach it can use it; "
                    "set GUIDE_AUTH=user:password", settings.host)
    if mcp:
        print(f"MCP server (the ask tool): http://{settings.host}:{settings.port}/gradio_api/mcp/",
              flush=True)
    return launch(blocks, settings, prevent_thread_lock=prevent_thread_lock, mcp=mcp)


def launch(blocks, settings: Settings, *, prevent_thread_lock: bool = False, mcp: bool = False):
    """Serve `blocks` as configured: loopback by default, no share link, the app's look and page
    script, the login (if any) guarded by LoginGuard; `mcp`: also Gradio's MCP server."""
    from starlette.middleware import Middleware

    from .login_guard import LoginGuard
    from .ui import APP_JS, CSS, theme

    return blocks.launch(server_name=settings.host, server_port=settings.port, share=False,
                         auth=settings.credentials(), auth_message="Sign in to ask the guide.",
                         theme=theme(), css=CSS, js=APP_JS, footer_links=["api"],
                         show_error=False, quiet=True, prevent_thread_lock=prevent_thread_lock,
                         ssr_mode=False, mcp_server=mcp,
                         app_kwargs={"middleware": [Middleware(LoginGuard)]})
