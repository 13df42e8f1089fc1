"""`hybridwatch aircraft …`: aircraft identity from the case's registries."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from hybridwatch import aircraft as aircraft_mod
from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe

app = typer.Typer(help="Aircraft identity from the case's registries.", no_args_is_help=True)


@app.command()
def show(
    key: Annotated[str, typer.Argument(metavar="ICAO24|REGISTRATION")],
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Show an aircraft by ICAO 24-bit address (hex) or registration, with its sources."""
    with opened_case(case) as opened:
        found = aircraft_mod.show(opened, key)
    if json:
        print_json(found)
        return
    for entry in found:
        military = {True: "yes", False: "no", None: "not stated"}[entry["military"]]
        out.print(
            f"[bold]{entry['icao24']}[/]  {safe(entry['registration'] or '?')}  "
            f"{safe(entry['typecode'] or '?')}  {safe(entry['description'])}"
        )
        out.print(f"  operator: {safe(entry['operator'] or 'not stated')}   military: {military}")
        table = Table("source", "grade", "locator", "registration", "type", "military")
        for record in entry["records"]:
            table.add_row(
                f"{record['source_id']}: {safe(record['source'])}",
                record["grade"],
                safe(record["locator"]),
                safe(record["registration"]),
                safe(record["typecode"]),
                {True: "yes", False: "no", None: ""}[record["military"]],
            )
        out.print(table)
