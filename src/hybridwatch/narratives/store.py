"""Replacing the rows of the narrative tables from Arrow, in one INSERT each."""

from __future__ import annotations

import pyarrow as pa

from hybridwatch.case import Case


def insert(case: Case, table: str, rows: pa.Table) -> None:
    case.con.register("narrative_rows", rows)
    try:
        case.con.execute(f"INSERT INTO {table} SELECT * FROM narrative_rows")
    finally:
        case.con.unregister("narrative_rows")


def replace(case: Case, table: str, rows: pa.Table) -> None:
    case.con.execute(f"DELETE FROM {table}")
    insert(case, table, rows)
