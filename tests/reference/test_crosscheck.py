"""The reference tables checked against a real aircraft registry (tar1090-db, Mictronics).

The registry lists ~619,000 aircraft by address with their registration, type and a military
flag; the tables here were written independently, so agreement validates them.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

from hybridwatch.reference.addresses import country_of
from hybridwatch.reference.aircraft_types import type_classes
from hybridwatch.reference.military import military_range_of, military_ranges
from hybridwatch.reference.state_callsigns import state_callsigns

Entry = tuple[str, str, str]  # registration, typecode, flags

# Registrations whose nationality mark leaves no doubt about the State of registry.
NATIONALITY_MARKS = {
    "4K-": "AZ",
    "LZ-": "BG",
    "D-": "DE",
    "F-": "FR",
    "G-": "GB",
    "RA-": "RU",
    "UR-": "UA",
    "OK-": "CZ",
    "OM-": "SK",
    "TC-": "TR",
    "4X-": "IL",
    "HB-": "CH",
}
US_CIVIL = re.compile(r"N[1-9][0-9]{0,4}[A-Z]{0,2}")
# A civil registration: a nationality mark, a dash and letters (G-ABCD, 4K-AZA), or an N-number.
# The French State series F-Z... is State aircraft, not civil.
CIVIL = re.compile(r"(?!F-Z)[A-Z0-9]{1,2}-[A-Z]{3,4}|N[1-9][0-9]{0,4}[A-Z]{0,2}")


@cache
def registry(folder: Path) -> dict[str, Entry]:
    """Address -> (registration, typecode, flags) from every hex-named shard."""
    entries: dict[str, Entry] = {}
    for shard in sorted((folder / "db").glob("*.js")):
        if not re.fullmatch(r"[0-9A-Fa-f]+", shard.stem):
            continue  # operators.js, icao_aircraft_types.js, ...
        data = json.loads(gzip.decompress(shard.read_bytes()))
        for key, value in data.items():
            if key == "children":
                continue
            registration, typecode, flags = [*value, None, None, None][:3]
            entries[(shard.stem + key).lower()] = (registration or "", typecode or "", flags or "")
    return entries


def tar1090(shared_data: Path) -> dict[str, Entry]:
    return registry(shared_data / "aircraft" / "tar1090-db")


def _iso_of_registration(registration: str) -> str | None:
    if US_CIVIL.fullmatch(registration):
        return "US"
    for mark, iso2 in NATIONALITY_MARKS.items():
        if registration.startswith(mark):
            return iso2
    return None


def _military(flags: str) -> bool:
    return flags[:1] == "1"


def test_national_registrations_fall_in_their_states_block(shared_data: Path) -> None:
    seen: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    for icao24, (registration, _, _) in tar1090(shared_data).items():
        iso2 = _iso_of_registration(registration)
        if iso2 is None:
            continue
        seen[iso2] += 1
        found = country_of(icao24)
        if found is not None and found.iso2 == iso2:
            agreed[iso2] += 1
    assert set(seen) == {*NATIONALITY_MARKS.values(), "US"}
    shares = {iso2: agreed[iso2] / seen[iso2] for iso2 in seen}
    low = {iso2: f"{share:.3f} of {seen[iso2]}" for iso2, share in shares.items() if share < 0.97}
    assert not low, f"registrations outside their State's block: {low}"


def test_azerbaijani_il76_is_azerbaijani(shared_data: Path) -> None:
    registration, typecode, flags = tar1090(shared_data)["600881"]
    assert (registration, typecode) == ("4K-78129", "IL76") and _military(flags)
    found = country_of("600881")
    assert found is not None and found.iso2 == "AZ"


def test_military_ranges_hold_military_aircraft(shared_data: Path) -> None:
    entries = tar1090(shared_data)
    military = [icao24 for icao24, (_, _, flags) in entries.items() if _military(flags)]
    covered = sum(1 for icao24 in military if military_range_of(icao24) is not None)
    # Many air arms use addresses from their State's civil block, so coverage is partial; this
    # guards against losing ranges, not a target.
    assert covered / len(military) >= 0.70, f"{covered} of {len(military)} military covered"

    in_ranges = Counter[str]()
    civil = Counter[str]()
    for icao24, (registration, _, flags) in entries.items():
        found = military_range_of(icao24)
        if found is None:
            continue
        key = f"{found.start:06X}"
        in_ranges[key] += 1
        if not _military(flags) and CIVIL.fullmatch(registration):
            civil[key] += 1
    total_civil, total = sum(civil.values()), sum(in_ranges.values())
    assert total_civil / total <= 0.02, f"{total_civil} of {total} in military ranges are civil"
    # No single range may be mostly a civil one either.
    bad = {k: f"{civil[k]}/{in_ranges[k]}" for k in in_ranges if civil[k] > 0.15 * in_ranges[k]}
    assert not bad, f"ranges with many civil registrations: {bad}"
    assert all(in_ranges[f"{r.start:06X}"] > 0 for r in military_ranges()), "every range is used"


def test_type_designators_are_icao_designators(shared_data: Path) -> None:
    path = shared_data / "aircraft" / "tar1090-db" / "icao_aircraft_types.json"
    known: dict[str, dict[str, str]] = json.loads(path.read_text())
    classes = type_classes()
    assert sorted(set(classes) - set(known)) == []
    # The description's first letter is the kind of aircraft: H helicopter, R tiltrotor (V22).
    for code, cls in classes.items():
        kind = known[code]["desc"][0]
        assert (kind == "H") == (cls == "helicopter"), code
        assert (kind == "R") == (cls == "tiltrotor"), code


def test_state_callsign_designators_are_registered_operators(shared_data: Path) -> None:
    path = shared_data / "aircraft" / "tar1090-db" / "db" / "operators.js"
    operators: dict[str, dict[str, str]] = json.loads(gzip.decompress(path.read_bytes()))
    for prefix in state_callsigns():
        if len(prefix) != 3:
            continue  # SPAR, NATO: callsigns, not designators
        assert prefix in operators, prefix
        assert not re.search(r"airline|airways", operators[prefix]["n"], re.I), prefix
