#!/usr/bin/env bash
# Install ProperDocs, the second engine (docs/engines.md), into the project's venv beside
# MkDocs, idempotently: does nothing (in a tenth of a second) when a fitting version is there.
#
#   scripts/engine_setup.sh [VENV]     (default .venv; run by `make test` and by
#                                       `make build ENGINE=properdocs`, `make serve ENGINE=...`)
#
# One venv holds both: ProperDocs installs its own `properdocs` package (no file of MkDocs'),
# and Material needs MkDocs installed either way (mkdocs-material requires mkdocs>=1.6,<2), so a
# second venv would hold the same MkDocs again. ProperDocs is not a dependency in pyproject.toml:
# a site that builds with MkDocs does not need it.
set -euo pipefail

VENV=${1:-.venv}
PYTHON="$VENV/bin/python"
# ProperDocs continues MkDocs 1.6; 1.6.7 is the version the compatibility test last passed on.
SPEC='properdocs>=1.6.7,<2'

say() { echo "engine-setup: $*"; }

[[ -x "$PYTHON" ]] || { say "no $PYTHON: run make build or make test first" >&2; exit 1; }

installed() {
    "$PYTHON" - "$SPEC" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version

from packaging.requirements import Requirement

wanted = Requirement(sys.argv[1])
try:
    found = version(wanted.name)
except PackageNotFoundError:
    sys.exit(1)
sys.exit(0 if wanted.specifier.contains(found, prereleases=True) else 1)
EOF
}

if installed && [[ -x "$VENV/bin/properdocs" ]]; then
    exit 0
fi
say "installing $SPEC into $VENV"
"$PYTHON" -m pip install --quiet --disable-pip-version-check "$SPEC"
installed || { say "$SPEC still missing after pip install" >&2; exit 1; }
[[ -x "$VENV/bin/properdocs" ]] || { say "no $VENV/bin/properdocs after pip install" >&2; exit 1; }
