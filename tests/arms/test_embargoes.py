"""The embargo reference data: every row parses; who an embargo commits, and when."""

from __future__ import annotations

from datetime import date

from hybridwatch.arms import embargoes


def _one(embargo_id: str) -> embargoes.Embargo:
    [found] = [e for e in embargoes.embargoes() if e.id == embargo_id]
    return found


def test_rows_parse_with_dates_and_scope() -> None:
    listed = {e.id: e for e in embargoes.embargoes()}
    osce = listed["osce-nagorno-karabakh-az"]
    assert (osce.start, osce.end, osce.binding, osce.binds) == (
        date(1992, 2, 28),
        None,
        False,
        "OSCE",
    )
    assert listed["eu-russia"].start == date(2014, 7, 31) and listed["eu-russia"].binding
    iran = listed["un-iran-1929"]
    assert iran.end == date(2020, 10, 18) and "air defence" not in iran.categories
    assert iran.covers("aircraft") and not iran.covers("sensor")
    assert all(e.source and e.scope for e in listed.values())
    assert [e.id for e in embargoes.against("AZ", "to")] == ["osce-nagorno-karabakh-az"]


def test_delivery_years_inside_and_on_the_edges() -> None:
    osce = _one("osce-nagorno-karabakh-am")
    assert osce.years([1991, 1992, 1993]) == ([1993], [1992])
    south_africa = _one("un-south-africa")
    assert south_africa.years([1977, 1980, 1994, 1995]) == ([1980], [1977, 1994])
    assert osce.overlaps(date(1992, 1, 1), date(1992, 3, 1))
    assert not osce.overlaps(date(1991, 1, 1), date(1992, 2, 27))


def test_who_is_committed() -> None:
    eu = _one("eu-russia")
    assert embargoes.bound(eu, "CZ", "state", 2015)  # a member since 2004
    assert not embargoes.bound(eu, "GB", "state", 2021)  # left on 31 January 2020
    assert not embargoes.bound(eu, "CN", "state", 2015)
    assert embargoes.bound(eu, "Hezbollah (Lebanon)", "non_state", 2015) is None
    osce = _one("osce-nagorno-karabakh-az")
    assert embargoes.bound(osce, "SK", "state", 2017) and not embargoes.bound(
        osce, "IL", "state", 2017
    )
    assert embargoes.bound(_one("un-libya"), "TR", "state", 2019)  # the UN binds every State
