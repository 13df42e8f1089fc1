"""Weapon systems under one canonical name, and the category a description belongs to.

The same howitzer is "Zuzana-2" in SIPRI, "3 155mm ShKH Zuzana 2" in Oryx and "Zuzana 2" in the
press. `canonical()` folds a name (case, spacing, hyphens, calibre, Oryx's item number) and
looks it up in `data/systems.csv`; a name the table does not know keeps its own spelling with
the calibre dropped, so that one register's rows still group together. `key()` is the folded
form that queries compare, so "zuzana2", "Zuzana-2" and "ShKH Zuzana 2" all find "Zuzana 2".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from hybridwatch.arms._data import read_rows

CATEGORIES = (
    "artillery",
    "armoured vehicle",
    "aircraft",
    "air defence",
    "missile",
    "ship",
    "engine",
    "sensor",
    "other",
)

_CALIBRE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?mm(?!\w)", re.IGNORECASE)
_ORYX_ITEM = re.compile(r"^\d+\s+(?=\S)")  # "3 155mm ShKH Zuzana 2": the third in Oryx's list
_NOT_ALNUM = re.compile(r"[\W_]+")


def strip_calibre(name: str) -> str:
    return " ".join(_CALIBRE.sub(" ", name).split())


def fold(name: str) -> str:
    """Case, calibre, spacing and punctuation ignored: "ShKH Zuzana-2 155mm" -> "shkhzuzana2"."""
    return _NOT_ALNUM.sub("", strip_calibre(name).casefold())


@cache
def _aliases() -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
    """(exact alias key -> system, [(prefix key, system)] longest first, system -> category)."""
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    category: dict[str, str] = {}
    for row in read_rows("systems.csv"):
        system, alias = row["system"], row["alias"]
        if row["category"] not in CATEGORIES:
            raise RuntimeError(f"systems.csv: unknown category {row['category']!r} for {system}")
        category[system] = row["category"]
        if alias.endswith("*"):
            prefixes.append((fold(alias[:-1]), system))
        else:
            exact[fold(alias)] = system
        exact.setdefault(fold(system), system)
    prefixes.sort(key=lambda p: len(p[0]), reverse=True)
    return exact, prefixes, category


def oryx_item(name: str) -> tuple[int | None, str]:
    """Oryx's item number and the system name after it: "3 155mm ShKH Zuzana 2" -> (3, …)."""
    found = _ORYX_ITEM.match(name.strip())
    if found is None:
        return None, name.strip()
    return int(found.group(0)), name.strip()[found.end() :]


@lru_cache(maxsize=1 << 16)  # registers repeat designations: look each up once
def canonical(name: str) -> str:
    """The canonical system name for a designation as written."""
    text = " ".join(name.split())
    folded = fold(text)
    exact, prefixes, _ = _aliases()
    if folded in exact:
        return exact[folded]
    for prefix, system in prefixes:
        if folded.startswith(prefix):
            return system
    return strip_calibre(text) or text


def key(name: str) -> str:
    """What queries compare: the folded canonical name of any spelling of a system."""
    return fold(canonical(name))


def category_of_system(system: str) -> str | None:
    """The category `data/systems.csv` gives a canonical system, if it lists it."""
    return _aliases()[2].get(system)


_Rules = list[tuple[re.Pattern[str], str]]


@cache
def _category_rules() -> tuple[_Rules, _Rules]:
    armament: _Rules = []
    description: _Rules = []
    for row in read_rows("categories.csv"):
        if row["category"] not in CATEGORIES:
            raise RuntimeError(f"categories.csv: unknown category {row['category']!r}")
        rule = (re.compile(row["pattern"], re.IGNORECASE), row["category"])
        (armament if row["match"] == "armament" else description).append(rule)
    return armament, description


@lru_cache(maxsize=1 << 12)
def category(description: str | None, armament: str | None = None) -> str:
    """The category of a weapon from SIPRI's armament category (when an export gives one) or
    else its description ("self-propelled gun" -> artillery); "other" when nothing matches."""
    armament_rules, description_rules = _category_rules()
    if armament:
        text = " ".join(armament.split())
        for pattern, name in armament_rules:
            if pattern.search(text):
                return name
    if description:
        for pattern, name in description_rules:
            if pattern.search(description):
                return name
    return "other"
