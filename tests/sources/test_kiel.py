"""The Kiel Institute Ukraine Support Tracker workbook, built here with openpyxl (no real sample
is available offline): layouts of the early (human-readable headers) and later (snake_case)
releases, rejections with row numbers, and whole-file errors."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest

SHEET = "Bilateral Assistance, MAIN DATA"
HEADER = [
    "ID",
    "Countries",
    "EU member",
    "Announcement Date",
    "Source of Aid",
    "Type of Aid General",
    "Type of Aid Specific",
    "Measure",
    "Item",
    "Quantity",
    "Total value in EUR",
    "Delivered value",
    "Sources/Links",
    "Explanation/Comments",
    "Checked by",
]
# (row in the sheet): the header is on row 3 under a title row and a blank row
ROWS: list[list[object]] = [
    # 4, 5: Germany commits 7 PzH 2000 for EUR 100 M, then allocates them; 70 M delivered
    [1, "Germany", 1, date(2022, 6, 21), "Stock", "Military", "Military equipment",
     "Commitment", "PzH 2000", 7, 100_000_000, ".", "https://bmvg.de/1", "7 howitzers", "AB"],
    [2, "Germany", 1, date(2022, 9, 1), "Stock", "Military", "Military equipment",
     "Allocation", "Panzerhaubitze 2000", 7, 100_000_000, 70_000_000, "https://bmvg.de/2", None,
     None],
    # 6: Denmark allocates 19 Caesar for 200 M (a text date, day first), 60 M delivered
    [3, "Denmark", 1, "19.01.2023", "Stock", "Military", "Military equipment", "Allocation",
     "Caesar 8x8", 19, "200,000,000", 60_000_000, "https://fmn.dk/3", None, None],
    # 7, 8: Bulgaria promises shells worth 100 M; the allocation's value is a formula (cached
    # 100 M), and only 30 M of it arrived
    [4, "Bulgaria", 1, "December 2022", "Stock", "Military", "Ammunition", "Commitment",
     "155mm artillery shells", None, 100_000_000, None, "https://mod.bg/4", None, None],
    [5, "Bulgaria", 1, date(2023, 3, 1), "Stock", "Military", "Ammunition", "Allocation",
     "155mm artillery shells", None, "=K7", 30_000_000, "https://mod.bg/5", None, None],
    # 9: financial aid: stored, but no arms
    [6, "Bulgaria", 1, date(2023, 4, 1), "Budget", "Financial", "Loan", "Commitment", None,
     None, 50_000_000, None, "https://minfin.bg/6", None, None],
    # 10: blank
    [],
    # 11-15: rejected
    [7, None, None, date(2023, 1, 1), None, "Military", None, "Allocation", None, None, 1, None,
     None, None, None],
    [8, "Denmark", 1, "sometime", None, "Military", None, "Allocation", None, None, 1, None,
     None, None, None],
    [9, "Denmark", 1, date(2023, 2, 1), None, "Military", None, "Allocation", None, None,
     -5_000_000, None, None, None, None],
    [10, "Denmark", 1, date(2023, 2, 1), None, "Military", None, "Rumoured", None, None, 1,
     None, None, None, None],
    [11, "Germany", 1, date(2023, 2, 1), None, "Military", None, "Allocation", "Gepard", "two",
     1, None, None, None, None],
    # 16: a formula that was never calculated: read as empty, never evaluated
    [12, "Germany", 1, date(2023, 5, 1), None, "Military", None, "Allocation", "IRIS-T",
     None, "=K4/2", None, None, None, None],
]  # fmt: skip


def workbook(
    path: Path,
    rows: Sequence[Sequence[object]] = ROWS,
    header: Sequence[object] = HEADER,
    *,
    sheet: str = SHEET,
    above: Sequence[Sequence[object]] = (["Ukraine Support Tracker: bilateral aid"], []),
    cached: dict[str, object] | None = None,
) -> Path:
    """An XLSX file with a ReadMe sheet and `sheet` holding `above`, `header` and `rows`;
    `cached` gives formula cells (by reference) the result a spreadsheet program would save."""
    book = openpyxl.Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "ReadMe"
    readme.append(["Kiel Institute for the World Economy"])
    data = book.create_sheet(sheet)
    for row in [*above, header, *rows]:
        data.append(list(row))
    book.save(path)
    if cached:
        _cache_results(path, cached)
    return path


def _cache_results(path: Path, cached: dict[str, object]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            text = data.decode()
            for ref, value in cached.items():
                text = re.sub(
                    rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?',
                    rf"\g<1><v>{value}</v>",
                    text,
                )
            parts[name] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def tracker(tmp_path: Path) -> Path:
    """The workbook of ROWS, with K8 = K7 cached as Excel would save it."""
    return workbook(tmp_path / "Ukraine_Support_Tracker.xlsx", cached={"K8": 100000000})


def test_reads_the_main_data_sheet(case: Case, tmp_path: Path) -> None:
    path = tracker(tmp_path)
    assert choose_reader("transfers", path).format == "kiel-xlsx"
    result = ingest(case, "transfers", path)
    assert (result.format, result.accepted, result.rejected) == ("kiel-xlsx", 7, 5)
    where = f"sheet '{SHEET}' row"
    assert result.rejections == [
        f"{where} 11: no donor",
        f"{where} 12: announcement date 'sometime' is not YYYY, YYYY-MM, YYYY-MM-DD,"
        " 'March 2024' or an approximate form such as 'mid-2024'",
        f"{where} 13: value (Total value in EUR) -5000000 is negative",
        f"{where} 14: measure 'Rumoured' is not Commitment, Allocation or Delivery",
        f"{where} 15: quantity 'two' is not a number",
    ]
    rows = case.con.execute(
        "SELECT aid_key, donor, donor_name, recipient, announced, announced_precision,"
        " announced_text, aid_type, measure, measure_name, item, system, quantity, value,"
        " currency, delivered_value, sources, note, locator FROM arms_aid ORDER BY id"
    ).fetchall()
    assert rows[0] == (
        "1",
        "DE",
        "Germany",
        "UA",
        date(2022, 6, 21),
        "day",
        "2022-06-21",
        "Military",
        "commitment",
        "Commitment",
        "PzH 2000",
        "PzH-2000",
        7,
        100_000_000.0,
        "EUR",
        None,  # the tracker's "." for unknown
        "https://bmvg.de/1",
        "7 howitzers",
        f"{where} 4",
    )
    short = [(r[1], r[4], r[5], r[8], r[10], r[11], r[13], r[15], r[18]) for r in rows[1:]]
    assert short == [
        ("DE", date(2022, 9, 1), "day", "allocation", "Panzerhaubitze 2000", "PzH-2000",
         100e6, 70e6, f"{where} 5"),
        ("DK", date(2023, 1, 19), "day", "allocation", "Caesar 8x8", "Caesar", 200e6, 60e6,
         f"{where} 6"),
        ("BG", date(2022, 12, 1), "month", "commitment", "155mm artillery shells", None, 100e6,
         None, f"{where} 7"),
        # the formula's saved result, not an evaluation
        ("BG", date(2023, 3, 1), "day", "allocation", "155mm artillery shells", None, 100e6,
         30e6, f"{where} 8"),
        ("BG", date(2023, 4, 1), "day", "commitment", None, None, 50e6, None, f"{where} 9"),
        # a formula never calculated reads as empty
        ("DE", date(2023, 5, 1), "day", "allocation", "IRIS-T", None, None, None,
         f"{where} 16"),
    ]  # fmt: skip
    stored = case.con.execute(
        "SELECT kind, format, rows_accepted, rows_rejected FROM sources"
    ).fetchall()
    assert stored == [("transfers", "kiel-xlsx", 7, 5)]


def test_the_same_file_twice_is_a_no_op(case: Case, tmp_path: Path) -> None:
    path = tracker(tmp_path)
    first = ingest(case, "transfers", path)
    again = ingest(case, "transfers", path)
    assert again.already_ingested and again.source_id == first.source_id
    assert (again.accepted, again.rejected) == (7, 5)
    assert case.con.execute("SELECT count(*) FROM arms_aid").fetchone() == (7,)


SNAKE = [
    "ID",
    "donor",
    "announcement_date",
    "aid_type_general",
    "aid_type_specific",
    "measure",
    "item",
    "item_numb",
    "item_numb_deliv",
    "reporting_currency",
    "tot_activity_value",
    "tot_activity_value_EUR",
    "tot_sub_activity_value_EUR",
    "tot_sub_activity_value_EUR_redistr",
    "tot_value_deliv_EUR",
    "item_value_estimate_deliv_USD",
    "source",
    "explanation",
]


def test_later_releases_snake_case_columns(case: Case, tmp_path: Path) -> None:
    """One activity split in two sub-activities: each row keeps its own part, never the
    activity total that repeats on both."""
    rows = [
        ["DK-1", "Denmark", date(2023, 8, 20), "Military", "Aviation", "Allocation", "F-16", 19,
         6, "DKK", 9e9, 1.2e9, 1.0e9, 1.1e9, 0.3e9, 4e8, "https://fmn.dk", "jets"],
        ["DK-1", "Denmark", date(2023, 8, 20), "Military", "Aviation", "Allocation",
         "training", ".", ".", "DKK", 9e9, 1.2e9, 0.2e9, 0.2e9, ".", ".", "https://fmn.dk", None],
        ["EU-1", "EU (Commission and Council)", date(2024, 3, 1), "Financial", "Budget",
         "Commitment", ".", ".", ".", "EUR", 5e10, 5e10, 5e10, 5e10, ".", ".", None, None],
    ]  # fmt: skip
    path = workbook(tmp_path / "release-28.xlsx", rows, SNAKE, above=())
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (3, 0)
    stored = case.con.execute(
        "SELECT aid_key, donor, donor_kind, item, quantity, quantity_delivered, value,"
        " currency, delivered_value, value_column, locator FROM arms_aid ORDER BY id"
    ).fetchall()
    where = f"sheet '{SHEET}' row"
    assert stored == [
        ("DK-1", "DK", "state", "F-16", 19, 6, 1.0e9, "EUR", 0.3e9,
         "tot_sub_activity_value_EUR", f"{where} 2"),
        ("DK-1", "DK", "state", "training", None, None, 0.2e9, "EUR", None,
         "tot_sub_activity_value_EUR", f"{where} 3"),
        ("EU-1", "European Union", "international_organisation", None, None, None, 5e10, "EUR",
         None, "tot_sub_activity_value_EUR", f"{where} 4"),
    ]  # fmt: skip


def test_value_columns_in_millions_and_dollars(case: Case, tmp_path: Path) -> None:
    header = ["Donor", "Date", "Measure", "Value (USD million)", "Delivered (USD million)"]
    rows = [["United States", "2022-02-25 00:00:00", "Commitment", 350, 350]]
    path = workbook(tmp_path / "usd.xlsx", rows, header, sheet="bilateral assistance, main data")
    assert ingest(case, "transfers", path).accepted == 1
    assert case.con.execute(
        "SELECT donor, announced, value, currency, delivered_value, locator FROM arms_aid"
    ).fetchall() == [
        (
            "US",
            date(2022, 2, 25),
            350e6,
            "USD",
            350e6,
            "sheet 'bilateral assistance, main data' row 4",
        )
    ]


def test_own_currency_needs_a_currency(case: Case, tmp_path: Path) -> None:
    header = ["Donor", "Announcement date", "Measure", "Value", "Currency"]
    rows = [
        ["Norway", "2023", "Allocation", 1_000_000, "NOK"],
        ["Norway", "2023", "Allocation", 2_000_000, None],
        ["Norway", "2023", "Allocation", 3_000_000, "kroner"],
    ]
    result = ingest(case, "transfers", workbook(tmp_path / "nok.xlsx", rows, header))
    assert result.rejections == [
        f"sheet '{SHEET}' row 5: value 2000000 has no currency (its cell is empty)",
        f"sheet '{SHEET}' row 6: currency 'kroner' is not a three-letter code",
    ]
    assert case.con.execute(
        "SELECT announced, announced_precision, value, currency FROM arms_aid"
    ).fetchall() == [(date(2023, 1, 1), "year", 1e6, "NOK")]
    without = workbook(tmp_path / "no-currency.xlsx", rows, header[:4])
    with pytest.raises(InputError, match="the column 'Value' names no currency") as caught:
        ingest(case, "transfers", without)
    assert caught.value.where == f"sheet '{SHEET}' row 3"


def test_another_sheet_with_the_header_is_read(case: Case, tmp_path: Path) -> None:
    path = workbook(tmp_path / "export.xlsx", ROWS[:1], HEADER, sheet="Sheet1", above=[])
    assert choose_reader("transfers", path).format == "kiel-xlsx"
    ingest(case, "transfers", path)
    assert case.con.execute("SELECT locator FROM arms_aid").fetchall() == [
        ("sheet 'Sheet1' row 2",)
    ]


def test_missing_sheet(case: Case, tmp_path: Path) -> None:
    path = workbook(tmp_path / "summary.xlsx", [[1, 2]], ["Country", "Total"], sheet="Summary (€)")
    with pytest.raises(InputError, match="cannot tell the format"):
        ingest(case, "transfers", path)
    with pytest.raises(InputError) as caught:
        ingest(case, "transfers", path, fmt="kiel-xlsx")
    message = str(caught.value)
    assert message == (
        f"{path}: no sheet '{SHEET}' and no sheet with a donor, announcement date and measure"
        " header in its first 20 rows; sheets: 'ReadMe', 'Summary (€)'"
    )


def test_missing_column(case: Case, tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "Measure"]
    path = workbook(tmp_path / "no-measure.xlsx", [], header)
    with pytest.raises(InputError) as caught:
        ingest(case, "transfers", path)
    error = caught.value
    assert error.where == f"sheet '{SHEET}' row 3"
    assert error.message.startswith("missing column(s) measure (looked for measure / measures")
    assert "found: ID, Countries, EU member" in error.message
    assert "\n" not in str(error)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_no_header_in_the_first_rows(case: Case, tmp_path: Path) -> None:
    above = [[f"note {n}"] for n in range(25)]
    path = workbook(tmp_path / "late-header.xlsx", ROWS[:1], HEADER, above=above)
    with pytest.raises(InputError, match="no header row with donor, announcement date and"):
        ingest(case, "transfers", path, fmt="kiel-xlsx")


def test_truncated_or_not_a_workbook(case: Case, tmp_path: Path) -> None:
    whole = tracker(tmp_path).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="cannot tell the format"):
        ingest(case, "transfers", truncated)
    with pytest.raises(InputError, match="not a readable XLSX workbook") as caught:
        ingest(case, "transfers", truncated, fmt="kiel-xlsx")
    assert "\n" not in str(caught.value)
    text = tmp_path / "tracker.csv"
    text.write_text("donor,announcement date,measure\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        ingest(case, "transfers", text, fmt="kiel-xlsx")
    assert case.con.execute("SELECT count(*) FROM arms_aid").fetchone() == (0,)


def test_damaged_sheet_data(case: Case, tmp_path: Path) -> None:
    """A member whose compressed data is damaged: one error for the file, nothing stored."""
    path = tracker(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]  # the XML stops mid-row
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        ingest(case, "transfers", path)
    assert case.con.execute("SELECT count(*) FROM arms_aid").fetchone() == (0,)
