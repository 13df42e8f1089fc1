"""`hybridwatch flights …`: flights derived from the case's ADS-B data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from hybridwatch.cli.common import (
    CaseOption,
    JsonOption,
    opened_case,
    out,
    print_json,
    print_scored,
    safe,
)
from hybridwatch.flights import airlifts as airlift_detection
from hybridwatch.flights import pipeline, query
from hybridwatch.settings import AirliftSettings

app = typer.Typer(help="Flights derived from the case's ADS-B data.", no_args_is_help=True)


def _end_text(flight: dict[str, Any], side: str) -> str:
    """Airport, `*` when inferred, `?` when unknown (`flights show` says why)."""
    end = flight[side]
    if end is None:
        return "?"
    return f"{end['airport']}*" if end["inferred"] else str(end["airport"])


@app.command("list")
def list_(
    icao24: Annotated[str | None, typer.Option(help="Only this aircraft (hex address).")] = None,
    airport: Annotated[str | None, typer.Option(help="Only flights from or to (ICAO).")] = None,
    military: Annotated[bool, typer.Option(help="Only military/state aircraft.")] = False,
    since: Annotated[str | None, typer.Option(help="Only flights seen since (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Only flights seen until (ISO).")] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """List flights with their airports, or why an airport is unknown."""
    with opened_case(case) as opened:
        flights = query.list_flights(
            opened, icao24=icao24, airport=airport, military=military, since=since, until=until
        )
    if json:
        print_json(flights)
        return
    table = Table("id", "callsign", "reg", "type", "mil", "from", "to", "first seen")
    for f in flights:
        table.add_row(
            f["id"],
            safe(" ".join(f["callsigns"])),
            safe(f["registration"]),
            safe(f["typecode"]),
            "yes" if f["military"] else "",
            safe(_end_text(f, "departure")),
            safe(_end_text(f, "arrival")),
            f["first_seen"][:16],
        )
    out.print(table)
    out.print(f"{len(flights):,} flights (* inferred, ? unknown: `flights show ID` says why)")


@app.command()
def show(
    flight_id: Annotated[str, typer.Argument(metavar="ID", help="Flight id from `list`.")],
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Show one flight: identity with reasons, airports with methods, and its track."""
    with opened_case(case) as opened:
        flight = query.show(opened, flight_id)
    if json:
        print_json(flight)
        return
    out.print(f"[bold]{safe(flight['id'])}[/]  {safe(' '.join(flight['callsigns']))}")
    for name in ("registration", "typecode", "operator", "country", "military"):
        out.print(f"  {name}: {safe(flight[name])}")
    for name, reason in flight["reasons"].items():
        out.print(f"    {name}: {safe(reason)}")
    for side in ("departure", "arrival"):
        end = flight[side]
        if end is None:
            out.print(f"  {side}: unknown — {safe(flight[f'{side}_unknown_reason'])}")
        else:
            out.print(
                f"  {side}: {end['airport']} at {end['time'] or '?'} by {end['method']},"
                f" {end['distance_km']} km{' (inferred)' if end['inferred'] else ''}"
            )
    out.print(f"  {flight['points']} airborne points; first {flight['first_seen']}")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, geojson or parquet.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Export all flights as CSV, GeoJSON (tracks as lines) or Parquet."""
    with opened_case(case) as opened:
        count = query.export(opened, fmt, output)
    if json:
        print_json({"path": str(output), "format": fmt, "flights": count})
    else:
        out.print(f"Wrote {count:,} flights to {safe(output)}")


@app.command()
def build(
    force: Annotated[bool, typer.Option(help="Rebuild even if nothing changed.")] = False,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Derive flights from the case's state vectors (done automatically when needed)."""
    with opened_case(case) as opened:
        result = pipeline.build(opened, force=force)
    if json:
        print_json(
            {"flights": result.flights, "seconds": result.seconds, "rebuilt": result.rebuilt}
        )
    else:
        state = f"built in {result.seconds:.1f} s" if result.rebuilt else "already up to date"
        out.print(f"{result.flights:,} flights ({state})")


@app.command()
def airlifts(
    min_round_trips: Annotated[
        int | None, typer.Option(help="Round trips needed (default: case.toml).")
    ] = None,
    window_days: Annotated[
        float | None, typer.Option(help="Window in days (default: case.toml).")
    ] = None,
    min_score: Annotated[float | None, typer.Option(help="Lowest score shown.")] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Airlifts: repeated round trips by one aircraft or fleet between two airports."""
    with opened_case(case) as opened:
        defaults = opened.settings.airlifts
        settings = AirliftSettings(
            min_round_trips=defaults.min_round_trips
            if min_round_trips is None
            else min_round_trips,
            window_days=defaults.window_days if window_days is None else window_days,
            min_score=defaults.min_score if min_score is None else min_score,
        )
        found = [lift.as_json() for lift in airlift_detection.detect(opened, settings)]
    if json:
        print_json(found)
        return
    if not found:
        out.print("No airlifts.")
    for lift in found:
        print_scored(lift["score"], lift["summary"], lift["factors"])
