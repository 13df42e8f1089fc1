"""`hybridwatch export`: the evidence graph as CSV tables or GraphML (FtM: evidence/ftm.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hybridwatch.case import Case
from hybridwatch.graphml import Key, graphml

# file → query; list columns joined with "|" so that every cell is plain text
CSV_TABLES = {
    "entities": "SELECT * REPLACE (array_to_string(aliases, '|') AS aliases) FROM entities"
    " ORDER BY id",
    "entity_members": "SELECT * FROM entity_members ORDER BY entity_id, member",
    "entity_statements": "SELECT * FROM entity_statements ORDER BY ALL",
    "entity_links": "SELECT * FROM entity_links ORDER BY ALL",
    "findings": "SELECT * FROM findings ORDER BY id",
    "finding_evidence": "SELECT * FROM finding_evidence ORDER BY ALL",
    "sources": "SELECT * REPLACE (array_to_string(rejections, '|') AS rejections) FROM sources"
    " ORDER BY id",
}
_GRAPH_KEYS = (
    Key("type", "node"),
    Key("name", "node"),
    Key("country", "node"),
    Key("relation", "edge"),
    Key("record", "edge"),
    Key("record_id", "edge"),
    Key("source_id", "edge", "int"),
    Key("weight", "edge", "int"),
)


def write_csv(case: Case, folder: Path) -> list[Path]:
    """One CSV file with a header per table in `folder` (created if missing); the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, query in CSV_TABLES.items():
        path = folder / f"{name}.csv"
        target = str(path).replace("'", "''")
        case.con.execute(f"COPY ({query}) TO '{target}' (FORMAT csv, HEADER)")
        written.append(path)
    return written


def graph(case: Case) -> str:
    """The entity graph as GraphML: entities, and the documents and findings linking to them,
    as nodes (type, name, country); links as directed edges (relation, record, weight)."""
    nodes: list[tuple[str, dict[str, Any]]] = [
        (eid, {"type": kind, "name": name, "country": country})
        for eid, kind, name, country in case.con.execute(
            "SELECT id, type, name, country FROM entities ORDER BY id"
        ).fetchall()
    ]
    nodes += [
        (node, {"type": kind, "name": name})
        for node, kind, name in case.con.execute(
            """SELECT DISTINCT l.source, split_part(l.source, ':', 1),
                      coalesce(d.title, f.title, l.source)
               FROM entity_links l
               LEFT JOIN documents d ON 'document:' || d.source_id = l.source
               LEFT JOIN findings f ON 'finding:' || f.id = l.source
               WHERE l.source NOT IN (SELECT id FROM entities) ORDER BY 1"""
        ).fetchall()
    ]
    edges = [
        (
            source,
            target,
            {
                "relation": relation,
                "record": record,
                "record_id": rid,
                "source_id": sid,
                "weight": weight,
            },
        )
        for source, target, relation, record, rid, sid, weight in case.con.execute(
            """SELECT source, target, relation, record, record_id, source_id, weight
               FROM entity_links ORDER BY ALL"""
        ).fetchall()
    ]
    return graphml("entities", _GRAPH_KEYS, nodes, edges, directed=True)
