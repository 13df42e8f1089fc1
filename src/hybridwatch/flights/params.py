"""Thresholds of flight segmentation and airport assignment (overridable in case.toml)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FlightParams:
    # A silence longer than this ends a flight unless the aircraft reappears where it would be
    # had it flown on: the distance covered at about its reported speed, on about its course,
    # leaves no time to land and take off again, so it was only out of receiver range.
    gap_s: float = 600.0
    # Longest silence still accepted as a coverage gap.
    max_coverage_gap_s: float = 6 * 3600.0
    gap_course_tolerance_deg: float = 45.0
    # Implied speed over the gap must lie within these factors of the reported speed.
    gap_speed_low: float = 0.6
    gap_speed_high: float = 1.5
    # On the ground at least this long between two airborne points: landed, then took off.
    stop_s: float = 120.0
    # "on ground" reports faster than this are taken as noise (take-off roll aside).
    ground_max_kt: float = 100.0
    # Ground points this close in time to the first/last airborne point are airport evidence.
    ground_evidence_s: float = 1800.0
    ground_airport_km: float = 6.0
    # A first/last airborne point this low above an airport, climbing/descending, near it.
    low_agl_ft: float = 4_000.0
    low_airport_km: float = 25.0
    # Airports without an IATA code (no scheduled service) count as this much farther away,
    # so a jet climbing out of a hub is not given the airstrip beside it.
    no_iata_penalty_km: float = 3.0
    # Climbing away from / descending towards an airport means it lies behind / ahead on the
    # track: an airport off the track counts up to this much farther (180° off), so a field the
    # approach merely passes over is not taken for the one it is heading to.
    off_track_penalty_km: float = 10.0
    # Height over distance on a 3° approach and a typical climb-out: a point 1,500 ft above an
    # airport is about 8.7 km from its touchdown, and farther from a field it is not landing at.
    descent_gradient: float = 0.0524
    climb_gradient: float = 0.08
    # Flights with fewer airborne points or a shorter duration are noise, not flights.
    min_points: int = 3
    min_duration_s: float = 60.0
    # An unseen arrival is inferred from the next departure only if reachable at this speed.
    max_inferred_speed_kt: float = 650.0
    # Grid cell (degrees) for the airport proximity join; must exceed the largest radius.
    cell_deg: float = 0.5
