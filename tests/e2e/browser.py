"""What the browser tests share: Chromium's settings, known problems, and a log of what a page
reported (console errors, failed requests, requests to other hosts)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .server import PREFIX, SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SOURCE_DATE_EPOCH = "1800000000"
# Every wait is bounded: a browser test that hangs is a failing test.
TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--no-first-run",
    # This machine has no internet: without these Chromium keeps trying to reach Google.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
    # Every host but this one fails to resolve at once, the same way on every machine, instead
    # of waiting on DNS (third-party requests are recorded, see PageLog.external).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

SETUP_HINT = (
    "run `make e2e`, which installs them (scripts/e2e_setup.sh: Debian's chromium, "
    "and playwright + axe-playwright-python in the venv)"
)

# Console errors the site logs today that a fix in the theme or plugin must remove: a pattern
# (searched in "page URL: message [resource URL]") and what causes it. Each is asserted by its
# own xfail(strict=True) test (test_site.py), which fails loudly once the error is gone (then
# delete the entry here); other tests ignore these errors meanwhile.
# Console errors other tests may ignore, pattern → cause; empty since the two found (Material's
# sitemap.xml fetch beside the guides feed, the HTML transcript's favicon) were fixed.
KNOWN_CONSOLE_ERRORS: dict[str, str] = {}


def is_known(error: str) -> bool:
    return any(re.search(pattern, error) for pattern in KNOWN_CONSOLE_ERRORS)


def is_site_url(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == origin and parts.path.startswith(PREFIX)


@dataclass
class PageLog:
    """What the browser reported while a test used a page."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # Requests to other hosts (Google Fonts, GitHub's API): they fail here, offline; the site
    # must work without them. Listed, not failed on (test_no_third_party_* checks them).
    external: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("request", self._on_request)

    def _on_request(self, request: Any) -> None:
        url = request.url
        if (
            url.startswith(("http:", "https:"))
            and urlsplit(url).netloc != urlsplit(self.origin).netloc
        ):
            self.external.append(f"{request.resource_type} {url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "") if message.location else ""
        if (
            source
            and not source.startswith(self.origin)
            and "Failed to load resource" in (message.text)
        ):
            return  # a third-party resource, unreachable offline: recorded in `external`
        page_url = message.page.url if message.page else "?"
        self.console_errors.append(f"{page_url}: {message.text} [{source}]")

    def _on_request_failed(self, request: Any) -> None:
        failure = request.failure or ""
        if not request.url.startswith(self.origin):
            return
        if "ERR_ABORTED" in failure:
            return  # the browser cancelled it (navigation, media it no longer needs)
        self.failed_requests.append(f"{request.url}: {failure}")

    def problems(self) -> list[str]:
        """Console errors and failed site requests, less the known ones."""
        found = [f"console error: {e}" for e in self.console_errors]
        found += [f"request failed: {r}" for r in self.failed_requests]
        return [p for p in found if not is_known(p)]


def new_context(browser: Browser, server: SiteServer, viewport: dict[str, int]) -> BrowserContext:
    """A fresh browser profile whose relative URLs resolve against the site's home page."""
    context = browser.new_context(
        viewport=viewport, base_url=server.base_url, locale="en-GB", timezone_id="UTC"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return context


# Lines for the terminal summary, added by tests (the crawl's pages, ...).
SUMMARY: list[str] = []


def serious_axe_findings(axe: Any, page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = axe.run(page).response
    return [v for v in results["violations"] if v.get("impact") in {"serious", "critical"}]


def axe_report(violations: list[dict[str, Any]]) -> str:
    """Each violation with the elements it was found on, for a failure message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}{axe_detail(node)}" for node in v["nodes"])
        for v in violations
    )


def axe_detail(node: dict[str, Any]) -> str:
    """The measured colours of a contrast finding, so the fix is plain from the failure."""
    for check in node.get("any", []):
        data = check.get("data") or {}
        if isinstance(data, dict) and "contrastRatio" in data:
            return (
                f" {data.get('fgColor')} on {data.get('bgColor')}: {data['contrastRatio']}:1,"
                f" needs {data.get('expectedContrastRatio')}"
            )
    return ""
