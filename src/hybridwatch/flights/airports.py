"""Airports at the ends of flights, only where the track supports them.

An end gets an airport by one of two methods: `ground` (the aircraft was seen on the ground
within `ground_airport_km` of it just before take-off / after landing) or `climb` / `descent`
(the first/last airborne point is low above the airport's elevation, climbing/descending,
within `low_airport_km`). Otherwise the end stays unknown, with the reason in words — never the
nearest airport to a point at cruise level. Unseen arrivals are then inferred from the same
aircraft's next departure (and unseen departures from its previous arrival), marked inferred.
"""

from __future__ import annotations

from hybridwatch.flights.dialect import Dialect, angle_between, bearing_deg, haversine_km
from hybridwatch.flights.params import FlightParams


def airport_cells(d: Dialect, p: FlightParams) -> str:
    """Each airport listed in its grid cell and the eight around it (input: ref_airports)."""
    return f"""
    SELECT a.icao, a.iata, a.lat, a.lon, a.elevation_ft,
        CAST(floor(a.lat / {p.cell_deg}) AS INTEGER) + dy.o AS cell_y,
        CAST(floor(a.lon / {p.cell_deg}) AS INTEGER) + dx.o AS cell_x
    FROM ref_airports AS a
    CROSS JOIN (SELECT -1 AS o UNION ALL SELECT 0 UNION ALL SELECT 1) AS dy
    CROSS JOIN (SELECT -1 AS o UNION ALL SELECT 0 UNION ALL SELECT 1) AS dx
    """


def flight_ends(d: Dialect, p: FlightParams) -> str:
    """Two rows per flight (departure, arrival) with the evidence each end offers."""
    return """
    SELECT icao24, seq, 'departure' AS end_kind,
        dep_ground_lat IS NOT NULL AS on_ground,
        coalesce(dep_ground_lat, first_lat) AS lat,
        coalesce(dep_ground_lon, first_lon) AS lon,
        first_alt AS alt,
        (coalesce(first_vr, 0) > 250 OR second_alt > first_alt + 100) AS vertical_ok,
        first_track AS track,
        first_t AS at_t
    FROM segments
    UNION ALL
    SELECT icao24, seq, 'arrival' AS end_kind,
        arr_ground_lat IS NOT NULL AS on_ground,
        coalesce(arr_ground_lat, last_lat) AS lat,
        coalesce(arr_ground_lon, last_lon) AS lon,
        last_alt AS alt,
        (coalesce(last_vr, 0) < -250 OR before_last_alt > last_alt + 100) AS vertical_ok,
        last_track AS track,
        coalesce(arr_ground_t, last_t) AS at_t
    FROM segments
    """


def end_airports(d: Dialect, p: FlightParams) -> str:
    """The best-supported airport for each end that has one (input: flight_ends, cells).

    Candidates are ranked by how far they are from where the evidence puts the airport: on the
    ground, right there; in a climb or descent, as far as that height takes on a usual gradient,
    behind the climb or ahead of the descent.
    """
    distance = haversine_km("e.lat", "e.lon", "c.lat", "c.lon")
    # the airport should lie behind a climb and ahead of a descent
    toward = bearing_deg("e.lat", "e.lon", "c.lat", "c.lon")
    away = bearing_deg("c.lat", "c.lon", "e.lat", "e.lon")
    off_track = f"""CASE WHEN e.on_ground OR e.track IS NULL THEN 0
        WHEN e.end_kind = 'departure' THEN {angle_between("e.track", away)}
        ELSE {angle_between("e.track", toward)} END"""
    # how far from the airport a climb or descent at that height should be
    height_km = "greatest(coalesce(e.alt, 0) - coalesce(c.elevation_ft, 0), 0) * 0.0003048"
    expected = f"""CASE WHEN e.on_ground THEN 0
        WHEN e.end_kind = 'departure' THEN {height_km} / {p.climb_gradient}
        ELSE {height_km} / {p.descent_gradient} END"""
    return f"""
    SELECT icao24, seq, end_kind, airport, distance_km, method FROM (
        SELECT e.icao24, e.seq, e.end_kind, c.icao AS airport,
            {distance} AS distance_km,
            CASE WHEN e.on_ground THEN 'ground'
                WHEN e.end_kind = 'departure' THEN 'climb' ELSE 'descent' END AS method,
            row_number() OVER (PARTITION BY e.icao24, e.seq, e.end_kind
                ORDER BY abs({distance} - ({expected}))
                    + CASE WHEN c.iata IS NULL THEN {p.no_iata_penalty_km} ELSE 0 END
                    + {p.off_track_penalty_km} * ({off_track}) / 180,
                    c.icao) AS rank
        FROM flight_ends AS e
        JOIN airport_cells AS c
            ON c.cell_y = CAST(floor(e.lat / {p.cell_deg}) AS INTEGER)
            AND c.cell_x = CAST(floor(e.lon / {p.cell_deg}) AS INTEGER)
        WHERE e.lat IS NOT NULL AND (
            (e.on_ground AND {distance} <= {p.ground_airport_km})
            OR (NOT e.on_ground AND e.vertical_ok
                AND e.alt - coalesce(c.elevation_ft, 0) <= {p.low_agl_ft}
                AND {distance} <= {p.low_airport_km}))
    ) AS ranked
    WHERE rank = 1
    """


