"""Third-party routing and re-export; deliveries to (or from) an embargoed party.

Routing: a deal whose SIPRI comment routes it through third parties ("delivery via Slovakia and
Israel": `via`), or a second-hand deal whose supplier had received the same system from another
country before (a re-export, which the first exporter's end-use conditions usually govern).
Former States do not count as another country: Czechia selling Czechoslovak-made stock on is not
re-exporting.

Embargo: a delivery in a year (register) or on a date (ledger) when an embargo in
`arms/data/embargoes.csv` covered the recipient (or, for embargoes on a party's exports, the
supplier), for the kind of weapon it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from hybridwatch.arms import embargoes
from hybridwatch.arms.embargoes import Embargo
from hybridwatch.arms.indicators.common import (
    Context,
    Deal,
    Draft,
    Event,
    at,
    factor,
    fetch_deals,
    fetch_deals_by_id,
    fetch_events,
    name,
    names,
    own_stock,
    risk,
    year_end,
    year_start,
    years_text,
)

W_VIA = 0.35
W_RE_EXPORT = 0.20
W_EMBARGOED_RECIPIENT = 0.20
W_WATCHED = 0.15

W_DURING = 0.25
W_DURING_EDGE = 0.10
W_BINDING = 0.15
W_BOUND = 0.25
W_NEW_CONTRACT = 0.10
W_ROUTED = 0.10


@dataclass
class Hit:
    """One embargo a delivery fell under: the delivery years inside it, or on its edges."""

    embargo: Embargo
    inside: list[int]
    edge: list[int]
    bound: bool | None  # whether the party the embargo commits was bound then
    party: str  # that party, named: "the supplier, Czechia", "the buyer, Russia"

    @property
    def years(self) -> list[int]:
        return sorted([*self.inside, *self.edge])


def _bound_party(embargo: Embargo, deal: Deal) -> tuple[str, str]:
    """Who the embargo commits for this deal: the supplier of supplies *to* the target, the
    buyer of the target's exports."""
    if embargo.direction == "to":
        return deal.supplier, deal.supplier_kind
    return deal.recipient, deal.recipient_kind


def deal_hits(deal: Deal) -> list[Hit]:
    hits = []
    for direction, target in (("to", deal.recipient), ("from", deal.supplier)):
        for embargo in embargoes.against(target, direction):
            if not embargo.covers(deal.category):
                continue
            inside, edge = embargo.years(deal.delivery_years)
            if not inside and not edge:
                continue
            party, kind = _bound_party(embargo, deal)
            bound = [embargoes.bound(embargo, party, kind, y) for y in [*inside, *edge]]
            hits.append(
                Hit(
                    embargo,
                    inside,
                    edge,
                    True if any(bound) else (None if all(b is None for b in bound) else False),
                    f"the supplier, {deal.supplier_name}"
                    if direction == "to"
                    else f"the buyer, {deal.recipient_name}",
                )
            )
    return hits


def _embargo_targets() -> tuple[list[str], list[str]]:
    to = sorted({e.target for e in embargoes.embargoes() if e.direction == "to"})
    source = sorted({e.target for e in embargoes.embargoes() if e.direction == "from"})
    return to, source


def routing(ctx: Context) -> list[Draft]:
    via = fetch_deals(ctx.case, "len(via) > 0")
    origins = _re_exports(ctx)
    ids = sorted({d.id for d in via} | set(origins))
    missing = [i for i in ids if i not in {d.id for d in via}]
    deals = {d.id: d for d in via}
    if missing:
        deals.update({d.id: d for d in fetch_deals_by_id(ctx.case, missing)})
    return [_routing_draft(ctx, deals[i], origins.get(i, [])) for i in ids]


