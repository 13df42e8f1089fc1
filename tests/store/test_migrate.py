from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch.errors import HybridwatchError
from hybridwatch.store import connect, migrations, schema_version


def test_migrations_are_numbered_in_order() -> None:
    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert len(found) >= 2


def test_new_database_is_at_latest_version(tmp_path: Path) -> None:
    con = connect(tmp_path / "x.duckdb")
    assert schema_version(con) == len(migrations())
    con.close()


def test_opening_an_older_case_migrates_it_and_keeps_its_rows(tmp_path: Path) -> None:
    case_mod.init(tmp_path / "c", "old").close()
    (tmp_path / "c" / "case.duckdb").unlink()
    old = case_mod.open_case(tmp_path / "c", upto=1)
    assert schema_version(old.con) == 1
    tables = {r[0] for r in old.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "aircraft" not in tables
    old.con.execute(
        "INSERT INTO sources (kind, format, path, sha256, size, ingested_at, reliability,"
        " credibility) VALUES ('aircraft', 'x', '/x', 'abc', 1, now(), 'B', 2)"
    )
    old.close()

    with case_mod.open_case(tmp_path / "c") as new:
        assert schema_version(new.con) == len(migrations())
        assert new.con.execute("SELECT count(*) FROM aircraft").fetchone() == (0,)
        assert new.con.execute("SELECT sha256 FROM sources").fetchall() == [("abc",)]
        applied = new.con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        assert [v for (v,) in applied] == list(range(1, len(migrations()) + 1))


def test_a_case_from_a_newer_hybridwatch_is_refused(tmp_path: Path) -> None:
    con = connect(tmp_path / "x.duckdb")
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    con.close()
    with pytest.raises(HybridwatchError, match="newer than this hybridwatch"):
        connect(tmp_path / "x.duckdb")
