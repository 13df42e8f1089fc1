"""Oryx loss events: the real files, the refused totals, and small files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest

HEADER = "country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n"
EVENT_FILES = {"abandoned": 2_473, "captured": 5_392, "damaged": 3_389, "destroyed": 26_251}


def test_all_real_event_files_ingest(case: Case, shared_data: Path) -> None:
    for name, rows in EVENT_FILES.items():
        result = ingest(case, "transfers", shared_data / f"arms/oryx-event_{name}.csv")
        assert (result.format, result.accepted, result.rejected) == ("oryx", rows, 0)
    zuzana = case.con.execute(
        """SELECT status, item, system_name, date_recorded::VARCHAR FROM arms_losses
        WHERE country = 'UA' AND origin = 'SK' AND system = 'Zuzana 2' ORDER BY item"""
    ).fetchall()
    assert zuzana == [
        ("destroyed", 1, "1 155mm ShKH Zuzana 2", "2022-11-16"),
        ("damaged", 2, "2 155mm ShKH Zuzana 2", "2024-01-24"),
        ("destroyed", 3, "3 155mm ShKH Zuzana 2", "2024-03-02"),
        ("destroyed", 4, "4 155mm ShKH Zuzana 2", "2024-08-15"),
    ]
    by_country = dict(
        case.con.execute("SELECT country, count(*) FROM arms_losses GROUP BY 1").fetchall()
    )
    assert by_country == {"RU": 26_655, "UA": 10_850}
    # one origin Oryx writes as "People" resolves to no country; the loss is kept
    assert case.con.execute(
        "SELECT origin_name, count(*) FROM arms_losses WHERE origin IS NULL GROUP BY 1"
    ).fetchall() == [("People", 1)]


def test_totals_by_type_is_refused(case: Case, shared_data: Path) -> None:
    path = shared_data / "arms/oryx-totals_by_type.csv"
    assert choose_reader("transfers", path).format == "oryx"
    with pytest.raises(InputError, match="summary of the event files"):
        ingest(case, "transfers", path)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_bad_rows_are_rejected_with_their_line(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "oryx-event_mixed.csv"
    path.write_text(
        HEADER
        + "Ukraine,Slovakia,1 155mm ShKH Zuzana 2,destroyed,https://x/1,2022-11-16,1,2,1,3-4\n"
        + "Atlantis,Slovakia,2 155mm ShKH Zuzana 2,destroyed,https://x/2,2022-11-16,1,2,1,3-4\n"
        + "Ukraine,Slovakia,3 155mm ShKH Zuzana 2,stolen,https://x/3,2022-11-16,1,2,1,3-4\n"
        + "Ukraine,Slovakia,4 155mm ShKH Zuzana 2,damaged,https://x/4,16/11/2022,1,2,1,3-4\n"
        + "Ukraine,Slovakia,5 155mm ShKH Zuzana 2,damaged\n"
        + "Ukraine,Czech Republic,1 122mm RM-70,captured,,,,,,\n",
        encoding="utf-8",
    )
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (2, 4)
    assert result.rejections == [
        "line 3: country 'Atlantis' (whose loss) is not a known country",
        "line 4: status 'stolen' is not one of destroyed, damaged, abandoned, captured",
        "line 5: date_recorded '16/11/2022' is not a YYYY-MM-DD date",
        "line 6: expected 10 fields, found 4",
    ]
    assert case.con.execute(
        "SELECT origin, system, item, url, date_recorded, oryx_sys_id FROM arms_losses"
        " ORDER BY locator"
    ).fetchall() == [
        ("SK", "Zuzana 2", 1, "https://x/1", __import__("datetime").date(2022, 11, 16), 1),
        ("CZ", "RM-70", 1, None, None, None),
    ]


def test_missing_column_spoils_the_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "oryx.csv"
    path.write_text(
        "country,origin,system,status,url\nUkraine,Slovakia,x,destroyed,u\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"line 1: missing column\(s\) date_recorded"):
        ingest(case, "transfers", path, fmt="oryx")
