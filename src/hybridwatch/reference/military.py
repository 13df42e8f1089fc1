"""Address ranges that States keep for military or other State aircraft only.

An address in such a range marks the aircraft as military whatever its callsign or registry
entry says; an address outside every range says nothing, since many air arms take addresses
from the civil part of their State's block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from hybridwatch.reference._data import read_rows
from hybridwatch.reference.addresses import find_range, ranges_table


@dataclass(frozen=True)
class MilitaryRange:
    """Addresses a State uses only for military or State aircraft, and the basis for saying so."""

    iso2: str
    note: str
    start: int
    end: int


@cache
def military_ranges() -> tuple[MilitaryRange, ...]:
    """The military-only ranges, sorted by first address."""
    return tuple(
        sorted(
            (
                MilitaryRange(row["iso2"], row["note"], int(row["start"], 16), int(row["end"], 16))
                for row in read_rows("military_address_ranges.csv")
            ),
            key=lambda block: block.start,
        )
    )


@cache
def _military_starts() -> tuple[int, ...]:
    return tuple(block.start for block in military_ranges())


def military_range_of(icao24: str) -> MilitaryRange | None:
    """The military-only range holding the address, if any.

    None says only that the address is in no known military range: many air arms take their
    addresses from the civil part of their State's block (e.g. Azerbaijan's Il-76 4K-78129).
    """
    return find_range(military_ranges(), _military_starts(), icao24)


def table() -> pa.Table:
    """The military-only ranges as Arrow (`first_address, last_address, iso2, note`)."""
    return ranges_table(military_ranges(), "note")
