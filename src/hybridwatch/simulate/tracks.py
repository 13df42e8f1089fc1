"""Trajectories: great circles between airports, flown with type-typical climb, cruise and descent.

Every function works on arrays, one entry per flight (`Legs`, `Profile`) or per sample (`states`),
so a month of traffic is a few dozen numpy operations over millions of points, never a Python
loop over points.

A flight, in time from off-block:

1. taxi out (on the ground, ~15 kt then holding) from a stand up to 1 km from the airport
   reference point to the runway start, 1.5 km behind it on the great circle;
2. take-off roll, accelerating to the type's lift-off speed over 1.8 km;
3. climb at the type's rate, accelerating to cruise speed; cruise at the type's level (lower on
   legs too short for it); descent at the type's rate to 3,000 ft above the destination, slowing
   down; a 3° final approach to touchdown 300 m past the runway threshold, 1.2 km before the
   destination's reference point, so the glide ends on the runway;
4. landing roll, slowing to taxi speed over 1.6 km; taxi in to a stand.

Positions follow the great circle from origin to destination (the runway is laid along it);
track is the great-circle course; altitude is above mean sea level, ground speed is true airspeed
(no wind).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

EARTH_KM = 6371.0088
KM_PER_KT_S = 1.852 / 3600.0  # km per second at one knot
RUNWAY_HALF_KM = 1.5
TAKEOFF_ROLL_KM = 1.8
TOUCHDOWN_BEFORE_KM = 1.2
ROLLOUT_KM = 1.6
FINAL_FT = 3_000.0
GLIDE_DEG = 3.0
TAXI_KT = 15.0
TAXI_MOVING = 0.7  # share of the taxi-out time spent moving; the rest holding at the runway
# An end of a flight is "seen" when a position lies in its zone: on the ground, or airborne this
# low above the airport's elevation and this close to it (what the flights pipeline can use).
ZONE_FT = 4_000.0
ZONE_KM = 25.0
ZONE_NONE, ZONE_DEPARTURE, ZONE_ARRIVAL = 0, 1, 2

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


@dataclass
class Legs:
    """What each flight is: ends, the type's figures, off-block time and the stands (metres east
    and north of each airport's reference point). All arrays have one entry per flight."""

    lat0: Floats
    lon0: Floats
    elev0: Floats
    lat1: Floats
    lon1: Floats
    elev1: Floats
    cruise_ft: Floats
    cruise_kt: Floats
    climb_fpm: Floats
    descent_fpm: Floats
    liftoff_kt: Floats
    approach_kt: Floats
    off_block: Floats  # unix seconds
    taxi_out_s: Floats
    taxi_in_s: Floats
    stand0_e: Floats
    stand0_n: Floats
    stand1_e: Floats
    stand1_n: Floats

    def __len__(self) -> int:
        return len(self.lat0)


@dataclass
class Profile:
    """Derived per flight: geometry, the flown level, speeds (km/s) and phase durations (s)."""

    p: Floats  # origin unit vector (n × 3)
    q: Floats  # destination unit vector
    delta: Floats  # central angle, radians
    length_km: Floats
    level_ft: Floats
    final_ft: Floats  # altitude where the final approach starts
    v_lift: Floats
    v_climb0: Floats
    v_cruise: Floats
    v_final: Floats
    v_approach: Floats
    t_roll: Floats
    t_climb: Floats
    t_cruise: Floats
    t_descent: Floats
    t_final: Floats
    t_rollout: Floats
    d_climb: Floats
    d_cruise: Floats
    d_descent: Floats
    runway0_e: Floats  # runway start, metres from the origin's reference point
    runway0_n: Floats
    course0: Floats
    rollout1_e: Floats  # end of the landing roll, metres from the destination's reference point
    rollout1_n: Floats
    course1: Floats

    @property
    def t_air(self) -> Floats:
        return self.t_climb + self.t_cruise + self.t_descent + self.t_final


@dataclass
class Times:
    """Key moments of each flight, unix seconds."""

    off_block: Floats
    takeoff: Floats
    landing: Floats
    on_block: Floats


@dataclass
class States:
    """What each sample shows: position, altitude (NaN on the ground), speed, track, rate."""

    lat: Floats
    lon: Floats
    alt_ft: Floats
    gs_kt: Floats
    track_deg: Floats
    vr_fpm: Floats
    on_ground: Bools
    zone: NDArray[np.int8]


def unit_vectors(lat: Floats, lon: Floats) -> Floats:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)


def latlon(v: Floats) -> tuple[Floats, Floats]:
    lat = np.degrees(np.arcsin(np.clip(v[..., 2], -1.0, 1.0)))
    lon = np.degrees(np.arctan2(v[..., 1], v[..., 0]))
    return lat, lon


