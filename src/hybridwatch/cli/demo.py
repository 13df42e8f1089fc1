"""`hybridwatch demo [DIR]`: build the bundled demo case."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from hybridwatch import aircraft
from hybridwatch import demo as demo_mod
from hybridwatch.case import open_case
from hybridwatch.cli.common import JsonOption, out, print_json, print_scored, safe
from hybridwatch.evidence import claims
from hybridwatch.findings import list_findings
from hybridwatch.report import render


def demo(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the demo case.", file_okay=False)
    ] = Path("demo-case"),
    json: JsonOption = False,
) -> None:
    """Build the demo case from bundled data and a simulation, analyse it, show the findings,
    and write its report (DIR/report.html)."""
    result = demo_mod.build(directory)
    with open_case(directory) as opened:
        focus = aircraft.show(opened, demo_mod.FOCUS_AIRCRAFT)[0]
        findings = list_findings(opened)
        verdicts = claims.check(opened)
        report = render.write(opened, directory / "report.html")
    summary: dict[str, Any] = {
        "case": str(directory.resolve()),
        "sources": [
            {
                "path": r.path,
                "kind": r.kind,
                "source_id": r.source_id,
                "rows": r.accepted,
                "already_ingested": r.already_ingested,
            }
            for r in result.ingested
        ],
        "findings": result.analysis.counts,
        "top_findings": findings[:3],
        "focus_aircraft": {k: v for k, v in focus.items() if k != "records"},
        "claims": dict(Counter(v["verdict"] for v in verdicts)),
        "report": report.as_json(),
    }
    if json:
        print_json(summary)
        return
    out.print(f"Demo case ready in [bold]{safe(summary['case'])}[/]")
    for source in summary["sources"]:
        state = "already there" if source["already_ingested"] else "ingested"
        out.print(
            f"  source {source['source_id']}: {source['rows']:,} {source['kind']} rows ({state})"
        )
    out.print("Findings, best first:")
    for finding in findings[:3]:
        print_scored(
            finding["score"], f"[{finding['kind']}] {finding['summary']}", finding["factors"]
        )
    out.print("The analyst note's claims against the data:")
    for v in verdicts:
        differs = f" — {v['differences'][0]}" if v["differences"] else ""
        out.print(f"  {v['verdict']:>16}  {safe(v['claim']['text'][:90])}…{safe(differs)}")
    case = safe(str(directory))
    out.print(
        f"Next: hybridwatch claims check -C {case}; hybridwatch findings -C {case};"
        f" hybridwatch flights list --military -C {case}"
    )
    out.print(
        f"Report ({report.seconds:.1f} s): [bold]{safe(str(report.html.resolve()))}[/]"
        " — open it in a browser; it loads nothing from the network"
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
