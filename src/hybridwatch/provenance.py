"""The `sources` table: what was ingested, from where, how it is graded; and case status."""

from __future__ import annotations

from typing import Any

from hybridwatch.case import Case
from hybridwatch.errors import HybridwatchError
from hybridwatch.grading import Grade
from hybridwatch.store import schema_version

_SOURCE_COLUMNS = (
    "id, kind, format, path, sha256, size, ingested_at::TIMESTAMP, reliability, credibility,"
    " rows_accepted, rows_rejected, rejections"
)


def _source_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    (sid, kind, fmt, path, sha, size, at, rel, cred, accepted, rejected, rejections) = row
    return {
        "id": sid,
        "kind": kind,
        "format": fmt,
        "path": path,
        "sha256": sha,
        "size": size,
        "ingested_at": at.isoformat() + "Z",  # stored in UTC (the store's TimeZone)
        "grade": f"{rel}{cred}",
        "reliability": rel,
        "credibility": cred,
        "rows_accepted": accepted,
        "rows_rejected": rejected,
        "rejections": list(rejections),
    }


def list_sources(case: Case) -> list[dict[str, Any]]:
    rows = case.con.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY id").fetchall()
    return [_source_dict(r) for r in rows]


def get_source(case: Case, source_id: int) -> dict[str, Any]:
    row = case.con.execute(
        f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", [source_id]
    ).fetchone()
    if row is None:
        raise HybridwatchError(f"no source with id {source_id} (see `hybridwatch sources`)")
    return _source_dict(row)


def set_grade(case: Case, source_id: int, grade: Grade) -> dict[str, Any]:
    get_source(case, source_id)
    case.con.execute(
        "UPDATE sources SET reliability = ?, credibility = ? WHERE id = ?",
        [grade.reliability, grade.credibility, source_id],
    )
    return get_source(case, source_id)


def table_counts(case: Case) -> dict[str, int]:
    names = [
        r[0]
        for r in case.con.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    counts = {}
    for name in names:
        row = case.con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


def status(case: Case) -> dict[str, Any]:
    return {
        "case": {"name": case.name, "path": str(case.root.resolve())},
        "schema_version": schema_version(case.con),
        "tables": table_counts(case),
        "sources": list_sources(case),
    }
