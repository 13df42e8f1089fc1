"""The evidence graph: entities resolved across streams, with the rows behind every value.

`resolve` rebuilds `entities`, `entity_members`, `entity_statements` and `entity_links` from
the streams (evidence/candidates.py) in one transaction:

1. exact keys: one ISO code, ICAO airport code, aircraft address, system key or actor id is
   one member, whichever stream names it; a document's "Azerbaijani" or "Zuzana-2" joins the
   key its name resolves to;
2. fingerprints: names and aliases equal once case, accents, punctuation and word order are
   gone (countries, organisations, persons, places);
3. fuzzy names: rapidfuzz token_sort_ratio ≥ 93 with every word paired (evidence/matching.py),
   organisations, persons and places only;
4. the analyst's decisions (`entity_decisions`), in order: merge puts two members' entities
   together, split takes a member out into an entity of its own. They name member keys, so
   they hold on every rerun.

Steps 1–3 never join two different ISO codes, aircraft, airports, systems or curated actors,
nor members stating different countries; an analyst's merge may.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from hybridwatch.case import Case
from hybridwatch.errors import UsageError
from hybridwatch.evidence.candidates import TYPES, Candidates, Member, collect, rank
from hybridwatch.evidence.matching import Groups, fingerprint, fuzzy_pairs

_FINGERPRINTED = ("country", "organization", "person", "place")
_FUZZY = ("organization", "person", "place")
# Why a member is in its entity, best first: the best reason it has within the entity counts.
_KEY, _FINGERPRINT = "key", "fingerprint"
_MERGE, _SPLIT = "analyst merge", "analyst split"


@dataclass
class ResolveResult:
    counts: dict[str, int]  # entities per type
    members: int
    statements: int
    links: int
    decisions: int  # applied
    stale: list[int] = field(default_factory=list)  # decisions naming members no longer found
    seconds: float = 0.0


@dataclass
class _Entity:
    id: str
    anchor: Member
    members: list[Member]

    def row(self) -> tuple[str, str, str, str | None, list[str]]:
        """(id, type, name, country, aliases)"""
        names = {self.anchor.name}
        aliases = sorted({n for m in self.members for n in (m.name, *m.aliases)} - names)
        if self.anchor.type == "country":
            country = self.anchor.country
        else:
            stated = [m.country for m in self.members if m.country]
            country = min(set(stated), key=lambda c: (-stated.count(c), c)) if stated else None
        return (self.id, self.anchor.type, self.anchor.name, country, aliases)


def _match(found: Candidates) -> tuple[Groups, dict[tuple[str, str], str]]:
    """Automatic matching; also every reason seen for two members to be one (member pair →
    how), from which each member's `how` is chosen."""
    members = found.members
    groups = Groups({key: m.claims for key, m in members.items()})
    reasons: dict[tuple[str, str], str] = {}

    def join(a: str, b: str, how: str) -> None:
        if groups.union(a, b):
            reasons.setdefault((a, b) if a < b else (b, a), how)

    for a, b in found.same:
        join(a, b, _KEY)
    by_print: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, member in members.items():
        if member.type in _FINGERPRINTED:
            for name in sorted({member.name, *member.aliases}):
                by_print[(member.type, fingerprint(name))].append(key)
    for keys in by_print.values():
        for other in keys[1:]:
            if other != keys[0]:
                join(keys[0], other, _FINGERPRINT)
    for kind in _FUZZY:
        prints = [(fp, keys[0]) for (t, fp), keys in by_print.items() if t == kind]
        for i, j, score in fuzzy_pairs([fp for fp, _ in prints]):
            join(prints[i][1], prints[j][1], f"fuzzy {score}")
    return groups, reasons


