"""Document formats to plain text plus whatever metadata the format states.

HTML goes through trafilatura's main-content extraction: navigation, scripts, styles, comment
forms and related-post lists are dropped and nothing in the page is run or fetched. Markdown
loses its markup but keeps headings as their own paragraphs. Plain text (scraped pages) passes
as it is; the cleanup stage deals with its chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Converted:
    format: str  # html | markdown | text | pdf
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None  # ISO date, as the page states it
    notes: dict[int, str] = field(default_factory=dict)  # footnote texts by number


PDF_SIGNATURE = b"%PDF-"  # the first bytes of every PDF file
_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<\?xml)", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def detect(raw: str, suffix: str) -> str:
    if suffix in (".html", ".htm", ".xhtml") or _HTML.match(raw[:1000]):
        return "html"
    if suffix in (".md", ".markdown") or _MARKDOWN_HEADING.search(raw[:5000]):
        return "markdown"
    return "text"


def from_html(raw: str) -> Converted:
    import trafilatura  # heavy (lxml, dateparser): loaded only for HTML

    body = trafilatura.extract(
        raw,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_precision=True,
        deduplicate=True,
    )
    meta = trafilatura.extract_metadata(raw)
    return Converted(
        format="html",
        text=body or "",
        title=getattr(meta, "title", None),
        author=getattr(meta, "author", None),
        site=getattr(meta, "sitename", None),
        published=getattr(meta, "date", None),
    )


class _FragmentText(HTMLParser):
    """The text of an HTML fragment; what is inside script, style and the like is dropped."""

    SKIPPED = frozenset(
        {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
    )
    BREAKS = frozenset(
        {
            "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
            "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
            "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr",
            "ul",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping.append(tag)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            while self._skipping and self._skipping.pop() != tag:
                pass
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def from_html_fragment(raw: str) -> str:
    """The text of an HTML fragment (a feed entry's summary, a snippet), blocks on their own
    lines. Trafilatura is for whole pages: it finds no main content in a short fragment. Nothing
    is fetched or run; script, style and embedded objects are dropped with their content."""
    parser = _FragmentText()
    parser.feed(raw)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


# `[^3]` in the text and `[^3]: the note` on a line of its own (CommonMark's footnote extension);
# continuation lines of a note are indented.
_MARKDOWN_NOTE = re.compile(
    r"^\[\^(\d{1,3})\]:[ \t]*(.*(?:\n(?:[ \t]+\S.*|[ \t]*(?=\n[ \t]+\S)))*)", re.M
)
_MARKDOWN_NOTE_REF = re.compile(r"\s?\[\^(\d{1,3})\]")


def _markdown_notes(raw: str) -> tuple[str, dict[int, str]]:
    """Footnote definitions taken out of the text, and references turned into markers glued to
    the word before them (`Baku[^3]` → `Baku3`), the form the cleanup stage recognises."""
    notes = {int(m.group(1)): " ".join(m.group(2).split()) for m in _MARKDOWN_NOTE.finditer(raw)}
    text = _MARKDOWN_NOTE.sub("", raw)
    return _MARKDOWN_NOTE_REF.sub(lambda m: m.group(1), text), notes


# A line that starts a block of its own: heading, list item, quote, table row, code fence.
_MARKDOWN_BLOCK = re.compile(r"[ \t]*(?:#|[-*+][ \t]|\d{1,3}[.)][ \t]|>|\||```|~~~)")


def _join_soft_breaks(text: str) -> str:
    """A line break inside a paragraph is a space in Markdown (a "soft break"): joined here, so
    a sentence wrapped by the author's editor is not cut in two by the cleanup's line rules."""
    lines: list[str] = []
    for line in text.split("\n"):
        prev = lines[-1] if lines else ""
        heading = prev.lstrip().startswith("#")
        if prev.strip() and line.strip() and not heading and not _MARKDOWN_BLOCK.match(line):
            lines[-1] = f"{prev.rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


def from_markdown(raw: str) -> Converted:
    raw, notes = _markdown_notes(raw)
    raw = _join_soft_breaks(raw)
    text = _MARKDOWN_HEADING.sub(lambda m: f"\n{m.group(1)}\n", raw)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)  # emphasis, code
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.MULTILINE)  # list bullets
    text = re.sub(r"^\s*>\s?", "", text, flags=re.MULTILINE)  # quotes
    title = _MARKDOWN_HEADING.search(raw)
    return Converted(
        format="markdown", text=text, title=title.group(1) if title else None, notes=notes
    )


def convert(raw: str, suffix: str = "") -> Converted:
    kind = detect(raw, suffix.lower())
    if kind == "html":
        return from_html(raw)
    if kind == "markdown":
        return from_markdown(raw)
    return Converted(format="text", text=raw)
