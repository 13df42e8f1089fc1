"""`hybridwatch simulate SCENARIO.toml -o FILE [--format ...]`: simulated traffic with its truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from hybridwatch import simulate as simulation
from hybridwatch.cli.common import JsonOption, out, print_json, safe
from hybridwatch.errors import UsageError


def simulate(
    scenario: Annotated[
        Path, typer.Argument(metavar="SCENARIO.toml", help="Scenario file (docs/simulate.md).")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="File to write (.csv.gz compresses); a folder for readsb-trace.",
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help="opensky-states, parquet or readsb-trace."),
    ] = "opensky-states",
    json: JsonOption = False,
) -> None:
    """Simulate flights from a scenario: positions, plus the truth (JSON) and a registry CSV."""
    if fmt not in simulation.FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(simulation.FORMATS)}")
    loaded = simulation.load(scenario)
    sim = simulation.simulate(loaded)
    written = simulation.write(sim, output, fmt)
    rate = sim.rows / sim.seconds if sim.seconds > 0 else 0.0
    result: dict[str, Any] = {
        "scenario": loaded.name,
        "seed": loaded.seed,
        "format": fmt,
        "positions": str(written.positions),
        "truth": str(written.truth),
        "registry": str(written.registry),
        "files": written.files,
        "flights": written.flights,
        "rows": written.rows,
        "simulate_seconds": round(sim.seconds, 3),
        "write_seconds": round(written.seconds, 3),
        "rows_per_second": round(rate),
        **{k: v for k, v in written.summary.items() if k not in ("rows", "simulate_seconds")},
    }
    if json:
        print_json(result)
        return
    labels = ", ".join(f"{n:,} {label}" for label, n in result["flights_by_label"].items())
    out.print(
        f"[green]✓[/] {safe(loaded.name)} (seed {loaded.seed}): {written.flights:,} flights"
        f" ({safe(labels)}), {written.rows:,} rows"
    )
    out.print(
        f"  simulated in {sim.seconds:.1f} s ({rate:,.0f} rows/s), written in"
        f" {written.seconds:.1f} s as {fmt}"
    )
    for airlift in result["airlifts"]:
        out.print(
            f"  {safe(airlift['label'])}: {' ↔ '.join(airlift['airports'])},"
            f" {airlift['round_trips']} round trips ({airlift['round_trips_fully_seen']} fully"
            f" seen), {airlift['first'] or '-'} … {airlift['last'] or '-'}"
        )
    out.print(f"  positions: {safe(written.positions)}")
    out.print(f"  truth:     {safe(written.truth)}")
    out.print(f"  registry:  {safe(written.registry)} (ingest as kind aircraft)")


def register(app: typer.Typer) -> None:
    app.command()(simulate)
