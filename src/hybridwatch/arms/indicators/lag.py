"""Fulfilment lag, and the competing customer it may point to.

Fulfilment lag: per supplier (or donor), recipient and system, a deal or pledge of which less
than `min_ratio` has been delivered `lag_years` or more after it was made (register: the order
year against the analysis year; ledger: the first pledge, else order, against 1 January of the
analysis year).

Competing customer: while a protected recipient's deal lags, the same supplier — or a producer
the analyst's ledger ties to that deal (`produced` events) — delivers the same system, or one of
the same category, to a watched recipient.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hybridwatch.arms import embargoes
from hybridwatch.arms.indicators.common import (
    Context,
    Deal,
    Draft,
    Event,
    Evidence,
    at,
    factor,
    fetch_deals,
    fetch_events,
    name,
    names,
    risk,
    slug,
    year_end,
    year_start,
)

W_SHORTFALL = 0.15
W_OVERDUE = 0.10
W_PROTECTED = 0.40
W_PAID = 0.15

W_LAG = 0.20
W_SAME_SYSTEM = 0.30
W_SAME_CATEGORY = 0.10
W_OVERLAP = 0.10
W_VOLUME = 0.20
W_EMBARGOED = 0.10

# categories close enough to one production line that serving one customer can hold up another;
# engines, sensors and "other" span too many kinds of product
COMPETING_CATEGORIES = (
    "artillery",
    "armoured vehicle",
    "aircraft",
    "air defence",
    "missile",
    "ship",
)

SERVES = ("delivered", "shipped", "produced")  # ledger events that serve a watched recipient


@dataclass
class Lag:
    """A lagging (supplier, recipient, system): what the competing-customer test needs."""

    supplier: str
    recipient: str
    system: str
    system_key: str
    category: str | None
    since: date  # when the lagging promise was made
    since_text: str  # as the source dates it: "2022", "2022-08"
    owed: int  # promised but not delivered, in the lagging deals or pledges
    text: str  # "2 of 16 ordered in 2022 delivered"
    evidence: list[Evidence]
    producers: list[str] = field(default_factory=list)


def detect(ctx: Context) -> tuple[list[Draft], list[Lag]]:
    """Fulfilment-lag drafts, and every lag (protected or not) for the competing customer."""
    drafts: list[Draft] = []
    lags: list[Lag] = []
    for draft, lag in [*_register(ctx), *_ledger(ctx)]:
        drafts.append(draft)
        lags.append(lag)
    return drafts, lags


def _years_factor(ctx: Context, years: float, since: str) -> dict[str, Any]:
    span = 3 * max(ctx.settings.lag_years, 1.0)
    return factor(
        "overdue",
        True,
        W_OVERDUE * min(1.0, years / span),
        f"{since}, {years:g} year{'s' if years != 1 else ''} before {ctx.as_of} (lag threshold"
        f" {ctx.settings.lag_years:g}; full weight at {span:g})",
    )


def _protected_factor(ctx: Context, recipient: str | None) -> dict[str, Any]:
    if ctx.protected(recipient):
        return factor(
            "protected_recipient",
            True,
            W_PROTECTED,
            f"{name(recipient)} is a protected recipient in case.toml",
        )
    return factor(
        "protected_recipient", False, 0, f"{name(recipient)} is not a protected recipient"
    )


def _paid_factor(financiers: list[str]) -> dict[str, Any]:
    if financiers:
        return factor(
            "paid_for_by_others",
            True,
            W_PAID,
            f"paid for by {names(financiers)}, not the supplier, and not (fully) delivered",
        )
    return factor("paid_for_by_others", False, 0, "no financier other than the supplier named")


def _risks(recipient: str | None) -> list[dict[str, str]]:
    return [
        risk(
            "att-11",
            f"context for diversion: what was promised to {name(recipient)} and not delivered may"
            " have gone to another end user (see competing-customer findings)",
        ),
        risk(
            "eu-7",
            "context: a supplier's unfulfilled commitments weigh in assessing where its"
            " production goes instead",
        ),
    ]


def _register(ctx: Context) -> list[tuple[Draft, Lag]]:
    settings = ctx.settings
    lagging = (
        "ordered > 0 AND coalesce(delivered, 0) < ? * ordered AND order_year IS NOT NULL"
        " AND ? - order_year >= ?"
    )
    params = [settings.min_ratio, ctx.as_of, settings.lag_years]
    deals = fetch_deals(
        ctx.case,
        f"""(supplier, recipient, system_key) IN (
            SELECT (supplier, recipient, system_key) FROM arms_deals WHERE {lagging})""",
        params,
    )
    groups: dict[tuple[str, str, str], list[Deal]] = defaultdict(list)
    for deal in deals:
        groups[(deal.supplier, deal.recipient, deal.system_key)].append(deal)
    out = []
    for (supplier, recipient, key), members in groups.items():
        members.sort(key=lambda d: (d.order_year or 0, d.id))
        late = [
            d
            for d in members
            if d.ordered
            and (d.delivered or 0) < settings.min_ratio * d.ordered
            and d.order_year is not None
            and ctx.as_of - d.order_year >= settings.lag_years
        ]
        known = [d for d in members if d.ordered is not None]
        ordered = sum(d.ordered or 0 for d in known)
        delivered = sum(d.delivered or 0 for d in members)
        late_ordered = sum(d.ordered or 0 for d in late)
        late_delivered = sum(d.delivered or 0 for d in late)
        since = min(d.order_year or ctx.as_of for d in late)
        financiers: list[str] = []  # others than the supplier: its own aid is no third party's
        for d in late:
            financiers += [f for f in d.financiers if f not in financiers and f != supplier]
        first = members[0]
        who = f"{first.supplier_name} → {first.recipient_name}"
        late_text = "; ".join(d.label() for d in late)
        overall = f"{delivered} of {ordered}" if known else f"{delivered} delivered"
        ratio = late_delivered / late_ordered
        factors = [
            factor(
                "shortfall",
                True,
                W_SHORTFALL * (1 - ratio),
                f"lagging: {late_text} — {late_delivered} of {late_ordered} ({ratio:.0%});"
                f" all {len(members)} deal{'s' if len(members) != 1 else ''} of this supplier,"
                f" recipient and system: {overall}",
            ),
            _years_factor(
                ctx,
                ctx.as_of - since,
                f"the oldest lagging order dates from {since}",
            ),
            _protected_factor(ctx, recipient),
            _paid_factor(financiers),
        ]
        summary = (
            f"{who}, {first.system}: {late_text}; {overall} over"
            f" {len(members)} deal{'s' if len(members) != 1 else ''}"
        )
        if financiers:
            summary += f" (financed by {names(financiers)})"
        evidence = [
            d.evidence(
                "lagging deal" if d in late else "deal of the same supplier, recipient and system"
            )
            for d in members
        ]
        last_year = max([ctx.as_of - 1, *[y for d in members for y in d.delivery_years]])
        draft = Draft(
            id=f"arms-lag-{slug(supplier)}-{slug(recipient)}-{key}",
            indicator="fulfilment_lag",
            title=f"Fulfilment lag: {first.system}, {who}, {overall} delivered",
            summary=summary,
            factors=factors,
            risks=_risks(recipient),
            evidence=evidence,
            details={
                "basis": "register",
                "supplier": supplier,
                "recipient": recipient,
                "system": first.system,
                "category": first.category,
                "pledged_or_ordered": ordered if known else None,
                "delivered": delivered,
                "ratio": round(delivered / ordered, 4) if ordered else None,
                "lagging_deals": [d.id for d in late],
                "years_since_order": ctx.as_of - since,
                "financiers": financiers,
                "as_of": ctx.as_of,
            },
            first=year_start(since),
            last=year_end(last_year),
        )
        lag = Lag(
            supplier=supplier,
            recipient=recipient,
            system=first.system,
            system_key=key,
            category=first.category,
            since=date(since, 1, 1),
            since_text=str(since),
            owed=late_ordered - late_delivered,
            text=f"{late_delivered} of {late_ordered} {first.system} ordered from"
            f" {first.supplier_name} in {since} delivered by {ctx.as_of - 1}",
            evidence=[d.evidence("lagging deal of the protected recipient") for d in late],
        )
        out.append((draft, lag))
    return out


def _ledger(ctx: Context) -> list[tuple[Draft, Lag]]:
    events = fetch_events(
        ctx.case,
        "event IN ('pledged', 'ordered', 'delivered', 'financed', 'produced')"
        " AND counterparty IS NOT NULL",
    )
    groups: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    backers: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        assert event.counterparty is not None
        if event.event in ("financed", "produced"):
            backers[(event.counterparty, event.system_key)].append(event)
        else:
            groups[(event.party, event.counterparty, event.system_key)].append(event)
    settings = ctx.settings
    out = []
    for (party, recipient, key), members in groups.items():
        totals = {
            kind: sum(e.quantity or 0 for e in members if e.event == kind)
            for kind in ("pledged", "ordered", "delivered")
        }
        basis = "pledged" if any(e.event == "pledged" for e in members) else "ordered"
        promises = [e for e in members if e.event == basis]
        promised = totals[basis]
        if not promises or promised <= 0:
            continue
        since = promises[0].date
        years = round((ctx.as_of_date - since).days / 365.25, 1)
        delivered = totals["delivered"]
        if delivered >= settings.min_ratio * promised or years < settings.lag_years:
            continue
        financed = [e for e in backers[(recipient, key)] if e.event == "financed"]
        producers = [e for e in backers[(recipient, key)] if e.event == "produced"]
        financiers = list(dict.fromkeys(e.party for e in financed if e.party != party))
        first = members[0]
        who = f"{name(party)} → {name(recipient)}"
        ratio = delivered / promised
        text = (
            f"{delivered} of {promised} {first.system}"
            f" {'pledged by' if basis == 'pledged' else 'ordered from'} {name(party)} in"
            f" {promises[0].date_text} delivered by {ctx.as_of - 1}"
        )
        factors = [
            factor(
                "shortfall",
                True,
                W_SHORTFALL * (1 - ratio),
                f"{delivered} of {promised} {basis} delivered ({ratio:.0%}), analyst's ledger",
            ),
            _years_factor(ctx, years, f"first {basis} in {promises[0].date_text}"),
            _protected_factor(ctx, recipient),
            _paid_factor(financiers),
        ]
        evidence = [e.evidence(f"{e.event} event") for e in members]
        evidence += [
            e.evidence(f"{e.event} event for the same recipient and system")
            for e in financed + producers
        ]
        draft = Draft(
            id=f"arms-lag-{slug(party)}-{slug(recipient)}-{key}-ledger",
            indicator="fulfilment_lag",
            title=f"Fulfilment lag: {first.system}, {who}, {delivered} of {promised} delivered",
            summary=f"{who}, {first.system}: {text}"
            + (f" (financed by {names(financiers)})" if financiers else ""),
            factors=factors,
            risks=_risks(recipient),
            evidence=evidence,
            details={
                "basis": "ledger",
                "donor": party,
                "supplier": party,
                "recipient": recipient,
                "system": first.system,
                "category": first.category,
                "pledged": totals["pledged"],
                "ordered": totals["ordered"],
                "pledged_or_ordered": promised,
                "delivered": delivered,
                "ratio": round(ratio, 4),
                "years_since_promise": years,
                "financiers": financiers,
                "as_of": ctx.as_of,
            },
            first=at(since),
            last=at(max([ctx.as_of_date, *[e.date for e in members]])),
        )
        lag = Lag(
            supplier=party,
            recipient=recipient,
            system=first.system,
            system_key=key,
            category=first.category,
            since=since,
            since_text=promises[0].date_text,
            owed=promised - delivered,
            text=text,
            evidence=[e.evidence(f"{e.event} event of the protected recipient") for e in members],
            producers=list(dict.fromkeys(e.party for e in producers)),
        )
        lag.evidence += [
            e.evidence("produced event tying the producer to the promise") for e in producers
        ]
        out.append((draft, lag))
    return out


@dataclass
class _Served:
    """A delivery (register deal or ledger event) to a watched recipient."""

    supplier: str
    recipient: str
    system: str
    system_key: str
    category: str | None
    start: date
    end: date
    quantity: int
    text: str
    evidence: Evidence
    record: tuple[str, str]


def _served(ctx: Context) -> list[_Served]:
    watched = list(ctx.settings.watched)
    if not watched:
        return []
    marks = ", ".join("?" for _ in watched)
    out = []
    for deal in fetch_deals(
        ctx.case, f"recipient IN ({marks}) AND len(delivery_years) > 0", watched
    ):
        for year in deal.delivery_years:
            out.append(
                _Served(
                    deal.supplier,
                    deal.recipient,
                    deal.system,
                    deal.system_key,
                    deal.category,
                    date(year, 1, 1),
                    date(year, 12, 31),
                    deal.delivered or 0,
                    f"{deal.supplier_name} → {deal.recipient_name}: {deal.label()}",
                    deal.evidence("delivery to the watched recipient"),
                    ("arms_deals", str(deal.id)),
                )
            )
    events = fetch_events(
        ctx.case,
        f"event IN ({', '.join(repr(s) for s in SERVES)}) AND counterparty IN ({marks})",
        watched,
    )
    for event in events:
        assert event.counterparty is not None
        out.append(
            _Served(
                event.party,
                event.counterparty,
                event.system,
                event.system_key,
                event.category,
                event.date,
                event.period_end(),
                event.quantity or 0,
                event.label(),
                event.evidence(f"{event.event} event for the watched recipient"),
                ("arms_events", str(event.id)),
            )
        )
    return out


def competing(ctx: Context, lags: list[Lag]) -> list[Draft]:
    served = _served(ctx)
    drafts = []
    for lag in lags:
        if not ctx.protected(lag.recipient):
            continue
        suppliers = {lag.supplier, *lag.producers}
        window = (lag.since, ctx.as_of_date)
        matches: dict[str, list[_Served]] = defaultdict(list)
        for s in served:
            same = s.system_key == lag.system_key or (
                lag.category in COMPETING_CATEGORIES and s.category == lag.category
            )
            # a register year counts when it overlaps the window; ledger dates must fall in it
            if s.supplier in suppliers and same and s.end >= window[0] and s.start < window[1]:
                matches[s.recipient].append(s)
        for watched, found in matches.items():
            drafts.append(_competing_draft(ctx, lag, watched, found))
    return drafts


def _competing_draft(ctx: Context, lag: Lag, watched: str, found: list[_Served]) -> Draft:
    # a deal delivered over several years is one delivery: count its quantity once
    unique: dict[tuple[str, str], _Served] = {}
    for s in found:
        unique.setdefault(s.record, s)
    quantity = sum(s.quantity for s in unique.values())
    same_system = [s for s in unique.values() if s.system_key == lag.system_key]
    systems = sorted({s.system for s in unique.values()})
    served_text = "; ".join(dict.fromkeys(s.text for s in unique.values()))
    producers = [p for p in lag.producers if p != lag.supplier]
    through = f" (with its producer {names(producers)})" if producers else ""
    embargoed = []
    for embargo in embargoes.against(watched, "to"):
        if any(
            embargo.covers(s.category) and embargo.overlaps(s.start, s.end) for s in unique.values()
        ):
            embargoed.append(embargo)
    factors = [
        factor(
            "protected_lags",
            True,
            W_LAG,
            f"{name(lag.recipient)} (protected): {lag.text}",
        ),
        factor(
            "same_system",
            bool(same_system),
            W_SAME_SYSTEM,
            f"{lag.system} delivered to {name(watched)} as well"
            if same_system
            else f"{name(watched)} got {', '.join(systems)}, not {lag.system}",
        ),
        factor(
            "same_category",
            not same_system,
            W_SAME_CATEGORY,
            f"same category ({lag.category}): {', '.join(systems)} against {lag.system}"
            if not same_system
            else "the same system (counted above)",
        ),
        factor(
            "overlapping_years",
            True,
            W_OVERLAP,
            f"while {name(lag.recipient)} waited (since {lag.since_text}): {served_text}",
        ),
        factor(
            "volume",
            quantity >= lag.owed,
            W_VOLUME,
            f"{quantity} to {name(watched)} against {lag.owed} still owed to {name(lag.recipient)}",
        ),
        factor(
            "watched_embargoed",
            bool(embargoed),
            W_EMBARGOED,
            "; ".join(e.describe() for e in embargoed)
            if embargoed
            else f"no arms embargo on {name(watched)} listed for those deliveries",
        ),
    ]
    risks = [
        risk(
            "att-11",
            f"items (or the production capacity for them) promised to {name(lag.recipient)} may"
            f" have gone to {name(watched)}, an end user they were not meant for",
        ),
        risk(
            "eu-7",
            f"the supplier serving {name(watched)} while {name(lag.recipient)}'s order lags: a"
            " re-direction of equipment the exporting State should weigh",
        ),
    ]
    if embargoed:
        risks.append(
            risk("eu-1", f"{name(watched)} is under an arms embargo at the time of delivery")
        )
    starts = [lag.since, *[s.start for s in unique.values()]]
    ends = [s.end for s in unique.values()]
    return Draft(
        id=f"arms-competing-{slug(lag.supplier)}-{slug(lag.recipient)}-{lag.system_key}-"
        f"{slug(watched)}",
        indicator="competing_customer",
        title=f"Competing customer: {name(lag.supplier)}{through} served {name(watched)} while"
        f" {lag.system} for {name(lag.recipient)} lagged",
        summary=f"{name(lag.recipient)} (protected): {lag.text}; meanwhile {served_text}",
        factors=factors,
        risks=risks,
        evidence=[*lag.evidence, *[s.evidence for s in unique.values()]],
        details={
            "supplier": lag.supplier,
            "producers": lag.producers,
            "protected": lag.recipient,
            "watched": watched,
            "system": lag.system,
            "category": lag.category,
            "owed": lag.owed,
            "delivered_to_watched": quantity,
            "systems_to_watched": systems,
            "embargoes": [e.id for e in embargoed],
        },
        first=at(min(starts)),
        last=at(max([*ends, ctx.as_of_date])),
        deliveries=[s.record for s in unique.values()],
    )
