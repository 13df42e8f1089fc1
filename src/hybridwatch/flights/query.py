"""Reading flights back out: filters, the JSON shape, tracks and exports."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from hybridwatch.case import Case
from hybridwatch.errors import HybridwatchError, UsageError
from hybridwatch.flights.dialect import DUCKDB
from hybridwatch.flights.pipeline import build

EXPORT_FORMATS = ("csv", "geojson", "parquet")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def _end(row: dict[str, Any], side: str) -> dict[str, Any] | None:
    if row[f"{side}_airport"] is None:
        return None
    return {
        "airport": row[f"{side}_airport"],
        "time": _iso(row[f"{side}_time"]),
        "method": row[f"{side}_method"],
        "distance_km": None
        if row[f"{side}_distance_km"] is None
        else round(row[f"{side}_distance_km"], 2),
        "inferred": bool(row[f"{side}_inferred"]),
    }


def as_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored flight row in the documented JSON shape."""
    return {
        "id": row["id"],
        "icao24": row["icao24"],
        "callsigns": list(row["callsigns"] or []),
        "registration": row["registration"],
        "typecode": row["typecode"],
        "description": row["description"],
        "operator": row["operator"],
        "operator_designator": row["operator_designator"],
        "country": row["country"],
        "military": row["military"],
        "first_seen": _iso(row["first_seen"]),
        "last_seen": _iso(row["last_seen"]),
        "points": row["points"],
        "source_ids": list(row["source_ids"] or []),
        "departure": _end(row, "departure"),
        "departure_unknown_reason": row["departure_unknown_reason"],
        "arrival": _end(row, "arrival"),
        "arrival_unknown_reason": row["arrival_unknown_reason"],
        "reported": {"origin": row["reported_origin"], "destination": row["reported_destination"]},
        "reasons": {
            "identity": row["identity_reason"],
            "operator": row["operator_reason"],
            "country": row["country_reason"],
            "military": row["military_reason"],
        },
    }


def _rows(case: Case, where: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = case.con.execute(f"SELECT * FROM flights {where} ORDER BY first_seen, icao24", params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _parse_when(text: str, option: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise UsageError(f"{option} {text!r}: expected an ISO date or date-time") from None


def list_flights(
    case: Case,
    *,
    icao24: str | None = None,
    airport: str | None = None,
    military: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    build(case)
    clauses: list[str] = []
    params: list[Any] = []
    if icao24:
        clauses.append("icao24 = ?")
        params.append(icao24.strip().lower())
    if airport:
        clauses.append("(departure_airport = ? OR arrival_airport = ?)")
        params += [airport.upper()] * 2
    if military:
        clauses.append("military")
    if since:
        clauses.append("last_seen >= ?")
        params.append(_parse_when(since, "--since"))
    if until:
        clauses.append("first_seen <= ?")
        params.append(_parse_when(until, "--until"))
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    return [as_json(r) for r in _rows(case, where, params)]


def track(case: Case, flight: dict[str, Any]) -> list[dict[str, Any]]:
    """The state vectors of one flight's aircraft over its time span, with provenance.

    Numbered rows store only their `position`; the locator shown ("line 12") adds the unit their
    source records.
    """
    cursor = case.con.execute(
        """
        SELECT sv.time, sv.lat, sv.lon, sv.altitude_ft, sv.groundspeed_kt, sv.track_deg,
               sv.vertical_rate_fpm, sv.on_ground, sv.callsign, sv.source_id,
               coalesce(sv.locator, s.position_unit || ' ' || sv.position) AS locator
        FROM state_vectors AS sv JOIN sources AS s ON s.id = sv.source_id
        WHERE sv.address = ? AND sv.time BETWEEN ?::TIMESTAMP AND ?::TIMESTAMP
        ORDER BY sv.time
        """,
        [int(flight["icao24"], 16), flight["first_seen"][:-1], flight["last_seen"][:-1]],
    )
    names = [c[0] for c in cursor.description]
    points = []
    for values in cursor.fetchall():
        point = dict(zip(names, values, strict=True))
        point["time"] = _iso(point["time"])
        points.append(point)
    return points


def show(case: Case, flight_id: str) -> dict[str, Any]:
    build(case)
    rows = _rows(case, "WHERE id = ?", [flight_id])
    if not rows:
        raise HybridwatchError(f"no flight with id {flight_id!r} (see `hybridwatch flights list`)")
    flight = as_json(rows[0])
    flight["track"] = track(case, flight)
    return flight


def export(case: Case, fmt: str, output: Path) -> int:
    """Write all flights to `output` as CSV, GeoJSON (tracks as lines) or Parquet."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    count = build(case).flights
    if fmt == "geojson":
        lines = dict(
            case.con.execute(
                f"""
                SELECT f.id, list([sv.lon, sv.lat, sv.altitude_ft] ORDER BY sv.time)
                FROM flights AS f JOIN state_vectors AS sv
                    ON sv.address = {DUCKDB.hex_to_int("f.icao24")}
                    AND sv.time BETWEEN f.first_seen AND f.last_seen
                WHERE sv.lat IS NOT NULL
                GROUP BY f.id
                """
            ).fetchall()
        )
        features = [
            {
                "type": "Feature",
                "id": flight["id"],
                "geometry": {"type": "LineString", "coordinates": lines.get(flight["id"], [])},
                "properties": {k: v for k, v in flight.items() if k != "reasons"},
            }
            for flight in list_flights(case)
        ]
        output.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        return count
    query = "SELECT * FROM flights ORDER BY first_seen, icao24"
    if fmt == "csv":
        query = (
            "SELECT * REPLACE (array_to_string(callsigns, ' ') AS callsigns,"
            " array_to_string(source_ids, ' ') AS source_ids)"
            " FROM flights ORDER BY first_seen, icao24"
        )
    options = "(FORMAT csv, HEADER)" if fmt == "csv" else "(FORMAT parquet)"
    case.con.execute(f"COPY ({query}) TO '{_sql_path(output)}' {options}")
    return count


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
