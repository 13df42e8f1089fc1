"""`entities list|show|merge|split` and `export` on the demo case: JSON, exit codes, files."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli.test_cli import run, run_json

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture
def demo_case(demo_dir: Path) -> Path:
    return demo_dir


@pytest.fixture
def changeable(demo_copy: Path) -> str:
    return str(demo_copy)


def test_list_and_show_json(demo_case: Path) -> None:
    listed = run_json("entities", "list", "-C", str(demo_case))
    assert {"id", "type", "name", "country", "aliases", "members", "links"} == set(listed[0])
    countries = run_json("entities", "list", "--type", "country", "-C", str(demo_case))
    assert {e["type"] for e in countries} == {"country"} and len(countries) < len(listed)
    shown = run_json("entities", "show", "country:AZ", "-C", str(demo_case))
    assert {"members", "statements", "links"} <= set(shown)
    by_member = run_json("entities", "show", "actor:az-mfa", "-C", str(demo_case))
    assert by_member["id"] == "organization:az-mfa"


def test_human_output_and_errors(demo_case: Path) -> None:
    shown = run("entities", "show", "aircraft:600881", "-C", str(demo_case)).stdout
    assert "4K-78129" in shown and "registration: 4K-78129" in shown and "flew_to" in shown
    assert "Azerbaijan" in run("entities", "list", "-C", str(demo_case)).stdout
    missing = run("entities", "show", "country:XX", "-C", str(demo_case), code=2)
    assert missing.stderr.count("\n") == 1 and "no entity or member" in missing.stderr
    run("entities", "list", "--type", "ship", "-C", str(demo_case), code=2)


def test_merge_and_split(changeable: str) -> None:
    merged = run_json("entities", "merge", "place:burgas", "airport:LBBG", "--note", "same",
                      "-C", changeable)  # fmt: skip
    assert merged["changed"] and merged["entity"] == "airport:LBBG"
    again = run("entities", "merge", "airport:LBBG", merged["members"][1], "-C", changeable)
    assert "already one entity" in again.stdout
    member = merged["members"][1]
    split = run("entities", "split", "airport:LBBG", member, "-C", changeable).stdout
    assert f"split {member} out of airport:LBBG" in split
    assert run_json("entities", "show", member, "-C", changeable)["id"] == "place:burgas"
    run("entities", "split", "airport:LBBG", "country:AZ", "-C", changeable, code=2)


def test_export_formats(demo_case: Path, tmp_path: Path) -> None:
    case = str(demo_case)
    entities = run_json("entities", "list", "-C", case)
    written = run_json("export", "--format", "ftm", "-o", str(tmp_path / "x.ftm.json"), "-C", case)
    lines = (tmp_path / "x.ftm.json").read_text(encoding="utf-8").splitlines()
    assert written["lines"] == len(lines) > len(entities)
    assert all(json.loads(line)["schema"] for line in lines)
    run("export", "--format", "ftm-statements", "-o", str(tmp_path / "s.json"), "-C", case)
    assert (tmp_path / "s.json").stat().st_size > 0

    run("export", "--format", "graphml", "-o", str(tmp_path / "g.graphml"), "-C", case)
    graph = ET.parse(tmp_path / "g.graphml").getroot().find(f"{GRAPHML}graph")
    assert graph is not None
    nodes = {n.get("id") for n in graph.iter(f"{GRAPHML}node")}
    others = {n for n in nodes if n and n.split(":")[0] in ("document", "finding")}
    assert nodes - others == {e["id"] for e in entities}
    assert others and len(list(graph.iter(f"{GRAPHML}edge"))) > len(nodes)

    folder = tmp_path / "tables"
    files = run_json("export", "--format", "csv", "-o", str(folder), "-C", case)["files"]
    assert {Path(f).name for f in files} == {
        "entities.csv", "entity_members.csv", "entity_statements.csv", "entity_links.csv",
        "findings.csv", "finding_evidence.csv", "sources.csv",
    }  # fmt: skip
    for name in files:
        with open(name, newline="", encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
        assert rows, name
    with open(folder / "entities.csv", newline="", encoding="utf-8") as stream:
        assert len(list(csv.DictReader(stream))) == len(entities)

    bad = run("export", "--format", "xml", "-o", str(tmp_path / "x"), "-C", case, code=2)
    assert "--format must be one of" in bad.stderr
    unwritable = run("export", "-f", "ftm", "-o", str(tmp_path / "no" / "x"), "-C", case, code=1)
    assert unwritable.stderr.count("\n") == 1 and "cannot write" in unwritable.stderr


LEDGER = """\
events:
  - {event: pledged, party: "[red]Acme[/red] Arms", counterparty: Ukraine, system: "[b]X-1[/b]",
     quantity: 3, date: 2024-05, source: test}
"""


def test_names_from_data_are_printed_as_written(tmp_path: Path) -> None:
    case = str(tmp_path / "case")
    run("init", case)
    (tmp_path / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
    run("ingest", "transfers", str(tmp_path / "ledger.yaml"), "-C", case)
    run("analyze", "-C", case)
    shown = run("entities", "show", "organization:red-acme-red-arms", "-C", case).stdout
    assert "[red]Acme[/red] Arms" in shown and "supplies_system" in shown
