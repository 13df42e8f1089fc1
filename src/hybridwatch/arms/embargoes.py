"""Multilateral arms embargoes as dated reference data (`data/embargoes.csv`, `data/groups.csv`).

An embargo names its target (an ISO code), whether supplies *to* the target or its exports
(*from*) are embargoed, who imposed it (UN, EU, OSCE), its dates, whether it is legally binding,
and which States it commits: every State for the UN, the Member States of the day for the EU,
the participating States for the OSCE. `categories` narrows an embargo to hybridwatch's
categories where the instrument lists kinds of weapons (the UN Register categories of the
resolutions on North Korea and Iran); empty means all arms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from hybridwatch.arms._data import read_rows
from hybridwatch.arms.systems import CATEGORIES

DIRECTIONS = ("to", "from")
IMPOSERS = ("UN", "EU", "OSCE")


@dataclass(frozen=True)
class Embargo:
    id: str
    target: str
    direction: str
    imposed_by: str
    instrument: str
    start: date
    end: date | None
    binding: bool
    binds: str
    categories: tuple[str, ...]  # empty: all arms
    scope: str
    source: str

    def covers(self, category: str | None) -> bool:
        return not self.categories or category in self.categories

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, start: date, end: date) -> bool:
        """Whether the embargo was in force on any day from `start` to `end`."""
        return self.start <= end and (self.end is None or start <= self.end)

    def years(self, years: list[int]) -> tuple[list[int], list[int]]:
        """Of these delivery years, those wholly inside the embargo and those it only partly
        covers (the year it began or ended: a delivery then may fall outside)."""
        last = self.end.year if self.end else 9999
        inside = [y for y in years if self.start.year < y < last]
        edge = [y for y in years if y in (self.start.year, last)]
        return inside, edge

    def describe(self) -> str:
        until = f"until {self.end.isoformat()}" if self.end else "still in force"
        force = "legally binding" if self.binding else "not legally binding"
        what = "supplies to" if self.direction == "to" else "exports from"
        return (
            f"{self.imposed_by} arms embargo on {what}"
            f" {self.target} ({self.instrument}), from {self.start.isoformat()} {until}; {force}"
        )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


@cache
def embargoes() -> tuple[Embargo, ...]:
    found = []
    for row in read_rows("embargoes.csv"):
        start = _day(row["start"])
        categories = tuple(c.strip() for c in row["categories"].split(";") if c.strip())
        if (
            start is None
            or row["direction"] not in DIRECTIONS
            or row["imposed_by"] not in IMPOSERS
            or row["binding"] not in ("yes", "no")
            or any(c not in CATEGORIES for c in categories)
        ):
            raise RuntimeError(f"embargoes.csv: bad row {row['id']!r}")
        found.append(
            Embargo(
                id=row["id"],
                target=row["target"],
                direction=row["direction"],
                imposed_by=row["imposed_by"],
                instrument=row["instrument"],
                start=start,
                end=_day(row["end"]),
                binding=row["binding"] == "yes",
                binds=row["binds"],
                categories=categories,
                scope=row["scope"],
                source=row["source"],
            )
        )
    return tuple(found)


@cache
def _members() -> dict[str, dict[str, tuple[date | None, date | None]]]:
    groups: dict[str, dict[str, tuple[date | None, date | None]]] = {}
    for row in read_rows("groups.csv"):
        groups.setdefault(row["group"], {})[row["party"]] = (_day(row["joined"]), _day(row["left"]))
    return groups


def bound(embargo: Embargo, party: str, kind: str, year: int) -> bool | None:
    """Whether `party` was committed by the embargo in `year` (a member of the group that imposed
    it); None when that cannot be said (a non-State actor, an unknown supplier)."""
    if kind not in ("state", "former_state"):
        return None
    if embargo.binds == "UN":
        return True
    member = _members().get(embargo.binds, {}).get(party)
    if member is None:
        return False
    joined, left = member
    return (joined is None or joined.year <= year) and (left is None or year <= left.year)


def against(party: str, direction: str) -> list[Embargo]:
    """The embargoes on supplies to (or exports from) a party."""
    return [e for e in embargoes() if e.target == party and e.direction == direction]
