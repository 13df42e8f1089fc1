"""Airlift detection against the simulator's truth: several seeds, airport pairs and fleets.

Each scenario plants one airlift (a single aircraft or a two-aircraft fleet taking turns) amid a
civil airline's regular service on the same pair and a one-off military visit, then observes it
either completely or degraded: 30% of positions lost and one landing hidden by an outage at a
time the aircraft's next departure shows where it went.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch import simulate
from hybridwatch.flights import airlifts
from hybridwatch.ingest import ingest


@dataclass(frozen=True)
class Setup:
    name: str
    pair: tuple[str, str]
    fleet: tuple[tuple[str, str, str, str], ...]  # (icao24, registration, typecode, operator)
    start: date
    trips: int


SETUPS = [
    Setup(
        "azaf-il76",
        ("LBBG", "UBBB"),
        (("600881", "4K-78129", "IL76", "Azerbaijan Air Force"),),
        date(2024, 2, 15),
        6,
    ),
    Setup(
        "usaf-c17-pair",
        ("ETAR", "EPRZ"),
        (
            ("ae0676", "00-0171", "C17", "United States Air Force"),
            ("ae07e2", "05-5140", "C17", "United States Air Force"),
        ),
        date(2023, 3, 2),
        5,
    ),
    Setup(
        "tuaf-a400",
        ("LTAC", "UGTB"),
        (("4b820f", "15-0051", "A400", "Turkish Air Force"),),
        date(2023, 9, 4),
        4,
    ),
]


def scenario(setup: Setup, seed: int, degraded: bool) -> str:
    a, b = setup.pair
    days = [setup.start + timedelta(days=4 * n + (seed + n) % 3) for n in range(setup.trips)]
    aircraft = "".join(
        f"""
[[aircraft]]
icao24 = "{icao}"
registration = "{reg}"
typecode = "{typ}"
operator = "{operator}"
military = true
callsign = "MIL{i}{{n:02d}}"
"""
        for i, (icao, reg, typ, operator) in enumerate(setup.fleet)
    )
    hidden = days[1]  # the second return flight lands unseen
    degradation = (
        f"""
[[coverage.outages]]
start = {hidden.isoformat()}T09:00:00Z
end = {hidden.isoformat()}T23:59:00Z
airport = "{a}"
radius_km = 150

[noise]
dropout = 0.3
position_m = 20
altitude_ft = 25
"""
        if degraded
        else ""
    )
    return f"""
[scenario]
name = "{setup.name}"
seed = {seed}
start = {(setup.start - timedelta(days=10)).isoformat()}T00:00:00Z
end = {(days[-1] + timedelta(days=3)).isoformat()}T00:00:00Z
interval_s = 10
jitter_s = 1
{aircraft}
[[aircraft]]
icao24 = "4ca7b1"
registration = "EI-DCL"
typecode = "B738"
operator = "Civil Air"
callsign = "CIV{{n:03d}}"

[[aircraft]]
icao24 = "3f4c21"
registration = "54+08"
typecode = "A400"
operator = "Visiting Air Force"
military = true
callsign = "VIS{{n:02d}}"

[[schedules]]
kind = "round-trips"
label = "airlift"
aircraft = [{", ".join(f'"{f[0]}"' for f in setup.fleet)}]
airports = ["{a}", "{b}"]
dates = [{", ".join(d.isoformat() for d in days)}]
departure = "05:00"
jitter_min = 60
turnaround_h = 3

[[schedules]]
kind = "daily"
label = "airline"
aircraft = ["4ca7b1"]
airports = ["{b}", "{a}"]
departure = "15:10"
turnaround_h = 1.5
jitter_min = 5

[[schedules]]
kind = "once"
label = "decoy"
aircraft = ["3f4c21"]
airports = ["{a}", "{b}", "{a}"]
departure = {(setup.start + timedelta(days=2)).isoformat()}T13:00:00Z
turnaround_h = 2
{degradation}"""


@pytest.mark.parametrize("degraded", [False, True], ids=["complete", "degraded"])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_planted_airlift_found_with_its_round_trips(
    setup: Setup, seed: int, degraded: bool, tmp_path: Path
) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(scenario(setup, seed, degraded))
    written = simulate.write(
        simulate.simulate(simulate.load(path)), tmp_path / "s.parquet", "parquet"
    )
    truth = json.loads(written.truth.read_text())
    [planted] = [a for a in truth["airlifts"] if a["label"] == "airlift"]
    with case_mod.init(tmp_path / "case") as case:
        ingest(case, "aircraft", written.registry)
        ingest(case, "flights", written.positions)
        found = airlifts.detect(case)
        military = [a for a in found if any(x.military for x in a.aircraft)]
        assert len(military) == 1, [a.summary() for a in found]
        [lift] = military
        assert sorted(x.icao24 for x in lift.aircraft) == sorted(planted["aircraft"])
        assert set(lift.airports) == set(setup.pair)
        assert lift.round_trips == planted["round_trips"] == setup.trips
        unseen = [f for f in truth["flights"] if f["label"] == "airlift" and f["arrival_unseen"]]
        assert bool(unseen) == degraded
        if degraded:  # the hidden landing counts, inferred from the next departure
            assert any(leg.inferred for leg in lift.legs), lift.summary()
        # decoys: the airline's regular service and the one-off visit are not military airlifts
        assert all(x.icao24 not in ("4ca7b1", "3f4c21") for x in lift.aircraft)
        everything = airlifts.detect(case, type(case.settings.airlifts)(min_score=0.0))
        airline = [a for a in everything if a.aircraft[0].icao24 == "4ca7b1"]
        assert all(a.score < lift.score for a in airline)
