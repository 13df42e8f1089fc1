"""The report as PDF: a real PDF from WeasyPrint, and nothing fetched while making it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

from hybridwatch.report.pdf import write_pdf
from tests.report.conftest import CountingServer

# A 1x1 PNG: the report embeds its images as data: URLs, which must still load.
PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><meta charset=utf-8>{head}</head><body>{body}</body></html>"


def pages(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in PDFPage.get_pages(stream))


def test_write_pdf_makes_a_real_pdf(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    target = tmp_path / "report.pdf"
    body = (
        "<h1>Case report</h1><p>4K-AZ78 Baku → Belgrade, Il-76TD</p>"
        f'<img src="{PIXEL}" width="10" height="10">'
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20"/></svg>'
        "<table><tr><th>Flight</th></tr><tr><td>AHY4031</td></tr></table>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        write_pdf(html(body), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert pages(target) >= 1
    text = extract_text(target)
    assert "4K-AZ78 Baku → Belgrade" in text
    assert "AHY4031" in text
    assert caplog.records == []  # the data: image loaded without complaint


def test_write_pdf_fetches_nothing(
    tmp_path: Path, counting_server: CountingServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = counting_server.url
    head = (
        f'<link rel="stylesheet" href="{url}style.css"><link rel="attachment" href="{url}att">'
        f'<style>@import url("{url}import.css"); @font-face {{ font-family: Remote; '
        f'src: url("{url}font.woff2"); }} p {{ font-family: Remote, sans-serif; }}</style>'
    )
    body = (
        f'<p>Scraped page</p><img src="{url}img.png"><img src="file:///etc/passwd">'
        f'<div style="background: url({url}bg.png)">bg</div><a rel="attachment" href="{url}a">a</a>'
        f'<object data="{url}object.svg"></object><embed src="{url}embed.svg">'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        f'<style>@import url("{url}svg.css");</style>'
        f'<image href="{url}svg-image.png" width="10" height="10"/><use href="{url}sprite.svg#x"/>'
        "</svg>"
    )
    target = tmp_path / "report.pdf"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        write_pdf(html(body, head), target)
    assert counting_server.requests == []
    text = extract_text(target)
    assert "Scraped page" in text
    assert "root:" not in text
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("file:///etc/passwd" in message for message in refused)
    assert any(f"{url}img.png" in message for message in refused)


def test_progress_messages_are_held_back(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # One "Step 5 - Creating layout - Page N" per page would flood `hybridwatch -v report`.
    with caplog.at_level(logging.INFO):
        write_pdf(html("<p>x</p>"), tmp_path / "report.pdf")
    assert [record.getMessage() for record in caplog.records] == []
