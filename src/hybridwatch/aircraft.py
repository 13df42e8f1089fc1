"""Aircraft identity as the case's registries state it."""

from __future__ import annotations

import re
from typing import Any

from hybridwatch.case import Case
from hybridwatch.errors import HybridwatchError

_FIELDS = ("registration", "typecode", "description", "operator", "built", "military")


def normalise_registration(text: str) -> str:
    """Registrations compare without case, spaces or dashes: 4K-78129 == 4k78129."""
    return re.sub(r"[\s-]", "", text).upper()


def lookup(case: Case, key: str) -> list[dict[str, Any]]:
    """Every aircraft whose address or registration is `key`, merged across registries.

    Each attribute takes the value of the most recently ingested source that states it and names
    that source; `records` keeps what every source said.
    """
    rows = case.con.execute(
        """
        SELECT a.icao24, a.registration, a.typecode, a.description, a.operator, a.built,
               a.military, a.source_id, a.locator, s.path, s.reliability || s.credibility
        FROM aircraft a JOIN sources s ON s.id = a.source_id
        WHERE a.icao24 = lower(trim($key))
           OR upper(regexp_replace(a.registration, '[\\s-]', '', 'g')) = $reg
        ORDER BY a.icao24, a.source_id DESC
        """,
        {"key": key, "reg": normalise_registration(key)},
    ).fetchall()
    merged: dict[str, dict[str, Any]] = {}
    for icao24, *values, source_id, locator, path, grade in rows:
        record = dict(zip(_FIELDS, values, strict=True))
        entry = merged.setdefault(icao24, {"icao24": icao24, "records": []})
        for name, value in record.items():
            if value is not None and name not in entry:
                entry[name] = value
                entry[f"{name}_source"] = source_id
        entry["records"].append(
            {"source_id": source_id, "source": path, "grade": grade, "locator": locator, **record}
        )
    return [
        {
            "icao24": entry["icao24"],
            **{name: entry.get(name) for name in _FIELDS},
            "attribute_sources": {n: entry[f"{n}_source"] for n in _FIELDS if n in entry},
            "records": entry["records"],
        }
        for entry in merged.values()
    ]


def show(case: Case, key: str) -> list[dict[str, Any]]:
    found = lookup(case, key)
    if not found:
        raise HybridwatchError(f"no aircraft with address or registration {key!r} in this case")
    return found
