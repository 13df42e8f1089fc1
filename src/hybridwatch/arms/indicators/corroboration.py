"""Corroboration by flights: an airlift between the supplier's (or a routing party's) country and
the recipient's around the time of a delivery.

Airlifts are the stored findings of kind `airlift` (`analyze` runs that detector first); the
countries of their two airports come from the airports reference. A register delivery is dated
by its years only, so an airlift in a delivery year corroborates it weakly; an analyst's ledger
event (delivered, shipped) is dated to its period — a day, a month, a year or an approximate
quarter — and an airlift within `flight_window_days` of that period corroborates it more.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from hybridwatch.arms.indicators.common import (
    STATES,
    Context,
    Draft,
    Evidence,
    at,
    factor,
    fetch_deals,
    fetch_events,
    name,
    risk,
    year_end,
    year_start,
    years_text,
)
from hybridwatch.reference.airports import airport

W_BETWEEN = 0.30
W_DATED = 0.20
W_YEAR = 0.05
W_STRENGTH = 0.30
W_PARTY_AIRCRAFT = 0.15
W_CORROBORATED = 0.10  # what a corroborating airlift adds to another indicator's finding


@dataclass(frozen=True)
class Airlift:
    id: str
    score: float
    summary: str
    airports: tuple[str, str]
    countries: frozenset[str]
    first: datetime
    last: datetime
    aircraft: tuple[tuple[str, str | None, bool], ...]  # (label, country, military)
    flights: tuple[str, ...]

    def evidence(self) -> list[Evidence]:
        return [
            Evidence("findings", self.id, None, None, f"airlift: {self.summary}"),
            *[Evidence("flights", f, None, None, "leg of the airlift") for f in self.flights],
        ]

    def describe(self) -> str:
        a, b = self.airports
        countries = {code: _country(code) for code in self.airports}
        return (
            f"airlift {a} ({name(countries[a])})–{b} ({name(countries[b])}), score"
            f" {self.score:.2f}: {self.summary}"
        )


def _country(icao: str) -> str | None:
    known = airport(icao)
    return known.country if known is not None else None


def airlifts(ctx: Context) -> list[Airlift]:
    rows = ctx.case.con.execute(
        """SELECT id, score, summary, details, first_seen, last_seen FROM findings
        WHERE kind = 'airlift' ORDER BY id"""
    ).fetchall()
    if not rows:
        return []
    legs: dict[str, list[str]] = defaultdict(list)
    for finding, flight in ctx.case.con.execute(
        """SELECT finding_id, record_id FROM finding_evidence
        WHERE record = 'flights' AND finding_id IN (SELECT id FROM findings WHERE kind = 'airlift')
        ORDER BY record_id"""
    ).fetchall():
        legs[finding].append(flight)
    found = []
    for fid, score, summary, details_json, first, last in rows:
        details = json.loads(details_json)
        pair = tuple(details.get("airports", []))
        if len(pair) != 2 or first is None or last is None:
            continue
        countries = {_country(code) for code in pair}
        if None in countries or len(countries) != 2:
            continue  # an unknown airport, or a domestic airlift
        found.append(
            Airlift(
                id=fid,
                score=float(score),
                summary=summary,
                airports=(pair[0], pair[1]),
                countries=frozenset(c for c in countries if c is not None),
                first=first,
                last=last,
                aircraft=tuple(
                    (
                        a.get("registration") or a.get("icao24") or "?",
                        a.get("country"),
                        bool(a.get("military")),
                    )
                    for a in details.get("aircraft", [])
                ),
                flights=tuple(legs.get(fid, [])),
            )
        )
    return found


@dataclass
class _Delivery:
    record: tuple[str, str]
    label: str
    parties: list[str]  # supplier, then routing parties
    recipient: str
    start: datetime
    end: datetime
    dated: bool  # a ledger date (with the window), not a register year
    period: str
    evidence: Evidence


def _deliveries(ctx: Context, countries: set[str]) -> list[_Delivery]:
    codes = sorted(countries)
    marks = ", ".join("?" for _ in codes)
    out = []
    for deal in fetch_deals(
        ctx.case,
        f"""len(delivery_years) > 0 AND recipient IN ({marks})
        AND (supplier IN ({marks}) OR list_has_any(via, [{marks}]))""",
        codes * 3,
    ):
        out.append(
            _Delivery(
                ("arms_deals", str(deal.id)),
                f"{deal.supplier_name} → {deal.recipient_name}: {deal.label()}",
                [deal.supplier, *deal.via],
                deal.recipient,
                year_start(min(deal.delivery_years)),
                year_end(max(deal.delivery_years)),
                False,
                f"delivered {years_text(deal.delivery_years)} (the register gives years only)",
                deal.evidence("delivery the airlift corroborates"),
            )
        )
    window = timedelta(days=ctx.settings.flight_window_days)
    for event in fetch_events(
        ctx.case,
        f"event IN ('delivered', 'shipped') AND counterparty IN ({marks}) AND party IN ({marks})",
        codes * 2,
    ):
        if event.party_kind not in STATES or event.counterparty is None:
            continue
        out.append(
            _Delivery(
                ("arms_events", str(event.id)),
                event.label(),
                [event.party],
                event.counterparty,
                at(event.date) - window,
                at(event.period_end()) + timedelta(days=1) + window - timedelta(seconds=1),
                True,
                f"{event.event} {event.date_text} ({event.date_precision}),"
                f" ± {ctx.settings.flight_window_days:g} days",
                event.evidence(f"{event.event} event the airlift corroborates"),
            )
        )
    return out


def corroborate(
    ctx: Context,
) -> tuple[list[Draft], dict[tuple[str, str], list[Airlift]] | None]:
    """Corroboration drafts, and every delivery record with the airlifts that back it (None
    when the case holds no airlift findings)."""
    lifts = airlifts(ctx)
    if not lifts:
        return [], None
    countries = {c for lift in lifts for c in lift.countries}
    backed: dict[tuple[str, str], list[Airlift]] = {}
    drafts = []
    for delivery in _deliveries(ctx, countries):
        matching = [
            lift
            for lift in lifts
            if any(
                lift.countries == frozenset({p, delivery.recipient})
                for p in delivery.parties
                if p != delivery.recipient
            )
            and lift.first <= delivery.end
            and lift.last >= delivery.start
        ]
        if matching:
            backed[delivery.record] = matching
            drafts.append(_draft(delivery, matching))
    return drafts, backed


def _draft(delivery: _Delivery, lifts: list[Airlift]) -> Draft:
    best = max(lifts, key=lambda lift: lift.score)
    parties = set(delivery.parties) | {delivery.recipient}
    own = [
        (label, country)
        for lift in lifts
        for label, country, military in lift.aircraft
        if military and country in parties
    ]
    first = min(lift.first for lift in lifts)
    last = max(lift.last for lift in lifts)
    factors = [
        factor(
            "airlift_between",
            True,
            W_BETWEEN,
            "; ".join(lift.describe() for lift in lifts),
        ),
        factor(
            "timing",
            True,
            W_DATED if delivery.dated else W_YEAR,
            f"flown {first:%Y-%m-%d} to {last:%Y-%m-%d}; the delivery: {delivery.period}",
        ),
        factor(
            "airlift_strength",
            True,
            W_STRENGTH * best.score,
            f"the strongest airlift scores {best.score:.2f}",
        ),
        factor(
            "party_aircraft",
            bool(own),
            W_PARTY_AIRCRAFT,
            "military or state aircraft of a party: "
            + ", ".join(f"{label} ({country})" for label, country in dict.fromkeys(own))
            if own
            else "no military or state aircraft registered to the supplier or recipient",
        ),
    ]
    evidence = [delivery.evidence]
    for lift in lifts:
        evidence += lift.evidence()
    table, rid = delivery.record
    return Draft(
        id=f"arms-flights-{'deal' if table == 'arms_deals' else 'event'}-{rid}",
        indicator="flights",
        title=f"Flights corroborate: {delivery.label}",
        summary=f"{delivery.label}; {len(lifts)} airlift{'s' if len(lifts) != 1 else ''}"
        f" between the parties' countries around the delivery ({best.airports[0]}–"
        f"{best.airports[1]}, {first:%Y-%m-%d} to {last:%Y-%m-%d})",
        factors=factors,
        risks=[
            risk(
                "att-11",
                "the route and carrier of the transfer: aircraft and flights that a diversion"
                " assessment (and end-use checks) can follow",
            )
        ],
        evidence=evidence,
        details={
            "delivery": {"record": table, "id": rid},
            "airlifts": [lift.id for lift in lifts],
            "window": [delivery.start.isoformat(), delivery.end.isoformat()],
        },
        first=min(first, delivery.start),
        last=max(last, delivery.end),
    )


def apply(drafts: list[Draft], backed: dict[tuple[str, str], list[Airlift]] | None) -> None:
    """Raise the score of findings whose deliveries airlifts back, and link the airlifts;
    `backed` is None when the case holds no airlift at all (then nothing is said)."""
    if backed is None:
        return
    for draft in drafts:
        if not draft.deliveries:
            continue
        lifts: dict[str, Airlift] = {}
        for record in draft.deliveries:
            for lift in backed.get(record, []):
                lifts.setdefault(lift.id, lift)
        if lifts:
            draft.factors.append(
                factor(
                    "corroborated_by_flights",
                    True,
                    W_CORROBORATED,
                    "; ".join(lift.describe() for lift in lifts.values()),
                )
            )
            for lift in lifts.values():
                draft.evidence += lift.evidence()
        else:
            draft.factors.append(
                factor(
                    "corroborated_by_flights",
                    False,
                    0,
                    "no airlift between the parties' countries around the delivery",
                )
            )