def _decide(
    con: duckdb.DuckDBPyConnection, found: Candidates, groups: Groups
) -> tuple[list[int], list[int], set[str], set[str]]:
    """Apply the analyst's decisions in order: (applied, stale, merged members, split ones)."""
    applied: list[int] = []
    stale: list[int] = []
    merged: set[str] = set()
    split: set[str] = set()
    for did, action, a, b in con.execute(
        "SELECT id, action, member_a, member_b FROM entity_decisions ORDER BY id"
    ).fetchall():
        if a not in found.members or (action == "merge" and b not in found.members):
            stale.append(did)
            continue
        if action == "merge":
            groups.union(a, b, forced=True)
            merged |= {a, b}
            split -= {a, b}
        else:
            groups.detach(a)
            split.add(a)
            merged.discard(a)
        applied.append(did)
    return applied, stale, merged, split


def _strength(how: str) -> int:
    return {_KEY: 1000, _FINGERPRINT: 999}.get(how) or int(how.rsplit(" ", 1)[-1])


def _how(
    member: str, together: set[str], near: dict[str, str], merged: set[str], split: set[str]
) -> str:
    """Why `member` is in the entity of `together`: its best reason to be with another one."""
    if member in split:
        return _SPLIT
    if len(together) == 1:
        return _KEY
    reasons = [how for other, how in near.items() if other in together]
    if member in merged or not reasons:
        return _MERGE
    return max(reasons, key=_strength)


def _entities(found: Candidates, groups: Groups) -> list[_Entity]:
    def strength(m: Member) -> tuple[int, int, str]:
        return (m.rank, -m.weight, m.key)

    grouped = [
        sorted((found.members[k] for k in keys), key=strength)
        for keys in groups.groups(found.members).values()
    ]
    grouped.sort(key=lambda ms: strength(ms[0]))
    taken: set[str] = set()
    entities = []
    for members in grouped:
        anchor = members[0]
        base = f"{anchor.type}:{anchor.id_part}"
        eid, n = base, 1
        while eid in taken:
            n += 1
            eid = f"{base}-{n}"
        taken.add(eid)
        entities.append(_Entity(eid, anchor, members))
    return entities


def _tables(
    found: Candidates,
    entities: list[_Entity],
    reasons: dict[tuple[str, str], str],
    merged: set[str],
    split: set[str],
) -> dict[str, pa.Table]:
    entity_of = {m.key: e.id for e in entities for m in e.members}
    near: dict[str, dict[str, str]] = defaultdict(dict)
    for (a, b), how in reasons.items():
        near[a][b] = near[b][a] = how
    members = []
    for e in entities:
        together = {m.key for m in e.members}
        for m in e.members:
            members.append((e.id, m.key, _how(m.key, together, near[m.key], merged, split)))
    statements: dict[tuple[Any, ...], list[Any]] = {}  # → [record id, locator, rows]
    for member, prop, value, record, rid, source, locator, count in found.statements:
        said = (entity_of[member], prop, value, record, source)
        if said in statements:
            statements[said][2] += count
        else:
            statements[said] = [rid, locator, count]
    links: dict[tuple[Any, ...], list[Any]] = {}  # → [record id, weight]
    for start, target, relation, record, rid, source, weight in found.links:
        stated = (entity_of.get(start, start), entity_of[target], relation, record, source)
        if stated[0] == stated[1]:
            continue
        if stated in links:
            links[stated][1] += weight
        else:
            links[stated] = [rid, weight]
    return {
        "entities": _table(_ENTITIES, [e.row() for e in entities]),
        "entity_members": _table(_MEMBERS, members),
        "entity_statements": _table(
            _STATEMENTS, [(*k[:4], rid, k[4], loc, n) for k, (rid, loc, n) in statements.items()]
        ),
        "entity_links": _table(_LINKS, [(*k[:4], rid, k[4], w) for k, (rid, w) in links.items()]),
    }