def _re_exports(ctx: Context) -> dict[int, list[Deal]]:
    """Second-hand deals → the earlier deals that brought the same system to their supplier
    from another country (not a former State the supplier succeeded)."""
    rows = ctx.case.con.execute(
        """SELECT d.id, o.id
        FROM arms_deals AS d JOIN arms_deals AS o
            ON o.recipient = d.supplier AND o.system_key = d.system_key
        WHERE d.status LIKE 'Second hand%' AND d.supplier_kind IN ('state', 'former_state')
            AND o.supplier_kind IN ('state', 'former_state')
            AND o.supplier <> d.recipient AND o.supplier <> d.supplier
            AND coalesce(o.delivered, 0) > 0
            AND coalesce(list_min(o.delivery_years), o.order_year)
                <= coalesce(list_min(d.delivery_years), d.order_year)"""
    ).fetchall()
    if not rows:
        return {}
    earlier_ids = sorted({o for _, o in rows})
    earlier = {d.id: d for d in fetch_deals_by_id(ctx.case, earlier_ids)}
    found: dict[int, list[Deal]] = defaultdict(list)
    for deal_id, origin_id in rows:
        origin = earlier[origin_id]
        if not own_stock(origin.supplier, origin.recipient):
            found[deal_id].append(origin)
    return {k: sorted(v, key=lambda d: d.id) for k, v in found.items()}


def _embargo_factor_text(hits: list[Hit]) -> str:
    return "; ".join(f"{h.embargo.describe()}: delivered {years_text(h.years)}" for h in hits)


def _routing_draft(ctx: Context, deal: Deal, origins: list[Deal]) -> Draft:
    hits = [h for h in deal_hits(deal) if h.embargo.direction == "to"]
    watched = [p for p in [deal.recipient, *deal.via] if ctx.watched(p)]
    origin_parties = list(dict.fromkeys(o.supplier for o in origins))
    factors = [
        factor(
            "routed_via",
            bool(deal.via),
            W_VIA,
            f"routed via {names(deal.via)} (SIPRI comment: {deal.comments!r})"
            if deal.via
            else "no routing named",
        ),
        factor(
            "re_export",
            bool(origins),
            W_RE_EXPORT,
            f"second hand: {deal.supplier_name} had received {deal.system} from"
            f" {names(origin_parties)} before ("
            + "; ".join(f"{o.supplier_name}: {o.label()}" for o in origins[:5])
            + (f"; {len(origins) - 5} more" if len(origins) > 5 else "")
            + ")"
            if origins
            else (
                f"{deal.status or 'new'}; no earlier delivery of {deal.system} to"
                f" {deal.supplier_name} from another country in the register"
            ),
        ),
        factor(
            "embargoed_recipient",
            bool(hits),
            W_EMBARGOED_RECIPIENT,
            _embargo_factor_text(hits)
            if hits
            else f"no embargo on {deal.recipient_name} listed for the delivery years",
        ),
        factor(
            "watched",
            bool(watched),
            W_WATCHED,
            f"{names(watched)} on the case's watched list"
            if watched
            else "neither the recipient nor a routing party is watched",
        ),
    ]
    risks = []
    if deal.via:
        risks.append(
            risk(
                "att-11",
                f"transit or trans-shipment through {names(deal.via)}: the route through third"
                " parties is where diversion happens and what end-use controls must follow",
            )
        )
    if origins:
        risks.append(
            risk(
                "eu-7",
                f"re-export of equipment first supplied by {names(origin_parties)}: whether its"
                " re-export conditions were met",
            )
        )
        if not deal.via:
            risks.append(
                risk("att-11", "items passed on by their first recipient to another end user")
            )
    elif deal.via:
        risks.append(risk("eu-7", "re-export or onward transfer through third countries"))
    if hits:
        risks.append(risk("eu-1", "the recipient was under an arms embargo at the time"))
    route = f" via {names(deal.via)}" if deal.via else ""
    origin_text = f" (first supplied by {names(origin_parties)})" if origins else ""
    kind = "Routing" if deal.via else "Re-export"
    years = deal.delivery_years or ([deal.order_year] if deal.order_year else [])
    return Draft(
        id=f"arms-routing-deal-{deal.id}",
        indicator="routing",
        title=f"{kind}: {deal.system}, {deal.supplier_name} → {deal.recipient_name}{route}",
        summary=f"{deal.supplier_name} → {deal.recipient_name}{route}: {deal.label()}"
        f"{origin_text}" + (f"; {_embargo_factor_text(hits)}" if hits else ""),
        factors=factors,
        risks=risks,
        evidence=[
            deal.evidence("routed or re-exported deal"),
            *[o.evidence("earlier delivery of the system to the re-exporter") for o in origins],
        ],
        details={
            "deal": deal.id,
            "supplier": deal.supplier,
            "recipient": deal.recipient,
            "system": deal.system,
            "via": deal.via,
            "status": deal.status,
            "first_suppliers": origin_parties,
            "embargoes": [h.embargo.id for h in hits],
        },
        first=year_start(min(years)) if years else None,
        last=year_end(max(years)) if years else None,
        deliveries=[("arms_deals", str(deal.id))],
    )


