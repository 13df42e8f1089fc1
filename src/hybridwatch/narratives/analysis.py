"""`analyze` for statements: narratives, cross-actor alignment and coordination, as findings.

- Narratives (hybridwatch.narratives.cluster) are stored with their members and centres, so a
  later run only places new statements. Switching the embedder rebuilds them; the lexical
  embedder's vectors depend on the whole corpus, so with it every run rebuilds.
- Alignment: two actors in one narrative, at least one of whose statements the other echoes
  (similarity ≥ the echo threshold) within `max_lag_days`. Who came first, by how many days,
  and how their daily volumes on that narrative correlate at the best lag.
- Coordination: near-identical or closely paraphrased statements (≥ the coordination threshold)
  by different actors within minutes (two accounts) or days (any other pair).
Every finding names the statement pairs behind it (`finding_evidence`, record "statements").
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa

from hybridwatch.case import Case
from hybridwatch.findings import Finding
from hybridwatch.narratives import cluster, corpus, pairs, store
from hybridwatch.narratives.actors import UNRESOLVED
from hybridwatch.narratives.config import NarrativeSettings
from hybridwatch.narratives.corpus import Corpus

log = logging.getLogger(__name__)

KIND = "narrative"
DAY = 86_400.0
PAIRS_SHOWN = 10
# Two speakers no actor list knows (say, two of EUvsDisinfo's thousands of outlets) are reported
# as aligned only on at least this many echoes: one shared claim is the narrative, not a link.
UNLISTED_MIN_PAIRS = 2


@dataclass
class Narrative:
    id: int
    rows: np.ndarray  # corpus rows, time order
    label: str
    terms: list[str]
    representative: int  # corpus row


@dataclass
class StatementPair:
    a: int  # corpus row
    b: int
    similarity: float


@dataclass
class Support:
    """The statement pairs behind a finding: how many, how close, when, and the closest."""

    count: int
    similarity: float  # mean
    first: float  # seconds: the earliest statement of any pair
    last: float
    shown: list[StatementPair]

    @staticmethod
    def of(found: pairs.Pairs, index: np.ndarray, times: np.ndarray) -> Support:
        """`index`: the pairs' positions in `found`, most similar first."""
        top = index[:PAIRS_SHOWN]
        return Support(
            count=len(index),
            similarity=round(float(found.similarity[index].mean()), 3),
            first=float(times[found.a[index]].min()),
            last=float(times[found.b[index]].max()),
            shown=[
                StatementPair(int(found.a[i]), int(found.b[i]), float(found.similarity[i]))
                for i in top
            ],
        )


@dataclass
class Alignment:
    actor_a: str  # the one who said it first
    actor_b: str
    narrative: int
    lag_days: float  # first statement of b minus first of a
    correlation: float | None  # of daily volumes, at `correlation_lag_days`
    correlation_lag_days: int | None
    support: Support


@dataclass
class Coordination:
    actor_a: str
    actor_b: str
    support: Support


@dataclass
class Analysis:
    corpus: Corpus
    narratives: list[Narrative]
    alignments: list[Alignment]
    coordination: list[Coordination]


# --- narratives ------------------------------------------------------------------------------


def _stored_clusters(case: Case, data: Corpus) -> tuple[cluster.Clusters, list[int]]:
    """The stored narratives as clusters over `data`'s rows (new statements unplaced), and the
    narrative id of each cluster index."""
    empty = cluster.empty(len(data), data.vectors.shape[1])
    if data.embedder == "lexical":
        return empty, []
    stored = case.con.execute(
        "SELECT id FROM narratives WHERE embedder = ? ORDER BY id", [data.embedder]
    ).fetchall()
    if not stored:
        return empty, []
    ids = [r[0] for r in stored]
    index_of = {nid: k for k, nid in enumerate(ids)}
    row_of = {int(sid): r for r, sid in enumerate(data.ids)}
    members = case.con.execute(
        "SELECT narrative_id, statement_id, similarity FROM narrative_members"
    ).fetchall()
    labels, sims = empty.labels, empty.similarity
    for nid, sid, sim in members:
        row = row_of.get(sid)
        if row is not None and nid in index_of:
            labels[row] = index_of[nid]
            sims[row] = sim
    placed = labels >= 0
    sums = np.zeros((len(ids), data.vectors.shape[1]), np.float32)
    np.add.at(sums, labels[placed], data.vectors[placed])
    sizes = np.bincount(labels[placed], minlength=len(ids)).astype(np.int64)
    return cluster.Clusters(labels, sums, sizes, sims), ids


