"""Weapon systems under canonical names; categories from descriptions."""

from __future__ import annotations

import pytest

from hybridwatch.arms.systems import canonical, category, category_of_system, key, oryx_item


@pytest.mark.parametrize(
    ("written", "system"),
    [
        ("Zuzana-2", "Zuzana 2"),
        ("Zuzana 2", "Zuzana 2"),
        ("ShKH Zuzana 2", "Zuzana 2"),
        ("155mm ShKH Zuzana 2", "Zuzana 2"),
        ("zuzana2", "Zuzana 2"),
        ("Zuzana 155mm", "Zuzana"),  # the older Zuzana is another system
        ("DITA", "DITA"),
        ("155mm DITA", "DITA"),
        ("Dita", "DITA"),
        ("RM-70 122mm", "RM-70"),
        ("122mm RM-70", "RM-70"),
        ("RM-70 Vampire 122mm", "RM-70 Vampire"),
        ("CAESAR 155mm", "Caesar"),
        ("155mm Caesar 6x6", "Caesar"),
        ("M-109A1 155mm", "M-109"),
        ("155mm M109A3/A4/A5/A6/L", "M-109"),
        ("UFH/M-777 155mm", "M-777"),
        ("155mm M777A2 howitzer", "M-777"),
        ("2S9 120mm", "2S9"),  # not in the table: own spelling, calibre dropped
        ("EMB-314 Super Tucano", "EMB-314 Super Tucano"),
    ],
)
def test_canonical(written: str, system: str) -> None:
    assert canonical(written) == system


def test_key_matches_any_spelling() -> None:
    assert key("ShKH Zuzana 2") == key("Zuzana-2") == key("zuzana 2") == "zuzana2"
    assert key("155mm DITA") == key("dita")


def test_oryx_item_number() -> None:
    assert oryx_item("3 155mm ShKH Zuzana 2") == (3, "155mm ShKH Zuzana 2")
    assert oryx_item("122mm 2S1 Gvozdika") == (None, "122mm 2S1 Gvozdika")
    assert oryx_item("2S22 'Bohdana' 3.0") == (None, "2S22 'Bohdana' 3.0")


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("self-propelled gun", "artillery"),
        ("multiple rocket launcher", "artillery"),
        ("towed gun", "artillery"),
        ("self-propelled anti-aircraft gun", "air defence"),
        ("SAM system", "air defence"),
        ("portable SAM", "air defence"),
        ("anti-tank missile", "missile"),
        ("air-to-surface missile", "missile"),
        ("coastal defence system", "missile"),
        ("APC", "armoured vehicle"),
        ("infantry fighting vehicle", "armoured vehicle"),
        ("tank", "armoured vehicle"),
        ("tanker/transport aircraft", "aircraft"),
        ("replenishment tanker", "ship"),
        ("transport helicopter", "aircraft"),
        ("UAV", "aircraft"),
        ("frigate", "ship"),
        ("landing craft", "ship"),
        ("vehicle engine", "engine"),
        ("turbofan", "engine"),
        ("air search radar", "sensor"),
        ("anti-radar missile", "missile"),  # not a radar: a missile homing on one
        ("aircraft EO system", "sensor"),
        ("recce satellite", "other"),
        ("", "other"),
    ],
)
def test_category_from_description(description: str, expected: str) -> None:
    assert category(description) == expected


def test_export_category_wins_over_description() -> None:
    assert category("self-propelled gun", "Artillery") == "artillery"
    assert category("tanker", "Aircraft") == "aircraft"
    assert category("tank", "Nonsense") == "armoured vehicle"  # falls back to the description


def test_table_categories() -> None:
    assert category_of_system("Zuzana 2") == "artillery"
    assert category_of_system("EMB-314 Super Tucano") is None