def embargo(ctx: Context) -> list[Draft]:
    to, source = _embargo_targets()
    marks_to = ", ".join("?" for _ in to)
    marks_from = ", ".join("?" for _ in source)
    deals = fetch_deals(
        ctx.case,
        f"len(delivery_years) > 0 AND (recipient IN ({marks_to}) OR supplier IN ({marks_from}))",
        [*to, *source],
    )
    drafts = []
    for deal in deals:
        hits = deal_hits(deal)
        if hits:
            drafts.append(_deal_embargo_draft(deal, hits))
    events = fetch_events(
        ctx.case,
        f"event IN ('delivered', 'shipped') AND (counterparty IN ({marks_to})"
        f" OR party IN ({marks_from}))",
        [*to, *source],
    )
    for event in events:
        draft = _event_embargo_draft(event)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _embargo_risks(hits: list[Embargo], routed: bool) -> list[dict[str, str]]:
    risks = [
        risk(
            "eu-1",
            "delivery while "
            + "; ".join(f"the {e.imposed_by} embargo ({e.instrument})" for e in hits)
            + " was in force",
        )
    ]
    un = [e for e in hits if e.imposed_by == "UN" and e.binding]
    if un:
        risks.insert(
            0,
            risk(
                "att-6",
                "; ".join(e.instrument for e in un) + " binds every State (Chapter VII)",
            ),
        )
    if routed:
        risks.append(risk("att-11", "routed through third parties while an embargo was in force"))
        risks.append(risk("eu-7", "re-export or onward transfer to an embargoed destination"))
    return risks


def _bound_factor(hits: list[Hit]) -> dict[str, Any]:
    def committed(h: Hit) -> str:
        if h.embargo.binds == "UN":
            return f"{h.party}, by the UN embargo (Security Council measures bind every State)"
        return f"{h.party}, by the {h.embargo.binds} embargo (a member of the {h.embargo.binds})"

    bound = [h for h in hits if h.bound]
    if bound:
        texts = dict.fromkeys(committed(h) for h in bound)
        return factor("party_bound", True, W_BOUND, "committed: " + "; ".join(texts))
    texts = dict.fromkeys(
        f"{h.party}, is not a State: whether it was bound cannot be said"
        if h.bound is None
        else f"{h.party}, was not a member of the {h.embargo.binds} then"
        for h in hits
    )
    return factor("party_bound", False, 0, "; ".join(texts))


def _embargo_factors(
    hits: list[Hit],
    during: str,
    whole: bool,
    order_year: int | None,
    via: list[str],
) -> list[dict[str, Any]]:
    """The embargo indicator's factors. Whether an embargo is binding, and whether the deal is a
    new contract under it, count only where it committed the party (a supplier outside the EU
    is not bound by an EU embargo, however binding on Member States)."""
    bound = [h for h in hits if h.bound]
    binding = [h for h in bound if h.embargo.binding]
    new = [h for h in bound if order_year is not None and order_year >= h.embargo.start.year]
    if binding:
        binding_text = "legally binding: " + ", ".join(h.embargo.instrument for h in binding)
    elif bound:
        binding_text = "a political commitment, not legally binding"
    else:
        binding_text = "does not bind the party, whether binding or not"
    if new:
        new_text = f"ordered in {order_year}, after the embargo began"
    elif order_year is None:
        new_text = "no order date"
    elif bound:
        new_text = (
            f"ordered in {order_year}, before the embargo: an earlier contract (some embargoes"
            " exempt those)"
        )
    else:
        new_text = f"ordered in {order_year}; the embargo does not bind the party"
    return [
        factor(
            "during_embargo",
            True,
            W_DURING if whole else W_DURING_EDGE,
            during
            + (
                ""
                if whole
                else " — only in the year (or period) the embargo began or ended: the delivery"
                " may fall outside it"
            ),
        ),
        factor("binding", bool(binding), W_BINDING, binding_text),
        _bound_factor(hits),
        factor("new_contract", bool(new), W_NEW_CONTRACT, new_text),
        factor(
            "routed_via",
            bool(via),
            W_ROUTED,
            f"routed via {names(via)}" if via else "no routing named",
        ),
    ]


