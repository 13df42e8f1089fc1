"""Output formats, determinism, and the command."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from hybridwatch.cli import _Group
from hybridwatch.cli.simulate import register
from hybridwatch.simulate import load, simulate, write
from hybridwatch.simulate.writers import STATES_HEADER
from tests.simulate.scenarios import A320, AIRLIFT, IL76, scenario_text
from tests.simulate.scenarios import write as write_scenario

NOISY = """
[[coverage.gaps]]
name = "Black Sea"
circle = [43.0, 34.5, 330]

[noise]
position_m = 20
altitude_ft = 25
speed_kt = 1
dropout = 0.05
clock_skew_s = 1
duplicates = 0.01
"""


def scenario(tmp_path: Path, seed: int = 1) -> Path:
    text = scenario_text(IL76, A320, AIRLIFT, seed=seed, jitter=1.5, per_day=8, extra=NOISY)
    return write_scenario(tmp_path, text, f"seed{seed}.toml")


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def output_name(fmt: str) -> str:
    return {"opensky-states": "out.csv.gz", "parquet": "out.parquet", "readsb-trace": "traces"}[fmt]


@pytest.mark.parametrize("fmt", ["opensky-states", "parquet", "readsb-trace"])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, fmt: str) -> None:
    source = scenario(tmp_path)
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        write(simulate(load(source)), folder / output_name(fmt), fmt)
        outputs.append(files(folder))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) >= 3  # positions, truth, registry
    other = tmp_path / "c"
    other.mkdir()
    write(simulate(load(scenario(tmp_path, seed=2))), other / output_name(fmt), fmt)
    changed = files(other)
    assert changed.keys() == outputs[0].keys() or fmt == "readsb-trace"
    name = output_name(fmt) if fmt != "readsb-trace" else "traces/trace_full_600881.json"
    assert changed[name] != outputs[0][name]


def test_opensky_states_csv_columns_and_units(tmp_path: Path) -> None:
    sim = simulate(load(scenario(tmp_path)))
    plain = write(sim, tmp_path / "out.csv", "opensky-states")
    packed = write(sim, tmp_path / "out.csv.gz", "opensky-states")
    text = plain.positions.read_text()
    assert gzip.decompress(packed.positions.read_bytes()).decode() == text
    lines = text.splitlines()
    assert lines[0] == STATES_HEADER
    assert len(lines) == sim.rows + 1
    row = dict(zip(STATES_HEADER.split(","), lines[len(lines) // 2].split(","), strict=True))
    assert row["onground"] in ("true", "false") and len(row["squawk"]) == 4
    assert float(row["time"]) > 1.7e9 and len(row["icao24"]) == 6
    cruise = [
        dict(zip(STATES_HEADER.split(","), line.split(","), strict=True))
        for line in lines[1:]
        if line.split(",")[1] == "600881" and line.split(",")[12] not in ("",)
    ]
    top = max(float(r["baroaltitude"]) for r in cruise)
    assert top == pytest.approx(31_000 * 0.3048, abs=30)  # metres
    speeds = [float(r["velocity"]) for r in cruise if float(r["baroaltitude"]) > 9_000]
    assert max(speeds) == pytest.approx(430 * 1852 / 3600, abs=5)  # m/s


def test_parquet_has_the_same_columns(tmp_path: Path) -> None:
    sim = simulate(load(scenario(tmp_path)))
    written = write(sim, tmp_path / "out.parquet", "parquet")
    table = pq.read_table(written.positions)
    assert table.column_names == STATES_HEADER.split(",")
    assert table.num_rows == sim.rows


def test_readsb_traces_one_file_per_aircraft(tmp_path: Path) -> None:
    sim = simulate(load(scenario(tmp_path)))
    written = write(sim, tmp_path / "traces", "readsb-trace")
    traces = sorted(written.positions.glob("trace_full_*.json"))
    heard = {sim.plan.fleet[i].icao24 for i in set(sim.observations.aircraft.tolist())}
    assert written.files == len(traces) == len(heard)  # the A320 flies nothing here
    assert written.truth == written.positions / "truth.json"
    data = json.loads((written.positions / "trace_full_600881.json").read_text())
    assert data["icao"] == "600881" and data["r"] == "4K-78129" and data["dbFlags"] == 1
    points = data["trace"]
    assert sum(len(json.loads(p.read_text())["trace"]) for p in traces) == sim.rows
    legs = [p for p in points if p[6] & 2]
    assert len(legs) == 4  # two round trips
    assert all(p[8] and p[8]["flight"].startswith("AZAF") for p in legs)
    assert points[0][3] == "ground" and any(isinstance(p[3], int) for p in points)
    assert [p[0] for p in points] == sorted(p[0] for p in points)


def test_truth_and_registry_beside_the_output(tmp_path: Path) -> None:
    sim = simulate(load(scenario(tmp_path)))
    written = write(sim, tmp_path / "out.csv.gz", "opensky-states")
    assert written.truth.name == "out.csv.gz.truth.json"
    truth = json.loads(written.truth.read_text())
    assert truth["outputs"]["rows"] == sim.rows
    assert {"scenario", "aircraft", "flights", "airlifts"} <= set(truth)
    flight = truth["flights"][0]
    for key in ("icao24", "callsign", "origin", "destination", "takeoff", "landing", "label"):
        assert flight[key]
    assert {"departure_unseen", "arrival_unseen", "unseen"} <= set(flight)
    [airlift, *_] = truth["airlifts"]
    assert airlift["round_trips"] == 2 and airlift["airports"] == ["LBBG", "UBBB"]
    assert written.registry.read_text().splitlines() == [
        "60084d;4K-AZ77;A320;00;AIRBUS A-320;;Azerbaijan Airlines;",
        "600881;4K-78129;IL76;10;ILYUSHIN Il-76;;Azerbaijan Air Force;",
    ]


# --- the command -----------------------------------------------------------------------------

app = typer.Typer(cls=_Group, pretty_exceptions_enable=False)


@app.callback()
def _root() -> None:
    """The command as the lead will register it."""


register(app)
runner = CliRunner()


def invoke(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_command_json(tmp_path: Path) -> None:
    source = scenario(tmp_path)
    out = tmp_path / "sim.csv.gz"
    result = json.loads(invoke("simulate", str(source), "-o", str(out), "--json").stdout)
    assert result["rows"] > 0 and result["format"] == "opensky-states"
    assert Path(result["positions"]).is_file() and Path(result["truth"]).is_file()
    assert result["flights_by_label"]["airlift"] == 4
    human = invoke(
        "simulate", str(source), "--output", str(tmp_path / "x.parquet"), "--format", "parquet"
    )
    assert "airlift" in human.stdout and "rows/s" in human.stdout


def test_command_errors_are_one_line(tmp_path: Path) -> None:
    source = scenario(tmp_path)
    usage = invoke("simulate", str(source), "-o", str(tmp_path / "x"), "--format", "kml", code=2)
    assert usage.output.count("\n") == 1 and "unknown format 'kml'" in usage.output
    bad = write_scenario(tmp_path, source.read_text().replace("seed = 1", "seed = -1"), "bad.toml")
    failed = invoke("simulate", str(bad), "-o", str(tmp_path / "x.csv"), code=1)
    assert failed.output.count("\n") == 1
    assert f"{bad}: scenario.seed: -1 is outside" in failed.output