def _unknown_reason(d: Dialect, p: FlightParams, side: str, e: str) -> str:
    """Why an end has no airport, in words, from its evidence row (alias `e`)."""
    seen = "entered coverage" if side == "departure" else "left coverage"
    moving = "climbing" if side == "departure" else "descending"
    altitude = f"{d.thousands(f'{e}.alt')} || ' ft'"
    return f"""CASE
        WHEN {e}.lat IS NULL THEN 'no position at this end of the track'
        WHEN {e}.on_ground
            THEN 'seen on the ground, but no airport within {p.ground_airport_km:g} km'
        WHEN {e}.alt IS NULL THEN '{seen} with no altitude reported'
        WHEN {e}.vertical_ok AND {e}.alt <= {p.low_agl_ft} + 15000
            THEN '{seen} at ' || {altitude} || ', {moving}, no airport within '
                || '{p.low_airport_km:g} km at that height'
        ELSE '{seen} at ' || {altitude}
    END"""


def flight_airports(d: Dialect, p: FlightParams) -> str:
    """Segments with departure/arrival airports or the reason they are unknown."""
    return f"""
    SELECT s.*,
        dep.airport AS dep_airport, dep.method AS dep_method, dep.distance_km AS dep_km,
        CASE WHEN dep.airport IS NULL THEN {_unknown_reason(d, p, "departure", "de")}
            END AS dep_reason,
        arr.airport AS arr_airport, arr.method AS arr_method, arr.distance_km AS arr_km,
        CASE WHEN arr.airport IS NULL THEN {_unknown_reason(d, p, "arrival", "ae")}
            END AS arr_reason,
        de.at_t AS dep_t, ae.at_t AS arr_t
    FROM segments AS s
    JOIN flight_ends AS de
        ON de.icao24 = s.icao24 AND de.seq = s.seq AND de.end_kind = 'departure'
    JOIN flight_ends AS ae
        ON ae.icao24 = s.icao24 AND ae.seq = s.seq AND ae.end_kind = 'arrival'
    LEFT JOIN end_airports AS dep
        ON dep.icao24 = s.icao24 AND dep.seq = s.seq AND dep.end_kind = 'departure'
    LEFT JOIN end_airports AS arr
        ON arr.icao24 = s.icao24 AND arr.seq = s.seq AND arr.end_kind = 'arrival'
    """


def inferred_ends(d: Dialect, p: FlightParams) -> str:
    """Fill unseen ends from the neighbouring flights of the same aircraft, marked inferred.

    An arrival is inferred as the next flight's observed departure airport when the aircraft
    could have reached it in the time between (at most `max_inferred_speed_kt`); a departure
    likewise from the previous flight's observed arrival.
    """
    next_distance = haversine_km("last_lat", "last_lon", "na.lat", "na.lon")
    prev_distance = haversine_km("pa.lat", "pa.lon", "first_lat", "first_lon")
    speed_ok_next = (
        f"{next_distance} / 1.852 <= {p.max_inferred_speed_kt} * (next_first_t - last_t) / 3600"
    )
    speed_ok_prev = (
        f"{prev_distance} / 1.852 <= {p.max_inferred_speed_kt} * (first_t - prev_last_t) / 3600"
    )
    return f"""
    SELECT f.*,
        CASE WHEN arr_airport IS NULL AND next_dep IS NOT NULL AND last_lat IS NOT NULL
            AND {speed_ok_next} THEN next_dep END AS arr_inferred,
        CASE WHEN arr_airport IS NULL AND next_dep IS NOT NULL AND last_lat IS NOT NULL
            AND {speed_ok_next} THEN {next_distance} END AS arr_inferred_km,
        CASE WHEN dep_airport IS NULL AND prev_arr IS NOT NULL AND first_lat IS NOT NULL
            AND {speed_ok_prev} THEN prev_arr END AS dep_inferred,
        CASE WHEN dep_airport IS NULL AND prev_arr IS NOT NULL AND first_lat IS NOT NULL
            AND {speed_ok_prev} THEN {prev_distance} END AS dep_inferred_km
    FROM (
        SELECT *,
            lead(dep_airport) OVER ordered AS next_dep,
            lead(first_t) OVER ordered AS next_first_t,
            lag(arr_airport) OVER ordered AS prev_arr,
            lag(last_t) OVER ordered AS prev_last_t
        FROM flight_airports
        WINDOW ordered AS (PARTITION BY icao24 ORDER BY first_t)
    ) AS f
    LEFT JOIN ref_airports AS na ON na.icao = f.next_dep
    LEFT JOIN ref_airports AS pa ON pa.icao = f.prev_arr
    """
