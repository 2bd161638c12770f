#!/usr/bin/env bash
# Set up everything in .venv (first time: a few minutes), build the index if it is missing or
# out of date, then start the assistant.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/guide-assistant ingest
exec .venv/bin/guide-assistant ask "$@"
