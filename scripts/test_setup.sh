#!/usr/bin/env bash
# Set up the programs the tests run as real parts, idempotently: Debian's ffmpeg (ffprobe reads
# back the tags and chapters `archipelago media tag` writes; ffmpeg measures loudness).
#
#   scripts/test_setup.sh
#
# Runs as root in CI (apt-get), like scripts/e2e_setup.sh; does nothing when they are present.
set -euo pipefail

# Debian packages, each with the program that shows it is installed.
APT_PACKAGES=(ffmpeg)
PROGRAMS=(ffprobe)

say() { echo "test-setup: $*"; }

missing=()
for i in "${!APT_PACKAGES[@]}"; do
    command -v "${PROGRAMS[$i]}" >/dev/null || missing+=("${APT_PACKAGES[$i]}")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
# shellcheck source=apt_install.sh
source "$(dirname "$0")/apt_install.sh"
apt_install "${missing[@]}"
for program in "${PROGRAMS[@]}"; do
    command -v "$program" >/dev/null || { say "$program still missing after apt-get" >&2; exit 1; }
done
