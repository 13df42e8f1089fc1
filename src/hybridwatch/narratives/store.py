"""Replacing the rows of the narrative tables from Arrow, in one INSERT each."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from hybridwatch.case import Case


def insert(case: Case | duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """`rows` added to `table`, through the case's connection or another (a cursor of it)."""
    con = case.con if isinstance(case, Case) else case
    con.register("narrative_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM narrative_rows")
    finally:
        con.unregister("narrative_rows")


def replace(case: Case | duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    con = case.con if isinstance(case, Case) else case
    con.execute(f"DELETE FROM {table}")
    insert(con, table, rows)
