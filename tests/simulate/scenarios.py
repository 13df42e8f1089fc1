"""Small scenarios for the simulator's tests, written out as TOML the way users write them."""

from __future__ import annotations

from pathlib import Path

from hybridwatch.demo import bundled
from hybridwatch.simulate import Simulation, load, simulate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"
REFERENCE = bundled("burgas-baku-airlift.toml")

HEAD = """
[scenario]
name = "test"
seed = {seed}
start = 2024-02-15T00:00:00Z
end = 2024-02-17T00:00:00Z
interval_s = 10
jitter_s = {jitter}
"""

IL76 = """
[[aircraft]]
icao24 = "600881"
registration = "4K-78129"
typecode = "IL76"
operator = "Azerbaijan Air Force"
military = true
callsign = "AZAF{n:02d}"
"""

A320 = """
[[aircraft]]
icao24 = "60084d"
registration = "4K-AZ77"
typecode = "A320"
operator = "Azerbaijan Airlines"
callsign = "AHY{n:03d}"
"""

AIRLIFT = """
[[schedules]]
kind = "round-trips"
label = "airlift"
aircraft = ["600881"]
airports = ["LBBG", "UBBB"]
dates = [2024-02-15, 2024-02-16]
departure = "05:30"
turnaround_h = 3
"""

BACKGROUND = """
[background]
flights_per_day = {per_day}
box = [39.5, 22.0, 46.5, 50.5]
countries = ["BG", "RO", "TR", "GE", "AM", "AZ"]
min_km = 300
max_km = 1400
"""


def write(tmp_path: Path, text: str, name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def scenario_text(
    *parts: str, seed: int = 1, jitter: float = 0.0, per_day: int = 0, extra: str = ""
) -> str:
    text = HEAD.format(seed=seed, jitter=jitter) + "".join(parts)
    if per_day:
        text += BACKGROUND.format(per_day=per_day)
    return text + extra


def run(tmp_path: Path, text: str) -> Simulation:
    return simulate(load(write(tmp_path, text)))
