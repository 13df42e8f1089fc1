"""The arms indicators: findings of kind `arms` that `hybridwatch analyze` stores.

Six indicators, each a finding with a title and summary in words, a score from explained
factors, the Arms Trade Treaty / EU Common Position provisions its risk maps to, and evidence
rows pointing at the `arms_deals`, `arms_events`, `arms_losses` rows (and airlift findings and
flights) behind it (`details.indicator` names which):

- `fulfilment_lag` (lag.py): little or nothing delivered years after the order or pledge
- `competing_customer` (lag.py): the same supplier or producer serving a watched recipient
  while a protected recipient's order lags
- `routing` (routing.py): deals routed via third parties, and second-hand re-exports
- `embargo` (routing.py): deliveries during an arms embargo on the recipient (or supplier)
- `source_mismatch`, `never_seen` (crosscheck.py): Oryx losses against register deliveries
- `flights` (corroboration.py): an airlift between the parties' countries around a delivery,
  which also raises the score of the other findings about that delivery

Thresholds, protected and watched parties come from `[arms]` in case.toml
(`hybridwatch.arms.config`).
"""

from __future__ import annotations

from hybridwatch.arms.config import ArmsSettings
from hybridwatch.arms.indicators import corroboration, crosscheck, lag, routing
from hybridwatch.arms.indicators.common import Context, Draft, analysis_year
from hybridwatch.case import Case
from hybridwatch.findings import Finding


def drafts(case: Case, settings: ArmsSettings | None = None) -> list[Draft]:
    """Every indicator's draft, scored, before the `min_score` cut."""
    settings = settings or case.settings.arms
    year = analysis_year(case, settings)
    if year is None:
        return []
    ctx = Context(case, settings, year)
    lag_drafts, lags = lag.detect(ctx)
    found = [
        *lag_drafts,
        *lag.competing(ctx, lags),
        *routing.routing(ctx),
        *routing.embargo(ctx),
        *crosscheck.detect(ctx),
    ]
    flight_drafts, backed = corroboration.corroborate(ctx)
    corroboration.apply(found, backed)
    return found + flight_drafts


def detect(case: Case, settings: ArmsSettings | None = None) -> list[Finding]:
    """The findings to store: those scoring at least `min_score`, best first."""
    settings = settings or case.settings.arms
    kept = [d for d in drafts(case, settings) if d.score >= settings.min_score]
    kept.sort(key=lambda d: (-d.score, d.id))
    return [d.finding() for d in kept]
