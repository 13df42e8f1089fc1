"""`hybridwatch demo [DIR]`: build the bundled demo case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from hybridwatch import aircraft
from hybridwatch import demo as demo_mod
from hybridwatch.case import open_case
from hybridwatch.cli.common import JsonOption, out, print_json, safe


def demo(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the demo case.", file_okay=False)
    ] = Path("demo-case"),
    json: JsonOption = False,
) -> None:
    """Build the demo case from bundled data and show what it holds."""
    result = demo_mod.build(directory)
    with open_case(directory) as opened:
        focus = aircraft.show(opened, demo_mod.FOCUS_AIRCRAFT)[0]
    summary: dict[str, Any] = {
        "case": str(directory.resolve()),
        "sources": [
            {
                "path": r.path,
                "source_id": r.source_id,
                "rows": r.accepted,
                "already_ingested": r.already_ingested,
            }
            for r in result.ingested
        ],
        "focus_aircraft": {k: v for k, v in focus.items() if k != "records"},
    }
    if json:
        print_json(summary)
        return
    out.print(f"Demo case ready in [bold]{safe(summary['case'])}[/]")
    for source in summary["sources"]:
        state = "already there" if source["already_ingested"] else "ingested"
        out.print(f"  source {source['source_id']}: {source['rows']} aircraft ({state})")
    out.print(
        f"  focus: {focus['icao24']} {safe(focus['registration'])} {safe(focus['typecode'])},"
        f" {safe(focus['operator'])}, military: {focus['military']}"
    )
    out.print(f"Next: hybridwatch status -C {safe(str(directory))}")


def register(app: typer.Typer) -> None:
    app.command()(demo)
