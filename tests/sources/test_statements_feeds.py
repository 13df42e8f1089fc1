"""Statements from RSS/Atom feeds and single HTML pages: mapping, and hostile input that must
neither fetch anything nor turn markup into text or text into markup."""

from __future__ import annotations

import json
import socket
from datetime import datetime
from pathlib import Path

import pytest

from hybridwatch.case import Case
from hybridwatch.documents.formats import from_html_fragment
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest
from hybridwatch.sources.feeds import root_element
from tests.sources.test_statements import rows, write


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a connection is recorded and fails."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Ministry of Foreign Affairs: news</title>
  <link>https://mid.example/en/</link>
  <language>en-us</language>
  <item>
    <title>Comment on riots in New Caledonia</title>
    <link>https://mid.example/en/1</link>
    <guid isPermaLink="false">mfa-1</guid>
    <dc:creator>Maria Zakharova</dc:creator>
    <pubDate>Mon, 20 May 2024 14:30:00 +0300</pubDate>
    <category>France</category><category>New Caledonia</category>
    <description>&lt;p&gt;We call on Paris to &lt;b&gt;show restraint&lt;/b&gt;.&lt;/p&gt;
      &lt;p&gt;The people decide.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Briefing</title>
    <link>https://mid.example/en/2</link>
    <pubDate>Tue, 21 May 2024 09:00:00 GMT</pubDate>
  </item>
  <item>
    <title>Undated</title>
    <description>No date at all.</description>
  </item>
  <item>
    <title>Garbled date</title>
    <pubDate>the day after tomorrow</pubDate>
    <description>x</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">
  <title>Посольство</title>
  <link href="https://embassy.example/"/>
  <id>urn:feed</id>
  <updated>2024-05-22T10:00:00Z</updated>
  <entry>
    <title type="text">&lt;script&gt;alert(1)&lt;/script&gt; is what they wrote</title>
    <id>urn:entry:1</id>
    <link href="https://embassy.example/1"/>
    <updated>2024-05-22T10:00:00+02:00</updated>
    <content type="html">&lt;p&gt;Первый абзац.&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;
      &lt;style&gt;p{}&lt;/style&gt;</content>
  </entry>
  <entry>
    <title>Plain</title>
    <id>urn:entry:2</id>
    <published>2024-05-23</published>
    <updated>2024-05-24T00:00:00Z</updated>
    <author><name>Ambassador</name></author>
    <content type="text">Text with &lt;b&gt;angle brackets&lt;/b&gt; &amp; an ampersand.</content>
  </entry>
