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
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
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
class Alignment:
    actor_a: str  # the one who said it first
    actor_b: str
    narrative: int
    lag_days: float  # first statement of b minus first of a
    similarity: float  # mean over the pairs
    correlation: float | None  # of daily volumes, at `correlation_lag_days`
    correlation_lag_days: int | None
    pairs: list[StatementPair] = field(default_factory=list)


@dataclass
class Coordination:
    actor_a: str
    actor_b: str
    pairs: list[StatementPair]


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
    weights = cluster.TermWeights(data.texts)
    narratives = []
    for k, rows in members.items():
        rows_arr = np.asarray(rows)
        best = rows_arr[int(np.argmax(data.vectors[rows_arr] @ centroids[k]))]
        terms = weights.top([data.texts[r] for r in rows]) if len(rows) >= 2 else []
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
    best: tuple[float | None, int | None] = (None, None)
    for lag in range(0, min(max_lag, len(a) - 3) + 1):  # at least three days to correlate
        x, y = a[: len(a) - lag], b[lag:]
        if x.std() == 0 or y.std() == 0:
            continue
        r = float(np.corrcoef(x, y)[0, 1])
        if best[0] is None or r > best[0]:
            best = (round(r, 3), lag)
    return best


def _alignments(
    data: Corpus, narratives: list[Narrative], settings: NarrativeSettings, threshold: float
) -> list[Alignment]:
    found: list[Alignment] = []
    window = settings.max_lag_days * DAY
    for narrative in narratives:
        rows = narrative.rows
        if len({data.actor_ids[r] for r in rows}) < 2:
            continue
        by_pair: dict[tuple[str, str], list[StatementPair]] = defaultdict(list)
        for p in pairs.within(data.times, data.vectors, data.actor_ids, window, threshold, rows):
            if not _echo(data, p):
                continue
            by_pair[(data.actor_ids[p.a], data.actor_ids[p.b])].append(
                StatementPair(p.a, p.b, p.similarity)
            )
        first_day = int(data.times[rows[0]] // DAY)
        days = int(data.times[rows[-1]] // DAY) - first_day + 1
        first_of: dict[str, float] = {}
        for r in rows:
            first_of.setdefault(data.actor_ids[r], float(data.times[r]))
        merged: dict[tuple[str, str], list[StatementPair]] = defaultdict(list)
        for (a, b), found_pairs in by_pair.items():
            key = (a, b) if first_of[a] <= first_of[b] else (b, a)
            merged[key] += found_pairs
        for (a, b), support in merged.items():
            if len(support) < UNLISTED_MIN_PAIRS and all(x.startswith(UNRESOLVED) for x in (a, b)):
                continue
            series = {
                actor: _daily(
                    np.asarray([data.times[r] for r in rows if data.actor_ids[r] == actor]),
                    first_day,
                    days,
                )
                for actor in (a, b)
            }
            r, lag = _lagged_correlation(series[a], series[b], settings.max_lag_days)
            support.sort(key=lambda p: -p.similarity)
            found.append(
                Alignment(
                    actor_a=a,
                    actor_b=b,
                    narrative=narrative.id,
                    lag_days=round((first_of[b] - first_of[a]) / DAY, 2),
                    similarity=round(float(np.mean([p.similarity for p in support])), 3),
                    correlation=r,
                    correlation_lag_days=lag,
                    pairs=support,
                )
            )
    return found


# --- coordination ----------------------------------------------------------------------------


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _figures(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text)}


def _echo(data: Corpus, pair: pairs.Pair) -> bool:
    """Whether a close pair is one voice echoing another.

    Not when one record lists the same words under several outlets (an EUvsDisinfo case: one
    report, not two voices), nor when both statements give figures and share none: a claim's
    figures survive rewording and translation, while posts cast from one template with other
    figures ("fog closed Tartu airport for 6 hours" / "… Liege airport for 4 hours") report
    different things.
    """
    record = data.external_ids[pair.a]
    if record is not None and record == data.external_ids[pair.b]:
        return False
    a, b = _figures(data.texts[pair.a]), _figures(data.texts[pair.b])
    return not (a and b and not a & b)


def coordinated(data: Corpus, settings: NarrativeSettings, threshold: float) -> list[StatementPair]:
    """Pairs by different actors within minutes (both accounts) or days (any other pair)."""
    fast = data.fast()
    minutes = settings.account_window_minutes * 60.0
    days = settings.state_window_days * DAY
    found = pairs.within(data.times, data.vectors, data.actor_ids, minutes, threshold)
    seen = {(p.a, p.b) for p in found}
    if (~fast).any() and days > minutes:
        slow_pairs = pairs.within(
            data.times, data.vectors, data.actor_ids, days, threshold, partners=~fast
        )
        found += [p for p in slow_pairs if (p.a, p.b) not in seen]
    return [StatementPair(p.a, p.b, p.similarity) for p in found if _echo(data, p)]


def _coordination(data: Corpus, found: list[StatementPair]) -> list[Coordination]:
    by_pair: dict[tuple[str, str], list[StatementPair]] = defaultdict(list)
    for p in found:
        a, b = data.actor_ids[p.a], data.actor_ids[p.b]
        by_pair[(a, b) if a <= b else (b, a)].append(p)
    return [
        Coordination(a, b, sorted(ps, key=lambda p: -p.similarity))
        for (a, b), ps in sorted(by_pair.items(), key=lambda kv: -len(kv[1]))
    ]


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
        shown = al.pairs[:PAIRS_SHOWN]
        a, b = _actor_name(data, al.actor_a), _actor_name(data, al.actor_b)
        score = min(1.0, 0.5 * al.similarity + 0.1 * min(len(al.pairs), 5))
        out.append(
            Finding(
                id=f"narrative:align:{al.narrative}:{al.actor_a}:{al.actor_b}",
                kind=KIND,
                title=f"{b} echoes {a} on narrative {al.narrative}",
                summary=(
                    f"{a} first, {b} {al.lag_days:g} days later; {len(al.pairs)} statement"
                    f" pair(s) at mean similarity {al.similarity:.2f} — {titles[al.narrative]}"
                ),
                score=round(score, 3),
                factors=[],
                details={
                    "finding": "alignment",
                    "actor_a": al.actor_a,
                    "actor_b": al.actor_b,
                    "narrative": al.narrative,
                    "lag_days": al.lag_days,
                    "similarity": al.similarity,
                    "correlation": al.correlation,
                    "correlation_lag_days": al.correlation_lag_days,
                    "pairs": [pair_json(data, p) for p in shown],
                },
                first_seen=_when(data.times[min(p.a for p in al.pairs)]),
                last_seen=_when(data.times[max(p.b for p in al.pairs)]),
                evidence=_evidence(data, shown),
            )
        )
    for co in result.coordination:
        shown = co.pairs[:PAIRS_SHOWN]
        a, b = _actor_name(data, co.actor_a), _actor_name(data, co.actor_b)
        mean = float(np.mean([p.similarity for p in co.pairs]))
        out.append(
            Finding(
                id=f"narrative:coord:{co.actor_a}:{co.actor_b}",
                kind=KIND,
                title=f"{a} and {b} posted near-identical statements",
                summary=f"{len(co.pairs)} pair(s) at mean similarity {mean:.2f}",
                score=round(min(1.0, 0.5 * mean + 0.1 * min(len(co.pairs), 5)), 3),
                factors=[],
                details={
                    "finding": "coordination",
                    "actor_a": co.actor_a,
                    "actor_b": co.actor_b,
                    "weight": len(co.pairs),
                    "similarity": round(mean, 3),
                    "pairs": [pair_json(data, p) for p in shown],
                },
                first_seen=_when(data.times[min(p.a for p in co.pairs)]),
                last_seen=_when(data.times[max(p.b for p in co.pairs)]),
                evidence=_evidence(data, shown),
            )
        )
    return out


def _evidence(data: Corpus, shown: list[StatementPair]) -> list[tuple[str, str, str]]:
    rows = sorted({r for p in shown for r in (p.a, p.b)})
    return [("statements", str(int(data.ids[r])), "supports") for r in rows]


def detect(case: Case, progress: Callable[[str, int, int], None]) -> list[Finding]:
    """The `narrative` detector; `progress` hears how embedding new statements goes."""

    def embedded(done: int, total: int) -> None:
        progress("embedding statements", done, total)

    return findings(run(case, case.settings.narratives, embedded))
