"""The arms ledger and its fulfilment, as `hybridwatch arms ledger|fulfilment` show them.

Filters take what an analyst would type: a party as ISO code or name in any spelling SIPRI,
ISO or the press uses ("UA", "Ukraine", "Czech Republic", "Turkiye"); a system as its canonical
name or any alias ("Zuzana-2", "ShKH Zuzana 2", "155mm DITA").

Fulfilment compares what was promised with what arrived:

- register rows, one per (supplier, recipient, system) of `arms_deals`: ordered and delivered
  summed over the deals, each deal listed with its lag from order to first delivery ("none
  yet" while nothing has arrived). A deal whose number ordered is not known adds its deliveries
  to `delivered` but is left out of `ratio` (delivered ÷ ordered over the deals where both are
  known), and is counted in `unknown_order_deals`;
- ledger rows, one per (party, counterparty, system) of the analyst's `arms_events`: pledged
  (or, where nothing was pledged, ordered) against delivered, with the lag from the first
  pledge or order to the first delivery;
- `seen_lost`: Oryx losses in the recipient's hands of that system made in the supplier's
  country — each at least one item delivered; an item Oryx lists under two statuses (damaged,
  then abandoned: the same sysID and imageID) counts once. NULL where the case holds no losses
  for the recipient at all (no coverage, not zero).

- aid rows, one per (donor, recipient, currency) of the Kiel tracker's military aid in
  `arms_aid`: money, not units (`unit` is the currency; every other row has `unit` "units").
  Committed and allocated values are summed apart and never added together: an allocation is
  the part of a commitment earmarked for delivery, so the promise (`pledged_or_ordered`) is the
  larger of the two and `promise_basis` says which. `delivered` is the delivered value, plus
  the value of rows measured as deliveries; `ratio` is delivered ÷ promised. Currencies are
  never converted: a donor with EUR and USD rows has a row for each.

`--donor` matches the supplier or any financier of a deal, so a financing State sees the deals
its money paid for (Denmark: the 16 Zuzana 2 from Slovakia), the party of ledger events, and
the donor of aid rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from hybridwatch.arms import countries, systems
from hybridwatch.case import Case

PROMISES = ("pledged", "ordered")
UNITS = "units"  # the `unit` of register and ledger rows; aid rows give their currency
# aid rows that are about arms: the tracker's general aid type, where it gives one
MILITARY_AID = "(aid_type IS NULL OR lower(aid_type) LIKE '%milit%')"
SeenLost = Callable[[str, str | None, str], int | None]  # (supplier, recipient, system key)


def _party_clause(column: str, value: str) -> tuple[str, list[Any]]:
    """Rows whose party column is the party `value` names (by code, or by name as written)."""
    return (
        f"(lower({column}) = lower(?) OR lower({column}_name) = lower(?))",
        [countries.code_for(value), " ".join(value.split())],
    )


def ledger(
    case: Case,
    *,
    recipient: str | None = None,
    supplier: str | None = None,
    system: str | None = None,
) -> list[dict[str, Any]]:
    """Deals, one per register line or export deal id, filtered, in a stable order."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("recipient", recipient), ("supplier", supplier)):
        if value:
            clause, values = _party_clause(column, value)
            clauses.append(clause)
            params += values
    if system:
        clauses.append("system_key = ?")
        params.append(systems.key(system))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = case.con.execute(
        f"""SELECT id, deal_key, supplier, supplier_kind, supplier_name, recipient, recipient_kind,
            recipient_name, financiers, via, system, designation, description, category,
            order_year, order_year_uncertain, ordered, ordered_uncertain, delivered,
            delivered_uncertain, delivery_years, delivery_years_uncertain, status, comments,
            tiv_unit, tiv_order, tiv_delivered, fragments, source_id, locator
        FROM arms_deals {where}
        ORDER BY recipient, supplier, system, order_year NULLS LAST, id""",
        params,
    ).fetchall()
    names = [d[0] for d in case.con.description or []]
    deals = []
    for row in rows:
        deal = dict(zip(names, row, strict=True))
        uncertain = [
            name
            for name in ("order_year", "ordered", "delivered", "delivery_years")
            if deal.pop(f"{name}_uncertain")
        ]
        deal["uncertain"] = uncertain
        deal["delivery_years"] = list(deal["delivery_years"])
        deals.append(deal)
    return deals


def _lag(order_year: int | None, years: list[int]) -> int | str | None:
    if not years:
        return "none yet"
    return None if order_year is None else min(years) - order_year


# one lost item: Oryx lists an item photographed damaged and then abandoned (or captured) once
# per status, under the same sysID and imageID; it counts once
LOSS_ITEM = "coalesce(oryx_sys_id::VARCHAR || '/' || oryx_image_id::VARCHAR, 'row ' || id::VARCHAR)"