</feed>
"""


def test_rss_2(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "mfa.rss", RSS)
    assert choose_reader("statements", path).format == "rss"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejections) == (
        2,
        [
            "entry[2]: no published or updated date",
            "entry[3]: published date 'the day after tomorrow' is not a date feedparser can read",
        ],
    )
    first, second = rows(case)
    assert first == first | {
        "actor": "Maria Zakharova",
        "published": datetime(2024, 5, 20, 11, 30),
        "day_only": False,
        "text": "We call on Paris to show restraint. The people decide.",
        "title": "Comment on riots in New Caledonia",
        "language": "en",
        "url": "https://mid.example/en/1",
        "platform": "rss",
        "external_id": "mfa-1",
        "truncated": False,
        "keywords": ["France", "New Caledonia"],
        "locator": "entry[0]",
    }
    assert json.loads(first["extra"]) == {
        "feed": "Ministry of Foreign Affairs: news",
        "feed_url": "https://mid.example/en/",
    }
    # no author: the feed speaks; no description: the title is the text
    assert (second["actor"], second["text"], second["external_id"]) == (
        "Ministry of Foreign Affairs: news",
        "Briefing",
        None,
    )


def test_atom(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "embassy.xml", ATOM)
    assert choose_reader("statements", path).format == "rss"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (2, 0)
    first, second = rows(case)
    # a plain-text title keeps its markup-like characters as text; HTML content loses its script
    assert first["title"] == "<script>alert(1)</script> is what they wrote"
    assert first["text"] == "Первый абзац."
    assert (first["actor"], first["published"], first["language"]) == (
        "Посольство",
        datetime(2024, 5, 22, 8),
        "ru",
    )
    assert (first["external_id"], first["url"]) == ("urn:entry:1", "https://embassy.example/1")
    assert json.loads(first["extra"]) == {
        "feed": "Посольство",
        "feed_url": "https://embassy.example/",
        "date_field": "updated",
    }
    assert second["text"] == "Text with <b>angle brackets</b> & an ampersand."
    assert (second["actor"], second["published"], second["day_only"]) == (
        "Ambassador",
        datetime(2024, 5, 23),
        True,
    )


def test_hostile_feed_fetches_nothing_and_keeps_text_as_text(
    case: Case, tmp_path: Path, no_network: list[object]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = write(
        tmp_path,
        "evil.xml",
        f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [
  <!ENTITY secret SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "http://127.0.0.1:9/entity">
  <!ENTITY % dtd SYSTEM "http://127.0.0.1:9/evil.dtd">
  %dtd;
]>
<rss version="2.0"><channel><title>Feed</title><link>https://feed.example/</link>
<item><title>Leak &secret; &remote;</title><guid>e-1</guid>
<link>http://127.0.0.1:9/follow-me</link>
<pubDate>Mon, 20 May 2024 14:30:00 GMT</pubDate>
<description>&lt;p&gt;Hello&lt;/p&gt;&lt;script&gt;fetch('http://127.0.0.1:9/')&lt;/script&gt;
&lt;img src="http://127.0.0.1:9/pixel.png" onerror="alert(1)"&gt;
&amp;lt;script&amp;gt; is text</description>
</item></channel></rss>
""",
    )
    result = ingest(case, "statements", path)
    assert result.accepted == 1
    [row] = rows(case)
    assert "TOP SECRET" not in json.dumps(row, default=str)
    assert row["text"] == "Hello <script> is text"
    assert "fetch" not in row["text"] and "alert" not in row["text"]
    assert row["title"] == "Leak &secret; &remote;"  # the references stay unexpanded text
    assert row["url"] == "http://127.0.0.1:9/follow-me"  # stored, never followed
    assert no_network == []
    assert result.notes == {"feed is not well-formed XML, read with the lenient parser": 1}


