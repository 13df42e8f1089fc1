"""Published statements as their publishers put them online, to `statements`.

`rss`: an RSS (0.9x, 1.0, 2.0) or Atom feed file, one statement per entry, parsed by feedparser
from the bytes read here: never from a URL or file name, so nothing is ever fetched. feedparser
drops a DOCTYPE's external entities and keeps only plain internal ones, and its XML parser has
external entities switched off; HTML in entries goes through `documents.formats`'s fragment
converter (script, style and embedded objects dropped with their content), and text that a feed
marks as plain text stays text, markup-like characters included.

- `actor`: the entry's author if given, else the feed's title, else the host of the feed's link;
- `published`: the entry's published date, else its updated date, in UTC (an entry with neither,
  or with one feedparser cannot read, is rejected); a bare ISO date is `day_only`;
- `text`: the entry's content, else its summary, as text; a title-only entry's text is its title;
- `title`, `url` (the entry's link), `external_id` (its id or guid), `keywords` (its categories),
  `language` (the entry's or the feed's, as ISO 639-1), `platform` "rss";
- `extra`: the feed's title and link, and which date field was used when it was not `published`.

A feed that is not well-formed XML but ends with its closing root tag is read with feedparser's
lenient parser (and counted in the notes); one without it (a cut file) is refused.

`statement-html`: one HTML page (a ministry statement, an article) through the documents
pipeline (`documents.formats.from_html`: trafilatura's main text and metadata, then
`documents.clean`): one statement whose `text` is the page's main text (without a first
paragraph that only repeats the title), `title` its title,
`published` the page's publication time (`article:published_time` and like meta tags, to the
second, else trafilatura's date, `day_only`), `actor` its author, else its site name, else the
host of its canonical URL; `url` the canonical URL, `platform` "web", `language` the page's
`lang` or, failing that, "en"/"ru" where the text makes it clear. A page without a date or
without text is refused. Sniffed from an `<html>` root or HTML doctype: within `statements`,
HTML can only be this format (`ingest documents` reads the same page as a document).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hybridwatch.documents.clean import clean_text
from hybridwatch.documents.extract import read_document
from hybridwatch.documents.formats import from_html, from_html_fragment
from hybridwatch.errors import InputError
from hybridwatch.sources.base import Chunk, Reader, register
from hybridwatch.sources.statements import (
    KIND,
    STATEMENT_GRADE,
    STATEMENTS,
    TABLE,
    Invalid,
    StatementRows,
    clean,
    detected_language,
    iso_when,
    language_code,
    utc_naive,
)

MAX_FEED_BYTES = 200 * 1024 * 1024
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
_ROOT = re.compile(rb"<(rss|feed|rdf:rdf|html)[\s>/]", re.IGNORECASE)
_HTML_DOCTYPE = re.compile(rb"^<!doctype\s+html", re.IGNORECASE)
_BARE_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")
_FEED_END = re.compile(rb"</(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>\s*$", re.IGNORECASE)


def root_element(head: bytes) -> str | None:
    """The first of the elements rss, feed, rdf:rdf and html opened in `head`, lower-cased."""
    start = head.lstrip(_BOM_AND_SPACE)
    if _HTML_DOCTYPE.match(start):
        return "html"
    match = _ROOT.search(start)
    return match.group(1).decode().lower() if match else None


def _host(url: object) -> str | None:
    try:
        host = urlsplit(clean(url)).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _entry_text(detail: Any) -> str:
    """The text of a feedparser text construct: HTML converted, plain text as it is."""
    if not detail:
        return ""
    value = str(detail.get("value") or "")
    kind = str(detail.get("type") or "text/html")
    return from_html_fragment(value) if "html" in kind else value


@register
class RssReader(Reader):
    """An RSS or Atom feed file: one statement per entry (feedparser, nothing fetched)."""

    kind = KIND
    format = "rss"
    table = TABLE
    schema = STATEMENTS
    default_grade = STATEMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return root_element(head) in ("rss", "feed", "rdf:rdf")

    def read(self, path: Path) -> Iterator[Chunk]:
        import feedparser  # only for feeds

        data = path.read_bytes()
        if not data.strip():
            raise InputError(path, "empty file")
        if len(data) > MAX_FEED_BYTES:
            raise InputError(path, f"over the {MAX_FEED_BYTES:,}-byte limit for a feed")
        # A stream, never a str or bytes: feedparser takes a str for a URL or a file name.
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
        lenient = 0
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            if not parsed.entries or not _FEED_END.search(data.rstrip()):
                raise InputError(path, f"not a complete RSS or Atom feed ({problem})")
            lenient = 1
        if parsed.get("version") == "" and not parsed.entries:
            raise InputError(path, "not an RSS or Atom feed")
        feed = parsed.feed
        feed_title = clean(feed.get("title"))
        feed_link = clean(feed.get("link"))
        feed_language = language_code(feed.get("language"))
        rows = StatementRows()
        for index, entry in enumerate(parsed.entries):
            where = f"entry[{index}]"
            try:
                published, day_only, field = self._when(entry)
            except Invalid as exc:
                rows.reject(where, str(exc))
                continue
            author = entry.get("author_detail") or {}
            actor = clean(author.get("name")) or clean(entry.get("author"))
            actor = actor or feed_title or _host(feed_link) or ""
            if not actor:
                rows.reject(where, "no author, and the feed has neither title nor link")
                continue
            body = entry.get("content") or []
            detail = body[0] if body else entry.get("summary_detail")
            title = _entry_text(entry.get("title_detail")) or clean(entry.get("title"))
            text = clean(_entry_text(detail)) or clean(title)
            language = language_code((detail or {}).get("language")) or feed_language
            rows.statement(
                where,
                actor=actor,
                published=published,
                day_only=day_only,
                text=text,
                title=title,
                language=language,
                url=entry.get("link"),
                platform="rss",
                external_id=entry.get("id"),
                keywords=[tag.get("term") or tag.get("label") for tag in entry.get("tags", [])],
                extra={
                    "feed": feed_title or None,
                    "feed_url": feed_link or None,
                    "date_field": None if field == "published" else field,
                },
            )
        last = rows.take(len(data))
        if lenient:
            last.notes["feed is not well-formed XML, read with the lenient parser"] = lenient
        yield last

    @staticmethod
    def _when(entry: Any) -> tuple[datetime, bool, str]:
        """(UTC moment, day only, which field) of an entry's publication."""
        for field in ("published", "updated", "created"):
            given = entry.get(field)
            if not given:
                continue
            if _BARE_DATE.fullmatch(given):
                moment, day_only = iso_when(given, field)
                return moment, day_only, field
            parsed = entry.get(f"{field}_parsed")
            if parsed is None:
                raise Invalid(f"{field} date {clean(given)!r} is not a date feedparser can read")
            return datetime(*parsed[:6]), False, field  # feedparser's struct_time is UTC
        raise Invalid("no published or updated date")


