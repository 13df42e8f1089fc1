from __future__ import annotations

import re

import pytest

from hybridwatch.reference import aircraft_types
from hybridwatch.reference.aircraft_types import CLASSES, type_class, type_classes

REFERENCE_CASE_TYPES = {
    "IL76": "heavy-transport",
    "A320": "airliner-narrowbody",
    "A319": "airliner-narrowbody",
    "A321": "airliner-narrowbody",
    "B738": "airliner-narrowbody",
    "B739": "airliner-narrowbody",
    "B752": "airliner-narrowbody",
    "B763": "airliner-widebody",
    "B788": "airliner-widebody",
    "A332": "airliner-widebody",
    "A359": "airliner-widebody",
    "GLF5": "business-jet",
    "GLF6": "business-jet",
    "C17": "heavy-transport",
    "A400": "heavy-transport",
    "C130": "heavy-transport",
    "C30J": "heavy-transport",
    "AN12": "heavy-transport",
    "A124": "heavy-transport",
}


@pytest.mark.parametrize(("typecode", "expected"), sorted(REFERENCE_CASE_TYPES.items()))
def test_reference_case_types(typecode: str, expected: str) -> None:
    assert type_class(typecode) == expected


@pytest.mark.parametrize("typecode", ["AN22", "A225", "Y20", "C5M", "E390", "KC2"])
def test_other_heavy_transports(typecode: str) -> None:
    assert type_class(typecode) == "heavy-transport"


def test_lookup_ignores_case_and_padding() -> None:
    assert type_class(" il76 ") == "heavy-transport"
    assert type_class("K35R") == "tanker"
    assert type_class("H60") == "helicopter"


@pytest.mark.parametrize("typecode", ["", "ZZZZ", "XXXX", "IL-76"])
def test_unknown_types(typecode: str) -> None:
    assert type_class(typecode) is None


def test_table_well_formed() -> None:
    classes = type_classes()
    assert len(classes) >= 250
    assert set(classes.values()) <= set(CLASSES)
    assert set(CLASSES) == set(classes.values()), "every class is used"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]{1,3}", code) for code in classes)
    table = aircraft_types.table()
    assert table.column_names == ["typecode", "class"]
    assert table.num_rows == len(classes)


def test_csv_has_no_duplicate_designators() -> None:
    from hybridwatch.reference._data import read_rows

    rows = read_rows("aircraft_type_classes.csv")
    assert len(rows) == len({row["typecode"] for row in rows})
