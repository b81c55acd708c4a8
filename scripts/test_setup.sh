#!/usr/bin/env bash
# Set up the programs the tests run as real parts, idempotently: Debian's ffmpeg (ffprobe reads
# back the tags and chapters `archipelago media tag` writes; ffmpeg measures loudness), and
# podcast-partytime, the feed parser of Podcast Index apps, run by Node from tests/tools/partytime/
# (Debian's nodejs and npm when node or npm is missing).
#
#   scripts/test_setup.sh
#
# Runs as root in CI (apt-get), like scripts/e2e_setup.sh; does nothing when they are present.
set -euo pipefail

# Debian packages, each with the program that shows it is installed.
APT_PACKAGES=(ffmpeg nodejs npm)
PROGRAMS=(ffprobe node npm)
# The npm project that pins podcast-partytime in its package-lock.json.
PARTYTIME="$(dirname "$0")/../tests/tools/partytime"

say() { echo "test-setup: $*"; }

missing=()
for i in "${!APT_PACKAGES[@]}"; do
    command -v "${PROGRAMS[$i]}" >/dev/null || missing+=("${APT_PACKAGES[$i]}")
done
if ((${#missing[@]})); then
    # shellcheck source=apt_install.sh
    source "$(dirname "$0")/apt_install.sh"
    apt_install "${missing[@]}"
    for program in "${PROGRAMS[@]}"; do
        command -v "$program" >/dev/null \
            || { say "$program still missing after apt-get" >&2; exit 1; }
    done
fi

# Installed from the lock, and again when the lock changed since (npm ci writes
# node_modules/.package-lock.json).
if [[ ! -d "$PARTYTIME/node_modules/podcast-partytime" \
    || "$PARTYTIME/package-lock.json" -nt "$PARTYTIME/node_modules/.package-lock.json" ]]; then
    say "installing podcast-partytime into $PARTYTIME"
    npm ci --prefix "$PARTYTIME" --no-audit --no-fund
fi
