"""The test site server answers like a real host: byte ranges, types, folders, 404 and prefix.

No browser needed: these run with urllib and http.client against a tiny site folder.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import SiteServer, Unsatisfiable, content_type, parse_range

AUDIO = bytes(range(256)) * 40  # 10,240 bytes, every position distinguishable mod 256


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    base = tmp_path_factory.mktemp("served")
    (base / "secret.txt").write_text("outside the site")
    root = base / "site"
    files = {
        "index.html": "<h1>home</h1>",
        "404.html": "<h1>our own 404</h1>",
        "episodes/index.html": "<h1>episodes</h1>",
        "episodes/media/a.vtt": "WEBVTT\n",
        "search/search_index.json": '{"docs": []}',
        "feed.xml": "<rss/>",
        "sitemap.xml": "<urlset/>",
        "assets/app.js": "1;",
        "assets/empty.txt": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "episodes/media/a.mp3").write_bytes(AUDIO)
    with SiteServer(root) as running:
        yield running


def get(
    server: SiteServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One raw request (no redirects followed): status, headers, body."""
    host, port = server.origin.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


MP3 = "/archipelago/episodes/media/a.mp3"


def test_whole_file_advertises_ranges(server: SiteServer) -> None:
    with urllib.request.urlopen(server.url("episodes/media/a.mp3"), timeout=10) as response:
        assert response.status == 200
        assert response.headers["Accept-Ranges"] == "bytes"
        assert response.headers["Content-Type"] == "audio/mpeg"
        assert response.headers["Content-Length"] == str(len(AUDIO))
        assert "Content-Range" not in response.headers
        assert response.read() == AUDIO


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=0-", 0, len(AUDIO) - 1),  # what Chromium sends first for <audio>
        ("bytes=1000-1999", 1000, 1999),
        ("bytes=10000-", 10000, len(AUDIO) - 1),
        ("bytes=-5", len(AUDIO) - 5, len(AUDIO) - 1),
        ("bytes=-999999", 0, len(AUDIO) - 1),  # suffix longer than the file: all of it
        ("bytes=10230-99999", 10230, len(AUDIO) - 1),  # end past the file is clamped
        ("bytes=7-7", 7, 7),
    ],
)
def test_range_gives_206_with_content_range(
    server: SiteServer, header: str, first: int, last: int
) -> None:
    request = urllib.request.Request(server.url("episodes/media/a.mp3"), headers={"Range": header})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 206
        assert response.headers["Content-Range"] == f"bytes {first}-{last}/{len(AUDIO)}"
        assert response.headers["Content-Length"] == str(last - first + 1)
        assert response.headers["Accept-Ranges"] == "bytes"
        assert response.headers["Content-Type"] == "audio/mpeg"
        assert response.read() == AUDIO[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=99999-100000", "bytes=-0"])
def test_unsatisfiable_range_gives_416(server: SiteServer, header: str) -> None:
    request = urllib.request.Request(server.url("episodes/media/a.mp3"), headers={"Range": header})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 416
    assert raised.value.headers["Content-Range"] == f"bytes */{len(AUDIO)}"


def test_any_range_of_an_empty_file_is_unsatisfiable(server: SiteServer) -> None:
    status, headers, _ = get(server, "/archipelago/assets/empty.txt", {"Range": "bytes=0-"})
    assert status == 416
    assert headers["Content-Range"] == "bytes */0"
    status, headers, body = get(server, "/archipelago/assets/empty.txt")
    assert (status, headers["Content-Length"], body) == (200, "0", b"")


@pytest.mark.parametrize(
    "header",
    ["bytes=abc", "items=0-9", "bytes=0-1,5-6", "bytes=9-3", "bytes=-", "bytes 0-9"],
)
def test_range_that_cannot_be_read_is_ignored(server: SiteServer, header: str) -> None:
    status, headers, body = get(server, MP3, {"Range": header})
    assert status == 200
    assert "Content-Range" not in headers
    assert body == AUDIO


def test_head_gives_headers_without_body(server: SiteServer) -> None:
    status, headers, body = get(server, MP3, {"Range": "bytes=0-99"}, method="HEAD")
    assert status == 206
    assert headers["Content-Range"] == f"bytes 0-99/{len(AUDIO)}"
    assert headers["Content-Length"] == "100"
    assert body == b""


def test_if_range_honours_current_validator_only(server: SiteServer) -> None:
    _, headers, _ = get(server, MP3, method="HEAD")
    etag = headers["ETag"]
    status, _, body = get(server, MP3, {"Range": "bytes=0-3", "If-Range": etag})
    assert (status, body) == (206, AUDIO[:4])
    status, _, body = get(server, MP3, {"Range": "bytes=0-3", "If-Range": '"stale"'})
    assert (status, body) == (200, AUDIO)


def test_if_none_match_gives_304(server: SiteServer) -> None:
    _, headers, _ = get(server, MP3, method="HEAD")
    status, _, body = get(server, MP3, {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/archipelago/", "text/html; charset=utf-8"),
        ("/archipelago/episodes/media/a.vtt", "text/vtt; charset=utf-8"),
        ("/archipelago/search/search_index.json", "application/json"),
        ("/archipelago/feed.xml", "application/rss+xml"),
        ("/archipelago/sitemap.xml", "application/xml"),
        ("/archipelago/assets/app.js", "text/javascript; charset=utf-8"),
    ],
)
def test_content_types(server: SiteServer, path: str, expected: str) -> None:
    status, headers, _ = get(server, path)
    assert status == 200
    assert headers["Content-Type"] == expected


def test_folder_serves_its_index(server: SiteServer) -> None:
    status, _, body = get(server, "/archipelago/episodes/")
    assert (status, body) == (200, b"<h1>episodes</h1>")


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/", "/archipelago/"),
        ("/archipelago", "/archipelago/"),
        ("/archipelago/episodes", "/archipelago/episodes/"),
    ],
)
def test_redirects(server: SiteServer, path: str, location: str) -> None:
    status, headers, _ = get(server, path)
    assert (status, headers["Location"]) == (301, location)


