"""The tree's problems under `mkdocs serve`, for the banner every preview page shows.

A contributor previewing with `make serve` may never look at the terminal. While any file has
a problem, every page shows them all (theme/main.html fetches this file and draws the banner),
so the preview never looks fine while a build would fail.
"""

from __future__ import annotations

import json

#: Where the preview's problems are written, under site_dir; never written by a build.
PROBLEMS_PATH = "_archipelago/problems.json"


def preview_problems_json(problems: list[str], shown_as_before: list[str]) -> str:
    """What the page script reads: each problem's line, and the files the preview shows as
    they were before their problems (`Content.keep_last_good`)."""
    document = {"problems": problems, "shown_as_before": shown_as_before}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
