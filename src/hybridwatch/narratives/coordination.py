"""Coordinated statements as a flat list: the benchmark's and the GraphML export's view."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from hybridwatch.case import Case
from hybridwatch.narratives import corpus
from hybridwatch.narratives.analysis import DAY, coordinated


@dataclass(frozen=True)
class CoordinatedPair:
    a_id: int  # statements.id, the earlier one
    b_id: int
    actor_a: str  # as stored (the speaker's name in the source)
    actor_b: str
    similarity: float
    lag_s: float


def coordinated_pairs(
    case: Case, window_s: float | None = None, data: corpus.Corpus | None = None
) -> list[CoordinatedPair]:
    """Near-identical statements by different actors; `window_s` overrides both windows.
    `data`: the case's statements already loaded (`corpus.load`), else they are loaded here."""
    settings = case.settings.narratives
    if window_s is not None:
        settings = dataclasses.replace(
            settings, account_window_minutes=window_s / 60.0, state_window_days=window_s / DAY
        )
    if data is None:
        data = corpus.load(case, settings)
    threshold = settings.thresholds(data.embedder).coordination
    found = coordinated(data, settings, threshold)
    named = sorted(set(data.ids[found.a].tolist()) | set(data.ids[found.b].tolist()))
    speakers = dict(
        case.con.execute(
            "SELECT id, actor FROM statements WHERE id IN (SELECT unnest(?::BIGINT[]))", [named]
        ).fetchall()
    )
    out = []
    for a_row, b_row, similarity in zip(found.a, found.b, found.similarity, strict=True):
        a, b = int(data.ids[a_row]), int(data.ids[b_row])
        lag = float(data.times[b_row] - data.times[a_row])
        out.append(CoordinatedPair(a, b, speakers[a], speakers[b], float(similarity), lag))
    return out