def test_redirect_from_root_is_followed_to_home(server: SiteServer) -> None:
    with urllib.request.urlopen(server.origin + "/", timeout=10) as response:
        assert response.url == server.base_url
        assert response.read() == b"<h1>home</h1>"


@pytest.mark.parametrize(
    "path",
    [
        "/archipelago/nope/",
        "/archipelago/episodes/media/missing.mp3",
        "/elsewhere/index.html",  # outside the prefix
        "/archipelago/../secret.txt",
        "/archipelago/%2e%2e/secret.txt",
        "/archipelago/episodes/%2e%2e/%2e%2e/secret.txt",
    ],
)
def test_missing_or_outside_gives_site_404(server: SiteServer, path: str) -> None:
    status, headers, body = get(server, path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == b"<h1>our own 404</h1>"


def test_query_string_is_ignored(server: SiteServer) -> None:
    status, _, body = get(server, "/archipelago/episodes/?q=reyes")
    assert (status, body) == (200, b"<h1>episodes</h1>")


def test_requests_are_recorded(server: SiteServer) -> None:
    server.clear_requests()
    get(server, MP3, {"Range": "bytes=0-"})
    get(server, "/archipelago/nope")
    assert [(r.method, r.path, r.range, r.status) for r in server.requests] == [
        ("GET", MP3, "bytes=0-", 206),
        ("GET", "/archipelago/nope", None, 404),
    ]


def test_parse_range_directly() -> None:
    assert parse_range(None, 10) is None
    assert parse_range("bytes=2-4", 10) == (2, 4)
    assert parse_range(" bytes=2- ", 10) == (2, 9)
    assert parse_range("bytes=-3", 10) == (7, 9)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=10-", 10)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-1", 0)


def test_content_type_directly() -> None:
    assert content_type(Path("x/001-arrival.mp3")) == "audio/mpeg"
    assert content_type(Path("guides/feed.xml")) == "application/rss+xml"
    assert content_type(Path("assets/show-art.png")) == "image/png"
    assert content_type(Path("unknown.zzz")) == "application/octet-stream"
