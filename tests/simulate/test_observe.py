"""Coverage and noise: what the feed misses and how it errs, as configured."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from hybridwatch.reference.airports import airport, haversine_km
from hybridwatch.simulate import Simulation
from tests.simulate.scenarios import AIRLIFT, IL76, run, scenario_text

UBBB, LBBG = airport("UBBB"), airport("LBBG")
assert UBBB is not None and LBBG is not None

BLACK_SEA = [43.0, 34.5, 330.0]
CAUCASUS_BOX = [41.0, 43.0, 42.5, 46.0]


def km_from(sim: Simulation, lat: float, lon: float) -> np.ndarray:
    obs = sim.observations
    return np.array([haversine_km(a, b, lat, lon) for a, b in zip(obs.lat, obs.lon, strict=True)])


@pytest.fixture(scope="module")
def covered(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    coverage = f"""
[[coverage.gaps]]
name = "Black Sea"
circle = {BLACK_SEA}

[[coverage.gaps]]
name = "Caucasus low level"
box = {CAUCASUS_BOX}
below_ft = 20000

[[coverage.outages]]
date = 2024-02-16

[noise]
position_m = 30
dropout = 0.05
"""
    text = scenario_text(IL76, AIRLIFT, per_day=15, jitter=1.5, extra=coverage)
    text = text.replace("end = 2024-02-17T00:00:00Z", "end = 2024-02-18T00:00:00Z")
    return run(tmp_path_factory.mktemp("covered"), text)


def test_no_position_inside_a_no_reception_region(covered: Simulation) -> None:
    obs = covered.observations
    assert len(obs) > 10_000
    lat, lon, alt = obs.lat, obs.lon, obs.alt_ft
    assert km_from(covered, BLACK_SEA[0], BLACK_SEA[1]).min() > BLACK_SEA[2]
    south, west, north, east = CAUCASUS_BOX
    in_box = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
    assert in_box.any()  # heard there: above 20,000 ft
    assert np.all(alt[in_box] >= 20_000)


def test_the_gaps_hide_part_of_every_airlift_leg_but_not_its_ends(covered: Simulation) -> None:
    for flight in covered.truth["flights"]:
        if flight["label"] == "airlift" and flight["rows"]:
            assert flight["rows"] < 0.7 * flight["samples"]
            assert not flight["departure_unseen"] and not flight["arrival_unseen"]


def test_an_outage_day_has_no_rows(covered: Simulation) -> None:
    days = {datetime.fromtimestamp(t, UTC).date().isoformat() for t in covered.observations.time}
    assert "2024-02-15" in days and "2024-02-17" in days
    assert "2024-02-16" not in days
    on_that_day = [f for f in covered.truth["flights"] if f["takeoff"].startswith("2024-02-16")]
    assert on_that_day and all(f["unseen"] for f in on_that_day)
    assert all(f["departure_unseen"] and f["arrival_unseen"] for f in on_that_day)


def test_an_outage_around_an_airport_hides_only_that_area(tmp_path: Path) -> None:
    outage = """
[[coverage.outages]]
start = 2024-02-15T00:00:00Z
end = 2024-02-16T00:00:00Z
airport = "UBBB"
radius_km = 200
"""
    sim = run(tmp_path, scenario_text(IL76, AIRLIFT, extra=outage))
    obs = sim.observations
    first_day = obs.time < datetime(2024, 2, 16, tzinfo=UTC).timestamp()
    near = km_from(sim, UBBB.lat, UBBB.lon) <= 200
    assert not (first_day & near).any()
    assert (~first_day & near).any()  # the next day Baku is heard again
    out, back, out2, back2 = sim.truth["flights"]
    assert out["arrival_unseen"] and not out["departure_unseen"]
    assert back["departure_unseen"] and not back["arrival_unseen"]
    assert not any(f[k] for f in (out2, back2) for k in ("departure_unseen", "arrival_unseen"))


def test_low_level_reception_only_near_receivers(tmp_path: Path) -> None:
    coverage = """
