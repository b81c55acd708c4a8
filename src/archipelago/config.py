"""The plugin's options in mkdocs.yml, typed and checked by MkDocs."""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c


class ArchipelagoConfig(base.Config):
    """Options under `- archipelago:` in mkdocs.yml."""

    # The podcast itself. MkDocs only checks it is a mapping; models.Show checks the fields so
    # that the messages (with mkdocs.yml line numbers) match those for content files.
    show = c.Optional(c.Type(dict))
    # Audio facts (bytes, seconds, MIME type, sha256), recorded by `archipelago probe`; the path
    # is relative to mkdocs.yml's folder.
    media_manifest = c.Type(str, default="media-manifest.json")
    # What "now" is for scheduling, as YYYY-MM-DD or an ISO datetime with offset. Unset: the
    # SOURCE_DATE_EPOCH environment variable, else the clock. Later episodes are held back.
    build_date = c.Optional(c.Type((str, datetime.date)))
    # Where listeners find the show, for the subscribe block: app name → https URL, in order.
    subscribe = c.Type(dict, default={})
    # How `mkdocs serve` notices edits: the system's change events ("native"), or MkDocs'
    # own polling twice a second ("polling"), for Docker Desktop's and network mounts, whose
    # changes are never reported (serve_watch).
    watcher = c.Choice(("native", "polling"), default="native")
    # The S3-compatible bucket `archipelago media push` uploads the media to (bucket,
    # endpoint, region, prefix); podcast.media_storage checks it. The build never reads it.
    media_storage = c.Optional(c.Type(dict))
