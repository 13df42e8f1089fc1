"""`hybridwatch extract FILE`: read a document without a case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hybridwatch.cli.common import JsonOption, out, print_json, safe
from hybridwatch.documents.extract import extract_file


def extract(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Scraped text or Markdown.")],
    json: JsonOption = False,
) -> None:
    """Clean a document (chrome, line-wrap damage, footnote markers) and show its structure."""
    result = extract_file(path)
    if json:
        print_json(result.as_json())
        return
    out.print(f"[bold]{safe(result.title or '(no title)')}[/]")
    out.print(
        f"  author: {safe(result.author)}  site: {safe(result.site)}  language: {result.language}"
    )
    out.print(
        f"  {len(result.sentences)} sentences, {len(result.sections)} sections,"
        f" {len(result.footnotes)} footnote markers"
    )
    for warning in result.warnings:
        out.print(f"  [yellow]warning:[/] {safe(warning)}")
    for section in result.sections:
        out.print(f"  § {safe(section['heading'])}")


def register(app: typer.Typer) -> None:
    app.command()(extract)
