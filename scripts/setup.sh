#!/usr/bin/env bash
# Sets everything up in .venv at the repository root, from nothing: Python packages (pinned, from
# requirements.lock) and, with --browser, the Debian Chromium that the UI tests drive.
# Safe to run again: it only installs when the lock file changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Only what is missing: a machine whose Node.js came from elsewhere (NodeSource's nodejs package
# carries its own npm) cannot take Debian's npm beside it, and needs none.
missing=()
if [[ $want_browser == 1 ]]; then
    command -v chromium >/dev/null || missing+=(chromium chromium-driver)
    command -v npm >/dev/null || missing+=(npm)
fi
if (( ${#missing[@]} )); then
    say "installing ${missing[*]} for the browser tests (apt)…"
    if [[ $(id -u) == 0 ]]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "[setup] Python 3.11 is required; found $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
    say "creating .venv with $("$PYTHON" --version)…"
    "$PYTHON" -m venv .venv
fi

stamp=.venv/.installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    say "installing pinned packages into .venv (first time: about 3-4 minutes, 2 GB)…"
    # This machine's CPU build of torch lies in /opt/wheels; elsewhere pip takes torch from PyPI.
    find_links=()
    [[ -d /opt/wheels ]] && find_links=(--find-links /opt/wheels)
    pip=(.venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -q "${find_links[@]}")
    "${pip[@]}" torch==2.13.0
    "${pip[@]}" -r requirements.lock
    "${pip[@]}" --no-deps -e ".[app,dev]"
    echo "$want" > "$stamp"
else
    say ".venv is up to date"
fi

# axe-core, which the browser tests inject into the page to check accessibility (from npm).
AXE_VERSION=4.14.1
if [[ $want_browser == 1 ]] && [[ "$(cat .venv/npm/.axe 2>/dev/null)" != "$AXE_VERSION" ]]; then
    say "installing axe-core $AXE_VERSION for the accessibility tests (npm)…"
    mkdir -p .venv/npm
    npm install --prefix .venv/npm --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
    echo "$AXE_VERSION" > .venv/npm/.axe
fi
