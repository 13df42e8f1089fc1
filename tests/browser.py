"""Headless Chromium for the report tests: open an HTML file offline and record what it tried.

Debian's Chromium is driven through Playwright (whose own browser download cannot work here).
Where Chromium or Playwright is missing the browser tests skip, unless
HYBRIDWATCH_REQUIRE_BROWSER=1 (set by CI) makes them fail: there they must run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:  # Playwright is imported only once it is known to be installed.
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Error,
        Page,
        Request,
        Route,
        WebSocketRoute,
    )

REQUIRE_BROWSER = "HYBRIDWATCH_REQUIRE_BROWSER"

# Playwright passes most of these itself; repeated so that the browser phones nobody whatever
# its defaults become. --no-sandbox: tests run as root in containers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every <a> in the document, SVG ones included, whose `#fragment` names no element.
_BROKEN_FRAGMENTS_JS = """() => {
  const broken = [];
  for (const a of document.querySelectorAll('a')) {
    const xlink = a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    for (const href of [a.getAttribute('href'), xlink]) {
      if (href === null || !href.startsWith('#')) continue;
      let id = href.slice(1);
      try { id = decodeURIComponent(id); } catch (e) {}
      if (document.getElementById(id) === null) broken.push(href);
    }
  }
  return broken;
}"""


def chromium_path() -> Path | None:
    """The system's Chromium (Debian: /usr/bin/chromium), or None."""
    found = shutil.which("chromium")
    return Path(found) if found else None


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test, or fail it where HYBRIDWATCH_REQUIRE_BROWSER=1 says it must run."""
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_BROWSER}=1 says browser tests must run")
    pytest.skip(reason)


def require_chromium() -> Path:
    """Chromium's path once Playwright and Chromium are both present; else skip (or fail)."""
    if importlib.util.find_spec("playwright") is None:
        skip_or_fail("playwright is not installed (pip install -r requirements-test.lock)")
    path = chromium_path()
    if path is None:
        skip_or_fail("Chromium is not installed (Debian: apt-get install chromium)")
    return path


@contextmanager
def launch(chromium: Path, scratch: Path) -> Iterator[Browser]:
    """Headless `chromium`, its config and cache under `scratch`.

    Playwright gives each launch a fresh temporary profile; XDG dirs keep Chromium's crash
    database and dconf out of the user's home.
    """
    from playwright.sync_api import sync_playwright

    env: dict[str, str | float | bool] = {
        **os.environ,
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, env=env)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageReport:
    """A page opened offline, and what went wrong while it loaded."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions
    blocked_requests: list[str] = field(default_factory=list)  # URLs asked for and refused

    def problems(self) -> list[str]:
        """All of the above, labelled; empty for a page that works offline without errors."""
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"page error: {text}" for text in self.page_errors),
            *(f"blocked request: {url}" for url in self.blocked_requests),
        ]


@contextmanager
def open_offline(browser: Browser, html_path: Path) -> Iterator[PageReport]:
    """Load `html_path` in a fresh offline context and record errors and refused requests.

    Only the file itself and `data:` URLs load; every other request (http, https, other files,
    WebSockets) is aborted and recorded, so a report that needs anything else shows it.
    """
    own_url = html_path.resolve().as_uri()
    context = browser.new_context()
    try:
        context.set_offline(True)
        report = PageReport(context.new_page())

        def allowed(url: str) -> bool:
            return url == own_url or url.startswith("data:")

        def on_request(request: Request) -> None:
            # Recorded here rather than in the route: this sees requests that bypass routing.
            if not allowed(request.url):
                report.blocked_requests.append(request.url)

        def on_route(route: Route) -> None:
            if allowed(route.request.url):
                route.continue_()
            else:
                route.abort()

        def on_web_socket(socket: WebSocketRoute) -> None:
            # Not connected to any server; closing it makes the page see a failed socket.
            report.blocked_requests.append(socket.url)
            socket.close()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                where = message.location.get("url")
                report.console_errors.append(f"{message.text} ({where})" if where else message.text)

        def on_page_error(error: Error) -> None:
            report.page_errors.append(f"{error.name}: {error.message}")

        context.on("request", on_request)
        context.route(lambda _url: True, on_route)
        context.route_web_socket(lambda _url: True, on_web_socket)
        report.page.on("console", on_console)
        report.page.on("pageerror", on_page_error)
        report.page.goto(own_url, wait_until="load")
        yield report
    finally:
        context.close()


def broken_fragment_links(page: Page) -> list[str]:
    """`#id` links (href or xlink:href, HTML or SVG) whose id is not in the document.

    A bare `#` counts as broken: a report has no reason to link to nothing.
    """
    broken: list[str] = page.evaluate(_BROKEN_FRAGMENTS_JS)
    return broken
