"""A real app server on a free loopback port, over a real index, for the API and browser tests."""

from __future__ import annotations

import socket

import pytest

from app.server import create_app
from app.ui import CSS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_settings(built_settings, tmp_path_factory):
    # The shared index, but feedback in a folder of this session's own.
    return built_settings.with_overrides(data_dir=tmp_path_factory.mktemp("app-data"),
                                         index_dir=built_settings.index_path)


@pytest.fixture(scope="session")
def app_url(app_settings, assistant):
    blocks = create_app(app_settings, assistant)
    blocks.queue(default_concurrency_limit=4)
    port = free_port()
    blocks.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True,
                  share=False, quiet=True, css=CSS, ssr_mode=False)
    yield f"http://127.0.0.1:{port}/"
    blocks.close()
