"""The command line as a script uses it: piped into another program."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.integration  # the real index


def test_a_reader_that_stops_early_gets_no_traceback(built_settings):
    """`guide-assistant ask --json … | head -c 0`: the reader has gone before the answer is
    written."""
    env = {**os.environ, "GUIDE_DATA_DIR": str(built_settings.data_dir),
           "GUIDE_INDEX_DIR": str(built_settings.index_path)}
    read, write = os.pipe()
    ask = subprocess.Popen([sys.executable, "-m", "guide_assistant", "ask", "--json",
                            "What dose of paracetamol should a patient take?"],
                           cwd=REPO, env=env, stdout=write, stderr=subprocess.PIPE, text=True)
    os.close(write)
    os.close(read)  # before the answer: answering takes the process a second at least
    stderr = ask.communicate(timeout=120)[1]
    assert "Traceback" not in stderr and "Broken pipe" not in stderr, stderr
    assert ask.returncode == 141
