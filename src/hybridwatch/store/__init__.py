"""The case store: one DuckDB file, its schema and ordered migrations."""

from hybridwatch.store.migrate import Migration, connect, migrations, schema_version

__all__ = ["Migration", "connect", "migrations", "schema_version"]