def _bearing(v: Floats, tangent: Floats) -> Floats:
    """Degrees true of a direction `tangent` at the point `v`."""
    lat_deg, lon_deg = latlon(v)
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    east = -np.sin(lon) * tangent[..., 0] + np.cos(lon) * tangent[..., 1]
    north = (
        -np.sin(lat) * np.cos(lon) * tangent[..., 0]
        - np.sin(lat) * np.sin(lon) * tangent[..., 1]
        + np.cos(lat) * tangent[..., 2]
    )
    return np.mod(np.degrees(np.arctan2(east, north)), 360.0)


def great_circle(p: Floats, q: Floats, delta: Floats, f: Floats) -> tuple[Floats, Floats]:
    """Points at fraction `f` of the way from p to q (any f: beyond the ends it extends the
    circle), and the course there in degrees."""
    sin_delta = np.sin(delta)[..., None]
    a = np.sin((1.0 - f) * delta)[..., None] / sin_delta
    b = np.sin(f * delta)[..., None] / sin_delta
    v = a * p + b * q
    tangent = -np.cos((1.0 - f) * delta)[..., None] * p + np.cos(f * delta)[..., None] * q
    return v, _bearing(v, tangent)


def _local(lat0: Floats, lon0: Floats, lat: Floats, lon: Floats) -> tuple[Floats, Floats]:
    """Metres east and north of (lat0, lon0): a flat approximation, good over a few km."""
    east = np.radians(lon - lon0) * EARTH_KM * 1000.0 * np.cos(np.radians(lat0))
    north = np.radians(lat - lat0) * EARTH_KM * 1000.0
    return east, north


def _offset(lat0: Floats, lon0: Floats, east: Floats, north: Floats) -> tuple[Floats, Floats]:
    lat = lat0 + np.degrees(north / (EARTH_KM * 1000.0))
    lon = lon0 + np.degrees(east / (EARTH_KM * 1000.0 * np.cos(np.radians(lat0))))
    return lat, lon


def profile(legs: Legs) -> Profile:
    """Plan every flight's vertical and speed profile so that it lands at its destination."""
    p = unit_vectors(legs.lat0, legs.lon0)
    q = unit_vectors(legs.lat1, legs.lon1)
    delta = np.arccos(np.clip(np.sum(p * q, axis=-1), -1.0, 1.0))
    length = delta * EARTH_KM
    lift_off_s = TAKEOFF_ROLL_KM - RUNWAY_HALF_KM
    touchdown_s = length - TOUCHDOWN_BEFORE_KM
    air_km = touchdown_s - lift_off_s

    v_lift = legs.liftoff_kt * KM_PER_KT_S
    v_cruise = legs.cruise_kt * KM_PER_KT_S
    v_approach = legs.approach_kt * KM_PER_KT_S
    v_final = np.minimum(v_cruise, np.maximum(1.25 * v_approach, 170 * KM_PER_KT_S))
    climb = legs.climb_fpm / 60.0  # ft/s
    descent = legs.descent_fpm / 60.0
    final_ft = legs.elev1 + FINAL_FT
    final_km = FINAL_FT * 0.3048 / 1000.0 / np.tan(np.radians(GLIDE_DEG))

    # Distance per foot gained in the climb (alpha) and lost in the descent (beta): the level
    # that leaves a fifth of the way for cruise on legs too short for the type's level.
    alpha = (v_lift + v_cruise) / 2 / climb
    beta = (v_cruise + v_final) / 2 / descent
    fitting = ((air_km - final_km) * 0.8 + alpha * legs.elev0 + beta * final_ft) / (alpha + beta)
    fitting = np.floor(fitting / 1000.0) * 1000.0
    floor = np.maximum(legs.elev0 + 1_000.0, final_ft)
    level = np.maximum(np.minimum(legs.cruise_ft, fitting), floor)

    t_climb = (level - legs.elev0) / climb
    t_descent = (level - final_ft) / descent
    d_climb = (v_lift + v_cruise) / 2 * t_climb
    d_descent = (v_cruise + v_final) / 2 * t_descent
    d_final = np.full_like(length, final_km)
    t_final = d_final / ((v_final + v_approach) / 2)
    d_cruise = air_km - d_climb - d_descent - d_final
    # A hop too short even for the lowest level: fly the same profile slower.
    scale = np.where(d_cruise < 0, air_km / (d_climb + d_descent + d_final), 1.0)
    d_climb, d_descent, d_final = d_climb * scale, d_descent * scale, d_final * scale
    d_cruise = np.maximum(d_cruise, 0.0)
    v_climb0 = v_lift * scale
    v_cruise, v_final, v_approach = v_cruise * scale, v_final * scale, v_approach * scale
    t_cruise = d_cruise / v_cruise

    t_roll = 2 * TAKEOFF_ROLL_KM / v_lift
    v_taxi = TAXI_KT * KM_PER_KT_S
    t_rollout = 2 * ROLLOUT_KM / (v_approach + v_taxi)

    runway0, course0 = great_circle(p, q, delta, -RUNWAY_HALF_KM / length)
    runway0_e, runway0_n = _local(legs.lat0, legs.lon0, *latlon(runway0))
    rollout_end = (touchdown_s + ROLLOUT_KM) / length
    rollout1, course1 = great_circle(p, q, delta, rollout_end)
    rollout1_e, rollout1_n = _local(legs.lat1, legs.lon1, *latlon(rollout1))
    return Profile(
        p=p,
        q=q,
        delta=delta,
        length_km=length,
        level_ft=level,
        final_ft=final_ft,
        v_lift=v_lift,
        v_climb0=v_climb0,
        v_cruise=v_cruise,
        v_final=v_final,
        v_approach=v_approach,
        t_roll=t_roll,
        t_climb=t_climb,
        t_cruise=t_cruise,
        t_descent=t_descent,
        t_final=t_final,
        t_rollout=t_rollout,
        d_climb=d_climb,
        d_cruise=d_cruise,
        d_descent=d_descent,
        runway0_e=runway0_e,
        runway0_n=runway0_n,
        course0=course0,
        rollout1_e=rollout1_e,
        rollout1_n=rollout1_n,
        course1=course1,
    )


