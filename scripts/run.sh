#!/usr/bin/env bash
# Set up everything in .venv (first time: a few minutes), build the index if it is missing or
# out of date, then serve the chat app on http://127.0.0.1:7860 (GUIDE_HOST / GUIDE_PORT change it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/guide-assistant ingest
exec .venv/bin/guide-assistant serve "$@"
