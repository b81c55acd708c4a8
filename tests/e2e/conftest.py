"""Browser tests: the built site, served as a host serves it, driven in Debian's Chromium.

Session fixtures build the site once (as `make build` does, with a fixed SOURCE_DATE_EPOCH),
serve it under ``/archipelago/`` on an ephemeral port, and launch Chromium through Playwright.
The `page` fixture records what the browser reports; a test fails when its page logged a
console error or a request to the site failed.

Needs /usr/bin/chromium and the Python packages playwright and axe-playwright-python:
`make e2e` installs them (scripts/e2e_setup.sh). Without them these tests fail, never skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .browser import (
    CHROMIUM,
    DESKTOP,
    LAUNCH_ARGS,
    NAVIGATION_TIMEOUT_MS,
    REPO,
    SETUP_HINT,
    SOURCE_DATE_EPOCH,
    SUMMARY,
    PageLog,
    new_context,
)
from .server import SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

LOG_KEY = pytest.StashKey[PageLog]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: drives Debian's Chromium through Playwright; set up by `make e2e`"
    )


# --- session: site, server, browser ----------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once into a temporary folder as `make build` builds it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tmp_path_factory.mktemp("e2e-site")
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assert (site_dir / "index.html").is_file(), f"the build wrote no index.html into {site_dir}"
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    with SiteServer(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the Python package playwright")
    if missing:
        pytest.fail(f"browser tests need {' and '.join(missing)}: {SETUP_HINT}", pytrace=False)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=LAUNCH_ARGS, timeout=NAVIGATION_TIMEOUT_MS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail(f"the axe tests need axe-playwright-python: {SETUP_HINT}", pytrace=False)
    return Axe()


# --- per test: a page whose console is watched -----------------------------------------------


@pytest.fixture
def context(browser: Browser, site_server: SiteServer) -> Iterator[BrowserContext]:
    context = new_context(browser, site_server, DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page_log(request: pytest.FixtureRequest, site_server: SiteServer) -> PageLog:
    log = PageLog(site_server.origin)
    request.node.stash[LOG_KEY] = log
    return log


@pytest.fixture
def page(context: BrowserContext, page_log: PageLog) -> Page:
    """A page of a fresh profile; the test fails if it logs a console error (see PageLog)."""
    page = context.new_page()
    page_log.attach(page)
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After a browser test passes, fail it if its page logged console errors."""
    result = yield
    log = item.stash.get(LOG_KEY, None)
    if log is not None:
        problems = log.problems()
        if problems:
            pytest.fail("the page reported problems:\n  " + "\n  ".join(problems), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Show what the browser logged beside a failing browser test."""
    report = yield
    log = item.stash.get(LOG_KEY, None)
    if log is not None and call.when == "call" and report.failed:
        lines = log.console_errors + log.failed_requests
        if log.external:
            lines.append("third-party requests (unreachable offline): " + ", ".join(log.external))
        if lines:
            report.sections.append(("browser log", "\n".join(lines)))
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SUMMARY:
        terminalreporter.section("e2e")
        for line in SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture
def browser_without_js_page(browser: Browser, site_server: SiteServer) -> Iterator[Page]:
    """A page with JavaScript switched off: what every reader gets before scripts run."""
    context = browser.new_context(
        viewport=DESKTOP, base_url=site_server.base_url, java_script_enabled=False
    )
    yield context.new_page()
    context.close()