[coverage]
min_altitude_ft = 5000
receivers = ["LBBG"]
receiver_km = 30
"""
    sim = run(tmp_path, scenario_text(IL76, AIRLIFT, extra=coverage))
    obs = sim.observations
    low = np.isnan(obs.alt_ft) | (obs.alt_ft < 5000)
    assert np.all(km_from(sim, LBBG.lat, LBBG.lon)[low] <= 30)
    for flight in sim.truth["flights"]:
        at_baku = "departure_unseen" if flight["origin"] == "UBBB" else "arrival_unseen"
        at_burgas = "departure_unseen" if flight["origin"] == "LBBG" else "arrival_unseen"
        assert flight[at_baku] and not flight[at_burgas]


@pytest.mark.parametrize("dropout", [0.0, 0.1, 0.3])
def test_dropout_fraction_is_as_configured(tmp_path: Path, dropout: float) -> None:
    noise = f"\n[noise]\ndropout = {dropout}\n"
    sim = run(tmp_path, scenario_text(IL76, AIRLIFT, per_day=10, extra=noise))
    samples = sum(f["samples"] for f in sim.truth["flights"])
    rows = sum(f["rows"] for f in sim.truth["flights"])
    assert samples > 10_000
    assert rows / samples == pytest.approx(1 - dropout, abs=0.01)
    assert len(sim.observations) == rows  # no duplicates configured


def test_duplicates_are_exact_copies_in_the_configured_share(tmp_path: Path) -> None:
    sim = run(
        tmp_path, scenario_text(IL76, AIRLIFT, per_day=10, extra="[noise]\nduplicates = 0.02\n")
    )
    obs = sim.observations
    rows = sum(f["rows"] for f in sim.truth["flights"])
    extra = len(obs) - rows
    assert extra / rows == pytest.approx(0.02, abs=0.004)
    same = (
        (obs.time[1:] == obs.time[:-1])
        & (obs.aircraft[1:] == obs.aircraft[:-1])
        & (obs.lat[1:] == obs.lat[:-1])
        & (obs.lon[1:] == obs.lon[:-1])
    )
    assert same.sum() == extra


def test_position_and_altitude_noise(tmp_path: Path) -> None:
    quiet = run(tmp_path, scenario_text(IL76, AIRLIFT))
    noisy = run(tmp_path, scenario_text(IL76, AIRLIFT, extra="[noise]\nposition_m = 50\n"))
    assert len(quiet.observations) == len(noisy.observations)
    moved = [
        haversine_km(a, b, c, d) * 1000
        for a, b, c, d in zip(
            quiet.observations.lat[:2000],
            quiet.observations.lon[:2000],
            noisy.observations.lat[:2000],
            noisy.observations.lon[:2000],
            strict=True,
        )
    ]
    # the distance of a 2-D Gaussian offset with σ = 50 m per axis: mean σ·√(π/2) ≈ 63 m
    assert np.mean(moved) == pytest.approx(50 * np.sqrt(np.pi / 2), rel=0.1)
    # altitudes are reported in 25-ft steps, as Mode S does
    alt = quiet.observations.alt_ft
    assert np.all(np.mod(alt[~np.isnan(alt)], 25) == 0)


def test_clock_skew_is_a_constant_offset_per_aircraft(tmp_path: Path) -> None:
    sim = run(tmp_path, scenario_text(IL76, AIRLIFT, extra="[noise]\nclock_skew_s = 120\n"))
    [member] = sim.truth["aircraft"]
    skew = member["clock_skew_s"]
    assert abs(skew) > 1
    for i, flight in enumerate(sim.truth["flights"]):
        first = sim.observations.time[sim.observations.flight == i].min()
        off_block = datetime.fromisoformat(flight["off_block"].replace("Z", "+00:00"))
        # the first sample falls within one interval of off-block, shifted by the skew
        assert -1 <= first - skew - off_block.timestamp() <= 11