def _narratives(
    case: Case, data: Corpus, settings: NarrativeSettings, threshold: float
) -> list[Narrative]:
    start, ids = _stored_clusters(case, data)
    grown = cluster.grow(data.vectors, start, threshold)
    next_id = max(ids, default=0) + 1
    ids += list(range(next_id, next_id + len(grown.sizes) - len(ids)))
    members: dict[int, list[int]] = defaultdict(list)
    for row, k in enumerate(grown.labels):
        members[int(k)].append(row)
    centroids = grown.centroids
    weights = cluster.TermWeights(data.tokens)
    narratives = []
    for k, rows in members.items():
        rows_arr = np.asarray(rows)
        best = rows_arr[int(np.argmax(data.vectors[rows_arr] @ centroids[k]))]
        terms = weights.top(rows) if len(rows) >= 2 else []
        opening = " ".join(data.texts[best].split())[:120]
        label = f"{', '.join(terms)} — “{opening}”" if terms else f"“{opening}”"
        narratives.append(Narrative(ids[k], rows_arr, label, terms, int(best)))
    _store_narratives(case, data, narratives, grown, ids)
    return [n for n in narratives if len(n.rows) >= 2]  # alignment needs two statements


def _store_narratives(
    case: Case, data: Corpus, narratives: list[Narrative], grown: cluster.Clusters, ids: list[int]
) -> None:
    centroids = grown.centroids
    k_of = {nid: k for k, nid in enumerate(ids)}
    table = pa.table(
        {
            "id": pa.array([n.id for n in narratives], pa.int32()),
            "embedder": [data.embedder] * len(narratives),
            "label": [n.label for n in narratives],
            "terms": [n.terms for n in narratives],
            "representative": pa.array(
                [int(data.ids[n.representative]) for n in narratives], pa.int64()
            ),
            "size": pa.array([len(n.rows) for n in narratives], pa.int32()),
            "actors": [sorted({data.actor_ids[r] for r in n.rows}) for n in narratives],
            "first_seen": pa.array(
                [_when(data.times[n.rows[0]]) for n in narratives], pa.timestamp("us")
            ),
            "last_seen": pa.array(
                [_when(data.times[n.rows[-1]]) for n in narratives], pa.timestamp("us")
            ),
            "centroid": pa.array(
                [list(centroids[k_of[n.id]]) for n in narratives], pa.list_(pa.float32())
            ),
        }
    )
    member_of = (
        np.asarray([ids[k] for k in grown.labels], np.int32)
        if len(grown.labels)
        else np.zeros(0, np.int32)
    )
    members = pa.table(
        {
            "narrative_id": pa.array(member_of, pa.int32()),
            "statement_id": pa.array(data.ids, pa.int64()),
            "similarity": pa.array(grown.similarity.astype(np.float32), pa.float32()),
        }
    )
    store.replace(case, "narratives", table)
    store.replace(case, "narrative_members", members)


def _when(seconds: float) -> datetime:
    return datetime.fromtimestamp(float(seconds), UTC).replace(tzinfo=None)


# --- alignment -------------------------------------------------------------------------------


