"""Aircraft registry readers, on small files written here and on the real tar1090-db."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from hybridwatch import aircraft
from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest


def test_tar1090_db_folder_joins_shard_prefix_and_key(case: Case, small_registry: Path) -> None:
    ingest(case, "aircraft", small_registry)
    [il76] = aircraft.show(case, "600881")
    assert (il76["registration"], il76["typecode"], il76["military"]) == ("4K-78129", "IL76", True)
    assert il76["attribute_sources"]["military"] == il76["records"][0]["source_id"]
    [cessna] = aircraft.show(case, "a00001")
    assert cessna["military"] is None  # no flags: the registry does not say
    assert aircraft.show(case, "4k78129")[0]["icao24"] == "600881"


def test_db_subfolder_is_accepted_directly(case: Case, small_registry: Path) -> None:
    assert ingest(case, "aircraft", small_registry / "db").tables["aircraft"] == 4


def test_csv_form_keeps_good_lines_and_reports_bad_ones(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "aircraft.csv.gz"
    lines = [
        b"600881;4K-78129;IL76;10;ILYUSHIN Il-76/82;;Azerbaijan Air Force;",
        b"60084d;4K-AZ77;a320;00;AIRBUS A-320;2014;AZAL;",
        b"12345;SHORT;A320;00;;;;",  # five hex digits
        b"451e8e;LZ-FBD;A320",  # too few fields
        b"451e90;LZ-FBE;A320;0x;AIRBUS A-320;;;",  # bad flags
        b"451e91;LZ-FBF;A320;00;AIRBUS A-320;20AB;;",  # bad year
        b"600881;4K-DUPE;IL76;10;;;;",  # duplicate address
        b"451e92;LZ-\xff;A320;00;;;;",  # not UTF-8
        b"",
        b"ae0676;00-0171;C17;10;Boeing C-17A Globemaster III;2000;USAF;",
    ]
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    result = ingest(case, "aircraft", path)
    assert result.format == "tar1090-csv"
    assert (result.accepted, result.rejected) == (3, 6)
    assert [r.split(":")[0] for r in result.rejections] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "already given at line 1" in result.rejections[4]
    stored = case.con.execute("SELECT rows_rejected, rejections FROM sources").fetchone()
    assert stored is not None and stored[0] == 6 and stored[1] == result.rejections
    [azal] = aircraft.show(case, "60084D")
    assert (azal["typecode"], azal["built"], azal["operator"]) == ("A320", 2014, "AZAL")


def test_opensky_database_csv(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "aircraftDatabase.csv"
    path.write_text(
        '"icao24","registration","manufacturericao","manufacturername","model","typecode",'
        '"serialnumber","operator","operatoricao","owner","built"\n'
        '"600881","4K-78129","ILYUSHIN","Ilyushin","Il-76MD","IL76","","","AZF","",""\n'
        '"3b7777","F-UJCG","AIRBUS","Airbus","A330 MRTT","A332","","Armee de l Air","FAF","",'
        '"2018-01-01"\n'
        '"zz","bad","","","","","","","","",""\n'
        '"3b7778","F-UJCH","AIRBUS"\n'
    )
    result = ingest(case, "aircraft", path)
    assert (result.format, result.accepted, result.rejected) == ("opensky", 2, 2)
    assert result.rejections[0].startswith("line 4:")
    assert result.rejections[1] == "line 5: expected 11 fields, found 3"
    [mrtt] = aircraft.show(case, "F-UJCG")
    assert mrtt["description"] == "Airbus A330 MRTT"
    assert mrtt["operator"] == "Armee de l Air"
    assert mrtt["built"] == 2018
    assert mrtt["military"] is None


def test_opensky_without_required_columns_fails_on_line_1(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('"icao24","registration","model"\n"600881","4K-78129","Il-76"\n')
    reader = choose_reader("aircraft", path, "opensky")
    with pytest.raises(InputError, match=r"x.csv: line 1: missing column\(s\) typecode"):
        list(reader.read(path))


def test_truncated_csv_gzip_fails_whole_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "aircraft.csv.gz"
    body = b"".join(b"%06x;R%d;A320;00;;;;\n" % (0x400000 + i, i) for i in range(200_000))
    path.write_bytes(gzip.compress(body)[:-5000])
    with pytest.raises(InputError, match="damaged or truncated compressed data"):
        ingest(case, "aircraft", path)
    assert case.con.execute("SELECT count(*) FROM aircraft").fetchone() == (0,)


def test_real_tar1090_db_ingests_in_full(case: Case, shared_data: Path) -> None:
    registry = shared_data / "aircraft" / "tar1090-db"
    result = ingest(case, "aircraft", registry)
    assert result.format == "tar1090-db"
    assert result.rejected == 0
    assert 600_000 < result.tables["aircraft"] < 640_000
    assert 5_000 < result.tables["operators"] < 10_000  # db/operators.js
    [il76] = aircraft.show(case, "600881")
    assert (il76["registration"], il76["typecode"], il76["military"]) == ("4K-78129", "IL76", True)
    military = case.con.execute("SELECT count(*) FROM aircraft WHERE military").fetchone()
    assert military is not None and 20_000 < military[0] < 22_000
    assert ingest(case, "aircraft", registry).already_ingested


def test_real_tar1090_db_with_a_truncated_shard_changes_nothing(
    case: Case, shared_data: Path, tmp_path: Path, small_registry: Path
) -> None:
    ingest(case, "aircraft", small_registry)
    copy = tmp_path / "copy"
    shutil.copytree(shared_data / "aircraft" / "tar1090-db", copy)
    shard = copy / "db" / "A.js"
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    with pytest.raises(InputError, match=r"db/A\.js: truncated or damaged gzip data"):
        ingest(case, "aircraft", copy)
    assert case.con.execute("SELECT count(*) FROM aircraft").fetchone() == (4,)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (1,)