# --- a single HTML page ---------------------------------------------------------------------------

_PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date",
        "dcterms.created",
        "pubdate",
        "publishdate",
        "publication_date",
        "date",
    }
)


class _PageFacts(HTMLParser):
    """What a page states about itself in its markup: language, canonical URL, and publication
    times to the second (meta tags and `<time>`); nothing is fetched or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "html" and self.lang is None:
            self.lang = values.get("lang") or values.get("xml:lang") or None
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key == "og:url":
                self.og_url = self.og_url or values.get("content") or None
            elif key in _PUBLISHED_META and values.get("content"):
                self.times.append(values["content"])
        elif tag == "time" and values.get("datetime"):
            published = values.get("itemprop", "").lower() == "datepublished"
            if published or "pubdate" in values:
                self.times.append(values["datetime"])


def _stated_time(facts: _PageFacts) -> datetime | None:
    """The first publication time the page states to the second (or minute), in UTC."""
    for given in facts.times:
        try:
            moment, day_only = iso_when(given)
        except Invalid:
            continue
        if not day_only:
            return moment
    return None


def _without_title(text: str, title: str) -> str:
    """The page's text without its first paragraph when that only repeats the title."""
    first, _, rest = text.strip().partition("\n")
    return rest if title and rest.strip() and clean(first).casefold() == title.casefold() else text


@register
class StatementHtmlReader(Reader):
    """One HTML page (a statement, an article) as one statement, via the documents pipeline."""

    kind = KIND
    format = "statement-html"
    table = TABLE
    schema = STATEMENTS
    default_grade = STATEMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_file() and root_element(head) == "html"

    def read(self, path: Path) -> Iterator[Chunk]:
        raw = read_document(path)
        converted = from_html(raw)
        facts = _PageFacts()
        facts.feed(raw)
        facts.close()
        cleaned = clean_text(converted.text)
        title = clean(converted.title or cleaned.title)
        text = clean(_without_title(cleaned.text, title)) or clean(converted.text)
        if not text:
            raise InputError(path, "no main text found in the page")
        stated = _stated_time(facts)
        if stated is not None:
            published, day_only = utc_naive(stated), False
        elif converted.published:
            try:
                published, day_only = iso_when(converted.published)
            except Invalid as exc:
                raise InputError(path, f"publication {exc}") from None
        else:
            raise InputError(path, "the page states no publication date")
        url = clean(facts.canonical) or clean(facts.og_url) or None
        actor = clean(converted.author) or clean(converted.site) or _host(url)
        if not actor:
            raise InputError(
                path, "no author, site name or canonical URL to tell who made the statement"
            )
        rows = StatementRows()
        rows.statement(
            "document",
            actor=actor,
            published=published,
            day_only=day_only,
            text=text,
            title=title,
            language=language_code(facts.lang) or detected_language(text),
            url=url,
            platform="web",
            extra={
                "author": clean(converted.author) or None,
                "site": clean(converted.site) or None,
            },
        )
        yield rows.take(path.stat().st_size)
