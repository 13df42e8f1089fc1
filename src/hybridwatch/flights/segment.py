"""Segmentation: state vectors → airborne stretches → flights, as relational steps.

A flight is the airborne part of a trajectory. Ground points are not part of any flight; they
are the evidence for its airports. Between two consecutive airborne points of an aircraft, a
new flight starts when the feed marks a new leg, when the aircraft was on the ground long enough
to have landed and taken off again, or when it went unseen for longer than `gap_s` and did not
reappear where it would be had it flown on at its speed and course (a coverage gap: the level
may change, as when a descent begins out of range, but there is no time for a turnaround).
"""

from __future__ import annotations

from hybridwatch.flights.dialect import Dialect, angle_between, bearing_deg, haversine_km
from hybridwatch.flights.params import FlightParams


def points(d: Dialect, p: FlightParams) -> str:
    """Every state vector with its neighbours in time (input: `aircraft_states`, the state
    vectors of all aircraft or, when the engine runs the per-aircraft steps in batches, of one
    batch of aircraft).

    One sort per aircraft serves all of segmentation: the neighbours in the whole sequence
    (`prev_*`, `next_*`), so no second sort of the airborne points is needed. Points of one
    aircraft at the same second from the same source are duplicates; their order among
    themselves is left to the engine (ordering them by locator would cost a string in every
    sort key).
    """
    return f"""
    SELECT *,
        lag(t) OVER ordered AS prev_t,
        lag(ground) OVER ordered AS prev_ground,
        lag(lat) OVER ordered AS prev_lat,
        lag(lon) OVER ordered AS prev_lon,
        lag(alt) OVER ordered AS prev_alt,
        lag(gs) OVER ordered AS prev_gs,
        lag(track) OVER ordered AS prev_track,
        lead(t) OVER ordered AS next_t,
        lead(ground) OVER ordered AS next_ground,
        lead(lat) OVER ordered AS next_lat,
        lead(lon) OVER ordered AS next_lon,
        lead(alt) OVER ordered AS next_alt
    FROM (
        SELECT address, {d.epoch("time")} AS t, callsign, lat, lon,
            altitude_ft AS alt, groundspeed_kt AS gs, track_deg AS track,
            vertical_rate_fpm AS vr,
            (coalesce(on_ground, FALSE)
                AND coalesce(groundspeed_kt, 0) < {p.ground_max_kt}) AS ground,
            coalesce(new_leg, FALSE) AS new_leg,
            source_id
        FROM aircraft_states
    ) AS sv
    WINDOW ordered AS (PARTITION BY address ORDER BY t, source_id)
    """


def _coverage_gap(p: FlightParams) -> str:
    """SQL condition: the silence since the previous point, airborne too, was a coverage gap."""
    distance = haversine_km("prev_lat", "prev_lon", "lat", "lon")
    implied_kt = f"({distance} / 1.852) / ((t - prev_t) / 3600.0)"
    reference_kt = "coalesce((gs + prev_gs) / 2, gs, prev_gs, 450)"
    bearing = bearing_deg("prev_lat", "prev_lon", "lat", "lon")
    on_course = " OR ".join(
        f"{angle_between(track, bearing)} <= {p.gap_course_tolerance_deg}"
        for track in ("prev_track", "track")
    )
    return f"""(
        t - prev_t <= {p.max_coverage_gap_s}
        AND lat IS NOT NULL AND prev_lat IS NOT NULL
        AND {implied_kt} BETWEEN {p.gap_speed_low} * {reference_kt}
            AND {p.gap_speed_high} * {reference_kt}
        AND (prev_track IS NULL OR track IS NULL OR {on_course})
    )"""


def airborne(d: Dialect, p: FlightParams) -> str:
    """Airborne points, and the ground points the feed marks as a new leg (input: points).

    `starts` is 1 when an airborne point begins a new flight and its previous point is airborne
    too (or it has none): a new leg, or a silence longer than `gap_s` that was not a coverage
    gap. When the previous point is on the ground, `starts` is NULL: whether the aircraft landed
    and took off again depends on the last airborne point before the ground points, which
    `segments` finds among the few points where ground and air meet. The airborne neighbours of
    the first and last points of a flight (`pa_alt`, `na_alt`: climb and descent evidence) are
    taken where no ground point comes between.
    """
    return f"""
    SELECT address, t, ground, callsign, lat, lon, alt, gs, track, vr, source_id, new_leg,
        prev_t, prev_ground, prev_lat, prev_lon, next_t, next_ground, next_lat, next_lon,
        CASE WHEN NOT prev_ground THEN prev_alt END AS pa_alt,
        CASE WHEN NOT next_ground THEN next_alt END AS na_alt,
        -- the same moment from another source: kept for provenance, not counted twice
        coalesce(prev_t = t, FALSE) AS dup,
        CASE
            WHEN ground OR prev_ground THEN NULL
            WHEN prev_t IS NULL OR new_leg THEN 1
            WHEN t - prev_t > {p.gap_s} AND NOT coalesce({_coverage_gap(p)}, FALSE) THEN 1
            ELSE 0
        END AS starts
    FROM points
    WHERE NOT ground OR new_leg
    """


