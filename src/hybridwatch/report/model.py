"""What the report shows, gathered from a case: findings with their wording, claims with their
verdicts, the ledger, narrative pairs, the graphics, the records behind all of it, the sources.

Every section refers to evidence by `(record, id)`; `Report.records` holds each of those rows
once, so every evidence link in the HTML resolves to an entry of the evidence appendix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from hybridwatch import __version__
from hybridwatch.arms import query as arms_query
from hybridwatch.case import Case
from hybridwatch.evidence import claims as claims_mod
from hybridwatch.evidence import corroboration, records
from hybridwatch.evidence.wording import Estimate
from hybridwatch.findings import list_findings
from hybridwatch.flights.dialect import DUCKDB
from hybridwatch.grading import CREDIBILITY, RELIABILITY
from hybridwatch.provenance import list_sources
from hybridwatch.reference.airports import airport
from hybridwatch.report import svg

# Bounds that keep a report of a large case readable and quick; the CLI lists the rest.
FINDINGS_PER_KIND = 25
SUMMARY_FINDINGS = 6
SUMMARY_PER_KIND = 2
MAP_OTHER_FLIGHTS = 150
LEDGER_ROWS = 200
NARRATIVE_PAIRS = 40


@dataclass
class FindingView:
    finding: dict[str, Any]
    estimate: Estimate
    anchor: str


@dataclass
class Report:
    title: str
    generated: str
    version: str
    summary: list[FindingView]
    findings: dict[str, list[FindingView]]
    hidden_findings: dict[str, int]
    verdicts: list[dict[str, Any]]
    verdict_counts: dict[str, int]
    footnotes: dict[int, dict[int, str]]  # document → number → note
    ledger: list[dict[str, Any]]
    ledger_hidden: int
    narrative_pairs: list[dict[str, Any]]
    map_svg: str
    timeline_svg: str
    network_svg: str
    records: list[records.Record]
    sources: list[dict[str, Any]]
    suggestions: dict[int, corroboration.Suggestion]
    entities: list[dict[str, Any]]
    contents: list[str]


def record_anchor(record: str, rid: str) -> str:
    return records.Record(record, rid, "", None, ()).anchor


def finding_anchor(finding_id: str) -> str:
    return "finding-" + "".join(c if c.isalnum() else "-" for c in finding_id)


def gather(case: Case) -> Report:
    every = list_findings(case)
    verdicts = claims_mod.check(case)
    estimated = corroboration.estimates(case, every, verdicts)
    views = [FindingView(f, estimated[f["id"]], finding_anchor(f["id"])) for f in every]
    by_kind: dict[str, list[FindingView]] = {}
    for view in views:
        by_kind.setdefault(view.finding["kind"], []).append(view)
    shown = {kind: found[:FINDINGS_PER_KIND] for kind, found in by_kind.items()}
    hidden = {kind: len(found) - len(shown[kind]) for kind, found in by_kind.items()}
    summary = _summary(shown)
    pairs = _narrative_pairs(shown.get("narrative", []))
    refs = {
        (e["record"], e["id"])
        for v in (x for f in shown.values() for x in f)
        for e in v.finding["evidence"]
    }
    refs |= {(e["record"], e["id"]) for v in verdicts for e in v["evidence"]}
    ledger = _ledger(case, refs)
    refs |= {ref for row in ledger[:LEDGER_ROWS] for ref in ledger_records(row)}
    refs |= {("statements", str(p[side]["id"])) for p in pairs for side in ("a", "b")}
    # findings cut from the report but cited by a claim are described (and listed) as records
    described = records.describe(case, refs)
    suggestions = {s.source_id: s for s in corroboration.suggested_credibility(case, verdicts)}
    flights = [r for r in described.values() if r.record == "flights"]
    entities, network_svg = _network(case)
    return Report(
        title=case.settings.name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        summary=summary,
        findings=shown,
        hidden_findings=hidden,
        verdicts=verdicts,
        verdict_counts=dict(Counter(v["verdict"] for v in verdicts)),
        footnotes=_footnotes(case),
        ledger=ledger[:LEDGER_ROWS],
        ledger_hidden=max(0, len(ledger) - LEDGER_ROWS),
        narrative_pairs=pairs,
        map_svg=_map(case, flights),
        timeline_svg=_timeline(shown, described),
        network_svg=network_svg,
        entities=entities,
        contents=_contents(case),
        records=sorted(described.values(), key=lambda r: (r.record, _sortable(r.when), r.id)),
        sources=_sources(case),
        suggestions=suggestions,
    )


# (table, how many of what): the case's contents in the words of the report's opening.
_CONTENTS = (
    ("state_vectors", "ADS-B positions"),
    ("flights", "flights derived from them"),
    ("arms_deals", "arms-register deals"),
    ("arms_events", "events in the analyst's arms ledger"),
    ("arms_aid", "aid records"),
    ("arms_losses", "documented equipment losses"),
    ("statements", "official and media statements"),
    ("actors", "actors speaking in them"),
    ("documents", "analysts' documents"),
    ("document_claims", "claims made in those documents"),
)


def _contents(case: Case) -> list[str]:
    """What the case holds as counted phrases ("259,782 ADS-B positions"); empty tables left out."""
    out = []
    for table, what in _CONTENTS:
        row = case.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        if row and row[0]:
            out.append(f"{row[0]:,} {what}")
    return out


def _sortable(when: datetime | date | None) -> str:
    return "" if when is None else when.isoformat()


def _summary(shown: dict[str, list[FindingView]]) -> list[FindingView]:
    """The best findings, every kind having its say: the best of each kind, then the second
    best of each, and so on, each round most likely first."""
    chosen: list[FindingView] = []
    for rank in range(SUMMARY_PER_KIND):
        round_ = [found[rank] for found in shown.values() if len(found) > rank]
        chosen += sorted(round_, key=lambda v: -v.estimate.probability)
    return chosen[:SUMMARY_FINDINGS]


def _footnotes(case: Case) -> dict[int, dict[int, str]]:
    notes: dict[int, dict[int, str]] = {}
    for source, number, note in case.con.execute(
        "SELECT source_id, number, note FROM document_footnotes WHERE note IS NOT NULL"
    ).fetchall():
        notes.setdefault(source, {})[number] = note
    return notes


def ledger_records(row: dict[str, Any]) -> list[tuple[str, str]]:
    """The stored rows a fulfilment row adds up: ledger events or register deals."""
    events = [("arms_events", str(e["id"])) for e in row.get("events", [])]
    return events + [("arms_deals", str(d["id"])) for d in row.get("deals", [])]


def _ledger(case: Case, cited: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """Fulfilment rows, those the findings and claims cite first, then those of the case's
    protected and watched parties, then the analyst's ledger, register and aid rows."""
    watched = set(case.settings.arms.protected) | set(case.settings.arms.watched)
    order = {"ledger": 0, "register": 1}

    def rank(row: dict[str, Any]) -> tuple[int, int, str, str]:
        is_cited = any(ref in cited for ref in ledger_records(row))
        parties = {row.get("recipient"), row.get("supplier"), row.get("donor")}
        return (
            0 if is_cited else 1 if parties & watched else 2,
            order.get(row["basis"], 2),
            row.get("recipient") or "",
            row.get("supplier") or row.get("donor") or "",
        )

    return sorted(arms_query.fulfilment(case), key=rank)


