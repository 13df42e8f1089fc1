"""Schema migrations: numbered SQL files applied in order, each in its own transaction.

A case made by an older hybridwatch is brought up to date when it is opened; a case made by a
newer one is refused rather than guessed at.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from hybridwatch.errors import HybridwatchError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """All migrations shipped with the package, in order."""
    found = []
    for entry in resources.files("hybridwatch.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, rest = entry.name.removesuffix(".sql").partition("_")
            found.append(Migration(int(number), rest, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migration files must be numbered 1, 2, 3… without gaps")
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def connect(path: Path, *, upto: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the case database and migrate it to `upto` (default: latest)."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise HybridwatchError(
                f"{path}: the case is open in another hybridwatch process; wait for it to finish"
            ) from exc
        raise HybridwatchError(f"{path}: cannot open the case database: {exc}") from exc
    con.execute("SET TimeZone = 'UTC'")
    # Queries order explicitly where order matters; letting DuckDB append and scan out of
    # order roughly doubles bulk insert speed.
    con.execute("SET preserve_insertion_order = false")
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    known = migrations()
    current = schema_version(con)
    if current > len(known):
        con.close()
        raise HybridwatchError(
            f"{path}: schema version {current} is newer than this hybridwatch knows "
            f"({len(known)}); upgrade hybridwatch"
        )
    target = len(known) if upto is None else upto
    for migration in known[current:target]:
        log.info("migrating %s to schema version %d (%s)", path, migration.version, migration.name)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now())",
                [migration.version, migration.name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            con.close()
            raise
    return con
