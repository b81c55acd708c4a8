"""Telling apps the feed changed: WebSub hubs and Podcast Index, pinged over real HTTP on
loopback by the module and by `archipelago notify`."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from archipelago.podcast.notify import notify
from helpers.recording_server import Answer, RecordingServer
from helpers.sites import add_to_show

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"
FEED = "https://fixture.example.org/feed.xml"


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    """Endpoints that accept, fail for a while, always fail, refuse, or hang."""
    scripts = {
        "/hub": [Answer(204)],
        "/pubnotify": [Answer(200, '{"status": "true"}')],
        "/flaky": [Answer(503), Answer(502), Answer(204)],
        "/busy": [Answer(429), Answer(204)],
        "/down": [Answer(500, "the hub is down\nfor maintenance")],
        "/bad": [Answer(400, "hub.url is not a feed this hub serves")],
        "/slow": [Answer(204, delay=1.5)],
    }
    with RecordingServer(scripts) as running:
        yield running


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ARCHIPELAGO), *map(str, args)], capture_output=True, text=True, check=False
    )


def test_each_hub_gets_a_websub_publish_and_podcast_index_a_pubnotify(
    server: RecordingServer,
) -> None:
    results = notify(FEED, [server.url("/hub")], server.url("/pubnotify"), backoff=0)
    assert [r.ok for r in results] == [True, True]
    [publish] = server.to("/hub")
    assert publish.method == "POST"
    assert publish.content_type == "application/x-www-form-urlencoded"
    assert publish.form == {"hub.mode": ["publish"], "hub.url": [FEED]}
    assert publish.user_agent is not None and publish.user_agent.startswith("Archipelago/")
    [pubnotify] = server.to("/pubnotify")
    assert (pubnotify.method, pubnotify.query) == ("GET", {"url": [FEED]})
    assert results[0].line() == f"ok      WebSub hub {server.url('/hub')}: HTTP 204 (1 try)"


def test_a_hub_failing_twice_is_asked_again_with_growing_waits(server: RecordingServer) -> None:
    [result] = notify(FEED, [server.url("/flaky")], None, tries=4, backoff=0.2)
    assert result.ok
    assert result.tries == 3
    first, second, third = (request.at for request in server.to("/flaky"))
    # urllib3 asks the second time at once, then waits backoff * 2 ** 1 seconds.
    assert third - second >= 0.35
    assert third - second > second - first
    assert result.line().endswith("HTTP 204 (3 tries)")


def test_too_many_requests_is_retried(server: RecordingServer) -> None:
    [result] = notify(FEED, [server.url("/busy")], None, backoff=0)
    assert (result.ok, result.tries) == (True, 2)


def test_an_endpoint_that_always_fails_is_given_up_after_the_tries(
    server: RecordingServer,
) -> None:
    [result] = notify(FEED, [server.url("/down")], None, tries=3, backoff=0)
    assert not result.ok
    assert len(server.to("/down")) == 3
    assert result.line() == (
        f"failed  WebSub hub {server.url('/down')}: after 3 tries:"
        " HTTP 500 Internal Server Error: the hub is down for maintenance"
    )


def test_a_refusal_is_not_asked_again(server: RecordingServer) -> None:
    [result] = notify(FEED, [server.url("/bad")], None, tries=4, backoff=0)
    assert not result.ok
    assert len(server.to("/bad")) == 1
    assert result.line().endswith(
        "after 1 try: HTTP 400 Bad Request: hub.url is not a feed this hub serves"
    )


def test_an_endpoint_that_does_not_answer_in_time_fails_after_its_tries(
    server: RecordingServer,
) -> None:
    [result] = notify(FEED, [server.url("/slow")], None, tries=2, timeout=0.3, backoff=0)
    assert not result.ok
    assert len(server.to("/slow")) == 2
    assert "after 2 tries: Read timed out" in result.line()


def test_an_endpoint_nobody_listens_on_fails_after_its_tries() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and is closed now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [result] = notify(FEED, [], f"http://127.0.0.1:{port}/pubnotify", tries=2, backoff=0)
    assert not result.ok
    assert result.tries == 2
    assert "Connection refused" in result.line()


def test_notify_pings_every_endpoint_and_prints_one_line_each(
    site: Path, server: RecordingServer
) -> None:
    hubs = ["--hub", server.url("/hub"), "--hub", server.url("/flaky")]
    result = run("notify", "--root", site, *hubs, "--pubnotify", server.url("/pubnotify"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"ok      WebSub hub {server.url('/hub')}: HTTP 204 (1 try)",
        f"ok      WebSub hub {server.url('/flaky')}: HTTP 204 (3 tries)",
        f"ok      Podcast Index {server.url('/pubnotify')}: HTTP 200 (1 try)",
    ]
    # The feed's address comes from site_url in mkdocs.yml.
    assert server.to("/hub")[0].form["hub.url"] == [FEED]
    assert server.to("/pubnotify")[0].query["url"] == [FEED]


def test_notify_exits_1_when_an_endpoint_fails_and_still_pings_the_rest(
    site: Path, server: RecordingServer
) -> None:
    result = run(
        "notify",
        "--root",
        site,
        "--hub",
        server.url("/bad"),
        "--hub",
        server.url("/down"),
        "--pubnotify",
        server.url("/pubnotify"),
        "--tries",
        "2",
        "--backoff",
        "0",
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"failed  WebSub hub {server.url('/bad')}: after 1 try: HTTP 400")
    assert lines[1].startswith(f"failed  WebSub hub {server.url('/down')}: after 2 tries: HTTP 500")
    assert lines[2].startswith("ok      Podcast Index")
    assert f"2 of 3 pings failed for {FEED}" in result.stderr


def test_notify_takes_the_hubs_from_the_show(site: Path) -> None:
    add_to_show(site, "websub_hubs: []")
    result = run("notify", "--root", site, "--no-pubnotify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("nothing to notify")


def test_notify_refuses_an_endpoint_that_is_not_a_web_address(site: Path) -> None:
    result = run("notify", "--root", site, "--hub", "pubsubhubbub.appspot.com")
    assert result.returncode == 2
    assert "expected an http(s):// address" in result.stderr
