from __future__ import annotations

import itertools
import re

import duckdb
import pytest

from hybridwatch.reference import addresses
from hybridwatch.reference.addresses import country_blocks, country_of


def test_table_has_every_state_in_the_icao_allocation_table() -> None:
    assert len(country_blocks()) >= 185


def test_blocks_are_aligned_powers_of_two() -> None:
    # ICAO allocates blocks of 2^n addresses starting on a multiple of their size (a fixed prefix).
    for block in country_blocks():
        size = block.end - block.start + 1
        assert size >= 1024 and size & (size - 1) == 0, block
        assert block.start % size == 0, block


def test_blocks_do_not_overlap() -> None:
    blocks = country_blocks()
    for before, after in itertools.pairwise(blocks):
        assert before.end < after.start, (before, after)


def test_codes_and_names_are_well_formed() -> None:
    iso2 = [block.iso2 for block in country_blocks()]
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in iso2)
    assert len(set(iso2)) == len(iso2), "one block per State"
    assert all(block.name.strip() == block.name and block.name for block in country_blocks())
    assert all(0 <= block.start <= block.end <= 0xFFFFFF for block in country_blocks())


@pytest.mark.parametrize(
    ("icao24", "iso2"),
    [
        ("600881", "AZ"),  # Azerbaijani Il-76 4K-78129
        ("600800", "AZ"),
        ("600BFF", "AZ"),
        ("6003ff", "AM"),
        ("ae0676", "US"),
        ("a00001", "US"),
        ("4b820f", "TR"),
        ("451e8e", "BG"),
        ("3b7777", "FR"),
        ("39b415", "FR"),
        ("4ca7b1", "IE"),
        ("514000", "GE"),
        ("100000", "RU"),
        ("1fffff", "RU"),
        ("508000", "UA"),
        ("49ffff", "CZ"),
        ("505c00", "SK"),
        ("738000", "IL"),
        ("43ffff", "GB"),
        ("4b0000", "CH"),
        ("3c6444", "DE"),
    ],
)
def test_known_addresses(icao24: str, iso2: str) -> None:
    found = country_of(icao24)
    assert found is not None and found.iso2 == iso2


def test_brief_blocks_exactly() -> None:
    expected = {
        "AM": (0x600000, 0x6003FF),
        "AZ": (0x600800, 0x600BFF),
        "GE": (0x514000, 0x5143FF),
        "BG": (0x450000, 0x457FFF),
        "RU": (0x100000, 0x1FFFFF),
        "US": (0xA00000, 0xAFFFFF),
        "UA": (0x508000, 0x50FFFF),
        "TR": (0x4B8000, 0x4BFFFF),
        "FR": (0x380000, 0x3BFFFF),
        "DE": (0x3C0000, 0x3FFFFF),
        "CZ": (0x498000, 0x49FFFF),
        "SK": (0x505C00, 0x505FFF),
        "IL": (0x738000, 0x73FFFF),
        "GB": (0x400000, 0x43FFFF),
        "CH": (0x4B0000, 0x4B7FFF),
    }
    by_iso = {block.iso2: (block.start, block.end) for block in country_blocks()}
    for iso2, span in expected.items():
        assert by_iso[iso2] == span, iso2


@pytest.mark.parametrize(
    "icao24",
    ["000000", "600400", "600c00", "f00000", "ffffff", "200000", "", "60088", "6008810", "~60088"],
)
def test_unallocated_or_invalid_addresses(icao24: str) -> None:
    assert country_of(icao24) is None


@pytest.mark.parametrize("icao24", ["+60088", "0x6008", "600_88", "6008 1", "zzzzzz"])
def test_strings_int_would_accept_are_rejected(icao24: str) -> None:
    assert country_of(icao24) is None


def test_whitespace_and_case_are_ignored() -> None:
    assert country_of(" 600881 ") == country_of("600881")
    assert country_of("4CA7B1") == country_of("4ca7b1")


def test_block_edges() -> None:
    for block in country_blocks():
        assert country_of(f"{block.start:06x}") == block
        assert country_of(f"{block.end:06x}") == block


def test_arrow_table_joins_in_sql() -> None:
    table = addresses.table()
    assert table.column_names == ["first_address", "last_address", "iso2", "name"]
    assert str(table.schema.field("first_address").type) == "int32"
    assert table.num_rows == len(country_blocks())
    con = duckdb.connect()
    con.register("blocks", table)
    rows = con.execute(
        """
        SELECT a.hex, b.iso2 FROM (VALUES ('600881'), ('4ca7b1'), ('000000')) AS a(hex)
        LEFT JOIN blocks AS b
            ON CAST(('0x' || a.hex) AS INTEGER) BETWEEN b.first_address AND b.last_address
        ORDER BY a.hex
        """
    ).fetchall()
    assert rows == [("000000", None), ("4ca7b1", "IE"), ("600881", "AZ")]
