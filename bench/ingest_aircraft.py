"""Benchmark: ingest the full aircraft registry; prints JSON.

Measures rows/s for the tar1090-db folder (../shared/data, about 619,000 aircraft) and for the
same rows in the `aircraft.csv.gz` form. As a floor for comparison, it times DuckDB's own
`read_csv` loading that CSV into a bare table (no validation, no provenance), in the same run.
Without ../shared/data it generates a registry of the same size.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from hybridwatch import case as case_mod
from hybridwatch.ingest import ingest
from hybridwatch.sources.aircraft import Tar1090DbReader

SHARED_REGISTRY = Path(__file__).resolve().parents[2] / "shared/data/aircraft/tar1090-db"


def synthetic_registry(root: Path, rows: int = 619_472) -> Path:
    shards: dict[str, dict[str, list[str | None]]] = {}
    for i in range(rows):
        address = f"{(i * 27) % 0xFFFFFF:06X}"
        shards.setdefault(address[0], {})[address[1:]] = [f"R-{i}", "A320", "00", "AIRBUS A-320"]
    (root / "db").mkdir(parents=True)
    for prefix, entries in shards.items():
        (root / "db" / f"{prefix}.js").write_bytes(gzip.compress(json.dumps(entries).encode()))
    return root


def csv_form(registry: Path, target: Path) -> Path:
    with gzip.open(target, "wt", encoding="utf-8") as out:
        for chunk in Tar1090DbReader().read(registry):
            if chunk.rows is None:
                continue
            for row in chunk.rows.to_pylist():
                flags = "" if row["military"] is None else ("10" if row["military"] else "00")
                values = [row["icao24"], row["registration"], row["typecode"], flags]
                values += [row["description"], "", ""]
                out.write(";".join(v or "" for v in values) + ";\n")
    return target


def timed_ingest(work: Path, name: str, path: Path) -> dict[str, float | int]:
    with case_mod.init(work / name, name) as case:
        started = time.perf_counter()
        result = ingest(case, "aircraft", path)
        seconds = time.perf_counter() - started
    return {
        "rows": result.accepted,
        "seconds": round(seconds, 3),
        "rows_per_s": round(result.accepted / seconds),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        registry = SHARED_REGISTRY if SHARED_REGISTRY.is_dir() else synthetic_registry(work / "r")
        csv_path = csv_form(registry, work / "aircraft.csv.gz")
        folder = timed_ingest(work, "folder", registry)
        csv = timed_ingest(work, "csv", csv_path)
        con = duckdb.connect(str(work / "floor.duckdb"))
        started = time.perf_counter()
        con.execute(
            "CREATE TABLE aircraft AS SELECT * FROM read_csv(?, delim=';', header=false,"
            " all_varchar=true, null_padding=true)",
            [str(csv_path)],
        )
        floor_seconds = time.perf_counter() - started
        con.close()
    report = {
        "benchmark": "ingest_aircraft",
        "data": "shared tar1090-db" if registry == SHARED_REGISTRY else "synthetic",
        "tar1090_db_folder": folder,
        "tar1090_csv": csv,
        "duckdb_read_csv_floor": {"seconds": round(floor_seconds, 3)},
        "csv_vs_floor_ratio": round(float(csv["seconds"]) / floor_seconds, 2),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
