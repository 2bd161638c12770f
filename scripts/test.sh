#!/usr/bin/env bash
# Set up everything (Python packages in .venv, Chromium for the browser tests), then run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest "$@"
