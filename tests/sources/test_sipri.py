"""SIPRI readers: the real trade register, and small registers and exports written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest
from hybridwatch.sources.sipri import lines_locator

REGISTER = "arms/sipri-trade-register-2025-03-13.csv"
PREAMBLE = [
    "Transfers of major conventional arms from All countries  to All countries . Deals with"
    " deliveries made for the year range 'Not specified' to 'Not specified' ",
    "A '?' in a column indicates uncertain data.",
    "An empty field for 'Number ordered' indicates that data is not yet available.",
    "SIPRI trend-indicator values (TIVs) are in millions.",
    "An empty field for 'SIPRI TIV for total order' indicates that data is not available.",
    "A '0' for 'SIPRI TIV of delivered weapons' indicates deliveries below 0.5 million.",
    "Figures may not add up to stated totals due to the conventions of rounding.",
    "For the method used see <https://www.sipri.org/databases/armstransfers/sources-and-methods>.",
    "",
    "Source: SIPRI Arms Transfers Database (c) SIPRI.",
    "Data generated: 13 Mar 2025 10:02:49 AM",
]
HEADER = (
    "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
    "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,"
    "SIPRI TIV for total order,SIPRI TIV of delivered weapons"
)
ZUZANA = (
    "Ukraine,Slovakia,2022,?,16,,Zuzana-2,self-propelled gun,2,,2023,New,EUR93 m deal; financed"
    " by Denmark; Germany and Norway as aid after 2022 Russian invasion of Ukraine,1.32,21.12,2.64"
)


def register_file(*lines: str, header: str = HEADER) -> bytes:
    """A trade register in SIPRI's layout: Latin-1, 11 preamble lines, header on line 12."""
    return ("\n".join([*PREAMBLE, header, *lines]) + "\n").encode("latin-1")


def test_real_register_ingests_whole_with_fragments_merged(case: Case, shared_data: Path) -> None:
    path = shared_data / REGISTER
    result = ingest(case, "transfers", path)
    assert (result.format, result.accepted, result.rejected) == ("sipri-trade-register", 29_515, 0)
    assert result.notes == {"continuation lines merged back into their deals": 4}
    # 29,519 lines after the header: 29,511 complete deals, 4 deals broken after their comment
    # (13 fields) and their 4 continuation lines (empty recipient, then the 3 TIV fields)
    merged = case.con.execute(
        "SELECT locator, comments, tiv_unit, tiv_order, tiv_delivered FROM arms_deals"
        " WHERE fragments > 0 ORDER BY id"
    ).fetchall()
    assert [m[0] for m in merged] == [
        "lines 5432-5433",
        "lines 21488-21489",
        "lines 25178-25179",
        "lines 27955-27956",
    ]
    assert merged[0][1:] == (
        "Cummins (275hp) diesel engine for 12 Puma M-36 APC from South Africa",
        0.03,
        0.36,
        0.0,
    )
    assert merged[2][1].endswith("redesign for other engines")  # the CR before the break is gone
    assert merged[2][2:] == (0.25, 3.5, 3.25)
    counts = case.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE ordered IS NULL),"
        " count(*) FILTER (WHERE len(financiers) > 0),"
        " count(*) FILTER (WHERE len(via) > 0) FROM arms_deals"
    ).fetchone()
    assert counts == (29_515, 280, 257, 227)
    again = ingest(case, "transfers", path)
    assert again.already_ingested and again.source_id == result.source_id
    assert case.con.execute("SELECT count(*) FROM arms_deals").fetchone() == (29_515,)