def times(legs: Legs, prof: Profile) -> Times:
    takeoff = legs.off_block + legs.taxi_out_s + prof.t_roll
    landing = takeoff + prof.t_air
    on_block = landing + prof.t_rollout + legs.taxi_in_s
    return Times(legs.off_block, takeoff, landing, on_block)


def states(legs: Legs, prof: Profile, flight: Ints, t: Floats) -> States:
    """The state of flight `flight[i]` at unix time `t[i]`, for every sample i at once."""

    def at(values: Floats) -> Floats:
        return values[flight]

    tau = t - at(legs.off_block)
    t1 = at(legs.taxi_out_s)
    t2 = t1 + at(prof.t_roll)
    t_climb, t_cruise = at(prof.t_climb), at(prof.t_cruise)
    t_descent, t_final = at(prof.t_descent), at(prof.t_final)
    t3 = t2 + t_climb + t_cruise + t_descent + t_final
    t4 = t3 + at(prof.t_rollout)
    t5 = t4 + at(legs.taxi_in_s)
    tau = np.clip(tau, 0.0, t5)
    phase = np.select([tau < t1, tau < t2, tau < t3, tau < t4], [0, 1, 2, 3], 4)
    length = at(prof.length_km)

    # take-off roll: uniform acceleration from the runway start
    u = np.clip(tau - t1, 0.0, None)
    v_lift = at(prof.v_lift)
    accel = v_lift / at(prof.t_roll)
    s_roll = -RUNWAY_HALF_KM + 0.5 * accel * u * u
    v_roll = accel * u

    # airborne: climb, cruise, descent, final
    w = np.clip(tau - t2, 0.0, None)
    elev0, elev1 = at(legs.elev0), at(legs.elev1)
    level, final_ft = at(prof.level_ft), at(prof.final_ft)
    v0, vc = at(prof.v_climb0), at(prof.v_cruise)
    vf, va = at(prof.v_final), at(prof.v_approach)
    w1 = np.minimum(w, t_climb)
    w2 = np.clip(w - t_climb, 0.0, t_cruise)
    w3 = np.clip(w - t_climb - t_cruise, 0.0, t_descent)
    w4 = np.clip(w - t_climb - t_cruise - t_descent, 0.0, t_final)
    safe_descent = np.maximum(t_descent, 1e-9)
    climbing = w < t_climb
    cruising = ~climbing & (w < t_climb + t_cruise)
    descending = ~climbing & ~cruising & (w < t_climb + t_cruise + t_descent)
    s_air = (
        TAKEOFF_ROLL_KM
        - RUNWAY_HALF_KM
        + v0 * w1
        + (vc - v0) * w1 * w1 / (2 * t_climb)
        + vc * w2
        + vc * w3
        + (vf - vc) * w3 * w3 / (2 * safe_descent)
        + vf * w4
        + (va - vf) * w4 * w4 / (2 * t_final)
    )
    alt_air = np.select(
        [climbing, cruising, descending],
        [
            elev0 + (level - elev0) * w1 / t_climb,
            level,
            level - (level - final_ft) * w3 / safe_descent,
        ],
        final_ft - (final_ft - elev1) * w4 / t_final,
    )
    v_air = np.select(
        [climbing, cruising, descending],
        [v0 + (vc - v0) * w1 / t_climb, vc, vc + (vf - vc) * w3 / safe_descent],
        vf + (va - vf) * w4 / t_final,
    )
    vr_air = np.select(
        [climbing, cruising, descending],
        [
            (level - elev0) / t_climb * 60.0,
            np.zeros_like(w),
            -(level - final_ft) / safe_descent * 60.0,
        ],
        -(final_ft - elev1) / t_final * 60.0,
    )
    del w1, w2, w3, w4

    # landing roll: uniform deceleration to taxi speed
    x = np.clip(tau - t3, 0.0, None)
    t_rollout = at(prof.t_rollout)
    v_taxi = TAXI_KT * KM_PER_KT_S
    decel = (va - v_taxi) / t_rollout
    s_rollout = length - TOUCHDOWN_BEFORE_KM + va * x - 0.5 * decel * x * x
    v_rollout = va - decel * x

    s = np.select([phase == 1, phase == 2, phase == 3], [s_roll, s_air, s_rollout], 0.0)
    v = np.select([phase == 1, phase == 2, phase == 3], [v_roll, v_air, v_rollout], 0.0)
    points, course = great_circle(prof.p[flight], prof.q[flight], at(prof.delta), s / length)
    lat, lon = latlon(points)

    # taxiing, in metres from each airport's reference point
    lat0, lon0, lat1, lon1 = at(legs.lat0), at(legs.lon0), at(legs.lat1), at(legs.lon1)
    moving_s = TAXI_MOVING * t1
    share_out = np.clip(tau / moving_s, 0.0, 1.0)
    from_e, from_n = at(legs.stand0_e), at(legs.stand0_n)
    to_e, to_n = at(prof.runway0_e), at(prof.runway0_n)
    out_e, out_n = from_e + (to_e - from_e) * share_out, from_n + (to_n - from_n) * share_out
    out_m = np.hypot(to_e - from_e, to_n - from_n)
    out_lat, out_lon = _offset(lat0, lon0, out_e, out_n)
    out_moving = share_out < 1.0
    out_kt = np.where(out_moving, out_m / moving_s / 1000.0 / KM_PER_KT_S, 0.0)
    out_track = np.where(
        out_moving,
        np.mod(np.degrees(np.arctan2(to_e - from_e, to_n - from_n)), 360.0),
        at(prof.course0),
    )
    taxi_in = at(legs.taxi_in_s)
    share_in = np.clip((tau - t4) / taxi_in, 0.0, 1.0)
    from_e, from_n = at(prof.rollout1_e), at(prof.rollout1_n)
    to_e, to_n = at(legs.stand1_e), at(legs.stand1_n)
    in_e, in_n = from_e + (to_e - from_e) * share_in, from_n + (to_n - from_n) * share_in
    in_m = np.hypot(to_e - from_e, to_n - from_n)
    in_lat, in_lon = _offset(lat1, lon1, in_e, in_n)
    in_kt = in_m / taxi_in / 1000.0 / KM_PER_KT_S
    in_track = np.mod(np.degrees(np.arctan2(to_e - from_e, to_n - from_n)), 360.0)

    taxi_out, taxi_in_phase = phase == 0, phase == 4
    lat = np.select([taxi_out, taxi_in_phase], [out_lat, in_lat], lat)
    lon = np.select([taxi_out, taxi_in_phase], [out_lon, in_lon], lon)
    gs_kt = np.select([taxi_out, taxi_in_phase], [out_kt, in_kt], v / KM_PER_KT_S)
    track = np.select([taxi_out, taxi_in_phase], [out_track, in_track], course)
    airborne = phase == 2
    alt = np.where(airborne, alt_air, np.nan)
    vr = np.where(airborne, vr_air, 0.0)

    near_origin = airborne & (alt_air - elev0 < ZONE_FT) & (s < ZONE_KM)
    near_destination = airborne & (alt_air - elev1 < ZONE_FT) & (length - s < ZONE_KM)
    zone = np.select(
        [(phase <= 1) | near_origin, (phase >= 3) | near_destination],
        [ZONE_DEPARTURE, ZONE_ARRIVAL],
        ZONE_NONE,
    ).astype(np.int8)
    return States(lat, lon, alt, gs_kt, track, vr, ~airborne, zone)
