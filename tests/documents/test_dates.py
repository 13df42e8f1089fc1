from __future__ import annotations

from pathlib import Path

import pytest

from hybridwatch.documents.dates import DateMention, context_year_of, find_dates
from hybridwatch.documents.extract import extract_file

REFERENCE = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"


def spans(text: str, year: int | None = 2024) -> list[tuple[str, str, str | None, str]]:
    return [(d.text, d.date, d.end_date, d.precision) for d in find_dates(text, year)]


def test_reference_document(shared_data: Path) -> None:
    text = extract_file(shared_data / REFERENCE).text
    year = context_year_of(text)
    assert year == 2024
    found = find_dates(text, year)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    assert [(d.text, d.date, d.end_date, d.precision) for d in found] == [
        ("2008", "2008-01-01", None, "year"),
        ("February 22, 2022", "2022-02-22", None, "day"),
        ("2015", "2015-01-01", None, "year"),
        ("2016-2017", "2016-01-01", "2017-12-31", "year"),
        ("mid-February to mid-March", "2024-02-15", "2024-03-15", "approximate"),
        ("October 2023", "2023-10-01", None, "month"),
        ("March-April 2024", "2024-03-01", "2024-04-30", "month"),
        ("May 7", "2024-05-07", None, "day"),
        ("1989", "1989-01-01", None, "year"),
        ("May 16", "2024-05-16", None, "day"),
        ("late 2020", "2020-10-01", "2020-12-31", "approximate"),
        ("2020", "2020-01-01", None, "year"),
        ("September 2023", "2023-09-01", None, "month"),
        ("April", "2024-04-01", None, "month"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on February 22, 2022, two", ("February 22, 2022", "2022-02-22", None, "day")),
        ("signed 22 February 2022 in", ("22 February 2022", "2022-02-22", None, "day")),
        ("Jan. 5, 2021", ("Jan. 5, 2021", "2021-01-05", None, "day")),
        ("held 5-7 May 2024", ("5-7 May 2024", "2024-05-05", "2024-05-07", "day")),
        ("on 2023-11-30 they", ("2023-11-30", "2023-11-30", None, "day")),
        ("met in April.", ("April", "2024-04-01", None, "month")),
        ("in October 2023", ("October 2023", "2023-10-01", None, "month")),
        (
            "November to February 2024",
            ("November to February 2024", "2023-11-01", "2024-02-29", "month"),
        ),
        ("from midMarch", ("midMarch", "2024-03-15", None, "approximate")),
        ("in early May", ("early May", "2024-05-01", "2024-05-10", "approximate")),
        ("since late 2020", ("late 2020", "2020-10-01", "2020-12-31", "approximate")),
        ("by mid-2020", ("mid-2020", "2020-04-01", "2020-09-30", "approximate")),
        ("around 2016–17", ("2016–17", "2016-01-01", "2017-12-31", "year")),
        ("in the 1990s", ("1990s", "1990-01-01", "1999-12-31", "year")),
        ("in 2008", ("2008", "2008-01-01", None, "year")),
        ("since 1989", ("1989", "1989-01-01", None, "year")),
    ],
)
def test_forms(text: str, expected: tuple[str, str, str | None, str]) -> None:
    assert spans(text) == [expected]


def test_offsets_and_type() -> None:
    text = "Fico visited Baku on May 7."
    assert find_dates(text, 2024) == [DateMention(21, 26, "2024-05-07", None, "day", "May 7")]


def test_year_comes_from_context_never_today() -> None:
    assert spans("On May 7 they met.", 2019) == [("May 7", "2019-05-07", None, "day")]
    assert find_dates("On May 7 they met, in April.", None) == []
    assert spans("mid-February to mid-March", None) == []


@pytest.mark.parametrize(
    "text",
    [
        "including 122-mm separate loading rounds",
        "70 units of the 155mm/L45 DITA howitzers",
        "only 30 percent of artillery shells",
        "around 14 ethno-political movements",
        "the Il-76MD fleet and Flightradar24",
        "2000 troops were sent",
        "they may 7 times say",
        "march-april",
        "call at 12:30",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, 2024) == []


def test_impossible_day_is_not_a_day() -> None:
    assert spans("February 30, 2023") == [("2023", "2023-01-01", None, "year")]


def test_context_year_of() -> None:
    assert context_year_of("Since 2015 and in March-April 2024, with 155mm guns.") == 2024
    assert context_year_of("In 2019, 2000 troops and 2050mm of rain.") == 2019
    assert context_year_of("On May 7, 155mm/L45 and 122-mm rounds.") is None
    assert context_year_of("around 2016-2017") == 2017