def _embargo_json(hit: Hit) -> dict[str, Any]:
    e = hit.embargo
    return {
        "id": e.id,
        "imposed_by": e.imposed_by,
        "instrument": e.instrument,
        "start": e.start.isoformat(),
        "end": e.end.isoformat() if e.end else None,
        "binding": e.binding,
        "scope": e.scope,
        "source": e.source,
        "delivery_years": hit.years,
        "party_bound": hit.bound,
    }


def _deal_embargo_draft(deal: Deal, hits: list[Hit]) -> Draft:
    to_hits = [h for h in hits if h.embargo.direction == "to"]
    factors = _embargo_factors(
        hits,
        _embargo_factor_text(hits),
        any(h.inside for h in hits),
        deal.order_year,
        deal.via,
    )
    target = deal.recipient_name if to_hits else deal.supplier_name
    years = [y for h in hits for y in h.years]
    return Draft(
        id=f"arms-embargo-deal-{deal.id}",
        indicator="embargo",
        title=f"Embargo: {deal.system}, {deal.supplier_name} → {deal.recipient_name} during the"
        f" {'/'.join(dict.fromkeys(h.embargo.imposed_by for h in hits))} arms embargo on"
        f" {target}",
        summary=f"{deal.supplier_name} → {deal.recipient_name}: {deal.label()}"
        + (f", via {names(deal.via)}" if deal.via else "")
        + f"; {_embargo_factor_text(hits)}",
        factors=factors,
        risks=_embargo_risks([h.embargo for h in hits], bool(deal.via)),
        evidence=[deal.evidence("delivery during the embargo")],
        details={
            "deal": deal.id,
            "supplier": deal.supplier,
            "recipient": deal.recipient,
            "system": deal.system,
            "category": deal.category,
            "via": deal.via,
            "embargoes": [_embargo_json(h) for h in hits],
        },
        first=year_start(min(years)),
        last=year_end(max(years)),
        deliveries=[("arms_deals", str(deal.id))],
    )


def _event_embargo_draft(event: Event) -> Draft | None:
    start, end = event.date, event.period_end()
    hits: list[Hit] = []
    for direction, target in (("to", event.counterparty), ("from", event.party)):
        if target is None:
            continue
        for e in embargoes.against(target, direction):
            if not e.covers(event.category) or not e.overlaps(start, end):
                continue
            if direction == "to":
                party, kind, who = (
                    event.party,
                    event.party_kind,
                    f"the supplier, {name(event.party)}",
                )
            else:
                party = event.counterparty or ""
                kind = event.counterparty_kind or ""
                who = f"the buyer, {name(event.counterparty)}"
            whole = e.in_force(start) and e.in_force(end)
            bound = embargoes.bound(e, party, kind, start.year)
            hits.append(
                Hit(e, [start.year] if whole else [], [] if whole else [start.year], bound, who)
            )
    if not hits:
        return None
    found = [h.embargo for h in hits]
    described = "; ".join(e.describe() for e in found)
    factors = _embargo_factors(
        hits,
        f"{event.event} {event.date_text}: {described}",
        any(h.inside for h in hits),
        None,
        [],
    )
    return Draft(
        id=f"arms-embargo-event-{event.id}",
        indicator="embargo",
        title=f"Embargo: {event.system}, {name(event.party)} → {name(event.counterparty)}"
        f" during the {'/'.join(dict.fromkeys(e.imposed_by for e in found))} arms embargo",
        summary=f"{event.label()}; {described}",
        factors=factors,
        risks=_embargo_risks(found, False),
        evidence=[event.evidence(f"{event.event} event during the embargo")],
        details={
            "event": event.id,
            "supplier": event.party,
            "recipient": event.counterparty,
            "system": event.system,
            "embargoes": [_embargo_json(h) for h in hits],
        },
        first=at(start),
        last=at(end),
        deliveries=[("arms_events", str(event.id))],
    )
