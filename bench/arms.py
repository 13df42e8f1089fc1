"""Benchmark: the arms ledger on the real data; prints JSON.

Ingests the full SIPRI trade register and all four Oryx event files into a fresh case, then
times the ledger and fulfilment queries: everything (no filter), one recipient (Ukraine), and
the reference case's Zuzana 2 lookup. Each query runs `--repeat` times (default 5); the median
is reported. Needs ../shared/data/arms (exits with a message without it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hybridwatch import case as case_mod
from hybridwatch.arms import query
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
    report = {
        "benchmark": "arms",
        "ingest": {
            "register": register,
            "oryx": oryx,
            "oryx_rows": sum(o["rows"] for o in oryx),
            "total_seconds": round(ingest_seconds, 3),
        },
        "queries": queries,
        "repeat": args.repeat,
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