def _losses(case: Case) -> tuple[dict[tuple[str, str, str], int], set[str]]:
    """Lost items per (loser, origin, system key), and every loser the case holds losses for."""
    counts = {
        (country, origin, key): int(n)
        for country, origin, key, n in case.con.execute(
            f"""SELECT country, origin, system_key, count(DISTINCT {LOSS_ITEM}) FROM arms_losses
            WHERE origin IS NOT NULL GROUP BY ALL"""
        ).fetchall()
    }
    losers = {c for (c,) in case.con.execute("SELECT DISTINCT country FROM arms_losses").fetchall()}
    return counts, losers


def fulfilment(
    case: Case, *, recipient: str | None = None, donor: str | None = None
) -> list[dict[str, Any]]:
    """Promised against delivered per supplier (or donor), recipient and system."""
    losses, losers = _losses(case)

    def seen_lost(supplier: str, to: str | None, key: str) -> int | None:
        if to is None or to not in losers:
            return None
        return losses.get((to, supplier, key), 0)

    rows = _register_rows(case, recipient, donor, seen_lost) + _ledger_rows(
        case, recipient, donor, seen_lost
    )
    for row in rows:
        row["unit"] = UNITS
    rows += _aid_rows(case, recipient, donor)
    rows.sort(
        key=lambda r: (
            r["recipient"] or "",
            r["supplier"],
            r["system"] or "",
            r["basis"],
            r["unit"],
        )
    )
    return rows


def _ratio(delivered: int, promised: int | None) -> float | None:
    return round(delivered / promised, 4) if promised else None