def segments(d: Dialect, p: FlightParams) -> str:
    """One row per flight: its span, its first and last points and the ground beside them.

    An airborne point right after ground points starts a flight when there was no airborne point
    before (`pa_t`), when the feed marked a new leg on the ground, or when the aircraft was on
    the ground for at least `stop_s` since its last airborne point. That last airborne point is
    the latest one followed by a ground point, so `pa_t` is a lag over the few points where
    ground and air meet, not a lag skipping ground points over every point (which cost a third
    of the sort of all points).

    A point belongs to the flight whose start is the latest at or before it. Starts are few
    (one per flight), so joining each point to its aircraft's starts numbers the flights more
    cheaply than a second sort of all airborne points would.
    """
    # Values of one end come from one point, chosen in a record: the first or last point with
    # a position; with an altitude (and that point's climb, track and airborne neighbour); right
    # after or before a positioned ground point, close enough in time to be airport evidence.
    positioned = "CASE WHEN lat IS NOT NULL THEN t END"
    with_alt = "CASE WHEN alt IS NOT NULL THEN t END"
    evidence = f"<= {p.ground_evidence_s}"
    dep_ground = (
        f"CASE WHEN prev_ground AND t - prev_t {evidence} AND prev_lat IS NOT NULL THEN t END"
    )
    arr_ground = (
        f"CASE WHEN next_ground AND next_t - t {evidence} AND next_lat IS NOT NULL THEN t END"
    )
    first_air = d.struct(alt="alt", vr="vr", track="track", next_alt="na_alt")
    last_air = d.struct(alt="alt", vr="vr", track="track", prev_alt="pa_alt")
    return f"""
    WITH air AS {d.materialized} (SELECT * FROM airborne),
    touchdowns AS (
        SELECT address, t, ground, new_leg, prev_ground,
            {d.ignoring_nulls("lag", "CASE WHEN NOT ground THEN t END")} OVER by_time AS pa_t,
            {d.ignoring_nulls("lag", "CASE WHEN ground THEN t END")} OVER by_time AS ground_leg_t
        FROM air WHERE ground OR prev_ground OR next_ground
        WINDOW by_time AS (PARTITION BY address ORDER BY t, source_id)
    ),
    flight_starts AS (
        SELECT address, t AS start_t, lead(t) OVER by_time AS next_start_t,
            row_number() OVER by_time AS seq
        FROM (
            SELECT address, t FROM air WHERE starts = 1
            UNION ALL
            SELECT address, t FROM touchdowns
            WHERE NOT ground AND prev_ground AND (pa_t IS NULL OR new_leg
                OR ground_leg_t >= pa_t OR t - pa_t >= {p.stop_s})
        ) AS starting
        WINDOW by_time AS (PARTITION BY address ORDER BY t)
    ),
    numbered AS (
        SELECT air.*, s.seq FROM air JOIN flight_starts AS s
            ON air.address = s.address AND air.t >= s.start_t
                AND (air.t < s.next_start_t OR s.next_start_t IS NULL)
        WHERE NOT air.ground
    )
    SELECT lower({d.hex6("address")}) AS icao24, seq, first_t, last_t, n, callsigns, callsign,
        source_ids, max_alt,
        first_pos.lat AS first_lat, first_pos.lon AS first_lon,
        first_air.alt AS first_alt, first_air.vr AS first_vr, first_air.track AS first_track,
        first_air.next_alt AS second_alt,
        dep_ground.lat AS dep_ground_lat, dep_ground.lon AS dep_ground_lon,
        last_pos.lat AS last_lat, last_pos.lon AS last_lon,
        last_air.alt AS last_alt, last_air.vr AS last_vr, last_air.track AS last_track,
        last_air.prev_alt AS before_last_alt,
        arr_ground.lat AS arr_ground_lat, arr_ground.lon AS arr_ground_lon,
        arr_ground.t AS arr_ground_t
    FROM (
        SELECT address, seq,
            min(t) AS first_t, max(t) AS last_t, sum(CASE WHEN dup THEN 0 ELSE 1 END) AS n,
            {d.collect_set("callsign")} AS callsigns,
            min_by(callsign, CASE WHEN callsign IS NOT NULL THEN t END) AS callsign,
            {d.collect_set("source_id")} AS source_ids,
            max(alt) AS max_alt,
            min_by({d.struct(lat="lat", lon="lon")}, {positioned}) AS first_pos,
            min_by({first_air}, {with_alt}) AS first_air,
            min_by({d.struct(lat="prev_lat", lon="prev_lon")}, {dep_ground}) AS dep_ground,
            max_by({d.struct(lat="lat", lon="lon")}, {positioned}) AS last_pos,
            max_by({last_air}, {with_alt}) AS last_air,
            max_by({d.struct(lat="next_lat", lon="next_lon", t="next_t")}, {arr_ground})
                AS arr_ground
        FROM numbered
        GROUP BY address, seq
    ) AS s
    WHERE n >= {p.min_points} AND last_t - first_t >= {p.min_duration_s}
    """
