"""Reference tables the flight steps join against, loaded from the package's own data."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from hybridwatch.reference import addresses, airports, military, state_callsigns


def _register(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    con.register(f"{name}_arrow", table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")


def load_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """ref_airports, ref_address_blocks, ref_military_ranges, ref_state_callsigns."""
    _register(con, "ref_airports", airports.table())
    _register(con, "ref_address_blocks", addresses.table())
    _register(con, "ref_military_ranges", military.table())
    _register(con, "ref_state_callsigns", state_callsigns.table())
