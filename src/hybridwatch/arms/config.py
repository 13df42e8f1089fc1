"""The `[arms]` table of `case.toml`: protected and watched parties, and the indicators' thresholds.

Parties are accepted as ISO codes or names in any spelling `hybridwatch.arms.countries` knows
("UA", "Ukraine", "Azerbaijan", "Czech Republic") and stored as codes. A value that is not what
it should be is a one-line `InputError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hybridwatch.errors import InputError


@dataclass(frozen=True)
class ArmsSettings:
    protected: tuple[str, ...] = ()  # party codes
    watched: tuple[str, ...] = ()
    lag_years: float = 1.0
    min_ratio: float = 0.5
    as_of: int | None = None  # None: the year after the last one the ledger covers
    flight_window_days: float = 30.0
    min_score: float = 0.3


# key -> (lowest, highest) allowed
_RANGES = {
    "lag_years": (0.0, 100.0),
    "min_ratio": (0.0, 1.0),
    "as_of": (1900.0, 2100.0),
    "flight_window_days": (0.0, 3650.0),
    "min_score": (0.0, 1.0),
}


def _number(path: Path, table: dict[str, Any], key: str) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, f"arms.{key} must be a number")
    low, high = _RANGES[key]
    if not low <= value <= high:
        raise InputError(path, f"arms.{key} must be between {low:g} and {high:g}, not {value:g}")
    return float(value)


def _parties(path: Path, table: dict[str, Any], key: str) -> tuple[str, ...]:
    from hybridwatch.arms import countries  # pycountry: loaded only when a case names parties

    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f'arms.{key} must be a list of ISO codes or names, e.g. ["UA"]')
    codes: list[str] = []
    for name in value:
        party = countries.resolve(name)
        if party is None:
            raise InputError(
                path,
                f"arms.{key}: {' '.join(name.split())!r} is not a country or party hybridwatch"
                " knows (an ISO code such as UA, or a name such as Ukraine)",
            )
        if party.code not in codes:
            codes.append(party.code)
    return tuple(codes)


def parse_arms(path: Path, table: object) -> ArmsSettings:
    """The `[arms]` table (`{}` when the file has none) as settings, defaults filled in."""
    if not isinstance(table, dict):
        raise InputError(path, "[arms] must be a table")
    unknown = sorted(set(table) - {"protected", "watched", *_RANGES})
    if unknown:
        raise InputError(path, f"arms.{unknown[0]} is not a setting hybridwatch knows")
    numbers = {key: _number(path, table, key) for key in _RANGES}
    as_of = numbers["as_of"]
    if as_of is not None and as_of != int(as_of):
        raise InputError(path, f"arms.as_of must be a year such as 2025, not {as_of:g}")
    protected = _parties(path, table, "protected")
    watched = _parties(path, table, "watched")
    both = [code for code in protected if code in watched]
    if both:
        raise InputError(path, f"arms: {', '.join(both)} cannot be both protected and watched")
    defaults = ArmsSettings()

    def number(key: str) -> float:
        value = numbers[key]
        return float(getattr(defaults, key)) if value is None else value

    return ArmsSettings(
        protected=protected,
        watched=watched,
        lag_years=number("lag_years"),
        min_ratio=number("min_ratio"),
        as_of=None if as_of is None else int(as_of),
        flight_window_days=number("flight_window_days"),
        min_score=number("min_score"),
    )
