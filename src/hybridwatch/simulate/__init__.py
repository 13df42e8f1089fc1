"""A deterministic flight-traffic simulator: known truth for testing detection.

    scenario = load(Path("examples/scenarios/ramstein-rzeszow-airlift.toml"))
    sim = simulate(scenario)                      # flights, rows and truth, all in memory
    write(sim, Path("burgas.csv.gz"), "opensky-states")

The scenario format is described in `scenario.py` and docs/simulate.md; trajectories in
`tracks.py`; sampling, coverage, noise and the truth in `observe.py`; output formats in
`writers.py`. The same scenario and seed always give byte-identical output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hybridwatch.errors import UsageError
from hybridwatch.simulate import observe, plan, tracks, writers
from hybridwatch.simulate.observe import Observations
from hybridwatch.simulate.plan import Plan
from hybridwatch.simulate.scenario import Scenario, load
from hybridwatch.simulate.tracks import Legs, Profile, Times

__all__ = ["FORMATS", "Simulation", "Written", "load", "simulate", "write"]

FORMATS = writers.FORMATS


@dataclass
class Simulation:
    scenario: Scenario
    plan: Plan
    legs: Legs
    profile: Profile
    times: Times
    observations: Observations
    truth: dict[str, Any]
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return len(self.observations)


@dataclass
class Written:
    format: str
    positions: Path
    truth: Path
    registry: Path
    rows: int
    files: int
    flights: int
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)


def simulate(scenario: Scenario) -> Simulation:
    """Plan every flight, fly it, and observe it through the scenario's coverage and noise."""
    started = time.perf_counter()
    flights = plan.build(scenario)
    legs = plan.legs(flights)
    prof = tracks.profile(legs)
    when = tracks.times(legs, prof)
    rows, seen, skew = observe.observe(scenario, flights, legs, prof, when)
    truth = observe.truth(scenario, flights, prof, when, seen, skew)
    return Simulation(
        scenario, flights, legs, prof, when, rows, truth, time.perf_counter() - started
    )


def write(sim: Simulation, output: Path, fmt: str) -> Written:
    """Write the rows as `fmt`, the truth and the registry CSV beside them."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    started = time.perf_counter()
    if fmt == "readsb-trace":
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: readsb-trace writes a folder, and this is a file")
        files = writers.write_traces(sim.plan, sim.observations, output)
    else:
        if output.is_dir():
            raise UsageError(f"{output}: {fmt} writes a file, and this is a folder")
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            writers.write_parquet(sim.plan, sim.observations, output)
        else:
            writers.write_states_csv(sim.plan, sim.observations, output)
        files = 1
    truth_path, registry_path = writers.beside(output, fmt)
    writers.write_registry(sim.plan, registry_path)
    truth = dict(sim.truth)
    truth["outputs"] = {
        "format": fmt,
        "positions": output.name,
        "registry": registry_path.name,
        "rows": sim.rows,
    }
    writers.write_truth(truth, truth_path)
    return Written(
        format=fmt,
        positions=output,
        truth=truth_path,
        registry=registry_path,
        rows=sim.rows,
        files=files,
        flights=len(sim.plan.flights),
        seconds=time.perf_counter() - started,
        summary=summary(sim),
    )


def summary(sim: Simulation) -> dict[str, Any]:
    """Counts by label and the planted airlifts, for the CLI."""
    labels: dict[str, int] = {}
    unseen_arrivals = 0
    for flight in sim.truth["flights"]:
        labels[flight["label"]] = labels.get(flight["label"], 0) + 1
        unseen_arrivals += flight["arrival_unseen"] and flight["label"] != "background"
    return {
        "flights_by_label": dict(sorted(labels.items())),
        "aircraft": len(sim.plan.fleet),
        "rows": sim.rows,
        "simulate_seconds": round(sim.seconds, 3),
        "airlifts": sim.truth["airlifts"],
        "planted_arrivals_unseen": unseen_arrivals,
    }
