"""Reading the narrative analysis back: narratives, alignments, search, the coordination graph."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import numpy as np

from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.graphml import Key, graphml
from hybridwatch.narratives import corpus, embed
from hybridwatch.narratives.actors import ActorIndex, merged

EXAMPLES = 3
_COORDINATION_KEYS = (
    Key("name", "node"),
    Key("country", "node"),
    Key("kind", "node"),
    Key("weight", "edge", "int"),
    Key("similarity", "edge", "double"),
    Key("statements", "edge"),
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def _statement(row: tuple[Any, ...]) -> dict[str, Any]:
    sid, actor, published, text, url = row
    return {"id": sid, "actor": actor, "date": _iso(published), "text": text, "url": url}


def narratives(case: Case) -> list[dict[str, Any]]:
    """Narratives of at least `min_narrative_size` statements, largest first."""
    minimum = case.settings.narratives.min_narrative_size
    rows = case.con.execute(
        """
        SELECT id, label, terms, size, actors, first_seen, last_seen
        FROM narratives WHERE size >= ? ORDER BY size DESC, id
        """,
        [minimum],
    ).fetchall()
    examples: dict[int, list[dict[str, Any]]] = {}
    for nid, *statement in case.con.execute(
        """
        SELECT narrative_id, s.id, sa.actor_id, s.published, s.text, s.url
        FROM narrative_members AS m
        JOIN statements AS s ON s.id = m.statement_id
        JOIN statement_actors AS sa ON sa.statement_id = s.id
        JOIN narratives AS n ON n.id = m.narrative_id
        WHERE n.size >= ?
        QUALIFY row_number() OVER (PARTITION BY narrative_id ORDER BY m.similarity DESC) <= ?
        ORDER BY narrative_id, m.similarity DESC
        """,
        [minimum, EXAMPLES],
    ).fetchall():
        examples.setdefault(nid, []).append(_statement(tuple(statement)))
    return [
        {
            "id": nid,
            "label": label,
            "terms": terms,
            "size": size,
            "actors": actors,
            "first": _iso(first),
            "last": _iso(last),
            "examples": examples.get(nid, []),
        }
        for nid, label, terms, size, actors, first, last in rows
    ]


def _actor_ids(case: Case, names: list[str]) -> set[str]:
    """Actor ids for names given on the command line: ids, names, aliases or handles."""
    known = {r[0] for r in case.con.execute("SELECT id FROM actors").fetchall()}
    index = ActorIndex(merged(case.settings.narratives.actors))
    return {name if name in known else index.resolve(name)[0].id for name in names}


def _findings(case: Case, finding: str) -> list[dict[str, Any]]:
    rows = case.con.execute(
        "SELECT details FROM findings WHERE kind = 'narrative' ORDER BY score DESC, id"
    ).fetchall()
    details = [json.loads(r[0]) for r in rows]
    return [d for d in details if d.get("finding") == finding]


def alignments(case: Case, actors: list[str] | None = None) -> list[dict[str, Any]]:
    """Alignment findings; with `actors`, only pairs among them (one name: pairs with it)."""
    found = _findings(case, "alignment")
    if actors:
        wanted = _actor_ids(case, actors)
        need = 1 if len(wanted) == 1 else 2
        found = [d for d in found if len(wanted & {d["actor_a"], d["actor_b"]}) >= need]
    keys = (
        "actor_a",
        "actor_b",
        "narrative",
        "lag_days",
        "similarity",
        "correlation",
        "correlation_lag_days",
    )
    return [
        {
            **{k: d[k] for k in keys},
            "pairs": [
                {
                    "a": {k: p["a"][k] for k in ("id", "date", "text", "actor", "url")},
                    "b": {k: p["b"][k] for k in ("id", "date", "text", "actor", "url")},
                    "similarity": p["similarity"],
                }
                for p in d["pairs"]
            ],
        }
        for d in found
    ]


def search(case: Case, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Statements closest in meaning to `text`, with their narrative."""
    if not text.strip():
        raise InputError(case.root, "search needs some text")
    data = corpus.load(case, case.settings.narratives)
    if not len(data):
        return []
    if data.embedder == embed.LEXICAL:
        vectors = embed.LexicalEmbedder().embed([*data.texts, text])
        query, rows = vectors[-1], vectors[:-1]
    else:
        query, rows = embed.E5Embedder().embed([text])[0], data.vectors
    scores = rows @ query
    best = np.argsort(-scores)[:limit]
    narrative_of = dict(
        case.con.execute("SELECT statement_id, narrative_id FROM narrative_members").fetchall()
    )
    return [
        {
            "id": int(data.ids[r]),
            "actor": data.actor_ids[r],
            "date": datetime.utcfromtimestamp(float(data.times[r])).isoformat() + "Z",
            "text": data.texts[r],
            "url": data.urls[r],
            "similarity": round(float(scores[r]), 3),
            "narrative": narrative_of.get(int(data.ids[r])),
        }
        for r in best
    ]


def coordination_graphml(case: Case) -> str:
    """The coordination network: actors as nodes, one weighted edge per coordinated pair."""
    edges = _findings(case, "coordination")
    used = {a for d in edges for a in (d["actor_a"], d["actor_b"])}
    actors = {
        r[0]: r[1:]
        for r in case.con.execute("SELECT id, name, country, kind FROM actors").fetchall()
        if r[0] in used
    }
    nodes = []
    for actor_id in sorted(used):
        name, country, kind = actors.get(actor_id, (actor_id, None, "unknown"))
        nodes.append((actor_id, {"name": name, "country": country, "kind": kind}))
    links = [
        (
            d["actor_a"],
            d["actor_b"],
            {
                "weight": d["weight"],
                "similarity": d["similarity"],
                "statements": ",".join(f"{p['a']['id']}-{p['b']['id']}" for p in d["pairs"]),
            },
        )
        for d in edges
    ]
    return graphml("coordination", _COORDINATION_KEYS, nodes, links, directed=False)
