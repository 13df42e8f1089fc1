"""The browser harness itself: what it blocks, records and reports, on small pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests import browser as harness
from tests.report.conftest import CountingServer

OpenOffline = Callable[[Path], harness.PageReport]

# A 1x1 GIF: data: URLs are how a report embeds images, and they must load.
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(
        f"<!doctype html><html><head><meta charset=utf-8></head><body>{body}</body></html>"
    )
    return path


def test_external_requests_are_blocked_and_recorded(
    open_offline: OpenOffline, tmp_path: Path, counting_server: CountingServer
) -> None:
    report = open_offline(
        page(
            tmp_path,
            '<img src="http://127.0.0.1:9/x.png"><script src="https://example.com/a.js"></script>'
            f'<img src="{counting_server.url}img.png"><img src="file:///etc/hostname">'
            f"<script>window.fetched = fetch('{counting_server.url}fetch').then(() => 'loaded',"
            " () => 'failed');</script>",
        )
    )
    assert report.page.evaluate("window.fetched") == "failed"
    assert sorted(report.blocked_requests) == sorted(
        [
            "http://127.0.0.1:9/x.png",
            "https://example.com/a.js",
            f"{counting_server.url}img.png",
            "file:///etc/hostname",
            f"{counting_server.url}fetch",
        ]
    )
    assert counting_server.requests == []


def test_web_socket_is_blocked_and_recorded(open_offline: OpenOffline, tmp_path: Path) -> None:
    report = open_offline(
        page(
            tmp_path,
            "<script>const s = new WebSocket('ws://127.0.0.1:9/s');"
            "s.onclose = () => document.body.dataset.closed = 'yes';</script>",
        )
    )
    report.page.wait_for_function("document.body.dataset.closed === 'yes'")
    assert report.blocked_requests == ["ws://127.0.0.1:9/s"]


def test_clean_page_with_data_url_image_has_no_problems(
    open_offline: OpenOffline, tmp_path: Path
) -> None:
    report = open_offline(page(tmp_path, f'<p id="top">Report</p><img src="{PIXEL}">'))
    assert report.problems() == []
    assert report.page.eval_on_selector("img", "img => img.naturalWidth") == 1


def test_uncaught_exception_is_a_page_error(open_offline: OpenOffline, tmp_path: Path) -> None:
    report = open_offline(page(tmp_path, "<script>throw new Error('x')</script>"))
    assert report.page_errors == ["Error: x"]
    assert report.problems() == ["page error: Error: x"]


def test_console_error_is_recorded(open_offline: OpenOffline, tmp_path: Path) -> None:
    report = open_offline(page(tmp_path, "<script>console.error('y'); console.log('z')</script>"))
    assert len(report.console_errors) == 1
    assert report.console_errors[0].startswith("y ")


def test_broken_fragment_links_are_reported(open_offline: OpenOffline, tmp_path: Path) -> None:
    report = open_offline(
        page(
            tmp_path,
            '<h2 id="flights">Flights</h2><a href="#flights">ok</a><a href="#missing">broken</a>'
            '<a href="https://example.com/#missing">not a fragment link</a>'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<circle id="dot" r="2"/><a href="#dot"><text>ok</text></a>'
            '<a href="#no-dot"><text>broken</text></a>'
            '<a xlink:href="#no-xlink"><text>broken</text></a></svg>',
        )
    )
    assert harness.broken_fragment_links(report.page) == ["#missing", "#no-dot", "#no-xlink"]


def test_resolving_fragment_links_are_not_reported(
    open_offline: OpenOffline, tmp_path: Path
) -> None:
    report = open_offline(
        page(
            tmp_path, '<a href="#a%20b">encoded</a><p id="a b">target</p><a href="#x">x</a><i id=x>'
        )
    )
    assert harness.broken_fragment_links(report.page) == []


def test_escaped_script_is_visible_text(open_offline: OpenOffline, tmp_path: Path) -> None:
    report = open_offline(
        page(tmp_path, "<p>&lt;script&gt;throw new Error('ran')&lt;/script&gt;</p>")
    )
    assert "<script>throw new Error('ran')</script>" in report.page.inner_text("body")
    assert report.problems() == []


@pytest.mark.parametrize(
    ("required", "outcome"), [("1", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_missing_chromium_skips_unless_required(
    monkeypatch: pytest.MonkeyPatch, required: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(harness, "chromium_path", lambda: None)
    monkeypatch.setenv(harness.REQUIRE_BROWSER, required)
    with pytest.raises(outcome, match="Chromium is not installed"):
        harness.require_chromium()
