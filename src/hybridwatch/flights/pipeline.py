"""The flights pipeline: named relational steps, run in order, producing the `flights` table.

Each step is one SQL SELECT over the store's tables, reference tables and earlier steps, built
for a `Dialect`. `run_duckdb` materialises them as temporary tables in the case's DuckDB; the
same list can be registered as views on Apache Spark.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import duckdb

from hybridwatch.case import Case
from hybridwatch.flights import airports, identity, segment
from hybridwatch.flights.dialect import DUCKDB, Dialect
from hybridwatch.flights.params import FlightParams
from hybridwatch.flights.reference import load_reference_tables

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    name: str
    sql: Callable[[Dialect, FlightParams], str]
    # Point-level steps stay views, so the engine fuses them and keeps only the columns
    # later steps read; flight-level steps, read more than once, are materialised.
    materialise: bool = True
    # Reads only one aircraft at a time (windows and groups by aircraft), so it gives the same
    # rows when run on batches of aircraft and the batches' rows are appended.
    per_aircraft: bool = False


def reported_matches(d: Dialect, p: FlightParams) -> str:
    """Flights a source reports, matched to the derived flight they overlap, if any."""
    return f"""
    SELECT r.*, f.icao24 AS f_icao24, f.seq AS f_seq FROM (
        SELECT rf.*, {d.epoch("first_seen")} AS r_first, {d.epoch("last_seen")} AS r_last
        FROM reported_flights AS rf
    ) AS r
    LEFT JOIN flights_identified AS f
        ON f.icao24 = r.icao24 AND f.first_t <= r.r_last AND f.last_t >= r.r_first
    """


def final_flights(d: Dialect, p: FlightParams) -> str:
    """Derived flights in the stored shape, plus reported flights no track covers."""
    reported = """(SELECT f_icao24, f_seq, min(origin) AS origin, min(destination) AS destination
        FROM reported_matches WHERE f_icao24 IS NOT NULL GROUP BY f_icao24, f_seq)"""
    return f"""
    SELECT f.icao24 || '-' || {d.compact_time(d.timestamp("f.first_t"))} AS id,
        f.icao24, f.callsigns,
        {d.timestamp("f.first_t")} AS first_seen, {d.timestamp("f.last_t")} AS last_seen,
        CAST(f.n AS INTEGER) AS points,
        f.registration, f.typecode, f.description, f.operator, f.operator_designator,
        f.country, f.military, f.identity_reason, f.operator_reason, f.country_reason,
        f.military_reason,
        coalesce(f.dep_airport, f.dep_inferred) AS departure_airport,
        CASE WHEN f.dep_airport IS NOT NULL THEN {d.timestamp("f.dep_t")} END AS departure_time,
        CASE WHEN f.dep_airport IS NOT NULL THEN f.dep_method
            WHEN f.dep_inferred IS NOT NULL THEN 'previous-flight' END AS departure_method,
        coalesce(f.dep_km, f.dep_inferred_km) AS departure_distance_km,
        f.dep_airport IS NULL AND f.dep_inferred IS NOT NULL AS departure_inferred,
        CASE WHEN f.dep_airport IS NULL AND f.dep_inferred IS NULL
            THEN f.dep_reason END AS departure_unknown_reason,
        coalesce(f.arr_airport, f.arr_inferred) AS arrival_airport,
        CASE WHEN f.arr_airport IS NOT NULL THEN {d.timestamp("f.arr_t")} END AS arrival_time,
        CASE WHEN f.arr_airport IS NOT NULL THEN f.arr_method
            WHEN f.arr_inferred IS NOT NULL THEN 'next-flight' END AS arrival_method,
        coalesce(f.arr_km, f.arr_inferred_km) AS arrival_distance_km,
        f.arr_airport IS NULL AND f.arr_inferred IS NOT NULL AS arrival_inferred,
        CASE WHEN f.arr_airport IS NULL AND f.arr_inferred IS NULL
            THEN f.arr_reason END AS arrival_unknown_reason,
        rep.origin AS reported_origin, rep.destination AS reported_destination,
        f.source_ids
    FROM flights_identified AS f
    LEFT JOIN {reported} AS rep ON rep.f_icao24 = f.icao24 AND rep.f_seq = f.seq
    UNION ALL
    SELECT r.icao24 || '-' || {d.compact_time("r.first_seen")} AS id,
        r.icao24, CASE WHEN r.callsign IS NOT NULL THEN {d.array("r.callsign")} END,
        r.first_seen, r.last_seen, 0 AS points,
        r.registration, r.typecode, NULL, NULL, NULL, NULL, NULL,
        'as reported by source ' || r.source_id, NULL, NULL, NULL,
        r.origin, r.first_seen, CASE WHEN r.origin IS NOT NULL THEN 'reported' END, NULL, FALSE,
        CASE WHEN r.origin IS NULL THEN 'the source reports no origin' END,
        r.destination, r.last_seen, CASE WHEN r.destination IS NOT NULL THEN 'reported' END,
        NULL, FALSE,
        CASE WHEN r.destination IS NULL THEN 'the source reports no destination' END,
        r.origin, r.destination, {d.array("r.source_id")}
    FROM reported_matches AS r
    WHERE r.f_icao24 IS NULL
    """


STEPS: list[Step] = [
    Step("points", segment.points, materialise=False, per_aircraft=True),
    Step("airborne", segment.airborne, materialise=False, per_aircraft=True),
    Step("segments", segment.segments, per_aircraft=True),
    Step("airport_cells", airports.airport_cells),
    Step("flight_ends", airports.flight_ends),
    Step("end_airports", airports.end_airports),
    Step("flight_airports", airports.flight_airports),
    Step("inferred_ends", airports.inferred_ends),
    Step("aircraft_identity", identity.aircraft_identity),
    Step("flights_identified", identity.flights_identified),
    Step("reported_matches", reported_matches),
    Step("final_flights", final_flights),
]

# Source kinds whose changes make the flights table stale.
INPUT_KINDS = ("flights", "aircraft")


@dataclass
class BuildResult:
    flights: int
    seconds: float
    rebuilt: bool


# State vectors per batch of aircraft in the per-aircraft steps. Sorting every point of a
# 100-million-row case at once took 15 GiB and a third more time in a fresh process (page
# faults on fresh memory); batches of this size keep to about 3 GiB at the same speed.
BATCH_ROWS = 16_000_000


def aircraft_batches(con: duckdb.DuckDBPyConnection, batch_rows: int) -> int:
    row = con.execute("SELECT count(*) FROM state_vectors").fetchone()
    return max(1, -(-int(row[0] if row else 0) // batch_rows))


def run_duckdb(
    con: duckdb.DuckDBPyConnection, params: FlightParams, batch_rows: int = BATCH_ROWS
) -> None:
    """Materialise every step as a temporary table, in order.

    The per-aircraft steps run once per batch of aircraft (by a hash of the address), each
    batch appending to the step's table; one batch when the case is small.
    """
    load_reference_tables(con)
    batches = aircraft_batches(con, batch_rows)

    def aircraft_states(where: str = "") -> None:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW aircraft_states AS SELECT * FROM state_vectors {where}"
        )

    aircraft_states()  # the views over it are bound when created
    for step in STEPS:
        started = time.perf_counter()
        sql = step.sql(DUCKDB, params)
        if not step.materialise:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {step.name} AS {sql}")
        elif not step.per_aircraft:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {step.name} AS {sql}")
        else:
            for batch in range(batches):
                if batches > 1:
                    aircraft_states(f"WHERE hash(address) % {batches} = {batch}")
                if batch == 0:
                    con.execute(f"CREATE OR REPLACE TEMP TABLE {step.name} AS {sql}")
                else:
                    con.execute(f"INSERT INTO {step.name} {sql}")
        log.debug("step %s: %.2f s", step.name, time.perf_counter() - started)


def signature(con: duckdb.DuckDBPyConnection, params: FlightParams) -> str:
    kinds = ", ".join(f"'{k}'" for k in INPUT_KINDS)
    rows = con.execute(f"SELECT id, sha256 FROM sources WHERE kind IN ({kinds}) ORDER BY id")
    text = repr((rows.fetchall(), sorted(asdict(params).items())))
    return hashlib.sha256(text.encode()).hexdigest()


def build(
    case: Case,
    params: FlightParams | None = None,
    *,
    force: bool = False,
    batch_rows: int = BATCH_ROWS,
) -> BuildResult:
    """Rebuild `flights` if its inputs changed since the last build (or when forced)."""
    params = params or FlightParams()
    con = case.con
    wanted = signature(con, params)
    current = con.execute("SELECT signature FROM build_state WHERE name = 'flights'").fetchone()
    if current and current[0] == wanted and not force:
        count = con.execute("SELECT count(*) FROM flights").fetchone()
        return BuildResult(int(count[0]) if count else 0, 0.0, rebuilt=False)
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        run_duckdb(con, params, batch_rows)
        con.execute("DELETE FROM flights")
        con.execute("INSERT INTO flights SELECT * FROM final_flights")
        seconds = time.perf_counter() - started
        con.execute(
            "INSERT OR REPLACE INTO build_state VALUES ('flights', ?, now()::TIMESTAMP, ?)",
            [wanted, seconds],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    for step in reversed(STEPS):
        con.execute(f"DROP {'TABLE' if step.materialise else 'VIEW'} IF EXISTS {step.name}")
    con.execute("DROP VIEW IF EXISTS aircraft_states")
    count = con.execute("SELECT count(*) FROM flights").fetchone()
    return BuildResult(int(count[0]) if count else 0, seconds, rebuilt=True)
