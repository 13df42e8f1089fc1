from __future__ import annotations

import re

import duckdb
import pytest

from hybridwatch.reference import state_callsigns
from hybridwatch.reference.callsigns import designator
from hybridwatch.reference.state_callsigns import state_callsign


@pytest.mark.parametrize(
    ("callsign", "expected"),
    [
        ("RYR1234", "RYR"),
        ("AFR123", "AFR"),
        ("DLH4AB", "DLH"),
        ("THY1", "THY"),
        ("AHY123", "AHY"),
        ("BAW12", "BAW"),
        ("EZY12XY", "EZY"),
        ("AZQ4025", "AZQ"),
        ("RCH285", "RCH"),
        ("ahy8  ", "AHY"),  # ADS-B pads callsigns; case is not significant
        ("  UAE9W", "UAE"),
        ("SAM44", "SAM"),
    ],
)
def test_designator_of_icao_callsigns(callsign: str, expected: str) -> None:
    assert designator(callsign) == expected


@pytest.mark.parametrize(
    "callsign",
    [
        "DABCD",  # German registration
        "N123AB",  # US registration
        "GABCD",
        "4KAZ77",  # Azerbaijani registration
        "HBJXA",
        "CFWEX",
        "JA123A",
        "UR82072",
        "B18901",
        "NATO01",  # four letters: not a designator
        "SPAR19",
        "RYR",  # no flight number
        "RYR12345",  # longer than a flight plan allows
        "RY1234",
        "RYR-123",
        "RYR 123",
        "ABCD123",
        "123ABC",
        "",
        "        ",
        "????????",
        "RÉS123",
    ],
)
def test_designator_rejects_registrations_and_garbage(callsign: str) -> None:
    assert designator(callsign) is None


@pytest.mark.parametrize("callsign", ["RYR1234", "AFR123", "DLH4AB", "THY1", "AHY123", "BAW12"])
def test_airline_callsigns_are_not_state(callsign: str) -> None:
    assert state_callsign(callsign) is None


@pytest.mark.parametrize(
    ("callsign", "iso2", "kind"),
    [
        ("RCH123", "US", "military"),
        ("rch4ab ", "US", "military"),
        ("RRR2301", "GB", "military"),
        ("CFC3050", "CA", "military"),
        ("GAF681", "DE", "military"),
        ("IAM1450", "IT", "military"),
        ("FAF0123", "FR", "military"),
        ("CTM2002", "FR", "military"),
        ("BAF616", "BE", "military"),
        ("NAF51", "NL", "military"),
        ("PLF105", "PL", "military"),
        ("ASY391", "AU", "military"),
        ("HVK121", "TR", "military"),
        ("RFF7061", "RU", "military"),
        ("RSD369", "RU", "state"),
        ("SAM44", "US", "state"),
        ("SPAR19", "US", "state"),
        ("NATO01", None, "military"),
    ],
)
def test_state_callsigns(callsign: str, iso2: str | None, kind: str) -> None:
    found = state_callsign(callsign)
    assert found is not None
    assert (found.iso2, found.kind) == (iso2, kind)


@pytest.mark.parametrize(
    "callsign",
    ["RCH", "RCHX12", "RCH12345", "SAMBA1", "SAM", "SPARKY", "NATOX1", "NATO123456", "GAFA", "RC"],
)
def test_prefix_alone_or_wrong_tail_is_not_a_match(callsign: str) -> None:
    assert state_callsign(callsign) is None


def test_table_well_formed() -> None:
    matches = list(state_callsigns.state_callsigns().values())
    assert len(matches) >= 30
    for m in matches:
        assert re.fullmatch(r"[A-Z]{3,4}", m.prefix), m
        assert m.kind in ("military", "state")
        assert m.iso2 is None or re.fullmatch(r"[A-Z]{2}", m.iso2), m
        assert m.operator, m
        re.compile(m.pattern)


def test_patterns_match_the_same_way_in_sql() -> None:
    con = duckdb.connect()
    con.register("ref", state_callsigns.table())
    callsigns = ["RCH123", "RYR1234", "SPAR19", "NATO01", "SAMBA1", "HVK121", "BAW12"]
    rows = con.execute(
        """
        SELECT c.cs, r.prefix FROM unnest($cs) AS c(cs)
        LEFT JOIN ref AS r ON regexp_matches(c.cs, r.pattern)
        ORDER BY c.cs
        """,
        {"cs": callsigns},
    ).fetchall()
    expected = {cs: (m.prefix if (m := state_callsign(cs)) else None) for cs in callsigns}
    assert dict(rows) == expected
    assert len(rows) == len(callsigns), "no callsign matches two patterns"
