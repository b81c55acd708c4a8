"""How `mkdocs serve` notices an edit: the system's change events instead of MkDocs' polling.

MkDocs' server polls: every 0.5 s it lists and stats every watched file (4,212 under
`content/` in the bench's 1,000-episode show, 85 ms of Python per look, holding the lock the
rebuild needs), so a saved file waits 0.1-0.7 s before its rebuild starts, and an idle
preview keeps a sixth of a core busy. The platform's own observer (inotify, FSEvents,
ReadDirectoryChangesW, chosen by watchdog) reports the save at once and costs nothing idle.

MkDocs polls because some files are never reported: Docker Desktop's and network mounts.
There, `watcher: polling` in mkdocs.yml keeps MkDocs' way.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import ObservedWatch

#: What counts as an edit. inotify also reports files opened and closed unwritten: each
#: rebuild reads every content file, and would start the next.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class NativeObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's class
    """The platform's observer, reporting only changes."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | os.PathLike[str],
        *,
        recursive: bool = False,
        event_filter: Any = None,
        **options: Any,
    ) -> ObservedWatch:
        return super().schedule(
            event_handler,
            path,
            recursive=recursive,
            event_filter=CHANGES if event_filter is None else event_filter,
            **options,
        )


def watch_natively(server: LiveReloadServer) -> bool:
    """Move the server's watches to a `NativeObserver`; whether it could.

    Called from `on_serve`, after MkDocs watched `docs_dir` and mkdocs.yml and before its
    observer starts; watches added later (`watch:` in mkdocs.yml) go to the new observer.
    MkDocs keeps no public list of its watches: if the server does not look as this expects
    (another MkDocs version), it keeps polling.
    """
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or observer is None or observer.is_alive():
        return False
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = NativeObserver()
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    return True
