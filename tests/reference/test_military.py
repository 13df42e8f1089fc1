from __future__ import annotations

import itertools
import re

import pytest

from hybridwatch.reference import military
from hybridwatch.reference.addresses import country_of
from hybridwatch.reference.military import military_range_of, military_ranges


def test_ranges_do_not_overlap() -> None:
    ranges = military_ranges()
    assert len(ranges) >= 30
    for before, after in itertools.pairwise(ranges):
        assert before.end < after.start, (before, after)


def test_each_range_lies_inside_its_states_block() -> None:
    for r in military_ranges():
        first, last = country_of(f"{r.start:06x}"), country_of(f"{r.end:06x}")
        assert first is not None and first == last and first.iso2 == r.iso2, r


def test_each_range_states_its_basis() -> None:
    for r in military_ranges():
        assert re.fullmatch(r"[A-Z]{2}", r.iso2), r
        assert re.search(r"published|registry evidence|N-number", r.note), r
        assert re.search(r"registry \d+/\d+ military|registry evidence: \d+/\d+ military", r.note)


@pytest.mark.parametrize(
    ("icao24", "iso2"),
    [
        ("ae0676", "US"),  # USAF C-17
        ("adf7c8", "US"),
        ("afffff", "US"),
        ("3b7777", "FR"),  # French Air Force tanker
        ("43c5e1", "GB"),
        ("4b820f", "TR"),
        ("3f8000", "DE"),
        ("c2a000", "CA"),
    ],
)
def test_known_military_addresses(icao24: str, iso2: str) -> None:
    found = military_range_of(icao24)
    assert found is not None and found.iso2 == iso2


@pytest.mark.parametrize(
    "icao24",
    [
        "adf7c7",  # N99999, the last civil US address
        "a00001",  # N1
        "39b415",  # French civil (calibration aircraft)
        "600881",  # Azerbaijani Il-76: military, but its address is not in a military range
        "3c6444",  # D-AIBD, Lufthansa
        "4ca7b1",
        "zzzzzz",
    ],
)
def test_addresses_outside_military_ranges(icao24: str) -> None:
    assert military_range_of(icao24) is None


def test_arrow_table() -> None:
    table = military.table()
    assert table.column_names == ["first_address", "last_address", "iso2", "note"]
    assert table.num_rows == len(military_ranges())
    assert table.column("first_address").to_pylist() == [r.start for r in military_ranges()]