def _table(schema: pa.Schema, rows: list[tuple[Any, ...]]) -> pa.Table:
    """Rows (tuples in the schema's column order) as an Arrow table, built column by column."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.table(
        [pa.array(column, field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


_TEXT, _INT = pa.string(), pa.int32()
_ENTITIES = pa.schema(
    [("id", _TEXT), ("type", _TEXT), ("name", _TEXT), ("country", _TEXT),
     ("aliases", pa.list_(_TEXT))]
)  # fmt: skip
_MEMBERS = pa.schema([("entity_id", _TEXT), ("member", _TEXT), ("how", _TEXT)])
_STATEMENTS = pa.schema(
    [("entity_id", _TEXT), ("prop", _TEXT), ("value", _TEXT), ("record", _TEXT),
     ("record_id", _TEXT), ("source_id", _INT), ("locator", _TEXT), ("rows", _INT)]
)  # fmt: skip
_LINKS = pa.schema(
    [("source", _TEXT), ("target", _TEXT), ("relation", _TEXT), ("record", _TEXT),
     ("record_id", _TEXT), ("source_id", _INT), ("weight", _INT)]
)  # fmt: skip


def resolve(case: Case) -> ResolveResult:
    """Rebuild the entities from the streams and the analyst's decisions, replacing the
    previous resolution in one transaction."""
    started = time.perf_counter()
    con = case.con
    found = collect(con)
    groups, reasons = _match(found)
    applied, stale, merged, split = _decide(con, found, groups)
    entities = _entities(found, groups)
    tables = _tables(found, entities, reasons, merged, split)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            con.execute(f"DELETE FROM {name}")
            con.register("new_rows", table)
            try:
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM new_rows")
            finally:
                con.unregister("new_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return ResolveResult(
        counts=dict(Counter(e.anchor.type for e in entities)),
        members=len(found.members),
        statements=tables["entity_statements"].num_rows,
        links=tables["entity_links"].num_rows,
        decisions=len(applied),
        stale=stale,
        seconds=time.perf_counter() - started,
    )


def _locate(case: Case, ref: str) -> tuple[str, str]:
    """(member key, entity id) for an entity id or a member key; an entity gives its member
    with the strongest key (a code before an actor id, a name, a mention)."""
    row = case.con.execute(
        "SELECT member, entity_id FROM entity_members WHERE member = ?", [ref]
    ).fetchone()
    if row:
        return str(row[0]), str(row[1])
    members = [
        str(r[0])
        for r in case.con.execute(
            "SELECT member FROM entity_members WHERE entity_id = ?", [ref]
        ).fetchall()
    ]
    if not members:
        raise UsageError(
            f"no entity or member {ref!r} in this case (see `hybridwatch entities list`)"
        )
    return min(members, key=lambda m: (rank(m), m)), ref


def _members(case: Case, entity_id: str) -> list[str]:
    return [
        str(r[0])
        for r in case.con.execute(
            "SELECT member FROM entity_members WHERE entity_id = ? ORDER BY member", [entity_id]
        ).fetchall()
    ]


def _entity_of(case: Case, member: str) -> str:
    return _locate(case, member)[1]


def _ensure_resolved(case: Case) -> None:
    row = case.con.execute("SELECT count(*) FROM entities").fetchone()
    if not row or not row[0]:
        resolve(case)


def _decision(case: Case, action: str, a: str, b: str | None, note: str | None) -> int:
    row = case.con.execute(
        """INSERT INTO entity_decisions (action, member_a, member_b, note, decided_at)
           VALUES (?, ?, ?, ?, now()::TIMESTAMP) RETURNING id""",
        [action, a, b, note],
    ).fetchone()
    assert row is not None
    return int(row[0])


def merge(case: Case, a: str, b: str, note: str | None = None) -> dict[str, Any]:
    """Put the entities of `a` and `b` (entity ids or member keys) together, now and on every
    rerun; what changed."""
    _ensure_resolved(case)
    (member_a, before_a), (member_b, before_b) = _locate(case, a), _locate(case, b)
    if before_a == before_b:
        return {
            "changed": False,
            "decision": None,
            "before": [before_a],
            "entity": before_a,
            "members": _members(case, before_a),
        }
    decision = _decision(case, "merge", member_a, member_b, note)
    resolve(case)
    after = _entity_of(case, member_a)
    return {
        "changed": True,
        "decision": decision,
        "before": [before_a, before_b],
        "entity": after,
        "members": _members(case, after),
    }


def split(case: Case, entity: str, member: str, note: str | None = None) -> dict[str, Any]:
    """Take `member` out of `entity` (an entity id, or a member key of it) into an entity of
    its own, now and on every rerun; what changed."""
    _ensure_resolved(case)
    _, entity_id = _locate(case, entity)
    members = _members(case, entity_id)
    if member not in members:
        raise UsageError(
            f"{member!r} is not a member of {entity_id} (members: {', '.join(members)})"
        )
    if len(members) == 1:
        raise UsageError(f"{member!r} is the only member of {entity_id}: nothing to split")
    decision = _decision(case, "split", member, None, note)
    resolve(case)
    rest = _entity_of(case, next(m for m in members if m != member))
    return {
        "changed": True,
        "decision": decision,
        "before": [entity_id],
        "entity": _entity_of(case, member),
        "rest": rest,
        "members": _members(case, rest),
    }


def _query(case: Case, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = case.con.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_entities(case: Case, type: str | None = None) -> list[dict[str, Any]]:
    """Every entity (or every one of `type`), by type and name, with how many members and
    links it has."""
    if type is not None and type not in TYPES:
        raise UsageError(f"unknown entity type {type!r}: one of {', '.join(TYPES)}")
    return _query(
        case,
        """SELECT e.id, e.type, e.name, e.country, e.aliases,
                  (SELECT count(*) FROM entity_members m WHERE m.entity_id = e.id) AS members,
                  (SELECT count(*) FROM entity_links l WHERE l.source = e.id OR l.target = e.id)
                      AS links
           FROM entities e WHERE ?::VARCHAR IS NULL OR e.type = ? ORDER BY e.type, e.name, e.id""",
        [type, type],
    )


def entity(case: Case, ref: str) -> dict[str, Any]:
    """One entity (by id or by a member key): members with why, each property's values with
    the rows stating them, and its links in both directions."""
    found = _query(case, "SELECT * FROM entities WHERE id = ?", [ref])
    if not found:
        found = _query(case, "SELECT * FROM entities WHERE id = ?", [_locate(case, ref)[1]])
    shown = found[0]
    eid = shown["id"]
    shown["members"] = _query(
        case, "SELECT member, how FROM entity_members WHERE entity_id = ? ORDER BY member", [eid]
    )
    statements: dict[str, list[dict[str, Any]]] = {}
    for row in _query(
        case,
        """SELECT s.prop, s.value, s.record, s.record_id, s.source_id, s.locator, s.rows,
                  src.reliability || src.credibility AS grade
           FROM entity_statements s LEFT JOIN sources src ON src.id = s.source_id
           WHERE s.entity_id = ? ORDER BY s.prop, s.value, s.record, s.source_id""",
        [eid],
    ):
        statements.setdefault(row.pop("prop"), []).append(row)
    shown["statements"] = statements
    shown["links"] = _query(
        case,
        """SELECT l.direction, l.relation, l.other,
                  coalesce(e.name, d.title, f.title) AS other_name,
                  l.record, l.record_id, l.source_id, l.weight
           FROM (SELECT CASE WHEN source = ? THEN 'out' ELSE 'in' END AS direction,
                        CASE WHEN source = ? THEN target ELSE source END AS other, *
                 FROM entity_links WHERE source = ? OR target = ?) l
           LEFT JOIN entities e ON e.id = l.other
           LEFT JOIN documents d ON 'document:' || d.source_id = l.other
           LEFT JOIN findings f ON 'finding:' || f.id = l.other
           ORDER BY l.direction DESC, l.relation, l.other, l.record, l.source_id""",
        [eid, eid, eid, eid],
    )
    return shown
