"""The demo case: the reference case built only from what the package ships or generates.

An Azerbaijani Air Force Il-76MD shuttles between Burgas and Baku six times in February–March
2024, simulated with coverage gaps over the Black Sea and the Caucasus amid regional traffic and
decoys (an airline on the same pair, a one-off military visit); the registry entries come from
the bundled `aircraft.csv`. Beside the flights: an analyst's note making the reference case's
claims (`analyst-note.md`), the public arms facts behind them as an analyst's ledger
(`ledger.yaml`), and statements on the May 2024 New Caledonia unrest and other topics by
Azerbaijani, Russian and French actors (`statements.csv`), all written for the demo. The case is
ingested and analysed, so the airlift is the first finding.
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
NOTE = "analyst-note.md"
LEDGER = "ledger.yaml"
STATEMENTS = "statements.csv"


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
        case_mod.init(root, DEMO_NAME).close()
        _watch_the_reference_parties(root / case_mod.CASE_FILE)
        demo = case_mod.open_case(root)
    with demo:
        ingested = [
            _ingest_registry(demo),
            _ingest_tracks(demo),
            _ingest_ledger(demo),
            _ingest_note(demo),
            _ingest_statements(demo),
        ]
        return DemoResult(root, ingested, analyze(demo))


def _watch_the_reference_parties(case_file: Path) -> None:
    """Ukraine's deliveries should not lag; Azerbaijan may compete for the same suppliers: what
    the reference case asks of the arms indicators, set in case.toml as an analyst would."""
    text = case_file.read_text(encoding="utf-8")
    text = text.replace("protected = []", 'protected = ["UA"]').replace(
        "watched = []", 'watched = ["AZ"]'
    )
    case_file.write_text(text, encoding="utf-8")


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


def _ingest_ledger(demo: Case) -> IngestResult:
    # B2: transcribed by hand from SIPRI's trade register (a curated register, graded B2 like the
    # other curated sources); the two press-reported events say so in their notes
    return ingest(demo, "transfers", bundled(LEDGER), fmt="ledger-yaml", grade=Grade("B", 2))


def _ingest_note(demo: Case) -> IngestResult:
    # C3, the default for an analyst's document: its claims rest partly on inference and on
    # sources the reader has to check (the flights show no cargo)
    return ingest(demo, "documents", bundled(NOTE), fmt="document", grade=Grade("C", 3))


def _ingest_statements(demo: Case) -> IngestResult:
    # A6 like the simulated tracks: we wrote these paraphrases, so their maker is known and
    # reliable and their content is made up by design (the same statements scraped from the
    # ministries' own sites would be B2: faithful records of what was said)
    return ingest(
        demo, "statements", bundled(STATEMENTS), fmt="statements-csv", grade=Grade("A", 6)
    )
