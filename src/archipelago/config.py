"""The plugin's options in mkdocs.yml, typed and checked by MkDocs."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ArchipelagoConfig(base.Config):
    """Options under `- archipelago:` in mkdocs.yml."""

    # The podcast itself. MkDocs only checks it is a mapping; models.Show checks the fields so
    # that the messages (with mkdocs.yml line numbers) match those for content files.
    show = c.Optional(c.Type(dict))
