"""Callsigns that mark a flight as military or State.

Air arms and State flight units hold designators of their own (`RCH` for US Air Mobility
Command, `RFF` for the Russian Aerospace Forces), so their callsigns mark a flight as military or
State whatever its transponder address says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pyarrow as pa

from hybridwatch.reference._data import read_rows
from hybridwatch.reference.callsigns import normalise

Kind = Literal["military", "state"]

# What may follow the prefix: an ICAO flight number, or the bare digits US VIP and NATO use.
_TAILS = {"icao": "[0-9][A-Z0-9]{0,3}", "digits": "[0-9]{1,5}"}


@dataclass(frozen=True)
class CallsignMatch:
    """A callsign prefix held by an air arm or State flight unit."""

    prefix: str
    operator: str
    telephony: str
    iso2: str | None  # None for multinational operators (NATO)
    kind: Kind
    pattern: str  # the whole callsign, anchored, e.g. ^RCH[0-9][A-Z0-9]{0,3}$


def _kind(text: str) -> Kind:
    if text == "military":
        return "military"
    if text == "state":
        return "state"
    raise ValueError(f"state_callsigns.csv: kind {text!r} is neither military nor state")


@cache
def state_callsigns() -> dict[str, CallsignMatch]:
    """Prefix -> what it marks."""
    return {
        row["prefix"]: CallsignMatch(
            prefix=row["prefix"],
            operator=row["operator"],
            telephony=row["telephony"],
            iso2=row["iso2"] or None,
            kind=_kind(row["kind"]),
            pattern=f"^{re.escape(row['prefix'])}{_TAILS[row['tail']]}$",
        )
        for row in read_rows("state_callsigns.csv")
    }


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def state_callsign(callsign: str) -> CallsignMatch | None:
    """The air arm or State unit whose prefix the callsign carries, followed by a flight number."""
    text = normalise(callsign)
    # Four-letter prefixes (NATO, SPAR) before three-letter ones.
    for length in (4, 3):
        match = state_callsigns().get(text[:length])
        if match is not None and _compiled(match.pattern).fullmatch(text):
            return match
    return None


def table() -> pa.Table:
    """The prefixes as Arrow (`prefix, pattern, operator, telephony, iso2, kind`).

    `pattern` is anchored, so `regexp_matches(callsign, pattern)` in SQL tests the whole callsign
    (upper-case, trimmed) as `state_callsign` does.
    """
    matches = list(state_callsigns().values())
    return pa.table(
        {
            "prefix": [m.prefix for m in matches],
            "pattern": [m.pattern for m in matches],
            "operator": [m.operator for m in matches],
            "telephony": [m.telephony for m in matches],
            "iso2": [m.iso2 for m in matches],
            "kind": [m.kind for m in matches],
        }
    )
