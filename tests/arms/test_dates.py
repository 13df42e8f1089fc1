"""Ledger dates and their precision."""

from __future__ import annotations

from datetime import date

import pytest

from hybridwatch.arms.dates import parse_date, with_precision


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("2024", date(2024, 1, 1), "year"),
        ("2024-03", date(2024, 3, 1), "month"),
        ("2024-03-15", date(2024, 3, 15), "day"),
        ("March 2024", date(2024, 3, 1), "month"),
        ("15 March 2024", date(2024, 3, 15), "day"),
        ("mid-2024", date(2024, 7, 1), "approximate"),
        ("early 2024", date(2024, 1, 1), "approximate"),
        ("late 2023", date(2023, 10, 1), "approximate"),
        ("Q2 2024", date(2024, 4, 1), "approximate"),
        ("c. 2024", date(2024, 1, 1), "approximate"),
        ("2024?", date(2024, 1, 1), "approximate"),
    ],
)
def test_forms(text: str, day: date, precision: str) -> None:
    parsed = parse_date(text)
    assert (parsed.date, parsed.precision, parsed.text) == (day, precision, text)


@pytest.mark.parametrize("text", ["sometime", "2024-02-30", "1850", "24/03/2024", ""])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_stated_precision_may_be_coarser_never_finer() -> None:
    assert with_precision(parse_date("2024-03-15"), "month").precision == "month"
    assert with_precision(parse_date("2024"), None).precision == "year"
    with pytest.raises(ValueError, match="finer than the date"):
        with_precision(parse_date("2024"), "day")
    with pytest.raises(ValueError, match="not one of"):
        with_precision(parse_date("2024"), "week")
