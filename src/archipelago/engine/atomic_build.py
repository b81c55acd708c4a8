"""`mkdocs build` all or nothing: build beside the site, swap it in only on success.

MkDocs empties `site_dir` before it writes; a build that then fails (a theme error, a full
disk, a feed that cannot be written) would leave half a site. Building into a sibling folder
and renaming it into place means readers and the deploy step only ever see a complete build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

# The chosen engine's (MkDocs or ProperDocs, host.py): `archipelago build` runs it in-process.
from archipelago.engine.host import build, load_config


def build_atomically(config_file: Path) -> Path:
    """Build the site of ``config_file`` (strict) and put it in place; return its folder.

    Raises the engine's ``Abort`` (``host.Abort``; the old site untouched) when the build fails.
    """
    config = load_config(str(config_file), strict=True)
    target = Path(config.site_dir)
    staging = target.with_name(f".{target.name}.new")
    previous = target.with_name(f".{target.name}.old")
    shutil.rmtree(staging, ignore_errors=True)
    config["site_dir"] = str(staging)  # validated already; a sibling of the site folder
    try:
        build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    return target
