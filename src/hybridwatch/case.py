"""A case: one folder holding `case.toml` (settings, watchlists) and `case.duckdb` (the store)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from hybridwatch import settings as case_settings
from hybridwatch.errors import NoCaseError, UsageError
from hybridwatch.store import connect

CASE_FILE = "case.toml"
DATABASE_FILE = "case.duckdb"
ENV_VAR = "HYBRIDWATCH_CASE"


@dataclass
class Case:
    root: Path
    settings: case_settings.Settings
    con: duckdb.DuckDBPyConnection

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def init(root: Path, name: str | None = None) -> Case:
    """Create a new case in `root` (created if missing); refuse to overwrite an existing one."""
    if (root / CASE_FILE).exists():
        raise UsageError(f"{root}: already holds a case ({CASE_FILE} exists)")
    root.mkdir(parents=True, exist_ok=True)
    case_settings.write_new(root / CASE_FILE, name or root.resolve().name)
    return open_case(root)


def open_case(root: Path, *, upto: int | None = None) -> Case:
    """Open the case in `root`, migrating its store to the current schema."""
    if not (root / CASE_FILE).is_file():
        raise NoCaseError(f"{root}: not a hybridwatch case (no {CASE_FILE}); create one with init")
    loaded = case_settings.load(root / CASE_FILE)
    return Case(root=root, settings=loaded, con=connect(root / DATABASE_FILE, upto=upto))


def locate(explicit: Path | None) -> Path:
    """The case folder a command works on: --case, else $HYBRIDWATCH_CASE, else the cwd."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    if Path(CASE_FILE).is_file():
        return Path.cwd()
    raise NoCaseError(
        f"no case: pass --case DIR, set {ENV_VAR}, or run inside a case folder "
        "(`hybridwatch init DIR` creates one)"
    )