def test_cut_or_empty_feeds_are_refused(case: Case, tmp_path: Path) -> None:
    cut = write(tmp_path, "cut.rss", RSS[: RSS.index("<item>", RSS.index("Briefing") - 200)])
    with pytest.raises(InputError, match="not a complete RSS or Atom feed"):
        ingest(case, "statements", cut)
    empty = write(
        tmp_path, "empty.rss", '<rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    with pytest.raises(InputError, match="no valid rows"):
        ingest(case, "statements", empty)
    blank = write(tmp_path, "blank.xml", "  \n")
    with pytest.raises(InputError, match="empty file"):
        ingest(case, "statements", blank, fmt="rss")
    assert case.con.execute("SELECT count(*) FROM statements").fetchone() == (0,)


def test_feed_given_as_a_file_name_is_not_opened(case: Case, tmp_path: Path) -> None:
    # feedparser opens a str or bytes argument as a file name or URL; the reader hands it a
    # stream of the file's own bytes, so content that looks like a path stays content
    path = write(tmp_path, "path.rss", str(tmp_path / "mfa.rss"))
    write(tmp_path, "mfa.rss", RSS)
    with pytest.raises(InputError):
        ingest(case, "statements", path, fmt="rss")


def test_html_fragment_text() -> None:
    html = (
        "<div><p>One &amp; two</p><script>var x = '<p>no</p>';</script>"
        "<iframe src='http://127.0.0.1:9/'>framed</iframe>three<br>four"
        " <embed src=x> five<style>p {}</style></div>"
    )
    assert from_html_fragment(html) == "One & two\nthree\nfour five"
    assert from_html_fragment("5 &lt; 6 and a < b") == "5 < 6 and a < b"


PAGE = """<!doctype html>
<html lang="en"><head>
<title>Comment by Maria Zakharova on New Caledonia - Ministry</title>
<meta property="og:site_name" content="The Ministry of Foreign Affairs">
<meta property="article:published_time" content="2024-05-20T14:30:00+03:00">
<link rel="canonical" href="https://mid.example/en/press/123/">
<script src="http://127.0.0.1:9/tracker.js"></script>
</head><body><nav>Home | News | Contacts</nav>
<article><h1>Comment by Maria Zakharova on riots in New Caledonia</h1>
<p>On May 13, thousands of people took to the streets in New Caledonia to protest against the
constitutional reform proposed by Paris. The protests escalated into riots.</p>
<p>We call on the French authorities to show restraint and to respect the will of the people
of New Caledonia, who have the right to decide their own future.</p>
<script>document.write('injected')</script>
</article><footer>Related posts</footer></body></html>
"""


def test_html_statement(case: Case, tmp_path: Path, no_network: list[object]) -> None:
    path = write(tmp_path, "comment.html", PAGE)
    assert root_element(PAGE.encode()) == "html"
    assert choose_reader("statements", path).format == "statement-html"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (1, 0)
    [row] = rows(case)
    assert row["text"] == (
        "On May 13, thousands of people took to the streets in New Caledonia to protest against"
        " the constitutional reform proposed by Paris. The protests escalated into riots. We call"
        " on the French authorities to show restraint and to respect the will of the people of"
        " New Caledonia, who have the right to decide their own future."
    )
    assert row == row | {
        "actor": "The Ministry of Foreign Affairs",
        "published": datetime(2024, 5, 20, 11, 30),
        "day_only": False,
        "title": "Comment by Maria Zakharova on riots in New Caledonia",
        "language": "en",
        "url": "https://mid.example/en/press/123/",
        "platform": "web",
        "external_id": None,
        "keywords": [],
        "locator": "document",
    }
    assert "injected" not in row["text"]
    assert no_network == []


def test_html_statement_actor_and_date_fallbacks(case: Case, tmp_path: Path) -> None:
    with_author = PAGE.replace(
        '<meta property="og:site_name" content="The Ministry of Foreign Affairs">',
        '<meta name="author" content="Maria Zakharova">',
    ).replace(
        '<meta property="article:published_time" content="2024-05-20T14:30:00+03:00">',
        '<meta name="date" content="2024-05-20">',
    )
    ingest(case, "statements", write(tmp_path, "a.html", with_author))
    host_only = PAGE.replace(
        '<meta property="og:site_name" content="The Ministry of Foreign Affairs">', ""
    ).replace("<title>Comment by Maria Zakharova on New Caledonia - Ministry</title>", "")
    ingest(case, "statements", write(tmp_path, "b.html", host_only))
    author, host = rows(case)
    assert (author["actor"], author["published"], author["day_only"]) == (
        "Maria Zakharova",
        datetime(2024, 5, 20),
        True,
    )
    assert host["actor"] == "mid.example"


def test_html_statement_without_date_or_text_is_refused(case: Case, tmp_path: Path) -> None:
    undated = PAGE.replace(
        '<meta property="article:published_time" content="2024-05-20T14:30:00+03:00">', ""
    ).replace("On May 13, thousands", "Thousands")
    path = write(tmp_path, "undated.html", undated)
    with pytest.raises(InputError, match=r"undated\.html: the page states no publication date"):
        ingest(case, "statements", path)
    empty = write(
        tmp_path, "empty.html", "<!doctype html><html><body><script>x()</script></body></html>"
    )
    with pytest.raises(InputError, match=r"empty\.html: no main text"):
        ingest(case, "statements", empty)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (0,)
