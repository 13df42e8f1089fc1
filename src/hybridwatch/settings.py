"""`case.toml`: the analyst-editable part of a case (name, settings, watchlists)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hybridwatch.errors import InputError

WATCHLIST_KEYS = ("aircraft", "operators", "countries", "types", "airports")

TEMPLATE = """\
# hybridwatch case file: edit freely; hybridwatch reads it on every command.

[case]
name = {name}
created = {created}

[settings]
# Grade given to a source when `ingest --grade` is not used and its reader has no default.
default_grade = "F6"

[watchlists]
# ICAO 24-bit addresses (hex) or registrations, e.g. ["600881", "4K-78129"]
aircraft = []
# Operator names or ICAO airline designators, e.g. ["AZF"]
operators = []
# ISO 3166-1 alpha-2 country codes, e.g. ["AZ"]
countries = []
# ICAO type designators, e.g. ["IL76", "A124"]
types = []
# ICAO airport codes, e.g. ["LBBG", "UBBB"]
airports = []
"""


@dataclass
class Watchlists:
    aircraft: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    airports: list[str] = field(default_factory=list)


@dataclass
class Settings:
    name: str
    created: datetime
    default_grade: str = "F6"
    watchlists: Watchlists = field(default_factory=Watchlists)


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
        watchlists=Watchlists(**{key: _string_list(path, lists, key) for key in WATCHLIST_KEYS}),
    )
