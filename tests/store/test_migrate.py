from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch.errors import HybridwatchError
from hybridwatch.flights import query
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


def test_numbered_locators_become_positions_with_their_unit_per_source(tmp_path: Path) -> None:
    """0011: "line 12" strings become position 12 with the unit once in sources; other
    locators stay, and the track still shows every row where it came from."""
    case_mod.init(tmp_path / "c", "old").close()
    (tmp_path / "c" / "case.duckdb").unlink()
    old = case_mod.open_case(tmp_path / "c", upto=10)
    for source_id, fmt in [(1, "opensky-states"), (2, "readsb-trace"), (3, "traffic-parquet")]:
        old.con.execute(
            "INSERT INTO sources (id, kind, format, path, sha256, size, ingested_at, reliability,"
            " credibility) VALUES (?, 'flights', ?, '/x', ?, 1, now(), 'B', 2)",
            [source_id, fmt, str(source_id)],
        )
    old.con.execute(
        "INSERT INTO state_vectors (time, icao24, altitude_ft, source_id, locator) VALUES"
        " ('2024-02-15 06:00:00', '600881', 1000, 1, 'line 2'),"
        " ('2024-02-15 06:00:10', '600881', 2000, 1, 'line 12'),"
        " ('2024-02-15 06:00:20', '600881', 3000, 2, 'trace[3]'),"
        " ('2024-02-15 06:00:30', '600881', 4000, 3, 'row 5')"
    )
    old.close()

    with case_mod.open_case(tmp_path / "c") as new:
        assert schema_version(new.con) == len(migrations())
        stored = new.con.execute(
            "SELECT source_id, altitude_ft, locator, position FROM state_vectors ORDER BY time"
        ).fetchall()
        assert stored == [
            (1, 1000.0, None, 2),
            (1, 2000.0, None, 12),
            (2, 3000.0, "trace[3]", None),
            (3, 4000.0, None, 5),
        ]
        # 0015: the address kept as its number, readable as hex through the view
        addresses = new.con.execute("SELECT DISTINCT address FROM state_vectors").fetchall()
        readable = new.con.execute("SELECT DISTINCT icao24 FROM state_vectors_readable").fetchall()
        assert addresses == [(0x600881,)] and readable == [("600881",)]
        units = new.con.execute("SELECT id, position_unit FROM sources ORDER BY id").fetchall()
        assert units == [(1, "line"), (2, None), (3, "row")]
        span = {"icao24": "600881", "first_seen": "2024-02-15T06:00:00Z"}
        track = query.track(new, span | {"last_seen": "2024-02-15T06:00:30Z"})
        assert [p["locator"] for p in track] == ["line 2", "line 12", "trace[3]", "row 5"]
