"""`guide-assistant serve --mcp`: the ask tool over MCP, as a leader's own assistant would call it
(the `mcp` Python client, Streamable HTTP)."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.helpers import REPO, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # the real packaged model


def test_serve_mcp_lists_the_ask_tool_and_answers_with_citations(built_settings, tmp_path):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    port = free_port()
    env = {**os.environ, "GUIDE_DATA_DIR": str(tmp_path / "data"),
           "GUIDE_INDEX_DIR": str(built_settings.index_path), "GUIDE_PORT": str(port)}
    (tmp_path / "data").mkdir()
    os.symlink(built_settings.data_dir / "onnx", tmp_path / "data" / "onnx")
    server = subprocess.Popen([sys.executable, "-m", "guide_assistant", "serve", "--mcp"],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    url = f"http://127.0.0.1:{port}/gradio_api/mcp/"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.5)

        async def session() -> tuple[list, dict]:
            async with streamable_http_client(url) as (read, write, _):
                async with ClientSession(read, write) as client:
                    await client.initialize()
                    tools = (await client.list_tools()).tools
                    result = await client.call_tool(tools[0].name, {
                        "question": "How do we make the change last?"})
                    return tools, result

        tools, result = asyncio.run(session())
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nMCP tools: {[t.name for t in tools]}")
    assert [t.name for t in tools] == ["ask_the_guide"]
    assert "spread and adoption" in tools[0].description
    assert set(tools[0].inputSchema["properties"]) == {"question", "history"}
    text = result.content[0].text  # Gradio writes the returned dict as Python's repr of it
    answer = json.loads(text) if text.lstrip().startswith('{"') else ast.literal_eval(text)
    assert not answer["refused"] and answer["citations"]
    assert "likelihood of sustainability" in answer["citations"][0]["quote"]
