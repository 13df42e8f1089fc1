"""Scenario files: the examples load, and every mistake is one line naming the file and key."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from hybridwatch.errors import InputError
from hybridwatch.simulate import load, plan, simulate
from hybridwatch.simulate import scenario as scenario_module
from hybridwatch.simulate.scenario import Daily, Once, RoundTrips
from tests.simulate.scenarios import A320, AIRLIFT, EXAMPLES, IL76, REFERENCE, scenario_text, write

VALID = scenario_text(IL76, AIRLIFT, per_day=5)


def test_the_reference_scenario_reads_as_documented() -> None:
    scenario = load(REFERENCE)
    assert scenario.seed == 20240215
    assert scenario.start == datetime(2024, 2, 10, tzinfo=UTC)
    assert scenario.end == datetime(2024, 3, 20, tzinfo=UTC)
    il76 = scenario.aircraft_by_icao()["600881"]
    assert il76.military and il76.registration == "4K-78129" and il76.typecode == "IL76"
    airlift, airline, decoy = scenario.schedules
    assert isinstance(airlift, RoundTrips) and airlift.label == "airlift"
    assert airlift.airports == ("LBBG", "UBBB") and len(airlift.dates) == 6
    assert airlift.dates[0] == date(2024, 2, 15) and airlift.departure == time(5, 30)
    assert isinstance(airline, Daily) and airline.weekdays == frozenset({1, 4})
    assert airline.callsigns == ("AHY071", "AHY072")
    assert isinstance(decoy, Once) and decoy.airports[1:3] == ("LBBG", "UBBB")
    assert scenario.background is not None and 10 <= scenario.background.flights_per_day <= 99
    assert {g.name for g in scenario.coverage.gaps} == {"Black Sea", "Greater Caucasus"}
    assert scenario.noise.dropout == 0.05


@pytest.mark.parametrize(
    "path", [REFERENCE, *sorted(EXAMPLES.glob("*.toml"))], ids=lambda p: p.name
)
def test_every_example_plans(path: Path) -> None:
    scenario = load(path)
    flights = plan.build(scenario)
    labels = {f.label for f in flights.flights}
    assert {"airlift", "airline", "background"} <= labels


def test_the_reference_truth_has_the_planted_airlift(tmp_path: Path) -> None:
    truth = simulate(load(REFERENCE)).truth
    [airlift] = [a for a in truth["airlifts"] if a["label"] == "airlift"]
    assert airlift["aircraft"] == ["600881"] and airlift["airports"] == ["LBBG", "UBBB"]
    assert airlift["round_trips"] == 6
    assert airlift["first"].startswith("2024-02-15") and airlift["last"].startswith("2024-03-13")
    planted = [f for f in truth["flights"] if f["label"] == "airlift"]
    assert [f["callsign"] for f in planted] == [f"AZAF{n:02d}" for n in range(1, 13)]
    # the gaps hide part of every leg; now and then a landing is not seen at all
    assert all(f["rows"] < 0.8 * f["samples"] for f in planted)
    assert 1 <= sum(f["arrival_unseen"] for f in planted) <= 3
    airline = [f for f in truth["flights"] if f["label"] == "airline"]
    assert {f["callsign"] for f in airline} == {"AHY071", "AHY072"}
    assert sum(f["label"] == "background" for f in truth["flights"]) > 300
    rows = sum(f["rows"] for f in truth["flights"])
    assert 100_000 < rows < 400_000  # small enough for a demo


BAD = [
    ("not valid TOML", lambda t: t.replace('name = "test"', 'name = "test'), "line 3"),
    ("no scenario", lambda t: t.replace("[scenario]", "[scenery]"), ": scenario: missing"),
    ("no seed", lambda t: t.replace("seed = 1\n", ""), "scenario.seed: missing"),
    ("seed as text", lambda t: t.replace("seed = 1", 'seed = "one"'), "scenario.seed: expected"),
    (
        "end before start",
        lambda t: t.replace("end = 2024-02-17T00:00:00Z", "end = 2024-02-14T00:00:00Z"),
        "scenario.end: ",
    ),
    (
        "jitter too large",
        lambda t: t.replace("jitter_s = 0.0", "jitter_s = 6"),
        "scenario.jitter_s: ",
    ),
    (
        "not UTC",
        lambda t: t.replace("start = 2024-02-15T00:00:00Z", "start = 2024-02-15T00:00:00+02:00"),
        "scenario.start: ",
    ),
    ("bad address", lambda t: t.replace('"600881"\nreg', '"60088"\nreg'), "aircraft[0].icao24"),
    (
        "unknown type",
        lambda t: t.replace('typecode = "IL76"', 'typecode = "XX99"'),
        "aircraft[0].typecode: no performance figures for XX99",
    ),
    (
        "bad callsign pattern",
        lambda t: t.replace("AZAF{n:02d}", "AZAF{x}"),
        "aircraft[0].callsign: unknown field {x}",
    ),
    (
        "callsign too long",
        lambda t: t.replace("AZAF{n:02d}", "AZAFORCE{n:03d}"),
        "aircraft[0].callsign: ",
    ),
    (
        "unknown airport",
        lambda t: t.replace('["LBBG", "UBBB"]', '["LBBG", "UBBX"]'),
        "schedules[0].airports[1]: unknown airport 'UBBX'",
    ),
    (
        "same airport twice",
        lambda t: t.replace('["LBBG", "UBBB"]', '["LBBG", "LBBG"]'),
        "schedules[0].airports[1]: ",
    ),
    (
        "unknown aircraft",
        lambda t: t.replace('aircraft = ["600881"]', 'aircraft = ["600882"]'),
        "schedules[0].aircraft[0]: '600882' is not the icao24 of an [[aircraft]] entry",
    ),
    (
        "unknown kind",
        lambda t: t.replace('"round-trips"', '"roundtrips"'),
        "schedules[0].kind: ",
    ),
    (
        "misspelt key",
        lambda t: t.replace("turnaround_h = 3", "turnaround = 3"),
        "schedules[0].turnaround: unknown key",
    ),
    (
        "date outside the window",
        lambda t: t.replace("2024-02-16]", "2024-04-16]"),
        "schedules[0].dates[1]: 2024-04-16 is outside",
    ),
    (
        "bad time of day",
        lambda t: t.replace('departure = "05:30"', 'departure = "half past five"'),
        "schedules[0].departure: ",
    ),
    (
        "box the wrong way round",
        lambda t: t.replace("box = [39.5, 22.0, 46.5, 50.5]", "box = [46.5, 22.0, 39.5, 50.5]"),
        "background.box: ",
    ),
    (
        "box without airports",
        lambda t: t.replace("box = [39.5, 22.0, 46.5, 50.5]", "box = [0.0, -30.0, 1.0, -29.0]"),
        "background.box: fewer than two airports",
    ),
    (
        "gap with box and circle",
        lambda t: t + "\n[[coverage.gaps]]\nbox = [41, 30, 43, 35]\ncircle = [43, 34, 100]\n",
        "coverage.gaps[0]: give exactly one of",
    ),
    (
        "outage at an unknown airport",
        lambda t: t + '\n[[coverage.outages]]\ndate = 2024-02-16\nairport = "ZZZZ"\n',
        "coverage.outages[0].airport: unknown airport",
    ),
    ("dropout of one", lambda t: t + "\n[noise]\ndropout = 1.0\n", "noise.dropout: "),
    ("unknown section", lambda t: t + "\n[noice]\ndropout = 0.1\n", "noice: unknown key"),
]


@pytest.mark.parametrize(("change", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_scenarios_fail_with_one_line_naming_file_and_key(
    tmp_path: Path, change: object, expected: str
) -> None:
    path = write(tmp_path, change(VALID))  # type: ignore[operator]
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_an_aircraft_cannot_be_in_two_places(tmp_path: Path) -> None:
    clash = """
[[schedules]]
kind = "once"
label = "clash"
aircraft = ["600881"]
airports = ["LBBG", "LBSF"]
departure = 2024-02-15T07:00:00Z
"""
    path = write(tmp_path, scenario_text(IL76, AIRLIFT, extra=clash))
    with pytest.raises(InputError, match=r"schedules\[1\]: 600881 would leave LBBG"):
        simulate(load(path))


def test_a_return_before_the_outbound_lands_is_refused(tmp_path: Path) -> None:
    daily = """
[[schedules]]
kind = "daily"
label = "airline"
aircraft = ["60084d"]
airports = ["UBBB", "LBBG"]
departure = "07:00"
return_departure = "08:00"
"""
    path = write(tmp_path, scenario_text(A320, daily))
    with pytest.raises(InputError, match=r"schedules\[0\].return_departure: on 2024-02-15"):
        simulate(load(path))


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "missing.toml")


def test_the_documented_example_is_a_valid_scenario(tmp_path: Path) -> None:
    doc = scenario_module.__doc__ or ""
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = write(tmp_path, example)
    flights = plan.build(load(path)).flights
    assert {f.label for f in flights} == {"airlift", "airline", "decoy", "background"}
