"""Parties to arms transfers: countries as ISO 3166 codes, everyone else by a canonical name.

A party is what a ledger row names as supplier, recipient, financier, routing country, donor or
loser. States resolve to their ISO 3166-1 alpha-2 code (pycountry), States that no longer exist
to the ISO 3166-3 code they held (Soviet Union SU, Czechoslovakia CS, East Germany DD), and
SIPRI's own spellings ("Turkiye", "UAE", "DR Congo") through `data/countries.csv`. SIPRI marks
non-State actors with a trailing `*` ("Hezbollah (Lebanon)*") and international organisations
with `**` ("NATO**"): those keep their name, without the marks, and say what they are in `kind`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from hybridwatch.arms._data import read_rows

KINDS = (
    "state",
    "former_state",
    "unrecognised_state",
    "non_state",
    "international_organisation",
    "unknown",
    "other",  # a name that is none of the above (a company, a typo): kept as written
)


@dataclass(frozen=True)
class Party:
    code: str  # ISO 3166 alpha-2, or the canonical name where there is no code
    name: str  # a readable name: the ISO short name, or the canonical name
    kind: str

    @property
    def is_country(self) -> bool:
        return self.kind in ("state", "former_state")


@cache
def _table() -> dict[str, Party]:
    """Names from data/countries.csv, case-folded, to their party."""
    rows = read_rows("countries.csv")
    first_name: dict[str, str] = {}
    for row in rows:
        first_name.setdefault(row["party"], row["name"])
    table = {}
    for row in rows:
        code, kind = row["party"], row["kind"]
        if kind not in KINDS:
            raise RuntimeError(f"countries.csv: unknown kind {kind!r} for {row['name']!r}")
        current = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        name = _short_name(current) if current is not None else first_name[code]
        table[row["name"].casefold()] = Party(code, name, kind)
    return table


def _short_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


@cache
def resolve(name: str) -> Party | None:
    """The party a name stands for, or None when it is not a known State or marked actor.

    Accepts ISO codes (UA, UKR), names in any case, SIPRI spellings and marks, adjectives used
    in comments ("Danish"), and former States.
    """
    text = " ".join(name.split())
    if not text:
        return None
    known = _table().get(text.casefold())
    if known is not None:
        return known
    if text.endswith("**"):
        base = text.rstrip("*").strip()
        known = _table().get(base.casefold())
        return known or Party(base, base, "international_organisation")
    if text.endswith("*"):
        base = text.rstrip("*").strip()
        return Party(base, base, "non_state")
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        pass
    else:
        return Party(country.alpha_2, _short_name(country), "state")
    try:
        former = pycountry.historic_countries.lookup(text)
    except LookupError:
        return None
    return Party(former.alpha_2, _short_name(former), "former_state")


def party(name: str) -> Party:
    """`resolve(name)`, or the name as written with kind "other" when it resolves to nothing."""
    text = " ".join(name.split())
    return resolve(text) or Party(text, text, "other")


def code_for(name: str) -> str:
    """What a query filter should compare a party column with: the code, else the name."""
    found = resolve(name)
    return found.code if found is not None else " ".join(name.split())


@cache
def _mention_pattern() -> re.Pattern[str]:
    """Every country name, ISO short/official/common name and table entry, longest first."""
    names = {row["name"] for row in read_rows("countries.csv") if row["kind"] != "unknown"}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names.add(value)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@cache
def _adjectives() -> frozenset[str]:
    rows = read_rows("countries.csv")
    return frozenset(row["name"] for row in rows if row["form"] == "adjective")


def match_party(text: str, pos: int) -> tuple[Party, int, bool] | None:
    """The party named exactly at `text[pos:]` (case-sensitive: "US" but not "us"), the position
    after the name, and whether it was named by an adjective ("Danish"); None if no known name
    starts there."""
    found = _mention_pattern().match(text, pos)
    if found is None:
        return None
    resolved = resolve(found.group(0))
    if resolved is None:
        return None
    return resolved, found.end(), found.group(0) in _adjectives()
