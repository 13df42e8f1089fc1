"""Type-typical performance for simulated flights, by ICAO type designator.

Round figures of the kind published in manufacturers' brochures and flight-planning tables; they
make tracks look like their type (an Il-76 cruising at FL310 and 430 kt, an A320 at FL360 and 450
kt), not fly like it. Speeds are true airspeeds, flown as ground speeds (there is no wind).
A scenario can override cruise level and speed per aircraft.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Performance:
    typecode: str
    description: str  # as registries write it, e.g. "ILYUSHIN Il-76"
    cruise_kt: float
    cruise_ft: float
    climb_fpm: float  # average rate from take-off to cruise
    descent_fpm: float  # from top of descent to 3,000 ft above the destination
    liftoff_kt: float
    approach_kt: float  # at touchdown
    category: str = "A3"  # ADS-B emitter category: A2 small, A3 large, A5 heavy


_P = Performance

_TABLE = (
    # heavy and tactical transports
    _P("IL76", "ILYUSHIN Il-76", 430, 31_000, 1_800, 2_000, 140, 140, "A5"),
    _P("A124", "ANTONOV An-124 Ruslan", 440, 33_000, 1_500, 1_800, 150, 145, "A5"),
    _P("AN12", "ANTONOV An-12", 310, 25_000, 1_200, 1_500, 125, 125, "A3"),
    _P("AN26", "ANTONOV An-26", 235, 20_000, 1_100, 1_200, 110, 110, "A3"),
    _P("C17", "BOEING C-17 Globemaster 3", 450, 32_000, 2_000, 2_500, 125, 130, "A5"),
    _P("A400", "AIRBUS A-400M Atlas", 400, 31_000, 1_800, 2_000, 120, 125, "A5"),
    _P("C130", "LOCKHEED C-130 Hercules", 290, 24_000, 1_500, 1_500, 115, 120, "A3"),
    _P("C30J", "LOCKHEED-MARTIN C-130J Hercules", 320, 26_000, 1_800, 1_800, 115, 120, "A3"),
    _P("C295", "AIRBUS C-295", 260, 22_000, 1_300, 1_500, 110, 110, "A3"),
    _P("K35R", "BOEING KC-135R Stratotanker", 460, 33_000, 2_000, 2_200, 150, 145, "A5"),
    # narrowbody airliners
    _P("A319", "AIRBUS A-319", 450, 37_000, 2_600, 2_200, 140, 135),
    _P("A320", "AIRBUS A-320", 450, 36_000, 2_500, 2_200, 145, 140),
    _P("A20N", "AIRBUS A-320neo", 450, 37_000, 2_500, 2_200, 145, 140),
    _P("A321", "AIRBUS A-321", 450, 35_000, 2_300, 2_200, 150, 145),
    _P("A21N", "AIRBUS A-321neo", 450, 36_000, 2_300, 2_200, 150, 145),
    _P("B737", "BOEING 737-700", 450, 37_000, 2_600, 2_200, 145, 135),
    _P("B738", "BOEING 737-800", 450, 36_000, 2_500, 2_200, 150, 145),
    _P("B38M", "BOEING 737 MAX 8", 450, 37_000, 2_500, 2_200, 150, 145),
    _P("B752", "BOEING 757-200", 460, 37_000, 2_800, 2_500, 145, 135),
    _P("E190", "EMBRAER ERJ-190", 440, 35_000, 2_500, 2_200, 135, 130),
    _P("E195", "EMBRAER ERJ-195", 440, 35_000, 2_400, 2_200, 140, 135),
    _P("CRJ9", "BOMBARDIER CRJ-900", 440, 35_000, 2_500, 2_200, 140, 135),
    # turboprops
    _P("AT72", "ATR 72", 275, 23_000, 1_300, 1_500, 110, 110),
    _P("AT76", "ATR 72-600", 275, 24_000, 1_400, 1_500, 110, 110),
    _P("DH8D", "DE HAVILLAND DHC-8-400 Dash 8", 340, 25_000, 1_800, 1_800, 120, 120),
    # widebodies
    _P("A310", "AIRBUS A-310", 460, 35_000, 2_200, 2_200, 150, 140, "A5"),
    _P("A332", "AIRBUS A-330-200", 470, 37_000, 2_000, 2_200, 150, 140, "A5"),
    _P("A333", "AIRBUS A-330-300", 470, 37_000, 2_000, 2_200, 150, 140, "A5"),
    _P("A359", "AIRBUS A-350-900", 490, 39_000, 2_200, 2_200, 150, 140, "A5"),
    _P("B763", "BOEING 767-300", 470, 36_000, 2_200, 2_200, 155, 145, "A5"),
    _P("B772", "BOEING 777-200", 490, 37_000, 2_000, 2_200, 160, 150, "A5"),
    _P("B77W", "BOEING 777-300ER", 490, 37_000, 2_000, 2_200, 165, 155, "A5"),
    _P("B788", "BOEING 787-8 Dreamliner", 490, 39_000, 2_200, 2_200, 155, 145, "A5"),
    _P("B789", "BOEING 787-9 Dreamliner", 490, 39_000, 2_200, 2_200, 155, 145, "A5"),
    _P("B744", "BOEING 747-400", 490, 35_000, 1_800, 2_200, 165, 155, "A5"),
    _P("B748", "BOEING 747-8", 490, 36_000, 1_800, 2_200, 165, 155, "A5"),
    # business jets
    _P("GLF5", "GULFSTREAM G-V", 480, 43_000, 3_500, 3_000, 130, 125, "A2"),
    _P("GLF6", "GULFSTREAM G650", 490, 45_000, 3_500, 3_000, 130, 125, "A2"),
    _P("GLEX", "BOMBARDIER Global Express", 480, 43_000, 3_500, 3_000, 130, 125, "A2"),
    _P("CL60", "BOMBARDIER Challenger 600", 450, 41_000, 3_000, 2_800, 125, 125, "A2"),
    _P("F900", "DASSAULT Falcon 900", 470, 41_000, 3_500, 3_000, 120, 115, "A2"),
    _P("FA7X", "DASSAULT Falcon 7X", 470, 43_000, 3_500, 3_000, 120, 115, "A2"),
    _P("C68A", "CESSNA 680A Citation Latitude", 440, 43_000, 3_500, 3_000, 115, 115, "A2"),
    _P("LJ45", "LEARJET 45", 440, 43_000, 4_000, 3_000, 125, 125, "A2"),
)

PERFORMANCE: dict[str, Performance] = {p.typecode: p for p in _TABLE}

# For a type missing from the table whose scenario entry gives cruise level and speed.
_GENERIC = Performance("ZZZZ", "", 440, 35_000, 2_200, 2_200, 140, 135)

# What background traffic flies when the scenario does not say: the region's common airliners.
COMMON_AIRLINERS = ("A320", "B738", "A321", "A20N", "B38M", "A319", "E190", "AT72", "CRJ9")


def known_types() -> list[str]:
    return sorted(PERFORMANCE)


def performance(
    typecode: str, cruise_ft: float | None = None, cruise_kt: float | None = None
) -> Performance | None:
    """The type's figures with the overrides applied; None for an unknown type without both."""
    base = PERFORMANCE.get(typecode.upper())
    if base is None:
        if cruise_ft is None or cruise_kt is None:
            return None
        base = replace(_GENERIC, typecode=typecode.upper())
    return replace(
        base,
        cruise_ft=base.cruise_ft if cruise_ft is None else cruise_ft,
        cruise_kt=base.cruise_kt if cruise_kt is None else cruise_kt,
    )
