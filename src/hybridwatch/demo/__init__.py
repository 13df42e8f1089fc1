"""The demo case: the reference case built only from what the package ships or generates."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hybridwatch import case as case_mod
from hybridwatch.case import Case
from hybridwatch.errors import UsageError
from hybridwatch.grading import Grade
from hybridwatch.ingest import IngestResult, ingest

DEMO_NAME = "Azerbaijan and the Burgas–Baku airlift (demo)"
FOCUS_AIRCRAFT = "600881"  # 4K-78129, the Azerbaijani Air Force Il-76MD of the reference case


@dataclass
class DemoResult:
    root: Path
    ingested: list[IngestResult]


def bundled(name: str) -> Path:
    return Path(str(resources.files("hybridwatch.demo").joinpath(name)))


def build(root: Path) -> DemoResult:
    """Create (or bring up to date) the demo case in `root`; re-running changes nothing."""
    demo = case_mod.open_case(root) if (root / case_mod.CASE_FILE).exists() else None
    if demo is None:
        if root.exists() and any(root.iterdir()):
            raise UsageError(f"{root}: exists and is not empty; give the demo an empty folder")
        demo = case_mod.init(root, DEMO_NAME)
    with demo:
        return DemoResult(root, [_ingest_registry(demo)])


def _ingest_registry(demo: Case) -> IngestResult:
    return ingest(demo, "aircraft", bundled("aircraft.csv"), fmt="tar1090-csv", grade=Grade("B", 2))
