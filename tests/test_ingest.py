"""The ingestion framework's guarantees: idempotent, all-or-nothing, killed-safe, counted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch.case import Case
from hybridwatch.errors import InputError, UsageError
from hybridwatch.grading import Grade
from hybridwatch.ingest import choose_reader, ingest
from tests.conftest import write_shard


def counts(case: Case) -> tuple[int, int]:
    aircraft = case.con.execute("SELECT count(*) FROM aircraft").fetchone()
    sources = case.con.execute("SELECT count(*) FROM sources").fetchone()
    assert aircraft is not None and sources is not None
    return aircraft[0], sources[0]


def test_ingest_records_the_source_with_provenance(case: Case, small_registry: Path) -> None:
    result = ingest(case, "aircraft", small_registry)
    assert (result.format, result.accepted, result.rejected) == ("tar1090-db", 5, 0)
    assert result.tables == {"aircraft": 4, "operators": 1}
    row = case.con.execute(
        "SELECT kind, format, sha256, size, reliability, credibility, rows_accepted FROM sources"
    ).fetchone()
    assert row == ("aircraft", "tar1090-db", result.sha256, result.size, "B", 2, 5)
    locators = case.con.execute(
        "SELECT icao24, locator, source_id FROM aircraft ORDER BY icao24"
    ).fetchall()
    assert ("600881", "db/6.js 00881", result.source_id) in locators
    assert ("ae0676", "db/A.js E0676", result.source_id) in locators
    assert ("a00001", "db/A0.js 0001", result.source_id) in locators


def test_same_content_again_is_a_no_op(case: Case, small_registry: Path, tmp_path: Path) -> None:
    first = ingest(case, "aircraft", small_registry)
    before = counts(case)
    again = ingest(case, "aircraft", small_registry)
    assert again.already_ingested and again.source_id == first.source_id
    # the same bytes under another name are the same source
    copy = tmp_path / "copy"
    copy.mkdir()
    for item in small_registry.rglob("*"):
        target = copy / item.relative_to(small_registry)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.read_bytes())
    assert ingest(case, "aircraft", copy).already_ingested
    assert counts(case) == before


def test_grade_override(case: Case, small_registry: Path) -> None:
    result = ingest(case, "aircraft", small_registry, grade=Grade("C", 3))
    assert result.grade == "C3"


def test_damage_after_stored_rows_rolls_the_whole_file_back(
    case: Case, small_registry: Path, tmp_path: Path
) -> None:
    ingest(case, "aircraft", small_registry)
    before = counts(case)
    broken = tmp_path / "broken"
    write_shard(broken, "4", {"00001": ["D-AAAA", "A320", "00", None]})
    shard = write_shard(broken, "5", {"00001": ["D-BBBB", "A320", "00", None]})
    shard.write_bytes(shard.read_bytes()[:-8])  # cut off the gzip trailer
    with pytest.raises(InputError, match=r"5\.js: truncated or damaged gzip data"):
        ingest(case, "aircraft", broken)
    assert counts(case) == before
    assert case.con.execute("SELECT count(*) FROM aircraft WHERE icao24 = '400001'").fetchone() == (
        0,
    )


def test_a_file_with_no_valid_rows_fails_and_stores_nothing(case: Case, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("zzzzzz;X;A320;00;;;;\n")
    with pytest.raises(InputError, match="no valid rows"):
        ingest(case, "aircraft", bad, fmt="tar1090-csv")
    assert counts(case) == (0, 0)


def test_unknown_kind_and_format_are_usage_errors(case: Case, small_registry: Path) -> None:
    with pytest.raises(UsageError, match="unknown kind"):
        ingest(case, "nonsense", small_registry)
    with pytest.raises(UsageError, match="unknown format"):
        ingest(case, "aircraft", small_registry, fmt="nonsense")


def test_undetectable_format_asks_for_format(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("hello\n")
    with pytest.raises(InputError, match="give --format"):
        choose_reader("aircraft", odd)


def test_missing_path_is_an_input_error(case: Case, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest(case, "aircraft", tmp_path / "absent.csv")


def test_killed_ingest_leaves_the_case_as_it_was(case: Case, tmp_path: Path) -> None:
    """SIGKILL in the middle of a file: after restart the case holds exactly what it held."""
    small = tmp_path / "small.csv"
    small.write_text("600881;4K-78129;IL76;10;ILYUSHIN Il-76/82;;;\n")
    ingest(case, "aircraft", small)
    before = counts(case)
    case.close()

    big = tmp_path / "big.csv"
    with big.open("w") as out:
        for i in range(600_000):
            out.write(f"{0x100000 + i:06x};T-{i};B738;00;BOEING 737-800;2010;Test Air;\n")

    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hybridwatch",
            "-vv",
            "ingest",
            "aircraft",
            str(big),
            "-C",
            str(case.root),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "chunk 2 passed to the store" in line:  # rows in the open transaction
            break
    else:
        pytest.fail(f"ingest ended before storing chunks (exit {proc.wait()})")
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL

    with case_mod.open_case(case.root) as reopened:
        assert counts(reopened) == before
        # and the same file can then be ingested for real
        result = ingest(reopened, "aircraft", big)
        assert not result.already_ingested and result.accepted == 600_000
