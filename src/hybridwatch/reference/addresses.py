"""Which State an ICAO 24-bit aircraft address belongs to.

Every transponder address lies in a block that ICAO allocated to one State (Annex 10, Vol. III,
Chapter 9), so the address alone names the State of registry even when no registry lists the
aircraft.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from typing import Protocol, TypeVar

import pyarrow as pa

from hybridwatch.reference._data import parse_address, read_rows


@dataclass(frozen=True)
class Country:
    """A State's address block: ISO 3166-1 alpha-2 code, ICAO name, first and last address."""

    iso2: str
    name: str
    start: int
    end: int


class _Range(Protocol):
    @property
    def iso2(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


R = TypeVar("R", bound=_Range)  # Country or military.MilitaryRange


def find_range(ranges: tuple[R, ...], starts: tuple[int, ...], icao24: str) -> R | None:
    """The range holding `icao24`: the last one starting at or below it, if it ends above it."""
    address = parse_address(icao24)
    if address is None:
        return None
    i = bisect.bisect_right(starts, address) - 1
    if i >= 0 and address <= ranges[i].end:
        return ranges[i]
    return None


@cache
def country_blocks() -> tuple[Country, ...]:
    """The ICAO allocation table, sorted by first address."""
    return tuple(
        sorted(
            (
                Country(row["iso2"], row["name"], int(row["start"], 16), int(row["end"], 16))
                for row in read_rows("icao_address_blocks.csv")
            ),
            key=lambda block: block.start,
        )
    )


@cache
def _country_starts() -> tuple[int, ...]:
    return tuple(block.start for block in country_blocks())


def country_of(icao24: str) -> Country | None:
    """The State whose block holds the address (hex, any case); None if unallocated or invalid."""
    return find_range(country_blocks(), _country_starts(), icao24)


def ranges_table(ranges: tuple[R, ...], label: str) -> pa.Table:
    """Address ranges as Arrow (`first_address, last_address, iso2, <label>`) for SQL joins on
    `address BETWEEN first_address AND last_address`; INTEGER holds every 24-bit address."""
    return pa.table(
        {
            "first_address": pa.array([r.start for r in ranges], pa.int32()),
            "last_address": pa.array([r.end for r in ranges], pa.int32()),
            "iso2": [r.iso2 for r in ranges],
            label: [getattr(r, label) for r in ranges],
        }
    )


def table() -> pa.Table:
    """The allocation table as Arrow (`first_address, last_address, iso2, name`)."""
    return ranges_table(country_blocks(), "name")