def _narrative_pairs(views: list[FindingView]) -> list[dict[str, Any]]:
    pairs = []
    for view in views:
        details = view.finding["details"]
        for pair in details.get("pairs", []):
            pairs.append({**pair, "finding": view.finding, "anchor": view.anchor})
    return pairs[:NARRATIVE_PAIRS]


def _sources(case: Case) -> list[dict[str, Any]]:
    out = []
    for s in list_sources(case):
        s["reliability_meaning"] = RELIABILITY[s["reliability"]]
        s["credibility_meaning"] = CREDIBILITY[s["credibility"]]
        s["name"] = s["path"].rsplit("/", 1)[-1]
        out.append(s)
    return out


# --- graphics ----------------------------------------------------------------------------------


def _map(case: Case, evidence_flights: list[records.Record]) -> str:
    """The flights behind findings and claims in red, other flights of their time faint, and
    the airports they used."""
    ids = [r.id for r in evidence_flights]
    others: list[str] = []
    if ids:
        others = [
            fid
            for (fid,) in case.con.execute(
                """SELECT id FROM flights
                   WHERE id NOT IN (SELECT unnest(?))
                     AND first_seen BETWEEN (SELECT min(first_seen) FROM flights
                                             WHERE id IN (SELECT unnest(?)))
                                        AND (SELECT max(last_seen) FROM flights
                                             WHERE id IN (SELECT unnest(?)))
                   ORDER BY id LIMIT ?""",
                [ids, ids, ids, MAP_OTHER_FLIGHTS],
            ).fetchall()
        ]
    chosen = set(ids)
    points: dict[str, list[tuple[float, float]]] = {}
    ends: Counter[str] = Counter()
    labels: dict[str, str] = {}
    if ids or others:
        rows = case.con.execute(
            f"""SELECT f.id, sv.lon, sv.lat FROM flights f
               JOIN state_vectors sv ON sv.address = {DUCKDB.hex_to_int("f.icao24")}
                AND sv.time BETWEEN f.first_seen AND f.last_seen
               WHERE f.id IN (SELECT unnest(?)) AND sv.lat IS NOT NULL
               ORDER BY f.id, sv.time""",
            [ids + others],
        ).fetchall()
        for fid, lon, lat in rows:
            points.setdefault(fid, []).append((lon, lat))
        for fid, label, dep, arr in case.con.execute(
            """SELECT id, coalesce(registration, icao24) || ' ' || coalesce(departure_airport, '?')
                      || '→' || coalesce(arrival_airport, '?'), departure_airport, arrival_airport
               FROM flights WHERE id IN (SELECT unnest(?))""",
            [ids + others],
        ).fetchall():
            labels[fid] = label
            if fid in chosen:
                ends.update(code for code in (dep, arr) if code)
    tracks = [
        svg.MapTrack(
            id=fid,
            label=labels.get(fid, fid),
            points=pts,
            css_class="airlift" if fid in chosen else "other",
            href=f"#{record_anchor('flights', fid)}" if fid in chosen else None,
        )
        for fid, pts in sorted(points.items(), key=lambda item: item[0] in chosen)
    ]
    places = []
    for code in sorted(ends):
        known = airport(code)
        if known is not None:
            places.append(svg.MapPlace(code, f"{code} {known.city}", known.lon, known.lat))
    if not tracks and not places:
        return ""
    return svg.map_svg(tracks, places)


