"""`hybridwatch report -o report.html [--pdf report.pdf]`: the case as one self-contained page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.report import render


def report(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write.", dir_okay=False)
    ] = Path("report.html"),
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write a PDF (WeasyPrint).", dir_okay=False)
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Write the case report: summary in estimative language, claims with verdicts, map,
    timeline, findings with evidence, ledger, narrative pairs, entities, sources with grades.
    One HTML file that opens offline and loads nothing."""
    with opened_case(case) as opened:
        written = render.write(opened, output, pdf)
    if json:
        print_json(written.as_json())
        return
    out.print(
        f"Report written to [bold]{safe(written.html)}[/] in {written.seconds:.2f} s"
        f" ({written.findings} findings, {written.claims} claims checked,"
        f" {written.records} evidence records)"
    )
    if written.pdf is not None:
        out.print(f"PDF written to [bold]{safe(written.pdf)}[/]")


def register(app: typer.Typer) -> None:
    app.command()(report)
