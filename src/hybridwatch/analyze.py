"""`hybridwatch analyze`: run every detector and store its findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hybridwatch.arms import indicators as arms_indicators
from hybridwatch.case import Case
from hybridwatch.evidence import entities
from hybridwatch.findings import Finding, replace_kind
from hybridwatch.flights import airlifts
from hybridwatch.narratives import analysis as narrative_analysis

# (what is being done, units done so far, units in all): slow steps report as they go
Progress = Callable[[str, int, int], None]


def _quiet(step: str, done: int, total: int) -> None:
    pass


def _airlifts(case: Case, progress: Progress) -> list[Finding]:
    return [airlifts.as_finding(lift) for lift in airlifts.detect(case)]


def _arms(case: Case, progress: Progress) -> list[Finding]:
    return arms_indicators.detect(case)


# kind -> detector, run in this order; each later stream (narratives) adds its own. Arms comes
# after airlift: its flights indicator reads the airlift findings just stored.
DETECTORS: dict[str, Callable[[Case, Progress], list[Finding]]] = {
    "airlift": _airlifts,
    "arms": _arms,
    "narrative": narrative_analysis.detect,
}


@dataclass
class AnalysisResult:
    counts: dict[str, int]


def analyze(case: Case, progress: Progress = _quiet) -> AnalysisResult:
    counts = {}
    for kind, detector in DETECTORS.items():
        found = detector(case, progress)
        replace_kind(case, kind, found)
        counts[kind] = len(found)
    entities.resolve(case)  # after the detectors: findings link to the entities they involve
    return AnalysisResult(counts)
