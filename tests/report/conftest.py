from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser as harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the whole session (launching costs more than a page)."""
    chromium = harness.require_chromium()
    with harness.launch(chromium, tmp_path_factory.mktemp("chromium")) as launched:
        yield launched


@pytest.fixture
def open_offline(browser: Browser) -> Iterator[Callable[[Path], harness.PageReport]]:
    """`open_offline(path)`: the page in a fresh offline context, closed after the test."""
    with ExitStack() as contexts:
        yield lambda path: contexts.enter_context(harness.open_offline(browser, path))


@dataclass
class CountingServer:
    """An HTTP server on 127.0.0.1 that answers anything and remembers every request."""

    url: str  # with a trailing slash
    requests: list[str]  # "GET /path", in arrival order


@pytest.fixture
def counting_server() -> Iterator[CountingServer]:
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            requests.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass  # the requests are counted, not printed

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: shutdown() otherwise waits up to half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield CountingServer(f"http://127.0.0.1:{server.server_port}/", requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
