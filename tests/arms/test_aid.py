"""`arms fulfilment` with the Kiel tracker's aid in money beside register deals in units."""

from __future__ import annotations

from pathlib import Path

from hybridwatch.arms import query
from hybridwatch.case import Case
from hybridwatch.ingest import ingest
from tests.arms.test_query import FULFILMENT_KEYS
from tests.sources.test_kiel import HEADER, tracker, workbook
from tests.sources.test_sipri import ZUZANA, register_file


def _case(case: Case, tmp_path: Path) -> Case:
    register = tmp_path / "register.csv"
    register.write_bytes(register_file(ZUZANA))
    ingest(case, "transfers", register)
    ingest(case, "transfers", tracker(tmp_path))
    return case


def test_money_per_donor_beside_units(case: Case, tmp_path: Path) -> None:
    rows = query.fulfilment(_case(case, tmp_path), recipient="Ukraine")
    assert all(set(r) >= FULFILMENT_KEYS | {"basis", "unit"} for r in rows)
    assert [(r["basis"], r["supplier"], r["system"], r["unit"]) for r in rows] == [
        ("aid", "BG", None, "EUR"),
        ("aid", "DE", None, "EUR"),
        ("aid", "DK", None, "EUR"),
        ("register", "SK", "Zuzana 2", "units"),
    ]
    bulgaria, germany, denmark, zuzana = rows
    # only 30% of the shells Bulgaria promised arrived; its loan (financial aid) is no arms
    assert (
        bulgaria["donor"],
        bulgaria["committed"],
        bulgaria["allocated"],
        bulgaria["promise_basis"],
        bulgaria["pledged_or_ordered"],
        bulgaria["delivered"],
        bulgaria["ratio"],
    ) == ("BG", 100e6, 100e6, "commitment", 100e6, 30e6, 0.3)
    assert [r["locator"] for r in bulgaria["rows"]] == [
        "sheet 'Bilateral Assistance, MAIN DATA' row 7",
        "sheet 'Bilateral Assistance, MAIN DATA' row 8",
    ]
    assert bulgaria["rows"][0]["announced"] == "2022-12-01"
    assert bulgaria["rows"][0]["precision"] == "month"
    # a commitment and the allocation drawn from it are never added together
    assert (germany["pledged_or_ordered"], germany["delivered"], germany["ratio"]) == (
        100e6,
        70e6,
        0.7,
    )
    assert germany["systems"] == ["PzH-2000"]
    assert germany["unknown_value_rows"] == 1  # IRIS-T: a formula never calculated
    assert (denmark["committed"], denmark["promise_basis"], denmark["ratio"]) == (
        None,
        "allocation",
        0.3,
    )
    # register rows keep their keys and values; only `unit` is new
    assert (zuzana["pledged_or_ordered"], zuzana["delivered"], zuzana["ratio"]) == (16, 2, 0.125)
    assert "committed" not in zuzana and "deals" in zuzana


def test_donor_filter(case: Case, tmp_path: Path) -> None:
    _case(case, tmp_path)
    [bulgaria] = query.fulfilment(case, donor="Bulgaria")
    assert (bulgaria["basis"], bulgaria["ratio"]) == ("aid", 0.3)
    # a financier of a register deal and a donor of aid: both rows
    denmark = query.fulfilment(case, donor="DK")
    assert [(r["basis"], r["system"]) for r in denmark] == [
        ("aid", None),
        ("register", "Zuzana 2"),
    ]
    assert query.fulfilment(case, recipient="Azerbaijan") == []


def test_currencies_are_never_added(case: Case, tmp_path: Path) -> None:
    header = ["Donor", "Date", "Measure", "Value", "Currency", "Delivered value"]
    rows = [
        ["Norway", "2023-05", "Allocation", 1_000_000, "EUR", 500_000],
        ["Norway", "2023-06", "Allocation", 2_000_000, "USD", 0],
        ["Norway", "2023-07", "Delivery", 250_000, "EUR", None],
    ]
    ingest(case, "transfers", workbook(tmp_path / "nok.xlsx", rows, header))
    euros, dollars = query.fulfilment(case, donor="Norway")
    assert (euros["unit"], euros["pledged_or_ordered"], euros["delivered"], euros["ratio"]) == (
        "EUR",
        1e6,
        750e3,  # the delivered value, plus a row measured as a delivery
        0.75,
    )
    assert (dollars["unit"], dollars["delivered"], dollars["ratio"]) == ("USD", 0.0, 0.0)


def test_no_aid_rows_without_military_aid(case: Case, tmp_path: Path) -> None:
    rows = [[1, "Japan", 0, "2023-01-01", None, "Humanitarian", None, "Commitment", None, None,
             5, None, None, None, None]]  # fmt: skip
    ingest(case, "transfers", workbook(tmp_path / "jp.xlsx", rows, HEADER))
    assert case.con.execute("SELECT count(*) FROM arms_aid").fetchone() == (1,)
    assert query.fulfilment(case) == []
