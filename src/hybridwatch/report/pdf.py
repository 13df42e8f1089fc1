"""The report as PDF, rendered by WeasyPrint from the report's HTML, fetching nothing.

Source content in a report is hostile: a scraped page can carry http(s) or file URLs that, if
followed, would tell a third party the analyst opened the case or put local files in the PDF.
The report embeds everything it shows as `data:` URLs, so the fetcher refuses every other URL.
WeasyPrint logs each refusal as an error naming the URL, skips the resource and goes on.

WeasyPrint's warnings (CSS it does not support, duplicate ids) stay at WARNING; rules inside
`@media screen` are never validated, so screen-only CSS there costs no warning. Its per-page
progress messages are held back: they would flood `-v`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class FetchRefusedError(ValueError):
    """The PDF asked for a resource that is not a `data:` URL."""


class _DataOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url[:5].lower() != "data:":
            raise FetchRefusedError(f"refused {url[:200]}: the report embeds only data: URLs")
        return super().fetch(url, headers)


def write_pdf(html: str, target: Path) -> None:
    """Render `html` to a PDF file at `target`; no resource outside `data:` URLs is fetched."""
    # Rendered to bytes first so a failed render leaves no partial file behind.
    pdf: bytes = HTML(string=html, url_fetcher=_DataOnlyFetcher()).write_pdf()
    target.write_bytes(pdf)
