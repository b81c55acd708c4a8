"""Telling podcast apps that the feed changed: WebSub hubs and Podcast Index's pubnotify.

Apps that subscribe through a WebSub hub (named in the feed by `<atom:link rel="hub">`) fetch
the feed as soon as the hub is pinged, instead of at their next poll, which may be hours
away. Each endpoint is pinged with retries, backoff and a timeout (urllib3's `Retry`):
connection errors, 429 and 5xx are retried, any other 4xx is not, since asking again would be
refused again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

import urllib3
from urllib3.exceptions import MaxRetryError

#: Podcast Index's endpoint that re-reads a feed at once (no API key needed).
PUBNOTIFY_URL = "https://api.podcastindex.org/api/1.0/hub/pubnotify"
#: Answers worth asking again: too many requests, and the server's own failures.
RETRY_STATUSES = frozenset({429, *range(500, 600)})
#: The longest wait between two tries, whatever the backoff says.
BACKOFF_MAX_SECONDS = 30.0


@dataclass(frozen=True)
class Ping:
    """One endpoint to tell: its name in the report, the request, and its form fields."""

    name: str
    method: str
    url: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PingResult:
    """How a ping went: the tries it took, the last HTTP status or the error."""

    ping: Ping
    tries: int
    status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the endpoint accepted the ping (any 2xx: hubs answer 204)."""
        return self.status is not None and 200 <= self.status < 300

    def line(self) -> str:
        """One line of the report."""
        tries = f"{self.tries} {'try' if self.tries == 1 else 'tries'}"
        if self.ok:
            return f"ok      {self.ping.name}: HTTP {self.status} ({tries})"
        return f"failed  {self.ping.name}: after {tries}: {self.error}"


def pings(feed_url: str, hubs: list[str], pubnotify: str | None) -> list[Ping]:
    """What to send: a WebSub `publish` to each hub, then Podcast Index's pubnotify."""
    sent = [
        Ping(f"WebSub hub {hub}", "POST", hub, {"hub.mode": "publish", "hub.url": feed_url})
        for hub in hubs
    ]
    if pubnotify:
        sent.append(Ping(f"Podcast Index {pubnotify}", "GET", pubnotify, {"url": feed_url}))
    return sent


def send(ping: Ping, *, tries: int = 4, timeout: float = 10.0, backoff: float = 1.0) -> PingResult:
    """Send one ping, retrying connection errors, 429 and 5xx up to ``tries`` times in all.

    Args:
        tries: how many requests at most, the first included.
        timeout: seconds to connect, and again to wait for the answer, per try.
        backoff: urllib3's backoff factor: the waits before the third and later tries are
            ``backoff * 2 ** (n - 1)`` seconds (the second try is immediate).
    """
    retry = urllib3.Retry(
        total=tries - 1,
        backoff_factor=backoff,
        backoff_max=BACKOFF_MAX_SECONDS,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=None,  # a WebSub publish is a POST, and pinging twice is harmless
        raise_on_status=False,  # the last answer is reported, not raised
        # A Retry-After of an hour would stall the deploy; the backoff bounds the wait.
        respect_retry_after_header=False,
    )
    user_agent = f"Archipelago/{version('archipelago')}"
    # A GET carries the fields in its query; WebSub wants a POST's form-encoded, not multipart.
    encoding: dict[str, Any] = {} if ping.method == "GET" else {"encode_multipart": False}
    with urllib3.PoolManager(headers={"User-Agent": user_agent}) as pool:
        try:
            response = pool.request(
                ping.method,
                ping.url,
                fields=ping.fields,
                retries=retry,
                timeout=timeout,
                **encoding,
            )
        except MaxRetryError as exc:
            return PingResult(ping, tries, error=_short(str(exc.reason)))
    made = len(response.retries.history) + 1 if response.retries else 1
    result = PingResult(ping, made, response.status)
    if result.ok:
        return result
    said = _short(response.data.decode("utf-8", "replace"))
    refused = f"HTTP {response.status} {response.reason or ''}".rstrip()
    return PingResult(ping, made, response.status, f"{refused}{': ' + said if said else ''}")


def notify(
    feed_url: str,
    hubs: list[str],
    pubnotify: str | None = PUBNOTIFY_URL,
    *,
    tries: int = 4,
    timeout: float = 10.0,
    backoff: float = 1.0,
) -> list[PingResult]:
    """Ping every hub and Podcast Index about ``feed_url``; one result each, in order."""
    return [
        send(ping, tries=tries, timeout=timeout, backoff=backoff)
        for ping in pings(feed_url, hubs, pubnotify)
    ]


def _short(text: str, limit: int = 200) -> str:
    """An error or an answer's body on one short line, without urllib3's pool prefix."""
    text = re.sub(r"^\w+\(host=[^)]*\): ", "", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
