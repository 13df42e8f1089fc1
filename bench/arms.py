"""Benchmark: the arms ledger on the real data; prints JSON.

Ingests the full SIPRI trade register and all four Oryx event files into a fresh case, then
times the ledger and fulfilment queries: everything (no filter), one recipient (Ukraine), and
the reference case's Zuzana 2 lookup; then the arms indicators (`analyze`'s `arms` detector),
with the default `[arms]` settings and with Ukraine protected and Azerbaijan watched, alone and
with storing the findings (`analyze`). Each runs `--repeat` times (default 5); the median is
reported. Needs ../shared/data/arms (exits with a message without it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hybridwatch import case as case_mod
from hybridwatch.analyze import analyze
from hybridwatch.arms import indicators, query
from hybridwatch.arms.config import ArmsSettings
from hybridwatch.case import Case
from hybridwatch.ingest import ingest

ARMS = Path(__file__).resolve().parents[2] / "shared/data/arms"
REGISTER = "sipri-trade-register-2025-03-13.csv"
ORYX = [f"oryx-event_{name}.csv" for name in ("abandoned", "captured", "damaged", "destroyed")]


def timed_ingest(case: Case, path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    result = ingest(case, "transfers", path)
    seconds = time.perf_counter() - started
    return {
        "file": path.name,
        "format": result.format,
        "rows": result.accepted,
        "rejected": result.rejected,
        "seconds": round(seconds, 3),
        "rows_per_s": round(result.accepted / seconds),
    }


def timed_query(run: Callable[[], list[dict[str, Any]]], repeat: int) -> dict[str, Any]:
    times = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(run())
        times.append(time.perf_counter() - started)
    return {
        "rows": rows,
        "median_s": round(statistics.median(times), 4),
        "max_s": round(max(times), 4),
    }


def timed_indicators(case: Case, settings: ArmsSettings, repeat: int) -> dict[str, Any]:
    """Detection alone (median of `repeat`), the findings per indicator, and every draft's
    count before the `min_score` cut."""
    times = []
    found: list[Any] = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = indicators.detect(case, settings)
        times.append(time.perf_counter() - started)
    drafts = Counter(d.indicator for d in indicators.drafts(case, settings))
    return {
        "settings": {
            "protected": list(settings.protected),
            "watched": list(settings.watched),
            "min_score": settings.min_score,
        },
        "findings": len(found),
        "by_indicator": dict(Counter(f.details["indicator"] for f in found).most_common()),
        "drafts_before_min_score": dict(drafts.most_common()),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
    }


def timed_analyze(case: Case, repeat: int) -> dict[str, Any]:
    """`analyze`: every detector, findings stored (replacing the previous run's)."""
    times = []
    counts: dict[str, int] = {}
    for _ in range(repeat):
        started = time.perf_counter()
        counts = analyze(case).counts
        times.append(time.perf_counter() - started)
    return {
        "counts": counts,
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (ARMS / REGISTER).is_file():
        sys.exit(f"{ARMS}: the real arms data is absent; nothing to measure")
    with tempfile.TemporaryDirectory() as tmp, case_mod.init(Path(tmp) / "case", "bench") as case:
        started = time.perf_counter()
        register = timed_ingest(case, ARMS / REGISTER)
        oryx = [timed_ingest(case, ARMS / name) for name in ORYX]
        ingest_seconds = time.perf_counter() - started

        def q(function: Callable[..., list[dict[str, Any]]], **kw: str) -> dict[str, Any]:
            return timed_query(lambda: function(case, **kw), args.repeat)

        queries = {
            "ledger_all": q(query.ledger),
            "ledger_recipient_ukraine": q(query.ledger, recipient="Ukraine"),
            "ledger_zuzana_2": q(query.ledger, recipient="UA", system="Zuzana-2"),
            "fulfilment_all": q(query.fulfilment),
            "fulfilment_recipient_ukraine": q(query.fulfilment, recipient="Ukraine"),
            "fulfilment_donor_denmark": q(query.fulfilment, donor="Denmark"),
        }
        watch = ArmsSettings(protected=("UA",), watched=("AZ",))
        analysis = {
            "indicators_default": timed_indicators(case, ArmsSettings(), args.repeat),
            "indicators_ua_protected_az_watched": timed_indicators(case, watch, args.repeat),
            "analyze_default": timed_analyze(case, args.repeat),
        }
    report = {
        "benchmark": "arms",
        "ingest": {
            "register": register,
            "oryx": oryx,
            "oryx_rows": sum(o["rows"] for o in oryx),
            "total_seconds": round(ingest_seconds, 3),
        },
        "queries": queries,
        "analysis": analysis,
        "repeat": args.repeat,
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
