#!/usr/bin/env bash
# Set up what the browser tests (tests/e2e) need, idempotently: Debian's Chromium and a font,
# and the Python packages playwright and axe-playwright-python in the given virtualenv.
#
#   scripts/e2e_setup.sh [VENV]      # VENV defaults to .venv
#
# Runs as root in CI (apt-get). Never runs `playwright install`: the tests drive the system
# Chromium at /usr/bin/chromium, and browser downloads cannot work on machines without internet.
set -euo pipefail

VENV="${1:-.venv}"
PY="$VENV/bin/python"
CHROMIUM=/usr/bin/chromium
# Debian packages: the browser, and a font so pages render text (screenshots, axe contrast).
APT_PACKAGES=(chromium fonts-dejavu-core)
# Python packages: name to pip, and the module that shows it is installed.
PIP_PACKAGES=(playwright axe-playwright-python)
PIP_MODULES=(playwright axe_playwright_python)

say() { echo "e2e-setup: $*"; }
# shellcheck source=apt_install.sh
source "$(dirname "$0")/apt_install.sh"

if [[ ! -x "$PY" ]]; then
    say "no Python at $PY: create the virtualenv first (make build does)" >&2
    exit 1
fi

missing_apt=()
if [[ ! -x "$CHROMIUM" ]]; then
    missing_apt+=(chromium)
fi
if ! fc-list 2>/dev/null | grep -qi dejavu; then
    missing_apt+=(fonts-dejavu-core)
fi
if ((${#missing_apt[@]})); then
    apt_install "${missing_apt[@]}"
else
    say "Debian packages present: ${APT_PACKAGES[*]}"
fi
if [[ ! -x "$CHROMIUM" ]]; then
    say "$CHROMIUM still missing after apt-get install chromium" >&2
    exit 1
fi
say "$("$CHROMIUM" --version 2>/dev/null || echo "chromium at $CHROMIUM")"

missing_pip=()
for i in "${!PIP_PACKAGES[@]}"; do
    if ! "$PY" -c "import ${PIP_MODULES[$i]}" 2>/dev/null; then
        missing_pip+=("${PIP_PACKAGES[$i]}")
    fi
done
if ((${#missing_pip[@]})); then
    say "installing into $VENV: ${missing_pip[*]}"
    "$PY" -m pip install --quiet --disable-pip-version-check "${missing_pip[@]}"
else
    say "Python packages present in $VENV: ${PIP_PACKAGES[*]}"
fi
for mod in "${PIP_MODULES[@]}"; do
    "$PY" -c "import $mod" || { say "cannot import $mod from $PY" >&2; exit 1; }
done
say "ready (the tests use $CHROMIUM; playwright's own browser download is never used)"
