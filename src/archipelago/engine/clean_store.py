"""Pages' clean HTML kept between builds, so the page cleaner's worker sanitises only pages
whose rendered HTML changed.

Cleaning is a pure function of a page's rendered HTML, its kind and its URL (the feed HTML's
links are made absolute against it), given this package's code and nh3's version: the store
is keyed by a digest of those three and trusted only under the same code and nh3. It lives in
the user's cache folder beside the load store (`load_store`), on the same terms: only a cache,
never in the repository, ignored when missing, unreadable or foreign, and a failure to write
it leaves the build as it is. It keeps only what the last build used.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import nh3

from archipelago.atomic_write import write_atomically
from archipelago.engine.load_store import code_fingerprint, store_path

#: What the cleaner answers for a page: its safe HTML, and its feed HTML or None.
Cleaned = tuple[str, str | None]


def page_key(html: str, kind: str | None, page_url: str | None) -> bytes:
    """What a page's cleaning depends on, as a digest."""
    digest = hashlib.blake2b(f"{kind}\0{page_url}\0".encode(), digest_size=20)
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.digest()


class CleanStore:
    """The cleaned pages of one content folder's last build, by `page_key`."""

    def __init__(self, content_dir: Path) -> None:
        self.path = store_path(content_dir, "cleaned")
        self._held: dict[bytes, Cleaned] = {}
        self._used: dict[bytes, Cleaned] = {}
        try:
            fingerprint, held = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, unreadable, corrupt or foreign: start empty
            return
        if fingerprint == self._fingerprint() and isinstance(held, dict):
            self._held = held

    def get(self, key: bytes) -> Cleaned | None:
        """The page's clean HTML from the last build, if it was cleaned then."""
        cleaned = self._held.get(key)
        if cleaned is not None:
            self._used[key] = cleaned
        return cleaned

    def put(self, key: bytes, cleaned: Cleaned) -> None:
        """Keep a page cleaned by this build."""
        self._used[key] = cleaned

    def save(self) -> None:
        """Keep what this build used, if it differs from what was read."""
        if self._used.keys() == self._held.keys():
            return
        try:
            data = pickle.dumps((self._fingerprint(), self._used), pickle.HIGHEST_PROTOCOL)
            write_atomically(self.path, data)
        except OSError:
            return  # no store: the next build cleans every page, as without one
        self._held = self._used
        self._used = {}

    @staticmethod
    def _fingerprint() -> str:
        return f"{code_fingerprint()} nh3 {nh3.__version__}"  # type: ignore[attr-defined]