def test_latin1_and_uncertainty_flags(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(
        register_file(
            ZUZANA,
            "Algeria,Egypt,1962,?,12,,Bü-181 Bestmann,trainer aircraft,12,?,1962; 1963,Second hand,"
            "Second-hand,0.05,0.6,0.6",
        )
    )
    assert choose_reader("transfers", path).format == "sipri-trade-register"
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (2, 0)
    rows = case.con.execute(
        "SELECT designation, order_year_uncertain, ordered_uncertain, delivered_uncertain,"
        " delivery_years, category, locator FROM arms_deals ORDER BY locator"
    ).fetchall()
    assert rows == [
        ("Zuzana-2", True, False, False, [2023], "artillery", "line 13"),
        ("Bü-181 Bestmann", True, False, True, [1962, 1963], "aircraft", "line 14"),
    ]


def test_comment_broken_over_three_lines_is_put_back(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(
        register_file(
            "Cote d'Ivoire,United States,2024,?,12,?,vehicle engine,vehicle engine,0,,,New,"
            "Cummins diesel engine\r",
            "for 12 Puma M-36 APC",
            "from South Africa,0.03,0.36,0",
            ZUZANA,
        )
    )
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (2, 0)
    row = case.con.execute(
        "SELECT comments, tiv_unit, tiv_order, tiv_delivered, fragments, locator FROM arms_deals"
        " WHERE recipient = 'CI'"
    ).fetchone()
    assert row == (
        "Cummins diesel engine for 12 Puma M-36 APC from South Africa",
        0.03,
        0.36,
        0.0,
        2,
        "lines 13-15",
    )


def test_bad_lines_are_counted_rejections(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(
        register_file(
            "garbage",  # too short, and the next line is a deal of its own
            ZUZANA,
            ",1.5,18,0",  # a continuation with no deal before it
            "Ukraine,Slovakia,20x2,,8,,Zuzana-2,self-propelled gun,8,,2022,New,,1.32,10.56,10.56",
            "Ukraine,Slovakia,2022,!,8,,Zuzana-2,self-propelled gun,8,,2022,New,,1.32,10.56,10.56",
            "Ukraine,Slovakia,2022,,8,,Zuzana-2,self-propelled gun,8,,2022,New,,1.32,10.56,1,2,3",
            "Ukraine,Slovakia,2022,,8,,,self-propelled gun,8,,2022,New,,1.32,10.56,10.56",
            "Ukraine,Slovakia,2022,,8,,Zuzana-2,self-propelled gun,8,,2022; 20x3,New,,1.32,1,1",
            "Ukraine,Slovakia,2022,,8,,Zuzana-2,self-propelled gun,8,,2022,New,,1.32,10.56,10.56",
            "Ukraine,Slovakia,2022,,8,,Zuzana-2,self-pro",  # truncated last line
        )
    )
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (2, 8)
    assert result.rejections == [
        "line 13: 1 fields, expected 16, and line 14 does not continue it",
        "line 15: continues no deal (empty recipient)",
        "line 16: year of order '20x2' is not a year",
        "line 17: the uncertainty column after year of order holds '!', not '?' or empty",
        "line 18: 18 fields, expected 16",
        "line 19: no weapon designation",
        "line 20: year of delivery ' 20x3' is not a year",
        "line 22: 8 fields, expected 16 (the file ends inside this deal)",
    ]


def test_file_level_damage_is_one_line_error(case: Case, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(register_file(ZUZANA, header=HEADER.replace("Number ordered", "Ordered")))
    with pytest.raises(InputError, match=r"wrong\.csv: line 12: not the trade register's 16"):
        ingest(case, "transfers", wrong, fmt="sipri-trade-register")
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(register_file()[:300])
    with pytest.raises(InputError, match="no trade-register header"):
        ingest(case, "transfers", truncated, fmt="sipri-trade-register")
    only_header = tmp_path / "empty.csv"
    only_header.write_bytes(register_file())
    with pytest.raises(InputError, match=r"no valid rows \(0 rejected\)"):
        ingest(case, "transfers", only_header)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_lines_locator() -> None:
    assert lines_locator([7]) == "line 7"
    assert lines_locator([8, 7]) == "lines 7-8"
    assert lines_locator([3, 7, 8, 9, 12]) == "lines 3, 7-9, 12"


DELIVERIES_HEADER = (
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"
    "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"
    "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"
    "TIV delivery values,Local production;"
)
DELIVERIES = [
    "Transfers of major conventional arms: deliveries by year",
    "Source: SIPRI Arms Transfers Database",
    "",
    DELIVERIES_HEADER,
    "101,Slovakia,Ukraine,Zuzana-2,self-propelled gun,Artillery,2022,Yes,6,No,2022,No,New,No,"
    "1.32,7.92,No",
    "102,Czechia,Ukraine,DITA,self-propelled gun,Artillery,2024,No,0,No,,No,New,No,1.4,0,No",
    "101,Slovakia,Ukraine,Zuzana-2,self-propelled gun,Artillery,2022,Yes,4,Yes,2023,No,New,No,"
    "1.32,5.28,No",
    "103,Czechia,Azerbaijan,RM-70 122mm,multiple rocket launcher,Artillery,2016-05-01,Yes,18,Yes,"
    "2017,No,Second hand,Yes,0.36,6.48,No",
    "101,Slovakia,Ukraine,Zuzana-2,self-propelled gun,Artillery,2022,Yes,4,No,2023,No,New,No,"
    "1.32,5.28,No",  # 2023 again: would count twice
    "101,Slovakia,Poland,Zuzana-2,self-propelled gun,Artillery,2022,Yes,1,No,2024,No,New,No,"
    "1.32,1.32,No",  # another recipient under the same id
    "103,Czechia,Azerbaijan,RM-70 122mm,multiple rocket launcher,Artillery,2016-05-01,Yes,12,"
    "Yes,2018,Yes,Second hand,Yes,0.36,4.32,No;",
    "104,Czechia,Azerbaijan,RM-70 122mm,multiple rocket launcher,Artillery,2016,Maybe,1,No,"
    "2018,No,New,No,0.36,0.36,No",
    "105,Czechia,Azerbaijan",
]


def test_deliveries_export_folds_years_into_one_deal(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "deliveries.csv"
    path.write_text("\r\n".join(DELIVERIES) + "\r\n", encoding="utf-8")
    assert choose_reader("transfers", path).format == "sipri-deliveries"
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (3, 4)
    assert result.rejections == [
        "line 9: deal 101: delivery year 2023 already given at line 7 (not counted twice)",
        "line 10: deal 101: supplier, recipient, designation or order date differ from line 5",
        "line 12: order date is estimate 'Maybe' is not yes or no",
        "line 13: 3 fields, expected 17",
    ]
    rows = case.con.execute(
        "SELECT deal_key, supplier, recipient, system, order_year, order_year_uncertain, ordered,"
        " delivered, delivered_uncertain, delivery_years, delivery_years_uncertain,"
        " tiv_unit, tiv_delivered, sipri_estimate, locator FROM arms_deals ORDER BY deal_key"
    ).fetchall()
    assert rows == [
        (
            "101",
            "SK",
            "UA",
            "Zuzana 2",
            2022,
            True,
            None,
            10,
            True,
            [2022, 2023],
            False,
            1.32,
            13.2,
            False,
            "lines 5, 7",
        ),
        (
            "102",
            "CZ",
            "UA",
            "DITA",
            2024,
            False,
            None,
            0,
            False,
            [],
            False,
            1.4,
            0.0,
            False,
            "line 6",
        ),
        (
            "103",
            "CZ",
            "AZ",
            "RM-70",
            2016,
            True,
            None,
            30,
            True,
            [2017, 2018],
            True,
            0.36,
            10.8,
            True,
            "lines 8, 11",
        ),
    ]


def test_deliveries_export_missing_columns(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "deliveries.csv"
    path.write_text(DELIVERIES_HEADER.replace("Delivery year,", "") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1: missing column\(s\) delivery year$"):
        ingest(case, "transfers", path)
