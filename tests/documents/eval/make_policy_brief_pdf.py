"""Render `policy-brief.source.html` to `policy-brief.pdf`, the evaluation gate's PDF document.

Not run by the tests: the PDF is committed, and hybridwatch itself never needs WeasyPrint. To
regenerate it after editing the HTML, install WeasyPrint in a throwaway virtual environment (it
needs Pango from the system) and run this script with it:

    python3 -m venv /tmp/wp-venv
    /tmp/wp-venv/bin/pip install weasyprint
    /tmp/wp-venv/bin/python tests/documents/eval/make_policy_brief_pdf.py

The brief uses CSS Paged Media as WeasyPrint implements it: footnotes with `float: footnote`
(numbered calls set as superscripts, notes at the bottom of their page), a running header (short
title, series) and footer (publisher, page number) in `@page` margin boxes, A4 pages and
`hyphens: auto` with `lang="en"` so that words break at line ends. The fonts (DejaVu Serif) are
embedded as subsets; the creation date comes from the `dcterms.created` meta element, so the
file's metadata does not depend on when it was rendered (its bytes do vary a little: font subset
tags and the file identifier are random). After regenerating, check the layout
still puts notes at the page bottoms and update `policy-brief.expected.json`'s `repairs` if
other words are hyphenated; the annotation is otherwise written from the HTML.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "policy-brief.source.html"
TARGET = HERE / "policy-brief.pdf"


def main() -> None:
    import weasyprint  # type: ignore[import-not-found]  # a tool for this fixture only

    document = weasyprint.HTML(filename=str(SOURCE)).render()
    document.write_pdf(TARGET)
    print(f"{TARGET}: {len(document.pages)} pages, {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
