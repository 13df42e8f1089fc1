"""`ingest transfers` and `arms ledger|fulfilment` through the CLI: JSON shapes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hybridwatch.cli import app
from tests.cli.test_cli import run, run_json
from tests.sources.test_kiel import tracker
from tests.sources.test_sipri import ZUZANA, register_file

DITA = "Ukraine,Czechia,2024,,6,,DITA,self-propelled gun,0,,,New,Financed by Netherlands,1.4,8.4,0"
RM70 = (
    "Azerbaijan,Czechia,2016,?,30,?,RM-70 122mm,multiple rocket launcher,30,,2017; 2018,"
    "Second hand,Second-hand; refurbished before delivery; delivery via Slovakia and Israel,"
    "0.36,10.8,10.8"
)
ORYX = (
    "country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n"
    "Ukraine,Slovakia,1 155mm ShKH Zuzana 2,destroyed,https://x/1,2022-11-16,1,1,1,1-1\n"
)


def _case(tmp_path: Path) -> str:
    run("init", str(tmp_path / "c"), "--name", "arms")
    register = tmp_path / "register.csv"
    register.write_bytes(register_file(ZUZANA, DITA, RM70))
    oryx = tmp_path / "oryx-event_destroyed.csv"
    oryx.write_text(ORYX, encoding="utf-8")
    results = run_json("ingest", "transfers", str(register), str(oryx), "-C", str(tmp_path / "c"))
    assert [(r["format"], r["accepted"]) for r in results] == [
        ("sipri-trade-register", 3),
        ("oryx", 1),
    ]
    return str(tmp_path / "c")


def test_ledger_json(tmp_path: Path) -> None:
    case = _case(tmp_path)
    deals = run_json("arms", "ledger", "-C", case)
    assert [d["system"] for d in deals] == ["RM-70", "DITA", "Zuzana 2"]
    rm70 = deals[0]
    assert (rm70["supplier"], rm70["recipient"], rm70["via"]) == ("CZ", "AZ", ["SK", "IL"])
    assert rm70["uncertain"] == ["order_year", "ordered"]
    [zuzana] = run_json("arms", "ledger", "--system", "ShKH Zuzana 2", "-C", case)
    assert zuzana["financiers"] == ["DK", "DE", "NO"]
    assert zuzana["locator"] == "line 13"
    assert run_json("arms", "ledger", "--recipient", "Azerbaijan", "--supplier", "CZ", "-C", case)
    assert run_json("arms", "ledger", "--recipient", "Atlantis", "-C", case) == []


def test_fulfilment_json_and_table(tmp_path: Path) -> None:
    case = _case(tmp_path)
    rows = run_json("arms", "fulfilment", "--recipient", "UA", "-C", case)
    assert [
        (r["supplier"], r["system"], r["pledged_or_ordered"], r["delivered"]) for r in rows
    ] == [
        ("CZ", "DITA", 6, 0),
        ("SK", "Zuzana 2", 16, 2),
    ]
    assert rows[0]["deals"][0]["lag_years"] == "none yet"
    assert rows[1]["seen_lost"] == 1
    [netherlands] = run_json("arms", "fulfilment", "--donor", "Netherlands", "-C", case)
    assert netherlands["system"] == "DITA"
    table = run("arms", "fulfilment", "-C", case).stdout
    assert "Zuzana 2" in table and "none yet" in table
    assert "RM-70" in run("arms", "ledger", "-C", case).stdout


def test_errors_and_usage(tmp_path: Path) -> None:
    case = _case(tmp_path)
    totals = tmp_path / "oryx-totals_by_type.csv"
    totals.write_text("country,equipment_type,destroyed,abandoned,captured,damaged,type_total\n")
    failed = run("ingest", "transfers", str(totals), "-C", case, "--json", code=1)
    [result] = json.loads(failed.stdout)
    assert "summary of the event files" in result["error"]
    assert failed.stderr.count("\n") == 1
    wrong = run("ingest", "transfers", str(totals), "--format", "kiel", "-C", case, code=2)
    assert "unknown format 'kiel' for transfers" in wrong.stderr
    assert "No such command" in run("arms", "deals", "-C", case, code=2).output


def test_analyze_and_findings_kind_arms(tmp_path: Path) -> None:
    case = _case(tmp_path)
    analysis = run_json("analyze", "-C", case)
    assert analysis["counts"]["arms"] >= 3
    found = run_json("findings", "--kind", "arms", "-C", case)
    assert len(found) == analysis["counts"]["arms"]
    assert [f["score"] for f in found] == sorted((f["score"] for f in found), reverse=True)
    by_indicator = {f["details"]["indicator"] for f in found}
    assert {"fulfilment_lag", "routing", "embargo"} <= by_indicator
    [routing] = [f for f in found if f["details"]["indicator"] == "routing"]
    assert routing["details"]["via"] == ["SK", "IL"]
    assert routing["evidence"] == [{"record": "arms_deals", "id": "3", "role": "supports"}]
    assert routing["details"]["evidence"][0]["locator"] == "line 15"
    assert all(f["kind"] == "arms" and f["details"]["risks"] for f in found)
    shown = run("findings", "--kind", "arms", "-C", case).stdout
    assert "[arms]" in shown and "routed_via" in shown


def test_fulfilment_with_aid_in_money(tmp_path: Path) -> None:
    case = _case(tmp_path)
    workbook = tracker(tmp_path)
    [result] = run_json("ingest", "transfers", str(workbook), "-C", case)
    assert (result["format"], result["accepted"], result["rejected"]) == ("kiel-xlsx", 7, 5)
    assert result["rejections"][0] == "sheet 'Bilateral Assistance, MAIN DATA' row 11: no donor"
    [bulgaria] = run_json("arms", "fulfilment", "--donor", "Bulgaria", "-C", case)
    assert (bulgaria["unit"], bulgaria["pledged_or_ordered"], bulgaria["ratio"]) == (
        "EUR",
        100e6,
        0.3,
    )
    wide = CliRunner().invoke(
        app, ["arms", "fulfilment", "--donor", "BG", "-C", case], env={"COLUMNS": "200"}
    )
    assert wide.exit_code == 0, wide.output
    assert "100,000,000 EUR" in wide.stdout and "30,000,000 EUR (30%)" in wide.stdout
    assert "military aid" in wide.stdout
    units = run_json("arms", "fulfilment", "--recipient", "UA", "-C", case)
    assert {r["unit"] for r in units} == {"units", "EUR"}
