"""Findings of every kind in one table, each linked to the records behind it."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from hybridwatch.case import Case


@dataclass
class Finding:
    id: str
    kind: str
    title: str
    summary: str
    score: float
    factors: list[dict[str, Any]]
    details: dict[str, Any]
    first_seen: datetime | None
    last_seen: datetime | None
    evidence: list[tuple[str, str, str]] = field(default_factory=list)  # (record, id, role)


def replace_kind(case: Case, kind: str, findings: list[Finding]) -> None:
    """Store the findings of one kind, replacing that kind's previous analysis atomically."""
    con = case.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "DELETE FROM finding_evidence WHERE finding_id IN"
            " (SELECT id FROM findings WHERE kind = ?)",
            [kind],
        )
        con.execute("DELETE FROM findings WHERE kind = ?", [kind])
        # one INSERT per table from Arrow: row-by-row inserts cost milliseconds a finding
        con.register("new_findings", _findings_table(kind, findings))
        con.register("new_evidence", _evidence_table(findings))
        con.execute("INSERT INTO findings SELECT *, now()::TIMESTAMP FROM new_findings")
        con.execute("INSERT INTO finding_evidence SELECT * FROM new_evidence")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("new_findings", "new_evidence"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)


def _findings_table(kind: str, findings: list[Finding]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([f.id for f in findings], pa.string()),
            "kind": pa.array([kind] * len(findings), pa.string()),
            "title": pa.array([f.title for f in findings], pa.string()),
            "summary": pa.array([f.summary for f in findings], pa.string()),
            "score": pa.array([f.score for f in findings], pa.float64()),
            "factors": pa.array(
                [json.dumps(f.factors, ensure_ascii=False) for f in findings], pa.string()
            ),
            "details": pa.array(
                [json.dumps(f.details, ensure_ascii=False) for f in findings], pa.string()
            ),
            "first_seen": pa.array([f.first_seen for f in findings], pa.timestamp("us")),
            "last_seen": pa.array([f.last_seen for f in findings], pa.timestamp("us")),
        }
    )


def _evidence_table(findings: list[Finding]) -> pa.Table:
    rows = [(f.id, record, rid, role) for f in findings for record, rid, role in f.evidence]
    return pa.table(
        {
            name: pa.array([row[i] for row in rows], pa.string())
            for i, name in enumerate(("finding_id", "record", "record_id", "role"))
        }
    )


def list_findings(case: Case, kind: str | None = None) -> list[dict[str, Any]]:
    """Every stored finding, best first, with its evidence."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = case.con.execute(
        f"""SELECT id, kind, title, summary, score, factors, details, first_seen, last_seen
        FROM findings {where} ORDER BY score DESC, first_seen, id""",
        params,
    ).fetchall()
    evidence: dict[str, list[dict[str, str]]] = {}
    for fid, record, rid, role in case.con.execute(
        "SELECT finding_id, record, record_id, role FROM finding_evidence ORDER BY record_id"
    ).fetchall():
        evidence.setdefault(fid, []).append({"record": record, "id": rid, "role": role})
    return [
        {
            "id": fid,
            "kind": k,
            "title": title,
            "summary": summary,
            "score": score,
            "factors": json.loads(factors),
            "details": json.loads(details),
            "first": None if first is None else first.isoformat(timespec="seconds") + "Z",
            "last": None if last is None else last.isoformat(timespec="seconds") + "Z",
            "evidence": evidence.get(fid, []),
        }
        for fid, k, title, summary, score, factors, details, first, last in rows
    ]
