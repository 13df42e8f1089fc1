"""Mismatch between sources: the register against the Oryx losses (and the analyst's ledger).

More lost than delivered: per recipient (whose loss it is) and system, the distinct items Oryx
shows lost, of foreign make, against what the register records delivered to that recipient by
ALL suppliers. Oryx's origin is the country of manufacture, not the supplier (Leopard 2A4 made in
Germany reached Ukraine from Poland, Canada, Norway and Spain), so suppliers are summed. An item
Oryx lists under two statuses (damaged, then abandoned: the same photograph, the same Oryx image
id) counts once. Own stock is left out: the loser's own make and its predecessor's (Soviet-made in
Ukraine's hands). Compared only where both sources name the system alike — the register has deals
for that system and recipient, or the system table knows the system — since Oryx's names and
SIPRI's designations differ for most systems.

Never seen: register deliveries to a recipient the case holds losses for, of a kind Oryx records
(vehicles, artillery, aircraft, air defence, ships, radars), made since the year before its
losses begin, for a system no loss and no analyst event of that recipient names (names compared
loosely: one folded name containing the other).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hybridwatch.arms import systems
from hybridwatch.arms.indicators.common import (
    Context,
    Deal,
    Draft,
    Evidence,
    at,
    factor,
    fetch_deals,
    name,
    names,
    own_stock,
    risk,
    year_end,
    year_start,
    years_text,
)
from hybridwatch.arms.query import LOSS_ITEM

W_MORE_LOST = 0.30
W_EXCESS = 0.20
W_NO_VARIANT = 0.15
W_NOT_IN_LEDGER = 0.10
W_NOT_CAPTURED = 0.10

W_NOT_SEEN = 0.15
W_MANY = 0.15
W_VERY_MANY = 0.10
W_IN_SERVICE = 0.10

VISIBLE = ("armoured vehicle", "artillery", "aircraft", "air defence", "ship", "sensor")
# what is fired or expended rather than fielded: Oryx records no such losses
MUNITION = re.compile(
    r"missile|\bSAM\b(?! system)|\bABM\b(?! system)|torpedo|bomb|shell|munition|drone"
    r"|guided rocket|ammunition",
    re.IGNORECASE,
)
# words that name a kind of equipment, not a system: they never make two names the same
GENERIC = frozenset(
    """aircraft armored armoured assault boat breacher carrier class command component engineering
    fighter heavy helicopter howitzer infantry launcher light mine mortar patrol personnel
    protected radar reconnaissance recovery ship system tank truck type unit unknown variant
    vehicle vehicles version with""".split()  # noqa: SIM905 (a word list reads better so)
)


@dataclass
class _Lost:
    country: str
    system: str
    system_key: str
    items: int = 0
    origins: dict[str, int] = field(default_factory=dict)
    rows: list[Evidence] = field(default_factory=list)
    first: date | None = None
    last: date | None = None


def _losses(ctx: Context) -> dict[tuple[str, str], _Lost]:
    rows = ctx.case.con.execute(
        f"""SELECT country, origin, system_key, any_value(system), count(*),
            list(row(id, source_id, locator, status) ORDER BY id), min(date_recorded),
            max(date_recorded)
        FROM (SELECT *, row_number() OVER (PARTITION BY country, {LOSS_ITEM} ORDER BY id) AS n
              FROM arms_losses WHERE origin IS NOT NULL)
        WHERE n = 1
        GROUP BY country, origin, system_key"""
    ).fetchall()
    found: dict[tuple[str, str], _Lost] = {}
    for country, origin, key, system, items, listed, first, last in rows:
        if own_stock(origin, country):
            continue
        lost = found.setdefault((country, key), _Lost(country, system, key))
        lost.items += int(items)
        lost.origins[origin] = lost.origins.get(origin, 0) + int(items)
        lost.rows += [
            Evidence("arms_losses", str(i), s, loc, f"{status} item (Oryx), made in {name(origin)}")
            for i, s, loc, status in listed
        ]
        lost.first = min(filter(None, [lost.first, first]), default=None)
        lost.last = max(filter(None, [lost.last, last]), default=None)
    return found


def _loss_coverage(ctx: Context) -> dict[str, tuple[date | None, date | None]]:
    """Every party the case holds losses for, with the first and last date recorded."""
    return {
        country: (first, last)
        for country, first, last in ctx.case.con.execute(
            "SELECT country, min(date_recorded), max(date_recorded) FROM arms_losses GROUP BY 1"
        ).fetchall()
    }


def _related(key: str, others: set[str]) -> list[str]:
    """Register keys that are a variant of `key` by name: one a prefix of the other."""
    return sorted(
        k
        for k in others
        if k != key and min(len(k), len(key)) >= 3 and (k.startswith(key) or key.startswith(k))
    )


def detect(ctx: Context) -> list[Draft]:
    coverage = _loss_coverage(ctx)
    if not coverage:
        return []
    losers = sorted(coverage)
    marks = ", ".join("?" for _ in losers)
    deals = fetch_deals(ctx.case, f"recipient IN ({marks})", losers)
    by_key: dict[tuple[str, str], list[Deal]] = defaultdict(list)
    for deal in deals:
        by_key[(deal.recipient, deal.system_key)].append(deal)
    ledger = ctx.case.con.execute(
        f"""SELECT event, party, counterparty, system_key, quantity, id, source_id, locator,
            system
        FROM arms_events WHERE party IN ({marks}) OR counterparty IN ({marks})""",
        [*losers, *losers],
    ).fetchall()
    return _more_lost(ctx, by_key, ledger) + _never_seen(ctx, coverage, by_key, ledger)


def _more_lost(
    ctx: Context,
    by_key: dict[tuple[str, str], list[Deal]],
    ledger: list[tuple[Any, ...]],
) -> list[Draft]:
    register_keys: dict[str, set[str]] = defaultdict(set)
    for recipient, key in by_key:
        register_keys[recipient].add(key)
    delivered_to: dict[str, set[str]] = defaultdict(set)  # system key -> recipients
    for (recipient, key), members in by_key.items():
        if any(d.delivered for d in members):
            delivered_to[key].add(recipient)
    drafts = []
    for (country, key), lost in sorted(_losses(ctx).items()):
        members = by_key.get((country, key), [])
        known_system = systems.category_of_system(lost.system) is not None
        if not members and not known_system:
            continue  # Oryx's name and the register's may differ: nothing to compare
        delivered = sum(d.delivered or 0 for d in members)
        if lost.items <= delivered:
            continue
        excess = lost.items - delivered
        variants = _related(key, register_keys[country])
        variant_deals = [d for k in variants for d in by_key[(country, k)]]
        variant_delivered = sum(d.delivered or 0 for d in variant_deals)
        variant_names = ", ".join(sorted({d.system for d in variant_deals}))
        in_ledger = [
            row
            for row in ledger
            if row[0] in ("delivered", "shipped") and row[2] == country and row[3] == key
        ]
        ledger_delivered = sum(int(row[4] or 0) for row in in_ledger)
        others = sorted(delivered_to.get(key, set()) - {country})
        suppliers = sorted({d.supplier for d in members})
        register_text = (
            f"the register records {delivered} delivered to {name(country)}"
            + (f" by {names(suppliers)}" if suppliers else "")
            + f" ({len(members)} deal{'s' if len(members) != 1 else ''})"
            if members
            else f"the register records no {lost.system} for {name(country)}"
        )
        made = ", ".join(f"{n} made in {name(o)}" for o, n in sorted(lost.origins.items()))
        factors = [
            factor(
                "more_lost_than_delivered",
                True,
                W_MORE_LOST,
                f"Oryx shows {lost.items} distinct {lost.system} lost by {name(country)} ({made});"
                f" {register_text}",
            ),
            factor(
                "excess",
                True,
                W_EXCESS * min(1.0, excess / max(delivered, 1)),
                f"{excess} more than recorded ({excess / max(delivered, 1):.0%} of the register's"
                f" {delivered})",
            ),
            factor(
                "no_variant_in_register",
                variant_delivered < excess,
                W_NO_VARIANT,
                f"the register's {variant_delivered} of related designations"
                f" ({variant_names}) may include them"
                if variant_delivered >= excess
                else (
                    f"related designations in the register ({variant_names},"
                    f" {variant_delivered} delivered) do not cover the {excess}"
                    if variant_deals
                    else "no related designation in the register"
                ),
            ),
            factor(
                "not_in_ledger",
                ledger_delivered < excess,
                W_NOT_IN_LEDGER,
                f"the analyst's ledger records {ledger_delivered} delivered"
                + (" — enough to explain the gap" if ledger_delivered >= excess else ""),
            ),
            factor(
                "not_captured_stock",
                not others,
                W_NOT_CAPTURED,
                f"no other party in the case received {lost.system} (register), so these are"
                " unlikely to be captured items"
                if not others
                else f"{names(others)} also received {lost.system}: some of {name(country)}'s"
                " losses may be items captured from them",
            ),
        ]
        evidence = [d.evidence("register delivery of the system") for d in members]
        evidence += [
            d.evidence("register delivery of a related designation") for d in variant_deals
        ]
        evidence += [
            Evidence("arms_events", str(row[5]), row[6], row[7], "ledger delivery")
            for row in in_ledger
        ]
        evidence += lost.rows
        drafts.append(
            Draft(
                id=f"arms-mismatch-{country.lower()}-{key}",
                indicator="source_mismatch",
                title=f"Sources disagree: {lost.items} {lost.system} lost by {name(country)},"
                f" {delivered} delivered in the register",
                summary=f"Oryx proves at least {lost.items} {lost.system} reached"
                f" {name(country)} ({made}); {register_text}",
                factors=factors,
                risks=[
                    risk(
                        "att-11",
                        f"{excess} more items in {name(country)}'s hands than recorded transfers"
                        " explain: unrecorded transfers, or transfers through third parties",
                    ),
                    risk(
                        "eu-7",
                        "equipment reaching an end user by a route the register does not show",
                    ),
                ],
                evidence=evidence,
                details={
                    "recipient": country,
                    "system": lost.system,
                    "lost_items": lost.items,
                    "origins": lost.origins,
                    "register_delivered": delivered,
                    "register_suppliers": suppliers,
                    "related_designations": sorted({d.system for d in variant_deals}),
                    "related_delivered": variant_delivered,
                    "ledger_delivered": ledger_delivered,
                    "also_delivered_to": others,
                },
                first=at(lost.first) if lost.first else None,
                last=at(lost.last) if lost.last else None,
            )
        )
    return drafts


def _tokens(system: str) -> frozenset[str]:
    """The parts of a name that identify a system: designations with a digit ("m2a3", "2s1",
    "tpq36" of "AN/TPQ-36") and names of four letters or more ("bradley", "dzik") that are not
    generic ("vehicle", "radar")."""
    found = set()
    for word in re.split(r"[\s/]+", systems.strip_calibre(system)):
        folded = systems.fold(word)
        has_digit = any(c.isdigit() for c in folded)
        has_letter = any(c.isalpha() for c in folded)
        if (has_digit and has_letter and len(folded) >= 3) or (
            folded.isalpha() and len(folded) >= 4 and folded not in GENERIC
        ):
            found.add(folded)
    return frozenset(found)


MIN_PART = 3  # the shortest name or part that may start or end another


@dataclass
class _Names:
    """The systems one party is seen with, indexed for loose comparison: whole folded names
    with every start and end of them, and identifying parts with every start."""

    keys: set[str] = field(default_factory=set)
    key_starts: set[str] = field(default_factory=set)
    key_ends: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)
    part_starts: set[str] = field(default_factory=set)

    def add(self, key: str, system: str) -> None:
        self.keys.add(key)
        self.key_starts.update(key[:i] for i in range(MIN_PART, len(key) + 1))
        self.key_ends.update(key[i:] for i in range(0, len(key) - MIN_PART + 1))
        for part in _tokens(system):
            self.parts.add(part)
            self.part_starts.update(part[:i] for i in range(MIN_PART, len(part) + 1))

    def alike(self, key: str, system: str) -> bool:
        """Loosely the same system as one seen: one folded name starts the other ("as90b" /
        "as90") or ends it after a maker's name ("ivecolmv" / "lmv"), or they share an
        identifying part, one starting the other ("M-2A3 Bradley" / "M2A2 Bradley ODS-SA")."""
        if key in self.keys or key in self.key_starts or key in self.key_ends:
            return True
        if any(key[:i] in self.keys for i in range(MIN_PART, len(key))):
            return True
        if any(key[i:] in self.keys for i in range(1, len(key) - MIN_PART + 1)):
            return True
        for part in _tokens(system):
            if part in self.part_starts:
                return True
            if any(part[:i] in self.parts for i in range(MIN_PART, len(part))):
                return True
        return False


def _never_seen(
    ctx: Context,
    coverage: dict[str, tuple[date | None, date | None]],
    by_key: dict[tuple[str, str], list[Deal]],
    ledger: list[tuple[Any, ...]],
) -> list[Draft]:
    seen: dict[str, _Names] = defaultdict(_Names)
    for country, key, system in ctx.case.con.execute(
        "SELECT DISTINCT country, system_key, system FROM arms_losses"
    ).fetchall():
        seen[country].add(key, system)
    for event, party, counterparty, key, *_, system in ledger:
        holder = party if event in ("seen_in_use", "lost") else counterparty
        if event in ("seen_in_use", "lost", "delivered", "shipped") and holder:
            seen[str(holder)].add(str(key), str(system))
    drafts = []
    for (country, key), members in sorted(by_key.items()):
        first_loss, last_loss = coverage[country]
        if first_loss is None or last_loss is None:
            continue
        recent = [
            d
            for d in members
            if d.category in VISIBLE
            and not MUNITION.search(d.description or "")
            and d.delivered
            and d.delivery_years
            and max(d.delivery_years) >= first_loss.year - 1
        ]
        if not recent:
            continue
        if seen[country].alike(key, members[0].system):
            continue
        delivered = sum(d.delivered or 0 for d in recent)
        years = sorted({y for d in recent for y in d.delivery_years})
        suppliers = sorted({d.supplier for d in recent})
        system = recent[0].system
        factors = [
            factor(
                "not_seen",
                True,
                W_NOT_SEEN,
                f"no loss of {system} by {name(country)} in Oryx ({first_loss.isoformat()} to"
                f" {last_loss.isoformat()}) and no analyst event names it",
            ),
            factor(
                "many_delivered",
                delivered >= 20,
                W_MANY,
                f"{delivered} delivered ({years_text(years)}) by {names(suppliers)}",
            ),
            factor(
                "very_many_delivered",
                delivered >= 100,
                W_VERY_MANY,
                f"{delivered} delivered" + (" (100 or more)" if delivered >= 100 else " (< 100)"),
            ),
            factor(
                "time_in_service",
                min(years) < last_loss.year,
                W_IN_SERVICE,
                f"first delivered {min(years)}; losses recorded up to {last_loss.year}",
            ),
        ]
        drafts.append(
            Draft(
                id=f"arms-unseen-{country.lower()}-{key}",
                indicator="never_seen",
                title=f"Never seen: {delivered} {system} delivered to {name(country)}, none in the"
                " losses or the ledger",
                summary=f"The register records {delivered} {system} delivered to {name(country)}"
                f" by {names(suppliers)} ({years_text(years)}); Oryx shows no loss of it and the"
                " analyst's ledger no sighting. Names are compared loosely; Oryx may list it"
                " under another name, or it may not have reached the front.",
                factors=factors,
                risks=[
                    risk(
                        "att-11",
                        "a recorded delivery nobody has seen at its end user: it may not have"
                        " arrived, or gone elsewhere",
                    ),
                    risk("eu-7", "whether the equipment stayed with its stated end user"),
                ],
                evidence=[d.evidence("register delivery not seen elsewhere") for d in recent],
                details={
                    "recipient": country,
                    "system": system,
                    "delivered": delivered,
                    "delivery_years": years,
                    "suppliers": suppliers,
                    "losses_from": first_loss.isoformat(),
                    "losses_to": last_loss.isoformat(),
                },
                first=year_start(min(years)),
                last=year_end(max(years)),
                deliveries=[("arms_deals", str(d.id)) for d in recent],
            )
        )
    return drafts
