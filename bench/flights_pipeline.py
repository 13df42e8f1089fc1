"""Benchmark: state vectors → flights → departure/arrival airports; prints one JSON object.

Two parts, in one run:

1. **Comparison** on a real sample (default `switzerland`, OpenSky states CSV): the same job
   done by hybridwatch (ingest into a fresh case + `build`) and by the `traffic` library
   (pandas read + unit conversion, `Flight.split("10 min")` per aircraft, `infer_airport` at
   both ends), timing only the job; imports and setup are reported apart. traffic runs in its
   own venv (`.venv-bench`, see bench/README.md) in a subprocess, offline. Reports the time
   ratio and how many airports each side assigns: on `switzerland`, where every aircraft is at
   cruise level, traffic's nearest-airport guess names one at every end, hybridwatch none.
2. **Throughput**: `--rows` state vectors (default 100 million) made by replicating a real
   sample (default `quickstart`, which has take-offs and landings) with shifted times and
   addresses, written as OpenSky-states Parquet in a temporary folder, then ingested into a
   fresh case and built. Reports rows per second end to end, time and peak RSS per stage and
   the time of each SQL step of the build.

Each measurement runs in a fresh child process (this script with `--worker`), so that imports,
caches and peak memory of one do not leak into another. Logs go to stderr (`-v`, `-vv`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib.metadata import version
from pathlib import Path
from typing import Any

log = logging.getLogger("bench.flights_pipeline")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared/data/adsb/opensky-states"
BENCH_PYTHON = ROOT / ".venv-bench/bin/python"
TRAFFIC_SIDE = Path(__file__).resolve().parent / "_traffic_side.py"

GOAL_RATIO = 100.0
GOAL_ROWS_PER_S = 1_000_000
# Disk needed per generated row, as measured: Parquet (~1 B: replicated rows compress very
# well), the case database (~28 B) and, beyond DuckDB's memory_limit, the build's spill files
# (its intermediate tables take ~850 B a row in all; 100M rows with a 12 GB limit overflowed
# a 46.5 GiB spill cap).
DISK_BYTES_PER_ROW = 500
# The generated data covers about one day: copies are spread over this many seconds.
DAY_S = 86_400

Json = dict[str, Any]


# --- measuring ---------------------------------------------------------------------------


def _rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with suppress(OSError):  # a spill file removed meanwhile
            total += path.stat().st_size if path.is_file() else 0
    return total


class RssMonitor:
    """Samples this process's resident set every `interval` seconds, and the size of `folder`
    (the case: database, WAL, DuckDB's spill files) every second; peaks per stage in MiB."""

    def __init__(self, folder: Path | None = None, interval: float = 0.05) -> None:
        self.interval = interval
        self.folder = folder
        self.peak_kib = _rss_kib()
        self.peak_disk = 0
        self.stages: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.disk_stages: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss monitor", daemon=True)

    def _disk(self) -> int:
        return _folder_bytes(self.folder) if self.folder and self.folder.exists() else 0

    def _run(self) -> None:
        ticks = 0
        while not self._stop.wait(self.interval):
            self.peak_kib = max(self.peak_kib, _rss_kib())
            ticks += 1
            if ticks * self.interval >= 1.0:
                ticks = 0
                self.peak_disk = max(self.peak_disk, self._disk())

    def __enter__(self) -> RssMonitor:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Peak RSS (MiB) and CPU seconds (all threads) of the code run inside."""
        self.peak_kib = _rss_kib()
        self.peak_disk = self._disk()
        cpu = time.process_time()
        try:
            yield
        finally:
            self.peak_kib = max(self.peak_kib, _rss_kib())
            self.peak_disk = max(self.peak_disk, self._disk())
            self.stages[name] = round(self.peak_kib / 1024, 1)
            self.cpu[name] = round(time.process_time() - cpu, 3)
            if self.folder is not None:
                self.disk_stages[name] = round(self.peak_disk / 2**20, 1)


def peak_rss_mib() -> float:
    """This process's peak resident set over its whole life (ru_maxrss is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class StepTimes(logging.Handler):
    """Collects the per-step times the flights pipeline logs at DEBUG ("step %s: %.2f s")."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.steps: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "step %s: %.2f s" and isinstance(record.args, tuple):
            name, seconds = record.args
            self.steps[str(name)] = round(float(seconds), 3)  # type: ignore[arg-type]


def _file_mib(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    return round(total / 2**20, 1)


# --- workers (each runs in its own process) -----------------------------------------------


def hybridwatch_worker(source: Path, work: Path, list_flights: bool, duckdb_set: Json) -> Json:
    """Fresh case, ingest `source`, build flights; times, peak memory and what was found.

    `duckdb_set` holds DuckDB settings (memory_limit, max_temp_directory_size) to SET on the
    case's connection; DuckDB's defaults apply to the others. A failing stage is reported under
    `error` with what was measured until then.
    """
    started = time.perf_counter()
    from hybridwatch import case as case_mod
    from hybridwatch.flights import query
    from hybridwatch.flights.pipeline import build
    from hybridwatch.ingest import ingest

    import_s = time.perf_counter() - started
    steps = StepTimes()
    pipeline_log = logging.getLogger("hybridwatch.flights.pipeline")
    pipeline_log.addHandler(steps)
    pipeline_log.setLevel(logging.DEBUG)
    # the step times reach stderr only with -vv
    pipeline_log.propagate = logging.getLogger().getEffectiveLevel() <= logging.DEBUG

    seconds: dict[str, float] = {}
    out: Json = {"version": version("hybridwatch"), "import_s": round(import_s, 3)}
    folder = work / "case"
    with RssMonitor(folder) as rss:
        with rss.stage("init"):
            started = time.perf_counter()
            case = case_mod.init(folder, "bench")
            seconds["init"] = time.perf_counter() - started
        con = case.con
        for name, value in duckdb_set.items():
            con.execute(f"SET {name} = '{value}'")
        settings = con.execute(
            "SELECT current_setting('threads'), current_setting('memory_limit'),"
            " current_setting('max_temp_directory_size')"
        ).fetchone()
        assert settings is not None
        out["duckdb"] = {
            "version": version("duckdb"),
            "threads": settings[0],
            "memory_limit": settings[1],
            "max_temp_directory_size": settings[2],
        }
        stage = "ingest"
        try:
            with rss.stage("ingest"):
                started = time.perf_counter()
                result = ingest(case, "flights", source)
                seconds["ingest"] = time.perf_counter() - started
            out["rows"] = result.accepted
            out["ingest"] = {
                "format": result.format,
                "accepted": result.accepted,
                "rejected": result.rejected,
                "transaction_s": round(result.seconds, 3),
                "fingerprint_and_sniff_s": round(seconds["ingest"] - result.seconds, 3),
                "database_mib": _file_mib(case.database),
            }
            stage = "build"
            with rss.stage("build"):
                started = time.perf_counter()
                built = build(case)
                seconds["build"] = time.perf_counter() - started
            out.update(_found(con, built.flights))
            if list_flights:
                stage = "list_flights"
                with rss.stage("list_flights"):
                    started = time.perf_counter()
                    listed = query.list_flights(case)
                    seconds["list_flights"] = time.perf_counter() - started
                out["listed"] = {
                    "flights": len(listed),
                    "departures": sum(1 for f in listed if f["departure"] is not None),
                    "arrivals": sum(1 for f in listed if f["arrival"] is not None),
                }
            out["database_mib_after_build"] = _file_mib(case.database)
        except Exception as exc:  # reported, with the times measured so far
            seconds[stage] = time.perf_counter() - started
            out["error"] = {"stage": stage, "message": f"{type(exc).__name__}: {exc}"}
            log.exception("%s failed", stage)
        finally:
            case.close()
    if "error" not in out:
        job_s = seconds["init"] + seconds["ingest"] + seconds["build"]
        seconds["job"] = job_s
        out["rows_per_s"] = round(int(out["rows"]) / job_s)
    out["seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    out["cpu_s"] = rss.cpu
    if steps.steps:
        # reference tables loaded, flights replaced, build state committed, temp tables dropped;
        # after a failure, the failed step (steps are logged when they finish)
        outside = seconds["build"] - sum(steps.steps.values())
        rest = "failed_step_and_rest" if "error" in out else "outside_steps"
        out["build_steps_s"] = {**steps.steps, rest: round(outside, 3)}
    out["peak_rss_mib"] = {**rss.stages, "process": peak_rss_mib()}
    out["peak_case_folder_mib"] = rss.disk_stages
    return out


def _found(con: Any, stored: int) -> Json:
    """Flights derived from positions and the airports assigned to their ends."""
    counts = con.execute(
        "SELECT count(*) FILTER (WHERE points > 0),"
        " count(departure_airport) FILTER (WHERE NOT departure_inferred),"
        " count(departure_airport) FILTER (WHERE departure_inferred),"
        " count(arrival_airport) FILTER (WHERE NOT arrival_inferred),"
        " count(arrival_airport) FILTER (WHERE arrival_inferred)"
        " FROM flights"
    ).fetchone()
    flights, dep, dep_inferred, arr, arr_inferred = (int(v) for v in counts)
    return {
        "flights": flights,
        "flights_stored": stored,
        "departures_assigned": dep,
        "arrivals_assigned": arr,
        "airports_assigned": dep + arr,
        "inferred_from_neighbouring_flights": dep_inferred + arr_inferred,
    }


def reader_worker(source: Path) -> Json:
    """The ingest reader alone (parse, convert, validate; nothing stored): its share of ingest."""
    from hybridwatch.ingest import choose_reader

    reader = choose_reader("flights", source)
    rows = 0
    with RssMonitor() as rss, rss.stage("reader"):
        started = time.perf_counter()
        for chunk in reader.read(source):
            rows += 0 if chunk.rows is None else chunk.rows.num_rows
        seconds = time.perf_counter() - started
    return {
        "format": reader.format,
        "rows": rows,
        "seconds": round(seconds, 3),
        "cpu_s": rss.cpu["reader"],
        "rows_per_s": round(rows / seconds),
        "peak_rss_mib": rss.stages["reader"],
    }


def duckdb_floor_worker(source: Path, work: Path) -> Json:
    """DuckDB alone loading the same Parquet into a file table with the unit conversion: a floor
    for ingest (no validation, no locators, no provenance)."""
    import duckdb

    con = duckdb.connect(str(work / "floor.duckdb"))
    with RssMonitor() as rss, rss.stage("floor"):
        started = time.perf_counter()
        con.execute(
            f"""CREATE TABLE sv AS SELECT
                make_timestamp(CAST(time AS BIGINT) * 1000000) AS time,
                lower(trim(icao24)) AS icao24,
                nullif(trim(callsign), '') AS callsign, lat, lon,
                CAST(baroaltitude / 0.3048 AS REAL) AS altitude_ft,
                CAST(geoaltitude / 0.3048 AS REAL) AS geoaltitude_ft,
                CAST(velocity * 3600 / 1852 AS REAL) AS groundspeed_kt,
                CAST(heading AS REAL) AS track_deg,
                CAST(vertrate * 60 / 0.3048 AS REAL) AS vertical_rate_fpm,
                onground AS on_ground, squawk
            FROM read_parquet('{_sql_text(source)}')"""
        )
        seconds = time.perf_counter() - started
    row = con.execute("SELECT count(*) FROM sv").fetchone()
    con.close()
    rows = int(row[0]) if row else 0
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "cpu_s": rss.cpu["floor"],
        "rows_per_s": round(rows / seconds),
        "peak_rss_mib": rss.stages["floor"],
    }


def generate_worker(sample: Path, rows: int, target: Path) -> Json:
    """`rows` state vectors as OpenSky-states Parquet: copies of `sample`, each copy with its own
    aircraft addresses and its times shifted so the copies spread over about a day. Streamed by
    DuckDB (the sample is held once; the copies are produced as they are written)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    started = time.perf_counter()
    con.execute(
        f"""CREATE TABLE sample AS SELECT
            CAST(time AS BIGINT) AS time, lower(trim(icao24)) AS icao24,
            TRY_CAST(lat AS DOUBLE) AS lat, TRY_CAST(lon AS DOUBLE) AS lon,
            TRY_CAST(velocity AS DOUBLE) AS velocity, TRY_CAST(heading AS DOUBLE) AS heading,
            TRY_CAST(vertrate AS DOUBLE) AS vertrate, callsign,
            TRY_CAST(onground AS BOOLEAN) AS onground, TRY_CAST(alert AS BOOLEAN) AS alert,
            TRY_CAST(spi AS BOOLEAN) AS spi, squawk,
            TRY_CAST(baroaltitude AS DOUBLE) AS baroaltitude,
            TRY_CAST(geoaltitude AS DOUBLE) AS geoaltitude,
            TRY_CAST(lastposupdate AS DOUBLE) AS lastposupdate,
            TRY_CAST(lastcontact AS DOUBLE) AS lastcontact
        FROM read_csv('{_sql_text(sample)}', header = true, all_varchar = true)"""
    )
    stats = con.execute(
        "SELECT count(*), count(DISTINCT icao24), max(time) - min(time) + 1 FROM sample"
    ).fetchone()
    assert stats is not None
    sample_rows, aircraft, span = (int(v) for v in stats)
    copies = -(-rows // sample_rows)
    if copies * aircraft >= 1 << 24:
        raise SystemExit(f"{rows} rows need more than 2^24 aircraft addresses from this sample")
    slots = max(1, DAY_S // span)
    con.execute(
        "CREATE TABLE aircraft AS SELECT icao24, CAST(row_number() OVER (ORDER BY icao24) - 1"
        " AS BIGINT) AS k FROM (SELECT DISTINCT icao24 FROM sample)"
    )
    con.execute(
        f"""COPY (
            SELECT s.time + shift AS time,
                lpad(lower(hex(a.k + c.i * {aircraft})), 6, '0') AS icao24,
                s.lat, s.lon, s.velocity, s.heading, s.vertrate, s.callsign, s.onground,
                s.alert, s.spi, s.squawk, s.baroaltitude, s.geoaltitude,
                s.lastposupdate + shift AS lastposupdate, s.lastcontact + shift AS lastcontact
            FROM (SELECT i, (i % {slots}) * {span} AS shift FROM range({copies}) AS r(i)) AS c,
                sample AS s JOIN aircraft AS a USING (icao24)
            LIMIT {rows}
        ) TO '{_sql_text(target)}' (FORMAT parquet, COMPRESSION zstd)"""
    )
    seconds = time.perf_counter() - started
    con.close()
    return {
        "sample": sample.name,
        "sample_rows": sample_rows,
        "sample_aircraft": aircraft,
        "copies": copies,
        "aircraft": copies * aircraft,
        "rows": rows,
        "seconds": round(seconds, 3),
        "parquet_mib": round(target.stat().st_size / 2**20, 1),
    }


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")


# --- orchestration ------------------------------------------------------------------------


def duckdb_settings(args: argparse.Namespace) -> Json:
    settings: Json = {}
    if args.memory_limit:
        settings["memory_limit"] = args.memory_limit
    if args.temp_limit:
        settings["max_temp_directory_size"] = args.temp_limit
    return settings


def run_worker(args: list[str], options: argparse.Namespace) -> Json:
    """This script in a child process with `--worker ...`; its stdout is one JSON object
    (or, if the child died, the reason)."""
    passed = ["-v"] * options.verbose
    if options.memory_limit:
        passed += ["--memory-limit", options.memory_limit]
    if options.temp_limit:
        passed += ["--temp-limit", options.temp_limit]
    command = [sys.executable, str(Path(__file__).resolve()), *passed, *args]
    log.info("running %s", " ".join(command))
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        died = f"worker exited with {done.returncode} (negative: killed by that signal)"
        log.error("%s: %s", died, " ".join(command))
        return {"error": {"message": died}}
    report: Json = json.loads(done.stdout)
    return report


def run_traffic(sample: Path, python: Path, work: Path, timeout: float) -> Json:
    """The traffic side in .venv-bench with a throw-away HOME and cache (offline)."""
    home = work / "traffic-home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TRAFFIC_CACHE_PATH": str(home / "cache/traffic"),
        "MPLCONFIGDIR": str(home / "mpl"),
    }
    (home / "cache/traffic").mkdir(parents=True)
    command = [str(python), str(TRAFFIC_SIDE), str(sample)]
    log.info("running %s (HOME=%s)", " ".join(command), home)
    started = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.PIPE, text=True, check=True, env=env, cwd=home, timeout=timeout
    )
    report: Json = json.loads(done.stdout)
    report["process_s"] = round(time.perf_counter() - started, 3)
    return report


def comparison(args: argparse.Namespace, work: Path) -> Json:
    sample: Path = args.sample
    runs = []
    for number in range(args.repeat):
        run_dir = work / f"hybridwatch-{number}"
        run_dir.mkdir()
        worker = ["--worker", "hybridwatch", "--input", str(sample), "--work", str(run_dir)]
        runs.append(run_worker([*worker, "--list"], args))
        shutil.rmtree(run_dir)
    report: Json = {"sample": sample.name}
    failed = [r for r in runs if "error" in r]
    if failed:
        report["hybridwatch"] = {"failed_runs": failed}
        return report
    jobs = [float(r["seconds"]["job"]) for r in runs]
    median_run = sorted(runs, key=lambda r: float(r["seconds"]["job"]))[len(runs) // 2]
    report["hybridwatch"] = {
        "job_s_runs": jobs,
        "job_s_median": round(statistics.median(jobs), 3),
        "median_run": median_run,
    }
    python: Path = args.traffic_python
    if args.skip_traffic:
        report["traffic"] = {"skipped": "--skip-traffic given"}
    elif not python.exists():
        note = (
            f"traffic side skipped: {python} is missing; create it with "
            "`python3.11 -m venv .venv-bench && .venv-bench/bin/pip install "
            "-r bench/requirements-traffic.txt`"
        )
        log.warning(note)
        report["traffic"] = {"skipped": note}
    else:
        traffic = run_traffic(sample, python, work, args.traffic_timeout)
        report["traffic"] = traffic
        hw_job = float(report["hybridwatch"]["job_s_median"])
        ratio = float(traffic["seconds"]["job"]) / hw_job
        report["ratio_traffic_over_hybridwatch"] = round(ratio, 1)
        report["goal_ratio"] = GOAL_RATIO
        report["meets_goal_ratio"] = ratio >= GOAL_RATIO
        report["flights"] = {"traffic": traffic["flights"], "hybridwatch": median_run["flights"]}
        report["airports_assigned"] = {
            "traffic": traffic["airports_assigned"],
            "hybridwatch": median_run["airports_assigned"],
        }
    return report


def throughput(args: argparse.Namespace, work: Path) -> Json:
    rows: int = args.rows
    report: Json = {"rows": rows, "goal_rows_per_s": GOAL_ROWS_PER_S}
    if args.parquet is not None:
        parquet: Path = args.parquet
        report["generate"] = {"reused": str(parquet)}
    else:
        free = shutil.disk_usage(work).free
        needed = rows * DISK_BYTES_PER_ROW
        report["disk_free_gib"] = round(free / 2**30, 1)
        if free < needed:
            note = f"skipped: {rows} rows need about {needed / 2**30:.1f} GiB free in {work}"
            log.warning(note)
            report["skipped"] = note
            return report
        parquet = work / "states.parquet"
        worker = ["--worker", "generate", "--input", str(args.throughput_sample)]
        report["generate"] = run_worker(
            [*worker, "--rows", str(rows), "--work", str(parquet)], args
        )
        if "error" in report["generate"]:
            return report
    run_dir = work / "throughput"
    run_dir.mkdir()
    worker = ["--worker", "hybridwatch", "--input", str(parquet), "--work", str(run_dir)]
    result = run_worker(worker, args)
    report["hybridwatch"] = result
    shutil.rmtree(run_dir)
    stored = int(result.get("rows", 0))
    timed = result.get("seconds", {})
    if stored and "ingest" in timed and "error" not in result:
        report["rows_per_s_ingest"] = round(stored / float(timed["ingest"]))
    if stored and "build" in timed and "error" not in result:
        report["rows_per_s_build"] = round(stored / float(timed["build"]))
        report["rows_per_s_end_to_end"] = result["rows_per_s"]
        report["meets_goal_rows_per_s"] = int(result["rows_per_s"]) >= GOAL_ROWS_PER_S
    if args.profile:
        report["profile"] = {
            "reader_only": run_worker(["--worker", "reader", "--input", str(parquet)], args),
        }
        floor_dir = work / "floor"
        floor_dir.mkdir()
        report["profile"]["duckdb_parquet_floor"] = run_worker(
            ["--worker", "floor", "--input", str(parquet), "--work", str(floor_dir)], args
        )
        shutil.rmtree(floor_dir)
    return report


def machine() -> Json:
    memory = 0
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory / 2**20, 1),
        "python": platform.python_version(),
        # other processes on the machine slow every wall-clock time; CPU times are reported too
        "load_average_1min_at_start": round(os.getloadavg()[0], 2),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        default=100_000_000,
        help="state vectors for the throughput part (default 100_000_000; 0 skips it)",
    )
    parser.add_argument(
        "--sample",
        type=Path,
        default=SAMPLES / "switzerland.csv.gz",
        help="OpenSky states CSV for the comparison (default: switzerland)",
    )
    parser.add_argument(
        "--throughput-sample",
        type=Path,
        default=SAMPLES / "quickstart.csv.gz",
        help="OpenSky states CSV replicated for the throughput part (default: quickstart)",
    )
    parser.add_argument(
        "--parquet", type=Path, help="reuse this states Parquet for the throughput part"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="hybridwatch runs on the sample (median is used)"
    )
    parser.add_argument("--skip-compare", action="store_true", help="only the throughput part")
    parser.add_argument("--skip-traffic", action="store_true", help="no traffic side")
    parser.add_argument("--traffic-python", type=Path, default=BENCH_PYTHON)
    parser.add_argument("--traffic-timeout", type=float, default=3600.0)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also time the ingest reader alone and DuckDB loading the Parquet alone",
    )
    parser.add_argument(
        "--memory-limit",
        help="DuckDB memory_limit for the hybridwatch runs, e.g. 8GB (default: DuckDB's own)",
    )
    parser.add_argument(
        "--temp-limit",
        help="DuckDB max_temp_directory_size (spill files), e.g. 40GB (default: DuckDB's own)",
    )
    parser.add_argument("--workdir", type=Path, help="temporary files here (default: system tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="-v info, -vv debug")
    parser.add_argument(
        "--worker", choices=["hybridwatch", "reader", "floor", "generate"], help=argparse.SUPPRESS
    )
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--list", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def worker_main(args: argparse.Namespace) -> Json:
    source: Path = args.input
    if args.worker == "hybridwatch":
        return hybridwatch_worker(source, args.work, args.list, duckdb_settings(args))
    if args.worker == "reader":
        return reader_worker(source)
    if args.worker == "floor":
        return duckdb_floor_worker(source, args.work)
    return generate_worker(source, args.rows, args.work)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr, format="%(name)s: %(message)s")
    if args.worker:
        report = worker_main(args)
    else:
        parent = args.workdir or Path(tempfile.gettempdir())
        work = Path(tempfile.mkdtemp(prefix="hybridwatch-bench-", dir=parent))
        report = {"benchmark": "flights_pipeline", "machine": machine()}
        started = time.perf_counter()
        try:
            if not args.skip_compare:
                report["comparison"] = comparison(args, work)
            if args.rows > 0:
                report["throughput"] = throughput(args, work)
        finally:
            if args.keep:
                log.warning("kept %s", work)
            else:
                shutil.rmtree(work, ignore_errors=True)
        report["total_s"] = round(time.perf_counter() - started, 1)
        report["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    json.dump(report, sys.stdout, indent=None if args.worker else 2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