def _daily(times: np.ndarray, first_day: int, days: int) -> np.ndarray:
    counts = np.zeros(days, np.float64)
    np.add.at(counts, (times // DAY).astype(np.int64) - first_day, 1)
    return counts


def _lagged_correlation(
    a: np.ndarray, b: np.ndarray, max_lag: int
) -> tuple[float | None, int | None]:
    """The highest Pearson correlation of b's daily volume against a's shifted by 0…max_lag
    days (b following a), and that lag; None when either series is constant."""
    lags = min(max_lag, len(a) - 3)  # at least three days to correlate
    if lags < 0:
        return None, None
    # every lag at once: row L holds a[:n-L] against b[L:], padded past the end and masked
    n = len(a)
    index = np.arange(n)[None, :] + np.arange(lags + 1)[:, None]
    valid = index < n
    x = np.where(valid, np.broadcast_to(a, valid.shape), 0.0)
    y = np.where(valid, b[np.minimum(index, n - 1)], 0.0)
    count = valid.sum(axis=1)
    mx, my = x.sum(axis=1) / count, y.sum(axis=1) / count
    dx, dy = np.where(valid, x - mx[:, None], 0.0), np.where(valid, y - my[:, None], 0.0)
    spread = np.sqrt((dx * dx).sum(axis=1) * (dy * dy).sum(axis=1))
    r = np.divide((dx * dy).sum(axis=1), spread, out=np.full(lags + 1, np.nan), where=spread > 0)
    if np.isnan(r).all():
        return None, None
    best = int(np.nanargmax(r))
    return round(float(r[best]), 3), best


def _alignments(
    data: Corpus, narratives: list[Narrative], settings: NarrativeSettings, threshold: float
) -> list[Alignment]:
    found: list[Alignment] = []
    window = settings.max_lag_days * DAY
    codes = data.actor_codes
    names = data.actor_names
    for narrative in narratives:
        rows = narrative.rows
        speakers = codes[rows]
        if speakers.min() == speakers.max():  # one actor: nobody to align with
            continue
        echoes = pairs.within(data.times, data.vectors, codes, window, threshold, rows)
        echoes = echoes.take(echo_mask(data, echoes))
        if not len(echoes):
            continue
        first_day = int(data.times[rows[0]] // DAY)
        days = int(data.times[rows[-1]] // DAY) - first_day + 1
        # rows are in time order: an actor's first row in the narrative is its first statement
        actors_here, first_row = np.unique(codes[rows], return_index=True)
        first_of = np.full(len(names), np.inf)
        first_of[actors_here] = data.times[rows[first_row]]
        ca, cb = codes[echoes.a], codes[echoes.b]
        swap = first_of[ca] > first_of[cb]
        lead, follow = np.where(swap, cb, ca), np.where(swap, ca, cb)
        daily: dict[int, np.ndarray] = {}
        for key, index in pairs.grouped(lead * len(names) + follow, echoes.similarity):
            a, b = divmod(key, len(names))
            if len(index) < UNLISTED_MIN_PAIRS and all(
                names[x].startswith(UNRESOLVED) for x in (a, b)
            ):
                continue
            for actor in (a, b):
                if actor not in daily:
                    daily[actor] = _daily(data.times[rows[codes[rows] == actor]], first_day, days)
            r, lag = _lagged_correlation(daily[a], daily[b], settings.max_lag_days)
            found.append(
                Alignment(
                    actor_a=names[a],
                    actor_b=names[b],
                    narrative=narrative.id,
                    lag_days=round(float(first_of[b] - first_of[a]) / DAY, 2),
                    correlation=r,
                    correlation_lag_days=lag,
                    support=Support.of(echoes, index, data.times),
                )
            )
    return found


# --- coordination ----------------------------------------------------------------------------


def echo_mask(data: Corpus, found: pairs.Pairs) -> np.ndarray:
    """Which close pairs are one voice echoing another.

    Not when one record lists the same words under several outlets (an EUvsDisinfo case: one
    report, not two voices), nor when both statements give figures and share none: a claim's
    figures survive rewording and translation, while posts cast from one template with other
    figures ("fog closed Tartu airport for 6 hours" / "… Liege airport for 4 hours") report
    different things.
    """
    records = data.record_codes
    same_record = (records[found.a] >= 0) & (records[found.a] == records[found.b])
    fa, fb = data.figure_masks[found.a], data.figure_masks[found.b]
    other_figures = (fa != 0) & (fb != 0) & ((fa & fb) == 0)
    keep: np.ndarray = ~(same_record | other_figures)
    return keep


def coordinated(data: Corpus, settings: NarrativeSettings, threshold: float) -> pairs.Pairs:
    """Pairs by different actors within minutes (both accounts) or days (any other pair)."""
    fast = data.fast()
    minutes = settings.account_window_minutes * 60.0
    days = settings.state_window_days * DAY
    codes = data.actor_codes
    found = pairs.within(data.times, data.vectors, codes, minutes, threshold)
    if (~fast).any() and days > minutes:
        slow = pairs.within(data.times, data.vectors, codes, days, threshold, partners=~fast)
        # pairs of two accounts count within minutes only, and pairs already found once
        within_minutes = data.times[slow.b] - data.times[slow.a] <= minutes
        found = pairs.Pairs.concat([found, slow.take(~within_minutes)])
    return found.take(echo_mask(data, found))


def _coordination(data: Corpus, found: pairs.Pairs) -> list[Coordination]:
    codes, names = data.actor_codes, data.actor_names
    ca, cb = codes[found.a], codes[found.b]
    low, high = np.minimum(ca, cb), np.maximum(ca, cb)
    groups = []
    for key, index in pairs.grouped(low * len(names) + high, found.similarity):
        a, b = divmod(key, len(names))
        groups.append(Coordination(names[a], names[b], Support.of(found, index, data.times)))
    return sorted(groups, key=lambda c: -c.support.count)


# --- the whole analysis ----------------------------------------------------------------------


def run(
    case: Case,
    settings: NarrativeSettings,
    progress: Callable[[int, int], None] | None = None,
    data: Corpus | None = None,
) -> Analysis:
    """Narratives, alignment and coordination; `data`: the statements already loaded."""
    if data is None:
        data = corpus.load(case, settings, progress)
    if not len(data):
        return Analysis(data, [], [], [])
    thresholds = settings.thresholds(data.embedder)
    narratives = _narratives(case, data, settings, thresholds.narrative)
    alignments = _alignments(data, narratives, settings, thresholds.echo)
    coordination = _coordination(data, coordinated(data, settings, thresholds.coordination))
    return Analysis(data, narratives, alignments, coordination)


def statement_json(data: Corpus, row: int) -> dict[str, Any]:
    return {
        "id": int(data.ids[row]),
        "actor": data.actor_ids[row],
        "date": _when(data.times[row]).isoformat() + "Z",
        "text": data.texts[row],
        "url": data.urls[row],
    }


def pair_json(data: Corpus, pair: StatementPair) -> dict[str, Any]:
    return {
        "a": statement_json(data, pair.a),
        "b": statement_json(data, pair.b),
        "similarity": round(pair.similarity, 3),
        "lag_days": round((data.times[pair.b] - data.times[pair.a]) / DAY, 3),
    }


def _actor_name(data: Corpus, actor_id: str) -> str:
    actor = data.actors.get(actor_id)
    return actor.name if actor else actor_id


def findings(result: Analysis) -> list[Finding]:
    data = result.corpus
    titles = {n.id: n.label for n in result.narratives}
    out: list[Finding] = []
    for al in result.alignments:
        sup = al.support
        a, b = _actor_name(data, al.actor_a), _actor_name(data, al.actor_b)
        out.append(
            _finding(
                data,
                f"narrative:align:{al.narrative}:{al.actor_a}:{al.actor_b}",
                f"{b} echoes {a} on narrative {al.narrative}",
                f"{a} first, {b} {al.lag_days:g} days later; {sup.count} statement pair(s) at"
                f" mean similarity {sup.similarity:.2f} — {titles[al.narrative]}",
                sup,
                {
                    "finding": "alignment",
                    "actor_a": al.actor_a,
                    "actor_b": al.actor_b,
                    "narrative": al.narrative,
                    "lag_days": al.lag_days,
                    "correlation": al.correlation,
                    "correlation_lag_days": al.correlation_lag_days,
                },
            )
        )
    for co in result.coordination:
        sup = co.support
        a, b = _actor_name(data, co.actor_a), _actor_name(data, co.actor_b)
        out.append(
            _finding(
                data,
                f"narrative:coord:{co.actor_a}:{co.actor_b}",
                f"{a} and {b} posted near-identical statements",
                f"{sup.count} pair(s) at mean similarity {sup.similarity:.2f}",
                sup,
                {"finding": "coordination", "actor_a": co.actor_a, "actor_b": co.actor_b},
            )
        )
    return out


def _finding(
    data: Corpus, fid: str, title: str, summary: str, sup: Support, details: dict[str, Any]
) -> Finding:
    """A narrative finding with its support: count, mean similarity, span, the closest pairs."""
    return Finding(
        id=fid,
        kind=KIND,
        title=title,
        summary=summary,
        score=_score(sup),
        factors=[],
        details={
            **details,
            "weight": sup.count,
            "similarity": sup.similarity,
            "pairs": [pair_json(data, p) for p in sup.shown],
        },
        first_seen=_when(sup.first),
        last_seen=_when(sup.last),
        evidence=_evidence(data, sup.shown),
    )


def _score(support: Support) -> float:
    """Closer and more repeated echoes score higher; five pairs count fully."""
    return round(min(1.0, 0.5 * support.similarity + 0.1 * min(support.count, 5)), 3)


def _evidence(data: Corpus, shown: list[StatementPair]) -> list[tuple[str, str, str]]:
    rows = sorted({r for p in shown for r in (p.a, p.b)})
    return [("statements", str(int(data.ids[r])), "supports") for r in rows]


def detect(case: Case, progress: Callable[[str, int, int], None]) -> list[Finding]:
    """The `narrative` detector; `progress` hears how embedding new statements goes."""

    def embedded(done: int, total: int) -> None:
        progress("embedding statements", done, total)

    return findings(run(case, case.settings.narratives, embedded))
