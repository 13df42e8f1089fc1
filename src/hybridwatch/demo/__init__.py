"""The demo case: the reference case built only from what the package ships or generates.

An Azerbaijani Air Force Il-76MD shuttles between Burgas and Baku six times in February–March
2024, simulated with coverage gaps over the Black Sea and the Caucasus amid regional traffic and
decoys (an airline on the same pair, a one-off military visit); the registry entries come from
the bundled `aircraft.csv`. The case is ingested and analysed, so the airlift is the first finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hybridwatch import case as case_mod
from hybridwatch import simulate
from hybridwatch.analyze import AnalysisResult, analyze
from hybridwatch.case import Case
from hybridwatch.errors import UsageError
from hybridwatch.grading import Grade
from hybridwatch.ingest import IngestResult, ingest

DEMO_NAME = "Azerbaijan and the Burgas–Baku airlift (demo)"
FOCUS_AIRCRAFT = "600881"  # 4K-78129, the Azerbaijani Air Force Il-76MD of the reference case
SCENARIO = "burgas-baku-airlift.toml"
TRACKS = Path("data") / "burgas-baku-states.csv.gz"


@dataclass
class DemoResult:
    root: Path
    ingested: list[IngestResult]
    analysis: AnalysisResult


def bundled(name: str) -> Path:
    return Path(str(resources.files("hybridwatch.demo").joinpath(name)))


def build(root: Path) -> DemoResult:
    """Create (or bring up to date) the demo case in `root`; re-running changes nothing."""
    if (root / case_mod.CASE_FILE).exists():
        demo = case_mod.open_case(root)
    elif root.exists() and any(root.iterdir()):
        raise UsageError(f"{root}: exists and is not empty; give the demo an empty folder")
    else:
        demo = case_mod.init(root, DEMO_NAME)
    with demo:
        ingested = [_ingest_registry(demo), _ingest_tracks(demo)]
        return DemoResult(root, ingested, analyze(demo))


def _ingest_registry(demo: Case) -> IngestResult:
    return ingest(demo, "aircraft", bundled("aircraft.csv"), fmt="tar1090-csv", grade=Grade("B", 2))


def _ingest_tracks(demo: Case) -> IngestResult:
    """Simulate the reference scenario once (deterministic, so the file never changes)."""
    tracks = demo.root / TRACKS
    if not tracks.exists():
        sim = simulate.simulate(simulate.load(bundled(SCENARIO)))
        simulate.write(sim, tracks, "opensky-states")
    # simulated data: its maker is known and reliable, its content is made up by design
    return ingest(demo, "flights", tracks, fmt="opensky-states", grade=Grade("A", 6))
