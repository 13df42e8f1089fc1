"""The analyst's arms ledger as CSV and YAML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest

CSV = """\
event,party,counterparty,system,quantity,date,precision,source,note
pledged,Slovakia,Ukraine,Zuzana-2,16,2022-08,,SIPRI,
financed,Denmark,Ukraine,Zuzana 2,16,2022,,,with Germany and Norway
delivered,SK,UA,ShKH Zuzana 2,2,2023-03-15,month,,
seen in use,Ukraine,Slovakia,Zuzana 2,,mid-2024,,https://example.org,
promised,Slovakia,Ukraine,Zuzana 2,16,2022,,,
delivered,Slovakia,Ukraine,Zuzana 2,two,2023,,,
delivered,Slovakia,Ukraine,Zuzana 2,2,sometime,,,
delivered,Slovakia,Ukraine,Zuzana 2,2,2023,day,,
delivered,,Ukraine,Zuzana 2,2,2023,,,
delivered,Slovakia,Ukraine
"""


def test_csv_ledger(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(CSV, encoding="utf-8")
    assert choose_reader("transfers", path).format == "ledger-csv"
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (4, 6)
    assert result.rejections == [
        "line 6: event 'promised' is not one of pledged, ordered, financed, produced, shipped,"
        " delivered, seen_in_use, lost",
        "line 7: quantity 'two' is not a whole number",
        "line 8: date 'sometime' is not YYYY, YYYY-MM, YYYY-MM-DD, 'March 2024' or an"
        " approximate form such as 'mid-2024'",
        "line 9: precision 'day' is finer than the date '2023' gives (year)",
        "line 10: no party",
        "line 11: expected 9 fields, found 3",
    ]
    rows = case.con.execute(
        "SELECT event, party, counterparty, system, system_name, quantity, date, date_precision,"
        " citation, note, locator FROM arms_events ORDER BY id"
    ).fetchall()
    assert rows == [
        (
            "pledged",
            "SK",
            "UA",
            "Zuzana 2",
            "Zuzana-2",
            16,
            date(2022, 8, 1),
            "month",
            "SIPRI",
            None,
            "line 2",
        ),
        (
            "financed",
            "DK",
            "UA",
            "Zuzana 2",
            "Zuzana 2",
            16,
            date(2022, 1, 1),
            "year",
            None,
            "with Germany and Norway",
            "line 3",
        ),
        (
            "delivered",
            "SK",
            "UA",
            "Zuzana 2",
            "ShKH Zuzana 2",
            2,
            date(2023, 3, 15),
            "month",
            None,
            None,
            "line 4",
        ),
        (
            "seen_in_use",
            "UA",
            "SK",
            "Zuzana 2",
            "Zuzana 2",
            None,
            date(2024, 7, 1),
            "approximate",
            "https://example.org",
            None,
            "line 5",
        ),
    ]
    assert ingest(case, "transfers", path).already_ingested


def test_csv_unknown_column_spoils_the_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text("event,party,system,date,quantitiy\npledged,SK,DITA,2024,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1: unknown column\(s\) quantitiy; known: event"):
        ingest(case, "transfers", path)


YAML = """\
- event: ordered
  party: Excalibur Army
  counterparty: Azerbaijan
  system: 155mm DITA
  quantity: 70
  date: 2024-05
- event: delivered
  party: Excalibur Army
  counterparty: Azerbaijan
  system: DITA
  quantity: 12
  date: 2024-07-01
  precision: approximate
  note: ~
- event: delivered
  party: Slovakia
  system: Zuzana 2
  date: 2024
  quantitiy: 4
- [not, a, mapping]
- event: lost
  party: Ukraine
  system: {name: Zuzana 2}
  date: 2024
"""


def test_yaml_ledger(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_text(YAML, encoding="utf-8")
    assert choose_reader("transfers", path).format == "ledger-yaml"
    result = ingest(case, "transfers", path)
    assert (result.accepted, result.rejected) == (2, 3)
    assert result.rejections == [
        "line 15: unknown key 'quantitiy'; known: event, party, counterparty, system, quantity,"
        " date, precision, source, url, note",
        "line 20: an event must be a mapping of event, party, system, date, …",
        "line 21: system must be a single value",
    ]
    rows = case.con.execute(
        "SELECT party, party_kind, counterparty, system, date_text, date_precision, note"
        " FROM arms_events ORDER BY id"
    ).fetchall()
    assert rows == [
        ("Excalibur Army", "other", "AZ", "DITA", "2024-05", "month", None),
        ("Excalibur Army", "other", "AZ", "DITA", "2024-07-01", "approximate", None),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("events: [unclosed\n", r"ledger\.yaml: line 2: not valid YAML"),
        ("event: pledged\nparty: SK\n", "expected a list of events"),
        ("- event: pledged\n  party: SK\n  system: [a\n", r"line 4: not valid YAML \(expected"),
    ],
)
def test_broken_yaml_is_one_line_error(case: Case, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        ingest(case, "transfers", path)
    assert "\n" not in str(raised.value)


def test_events_key_holds_the_list(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "ledger.yml"
    path.write_text(
        "events:\n  - {event: pledged, party: SK, counterparty: UA, system: Zuzana 2,"
        " quantity: 16, date: 2022}\n",
        encoding="utf-8",
    )
    assert ingest(case, "transfers", path).accepted == 1
