from __future__ import annotations

from pathlib import Path

import pytest

from hybridwatch.documents.extract import extract_file
from hybridwatch.documents.quantities import Quantity, find_quantities

REFERENCE = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"


def brief(text: str) -> list[tuple[float, str | None, str, str | None, str]]:
    return [
        (q.value, q.unit, q.item, q.qualifier, text[q.start : q.end]) for q in find_quantities(text)
    ]


def test_reference_document(shared_data: Path) -> None:
    text = extract_file(shared_data / REFERENCE).text
    assert brief(text) == [
        (2.0, None, "leaders", None, "two leaders"),
        (2.0, None, "days", None, "two days"),
        (6.0, None, "round flights", "confirmed", "six confirmed round flights"),
        (30.0, "percent", "artillery shells", "only", "only 30 percent of artillery shells"),
        (2.0, None, "sides", None, "two sides"),
        (
            70.0,
            "units",
            "155mm/L45 DITA self-propelled howitzers",
            "over",
            "over 70 units of the 155mm/L45 DITA self-propelled howitzers",
        ),
        (16.0, None, "Zuzana 2 howitzers", None, "16 Zuzana 2 howitzers"),
        (14.0, None, "ethno-political movements", "around", "around 14 ethno-political movements"),
    ]


def test_offsets_and_type() -> None:
    text = "Slovakia earmarked 16 Zuzana 2 howitzers for Ukraine."
    assert find_quantities(text) == [Quantity(16.0, None, "Zuzana 2 howitzers", None, 19, 40)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "deliver over 70 units of DITA howitzers to",
            (70.0, "units", "DITA howitzers", "over", "over 70 units of DITA howitzers"),
        ),
        ("at least 12 drones were", (12.0, None, "drones", "at least", "at least 12 drones")),
        ("up to 2,500 troops in", (2500.0, None, "troops", "up to", "up to 2,500 troops")),
        (
            "nearly twenty-five soldiers died",
            (25.0, None, "soldiers", "nearly", "nearly twenty-five soldiers"),
        ),
        ("more than a dozen tanks", (12.0, None, "tanks", "more than", "more than a dozen tanks")),
        ("dozens of drones hit", (24.0, None, "drones", "dozens", "dozens of drones")),
        ("about 40% of shells", (40.0, "percent", "shells", "about", "about 40% of shells")),
        ("prices rose by 30 percent.", (30.0, "percent", "", None, "30 percent")),
        ("$1.5 billion in aid", (1.5e9, "USD", "", None, "$1.5 billion")),
        (
            "Eleven reported incidents",
            (11.0, None, "incidents", "reported", "Eleven reported incidents"),
        ),
    ],
)
def test_forms(text: str, expected: tuple[float, str | None, str, str | None, str]) -> None:
    assert brief(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "In 2022 the 155mm guns fired.",
        "On May 7 they met.",
        "including 122-mm separate loading rounds",
        "the Il-76MD fleet, Su-25 jets and Flightradar24 data",
        "a three-day visit",
        "one of the leaders; no one came",
        "his third stint as prime minister",
        "since 2015 and around 2016-2017",
        "the Zuzana 2 is a howitzer",
        "at 12:30 they left",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []
