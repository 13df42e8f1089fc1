"""Trajectories: on the ground at both airports, plausible climb and descent, the type's cruise
level, the great circle, and a glide that ends on the destination's runway."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from hybridwatch.reference.airports import Airport, airport, haversine_km
from hybridwatch.simulate import Simulation, tracks
from hybridwatch.simulate.performance import PERFORMANCE
from tests.simulate.scenarios import IL76, run, scenario_text

LBBG, UBBB, LBSF = airport("LBBG"), airport("UBBB"), airport("LBSF")
assert LBBG is not None and UBBB is not None and LBSF is not None


def once(route: str, typecode: str = "IL76", extra: str = "") -> str:
    aircraft = IL76.replace('typecode = "IL76"', f'typecode = "{typecode}"') + extra
    return scenario_text(
        aircraft,
        f"""
[[schedules]]
kind = "once"
label = "test"
aircraft = ["600881"]
airports = {route}
departure = 2024-02-15T06:00:00Z
""",
    )


def seconds(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def rows_of(sim: Simulation, flight: int = 0) -> dict[str, np.ndarray]:
    obs = sim.observations
    mask = obs.flight == flight
    return {
        "t": obs.time[mask].astype(float),
        "lat": obs.lat[mask],
        "lon": obs.lon[mask],
        "alt": obs.alt_ft[mask],
        "gs": obs.gs_kt[mask],
        "track": obs.track_deg[mask],
        "vr": obs.vr_fpm[mask],
        "ground": obs.on_ground[mask],
    }


@pytest.fixture(scope="module")
def long_leg(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    return run(tmp_path_factory.mktemp("long"), once('["LBBG", "UBBB"]'))


def gc_midpoint(a: Airport, b: Airport) -> tuple[float, float]:
    p = tracks.unit_vectors(np.array([a.lat, b.lat]), np.array([a.lon, b.lon]))
    mid = (p[0] + p[1]) / np.linalg.norm(p[0] + p[1])
    lat, lon = tracks.latlon(mid)
    return float(lat), float(lon)


def test_starts_and_ends_on_the_ground_at_its_airports(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    assert r["ground"][0] and r["ground"][-1]
    assert haversine_km(r["lat"][0], r["lon"][0], LBBG.lat, LBBG.lon) < 3
    assert haversine_km(r["lat"][-1], r["lon"][-1], UBBB.lat, UBBB.lon) < 3
    # every ground point is on one of the two airports
    for lat, lon in zip(r["lat"][r["ground"]], r["lon"][r["ground"]], strict=True):
        near = min(
            haversine_km(lat, lon, LBBG.lat, LBBG.lon), haversine_km(lat, lon, UBBB.lat, UBBB.lon)
        )
        assert near < 3
    # taxiing takes minutes at both ends, slowly
    ground_t = r["t"][r["ground"]]
    airborne_t = r["t"][~r["ground"]]
    assert airborne_t[0] - ground_t[0] > 5 * 60
    assert ground_t[-1] - airborne_t[-1] > 3 * 60
    taxi = r["ground"] & (r["gs"] > 0) & (r["gs"] < 40)
    assert taxi.sum() > 30


def test_airborne_only_between_takeoff_and_landing(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    [truth] = long_leg.truth["flights"]
    airborne = r["t"][~r["ground"]]
    assert seconds(truth["takeoff"]) - 1 <= airborne[0] <= seconds(truth["takeoff"]) + 10
    assert seconds(truth["landing"]) - 10 <= airborne[-1] <= seconds(truth["landing"]) + 1


def test_climbs_and_descends_at_plausible_rates(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    air = ~r["ground"]
    t, alt = r["t"][air], r["alt"][air]
    rate = np.diff(alt) / np.diff(t) * 60  # ft/min between consecutive points
    il76 = PERFORMANCE["IL76"]
    assert rate.max() < il76.climb_fpm * 1.1 + 200  # 25-ft steps add a little
    assert rate.min() > -il76.descent_fpm * 1.1 - 200
    # the climb to cruise takes as long as the type's rate says
    top = np.argmax(alt >= il76.cruise_ft - 25)
    minutes = (t[top] - t[0]) / 60
    expected = (il76.cruise_ft - LBBG.elevation_ft) / il76.climb_fpm
    assert expected * 0.9 < minutes < expected * 1.1
    # reported vertical rates agree with the altitude changes
    assert np.nanmax(r["vr"]) == pytest.approx(il76.climb_fpm, abs=64)


def test_reaches_the_type_cruise_level_and_speed_on_a_long_leg(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    il76 = PERFORMANCE["IL76"]
    assert np.nanmax(r["alt"]) == il76.cruise_ft
    cruising = r["alt"] == il76.cruise_ft
    assert cruising.sum() * 10 > 60 * 60  # over an hour at FL310
    assert np.median(r["gs"][cruising]) == pytest.approx(il76.cruise_kt, abs=1)
    [truth] = long_leg.truth["flights"]
    assert truth["level_ft"] == il76.cruise_ft


def test_follows_the_great_circle(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    mid_lat, mid_lon = gc_midpoint(LBBG, UBBB)
    closest = min(
        haversine_km(lat, lon, mid_lat, mid_lon)
        for lat, lon in zip(r["lat"], r["lon"], strict=True)
    )
    assert closest < 3  # a point every ~2.2 km at 430 kt
    # and every point is on it: cross-track distance under 100 m
    p = tracks.unit_vectors(np.array([LBBG.lat, UBBB.lat]), np.array([LBBG.lon, UBBB.lon]))
    normal = np.cross(p[0], p[1])
    normal /= np.linalg.norm(normal)
    points = tracks.unit_vectors(r["lat"], r["lon"])
    cross_km = np.abs(np.arcsin(points @ normal)) * tracks.EARTH_KM
    assert cross_km[~r["ground"]].max() < 0.1


def test_heading_follows_the_track(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    air = np.flatnonzero(~r["ground"])[:-1]
    for i in air[::25]:
        lat1, lon1, lat2, lon2 = map(
            math.radians, (r["lat"][i], r["lon"][i], r["lat"][i + 1], r["lon"][i + 1])
        )
        y = math.sin(lon2 - lon1) * math.cos(lat2)
        x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(
            lon2 - lon1
        )
        moved = math.degrees(math.atan2(y, x)) % 360
        assert abs((moved - r["track"][i] + 180) % 360 - 180) < 2


def test_the_descent_glides_onto_the_destination_runway(long_leg: Simulation) -> None:
    r = rows_of(long_leg)
    air = np.flatnonzero(~r["ground"])
    last = air[-1]
    # the last airborne point is a few hundred feet above the runway, close to the airport
    assert r["alt"][last] - UBBB.elevation_ft < 250
    assert haversine_km(r["lat"][last], r["lon"][last], UBBB.lat, UBBB.lon) < 3
    # on final the rate is a 3° glide (~700–800 ft/min), not the cruise descent
    assert -1_000 < r["vr"][last] < -500
    # the next point is on the ground, rolling out on the runway
    assert r["ground"][last + 1]
    assert haversine_km(r["lat"][last + 1], r["lon"][last + 1], UBBB.lat, UBBB.lon) < 2


def test_a_short_leg_flies_lower_and_still_lands_at_its_destination(tmp_path: Path) -> None:
    sim = run(tmp_path, once('["LBBG", "LBSF"]'))
    r = rows_of(sim)
    [truth] = sim.truth["flights"]
    assert truth["level_ft"] < PERFORMANCE["IL76"].cruise_ft
    assert np.nanmax(r["alt"]) == truth["level_ft"]
    cruising = r["alt"] == truth["level_ft"]
    assert cruising.sum() >= 3  # a level stretch, not a peak
    assert haversine_km(r["lat"][-1], r["lon"][-1], LBSF.lat, LBSF.lon) < 3


def test_cruise_overrides_and_types(tmp_path: Path) -> None:
    sim = run(tmp_path, once('["LBBG", "UBBB"]', extra="cruise_ft = 27000\ncruise_kt = 400\n"))
    r = rows_of(sim)
    assert np.nanmax(r["alt"]) == 27_000
    assert np.median(r["gs"][r["alt"] == 27_000]) == pytest.approx(400, abs=1)
    a320 = run(tmp_path, once('["LBBG", "UBBB"]', typecode="A320"))
    assert np.nanmax(rows_of(a320)["alt"]) == PERFORMANCE["A320"].cruise_ft


def test_states_are_vectorised_over_flights_and_times() -> None:
    """`tracks.states` evaluates any number of flights at any times in one call."""
    count = 3
    legs = tracks.Legs(
        **{
            name: np.full(count, value, dtype=float)
            for name, value in {
                "lat0": LBBG.lat,
                "lon0": LBBG.lon,
                "elev0": LBBG.elevation_ft,
                "lat1": UBBB.lat,
                "lon1": UBBB.lon,
                "elev1": UBBB.elevation_ft,
                "cruise_ft": 31_000,
                "cruise_kt": 430,
                "climb_fpm": 1_800,
                "descent_fpm": 2_000,
                "liftoff_kt": 140,
                "approach_kt": 140,
                "off_block": 0,
                "taxi_out_s": 600,
                "taxi_in_s": 300,
                "stand0_e": 500,
                "stand0_n": 0,
                "stand1_e": 0,
                "stand1_n": -500,
            }.items()
        }
    )
    legs.off_block += np.array([0.0, 3600.0, 7200.0])
    prof = tracks.profile(legs)
    when = tracks.times(legs, prof)
    # at touchdown every flight is at the destination runway, at its elevation
    s = tracks.states(legs, prof, np.arange(count), when.landing - 0.5)
    km = [haversine_km(a, b, UBBB.lat, UBBB.lon) for a, b in zip(s.lat, s.lon, strict=True)]
    assert max(km) < 1.5
    assert np.all(s.alt_ft - UBBB.elevation_ft < 10)
    assert np.all(s.zone == tracks.ZONE_ARRIVAL)
    # before take-off and after on-block: on the ground, at the stands
    before = tracks.states(legs, prof, np.arange(count), legs.off_block)
    assert before.on_ground.all()
    assert np.all(before.zone == tracks.ZONE_DEPARTURE)
    mid = tracks.states(legs, prof, np.arange(count), (when.takeoff + when.landing) / 2)
    assert np.all(mid.alt_ft == 31_000) and np.all(mid.zone == tracks.ZONE_NONE)
