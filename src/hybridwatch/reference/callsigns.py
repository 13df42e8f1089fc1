"""The operator an ICAO-format callsign names.

An ICAO-format callsign is the operator's three-letter designator and a flight number
(`AHY123`, `RYR12XY`); light and private aircraft fly under their registration instead (`DABCD`,
`N123AB`), which names no operator.
"""

from __future__ import annotations

import re

# Designator, then a flight number that starts with a digit; 7 characters at most, as flight
# plans carry them. The digit is what tells `ABC1234` from a registration such as `GABCD`.
_ICAO_CALLSIGN = re.compile(r"([A-Z]{3})[0-9][A-Z0-9]{0,3}")


def normalise(callsign: str) -> str:
    """Callsigns compare upper-case without padding: ADS-B pads them to eight characters."""
    return callsign.strip().upper()


def designator(callsign: str) -> str | None:
    """The ICAO operator designator of an ICAO-format callsign; None for registrations and junk."""
    found = _ICAO_CALLSIGN.fullmatch(normalise(callsign))
    return found.group(1) if found else None