def _timeline(
    shown: dict[str, list[FindingView]], described: dict[tuple[str, str], records.Record]
) -> str:
    """Findings as spans, and the dated rows behind them, one lane per stream."""
    events: list[svg.TimelineEvent] = []
    for record in described.values():
        if record.when is None:
            continue
        lane = {
            "flights": "flights",
            "statements": "statements",
            "arms_events": "arms",
            "arms_deals": "arms",
        }.get(record.record)
        if lane:
            events.append(
                svg.TimelineEvent(
                    f"{record.record}-{record.id}",
                    lane,
                    record.when,
                    record.label,
                    href=f"#{record.anchor}",
                )
            )
    for kind, views in shown.items():
        for view in views:
            f = view.finding
            if f["first"] and f["last"]:
                events.append(
                    svg.TimelineEvent(
                        view.anchor,
                        f"{kind} findings",
                        datetime.fromisoformat(f["first"].replace("Z", "+00:00")),
                        f"[{kind}] {f['title']}",
                        end=datetime.fromisoformat(f["last"].replace("Z", "+00:00")),
                        href=f"#{view.anchor}",
                    )
                )
    if not events:
        return ""
    kinds = [f"{kind} findings" for kind in shown]
    lanes = [
        lane
        for lane in (*kinds, "flights", "arms", "statements")
        if any(e.lane == lane for e in events)
    ]
    return svg.timeline_svg(events, lanes=lanes)


NETWORK_NODES = 60
NETWORK_MIN_FOCUS = 12  # with fewer entities in focus, the best connected fill the picture


def entity_anchor(entity_id: str) -> str:
    return "entity-" + "".join(c if c.isalnum() else "-" for c in entity_id)


def _network(case: Case) -> tuple[list[dict[str, Any]], str]:
    """The entities the findings involve and the documents mention, then the best connected
    (`hybridwatch entities`), with the links between them."""
    tables = {t for (t,) in case.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "entity_links" not in tables:
        return [], ""
    # links between entities only (documents and findings also link to entities), both ways as one
    links = case.con.execute(
        """SELECT least(source, target), greatest(source, target), sum(weight),
                  string_agg(DISTINCT relation, ', ' ORDER BY relation)
           FROM entity_links
           WHERE source <> target AND source IN (SELECT id FROM entities)
             AND target IN (SELECT id FROM entities)
           GROUP BY ALL"""
    ).fetchall()
    degree: Counter[str] = Counter()
    for a, b, n, _ in links:
        degree[a] += n
        degree[b] += n
    # what the findings involve and the documents mention first: the case's subject, not the
    # busiest airports of the background traffic
    focus = Counter(
        dict(
            case.con.execute(
                """SELECT target, sum(weight) FROM entity_links
                   WHERE relation IN ('involves', 'mentions') GROUP BY target"""
            ).fetchall()
        )
    )
    ranked = sorted(degree, key=lambda e: (-focus.get(e, 0), -degree[e], e))
    if sum(1 for e in ranked if focus.get(e)) >= NETWORK_MIN_FOCUS:
        ranked = [e for e in ranked if focus.get(e)]
    chosen = set(ranked[:NETWORK_NODES])
    rows = case.con.execute(
        """SELECT e.id, e.type, e.name, e.country, count(m.member)
           FROM entities e LEFT JOIN entity_members m ON m.entity_id = e.id
           WHERE e.id IN (SELECT unnest(?)) GROUP BY ALL ORDER BY e.type, e.name""",
        [sorted(chosen)],
    ).fetchall()
    entities = [
        {
            "id": eid,
            "type": kind,
            "name": name,
            "country": country,
            "members": members,
            "degree": degree[eid],
            "anchor": entity_anchor(eid),
        }
        for eid, kind, name, country, members in rows
    ]
    if not entities:
        return [], ""
    nodes = [
        svg.NetworkNode(e["id"], e["name"], e["type"], f"#{e['anchor']}", e["degree"])
        for e in entities
    ]
    edges = [
        svg.NetworkEdge(a, b, relation, n)
        for a, b, n, relation in links
        if a in chosen and b in chosen
    ]
    return entities, svg.network_svg(nodes, edges)