def _register_rows(
    case: Case, recipient: str | None, donor: str | None, seen_lost: SeenLost
) -> list[dict[str, Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if recipient:
        clause, values = _party_clause("recipient", recipient)
        clauses.append(clause)
        params += values
    if donor:
        clause, values = _party_clause("supplier", donor)
        clauses.append(f"({clause} OR list_contains(financiers, ?))")
        params += [*values, countries.code_for(donor)]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    deals = case.con.execute(
        f"""SELECT id, supplier, supplier_name, recipient, recipient_name, system, system_key,
            category, order_year, ordered, delivered, delivery_years, financiers, via, source_id,
            locator
        FROM arms_deals {where}
        ORDER BY recipient, supplier, system_key, order_year NULLS LAST, id""",
        params,
    ).fetchall()
    groups: dict[tuple[str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for deal in deals:
        groups[(deal[1], deal[3], deal[6])].append(deal)
    out = []
    for (supplier, to, key), members in groups.items():
        known = [d for d in members if d[9] is not None]
        ordered = sum(d[9] for d in known) if known else None
        delivered = sum(d[10] or 0 for d in members)
        financiers: list[str] = []
        for d in members:
            financiers += [f for f in d[12] if f not in financiers]
        out.append(
            {
                "basis": "register",
                "supplier": supplier,
                "supplier_name": members[0][2],
                "recipient": to,
                "recipient_name": members[0][4],
                "system": members[0][5],
                "category": members[0][7],
                "pledged_or_ordered": ordered,
                "delivered": delivered,
                "ratio": _ratio(sum(d[10] or 0 for d in known), ordered),
                "unknown_order_deals": len(members) - len(known),
                "seen_lost": seen_lost(supplier, to, key),
                "financiers": financiers,
                "deals": [
                    {
                        "id": d[0],
                        "order_year": d[8],
                        "ordered": d[9],
                        "delivered": d[10],
                        "delivery_years": list(d[11]),
                        "first_delivery_year": min(d[11]) if d[11] else None,
                        "lag_years": _lag(d[8], list(d[11])),
                        "financiers": list(d[12]),
                        "via": list(d[13]),
                        "source_id": d[14],
                        "locator": d[15],
                    }
                    for d in members
                ],
            }
        )
    return out


def _ledger_rows(
    case: Case, recipient: str | None, donor: str | None, seen_lost: SeenLost
) -> list[dict[str, Any]]:
    clauses = ["event IN ('pledged', 'ordered', 'delivered')"]
    params: list[Any] = []
    if recipient:
        clause, values = _party_clause("counterparty", recipient)
        clauses.append(clause)
        params += values
    if donor:
        clause, values = _party_clause("party", donor)
        clauses.append(clause)
        params += values
    events = case.con.execute(
        f"""SELECT id, event, party, party_name, counterparty, counterparty_name, system,
            system_key, category, quantity, date, date_precision, source_id, locator
        FROM arms_events WHERE {" AND ".join(clauses)}
        ORDER BY counterparty, party, system_key, date, id""",
        params,
    ).fetchall()
    groups: dict[tuple[str, str | None, str], list[tuple[Any, ...]]] = defaultdict(list)
    for event in events:
        groups[(event[2], event[4], event[7])].append(event)
    out = []
    for (party, to, key), members in groups.items():
        totals = {name: 0 for name in (*PROMISES, "delivered")}
        firsts: dict[str, date] = {}
        for e in members:
            totals[e[1]] += e[9] or 0
            firsts.setdefault(e[1], e[10])
        basis = "pledged" if any(e[1] == "pledged" for e in members) else "ordered"
        promised_events = [e for e in members if e[1] in PROMISES]
        promised = totals[basis] if promised_events else None
        promised_on = firsts.get(basis)
        delivered_on = firsts.get("delivered")
        lag: float | str | None = "none yet"
        if delivered_on is not None and promised_on is not None:
            lag = round((delivered_on - promised_on).days / 365.25, 1)
        elif delivered_on is not None:
            lag = None
        out.append(
            {
                "basis": "ledger",
                "donor": party,
                "supplier": party,
                "supplier_name": members[0][3],
                "recipient": to,
                "recipient_name": members[0][5],
                "system": members[0][6],
                "category": members[0][8],
                "pledged": totals["pledged"],
                "ordered": totals["ordered"],
                "pledged_or_ordered": promised,
                "delivered": totals["delivered"],
                "ratio": _ratio(totals["delivered"], promised),
                "lag_years": lag,
                "seen_lost": seen_lost(party, to, key),
                "events": [
                    {
                        "id": e[0],
                        "event": e[1],
                        "quantity": e[9],
                        "date": e[10].isoformat(),
                        "precision": e[11],
                        "source_id": e[12],
                        "locator": e[13],
                    }
                    for e in members
                ],
            }
        )
    return out


def _money(value: float) -> float:
    return round(value, 2)


def _aid_rows(case: Case, recipient: str | None, donor: str | None) -> list[dict[str, Any]]:
    """Military aid in money from the Kiel tracker, per donor, recipient and currency."""
    clauses = [MILITARY_AID]
    params: list[Any] = []
    for column, value in (("recipient", recipient), ("donor", donor)):
        if value:
            clause, values = _party_clause(column, value)
            clauses.append(clause)
            params += values
    aid = case.con.execute(
        f"""SELECT id, donor, donor_name, recipient, recipient_name, currency, measure,
            measure_name, announced, announced_precision, aid_type, aid_type_specific, item,
            system, quantity, quantity_delivered, value, delivered_value, source_id, locator
        FROM arms_aid WHERE {" AND ".join(clauses)}
        ORDER BY recipient, donor, currency NULLS LAST, announced NULLS LAST, id""",
        params,
    ).fetchall()
    names = [d[0] for d in case.con.description or []]
    groups: dict[tuple[str, str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for record in aid:
        row = dict(zip(names, record, strict=True))
        groups[(row["donor"], row["recipient"], row["currency"])].append(row)
    out = []
    for (giver, to, currency), members in groups.items():
        sums: dict[str, float | None] = {"commitment": None, "allocation": None}
        delivered = 0.0
        unknown = 0
        for m in members:
            if m["measure"] in sums and m["value"] is not None:
                sums[m["measure"]] = (sums[m["measure"]] or 0.0) + m["value"]
            if m["delivered_value"] is not None:
                delivered += m["delivered_value"]
            elif m["measure"] == "delivery" and m["value"] is not None:
                delivered += m["value"]
            if m["value"] is None and m["delivered_value"] is None:
                unknown += 1
        committed, allocated = sums["commitment"], sums["allocation"]
        basis: str | None = None
        promised: float | None = None
        if committed is not None or allocated is not None:
            basis = "commitment" if (committed or 0.0) >= (allocated or 0.0) else "allocation"
            promised = committed if basis == "commitment" else allocated
        out.append(
            {
                "basis": "aid",
                "donor": giver,
                "supplier": giver,
                "supplier_name": members[0]["donor_name"],
                "recipient": to,
                "recipient_name": members[0]["recipient_name"],
                "system": None,
                "category": None,
                "unit": currency or "not stated",
                "committed": None if committed is None else _money(committed),
                "allocated": None if allocated is None else _money(allocated),
                "promise_basis": basis,
                "pledged_or_ordered": None if promised is None else _money(promised),
                "delivered": _money(delivered),
                "ratio": round(delivered / promised, 4) if promised else None,
                "unknown_value_rows": unknown,
                "seen_lost": None,
                "systems": sorted({m["system"] for m in members if m["system"]}),
                "rows": [
                    {
                        "id": m["id"],
                        "measure": m["measure"],
                        "announced": m["announced"].isoformat() if m["announced"] else None,
                        "precision": m["announced_precision"],
                        "aid_type": m["aid_type"],
                        "aid_type_specific": m["aid_type_specific"],
                        "item": m["item"],
                        "system": m["system"],
                        "quantity": m["quantity"],
                        "quantity_delivered": m["quantity_delivered"],
                        "value": m["value"],
                        "delivered_value": m["delivered_value"],
                        "source_id": m["source_id"],
                        "locator": m["locator"],
                    }
                    for m in members
                ],
            }
        )
    return out
