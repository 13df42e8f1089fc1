"""What every arms indicator shares: the analysis context, deals and events as read from the
store, evidence rows, factors, the treaty provisions a risk maps to, and the draft finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import date as Day  # `Event.date` is a field
from functools import cache
from typing import Any

import pyarrow as pa

from hybridwatch.arms import countries
from hybridwatch.arms._data import read_rows
from hybridwatch.arms.config import ArmsSettings
from hybridwatch.case import Case
from hybridwatch.findings import Finding

KIND = "arms"

# The provisions an indicator's risk maps to. ATT: Arms Trade Treaty (2013); EU: Council Common
# Position 2008/944/CFSP defining common rules governing the control of exports of military
# technology and equipment.
PROVISIONS = {
    "att-6": (
        "Arms Trade Treaty",
        "Article 6(1)",
        "prohibition: a transfer that would violate measures of the UN Security Council under"
        " Chapter VII, in particular arms embargoes",
    ),
    "att-11": ("Arms Trade Treaty", "Article 11", "diversion of conventional arms"),
    "eu-1": (
        "EU Common Position 2008/944/CFSP",
        "Criterion 1",
        "international obligations and commitments, in particular UN, EU and OSCE arms embargoes",
    ),
    "eu-7": (
        "EU Common Position 2008/944/CFSP",
        "Criterion 7",
        "risk that the equipment is diverted within the buyer country or re-exported under"
        " undesirable conditions",
    ),
}

# Former States and the States that hold their arsenals: a Soviet-made vehicle in Ukraine's hands
# or a Czechoslovak one sold on by Czechia is the holder's own stock, not a transfer.
SUCCESSORS = {
    "SU": frozenset(
        ["AM", "AZ", "BY", "EE", "GE", "KG", "KZ", "LT", "LV", "MD", "RU", "TJ", "TM", "UA", "UZ"]
    ),
    "CS": frozenset({"CZ", "SK"}),
    "YU": frozenset({"BA", "HR", "ME", "MK", "RS", "SI", "XK"}),
    "DD": frozenset({"DE"}),
}

STATES = ("state", "former_state")


def own_stock(origin: str, holder: str) -> bool:
    """Whether items of this origin in the holder's hands are its own (or its predecessor's)."""
    return origin == holder or holder in SUCCESSORS.get(origin, frozenset())


def risk(key: str, why: str) -> dict[str, str]:
    instrument, provision, title = PROVISIONS[key]
    return {"instrument": instrument, "provision": provision, "risk": title, "why": why}


def factor(name: str, applies: bool, weight: float, explanation: str) -> dict[str, Any]:
    """A scoring factor as airlifts write them; `weight` is what it adds (0 when it does not)."""
    return {
        "factor": name,
        "applies": applies,
        "weight": round(weight, 3) if applies else 0.0,
        "explanation": explanation,
    }


@cache
def _former_names() -> dict[str, str]:
    """Former States by the first name data/countries.csv gives them ("Soviet Union")."""
    found: dict[str, str] = {}
    for row in read_rows("countries.csv"):
        if row["kind"] == "former_state":
            found.setdefault(row["party"], row["name"])
    return found


def name(code: str | None) -> str:
    """A readable name for a party code ("SK" -> "Slovakia", "SU" -> "Soviet Union"); names
    stay as they are."""
    if code is None:
        return "unknown"
    if code in _former_names():
        return _former_names()[code]
    found = countries.resolve(code) if len(code) == 2 else None
    return found.name if found is not None else code


def names(codes: list[str]) -> str:
    shown = [name(c) for c in codes]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def years_text(years: list[int]) -> str:
    if not years:
        return "none"
    ordered = sorted(set(years))
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def year_start(year: int) -> datetime:
    return datetime(year, 1, 1)


def year_end(year: int) -> datetime:
    return datetime(year, 12, 31, 23, 59, 59)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


@dataclass(frozen=True)
class Evidence:
    """A row behind a finding: table and id (what `finding_evidence` stores), with the source
    and the place in it, and what the row shows."""

    record: str  # arms_deals | arms_events | arms_losses | findings | flights
    id: str
    source_id: int | None
    locator: str | None
    what: str

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "id": self.id,
            "source_id": self.source_id,
            "locator": self.locator,
            "what": self.what,
        }


DEAL_COLUMNS = """id, supplier, supplier_kind, supplier_name, recipient, recipient_kind,
    recipient_name, financiers, via, system, system_key, description, category, order_year,
    order_year_uncertain, ordered, ordered_uncertain, delivered, delivered_uncertain,
    delivery_years, status, comments, source_id, locator"""


@dataclass(frozen=True)
class Deal:
    id: int
    supplier: str
    supplier_kind: str
    supplier_name: str
    recipient: str
    recipient_kind: str
    recipient_name: str
    financiers: list[str]
    via: list[str]
    system: str
    system_key: str
    description: str | None
    category: str
    order_year: int | None
    order_year_uncertain: bool
    ordered: int | None
    ordered_uncertain: bool
    delivered: int | None
    delivered_uncertain: bool
    delivery_years: list[int]
    status: str | None
    comments: str | None
    source_id: int
    locator: str

    @property
    def second_hand(self) -> bool:
        return (self.status or "").startswith("Second hand")

    def evidence(self, what: str) -> Evidence:
        return Evidence("arms_deals", str(self.id), self.source_id, self.locator, what)

    def label(self) -> str:
        """ "16 Zuzana 2 ordered 2022, 2 delivered (2023)" with SIPRI's uncertainty marks."""
        ordered = "?" if self.ordered is None else f"{self.ordered}{'?' * self.ordered_uncertain}"
        year = "" if self.order_year is None else f" in {self.order_year}"
        year += "?" if self.order_year_uncertain and year else ""
        delivered = f"{self.delivered or 0}{'?' * self.delivered_uncertain}"
        when = f" ({years_text(self.delivery_years)})" if self.delivery_years else ""
        return f"{ordered} {self.system} ordered{year}, {delivered} delivered{when}"


def fetch_deals(case: Case, where: str, params: list[Any] | None = None) -> list[Deal]:
    cursor = case.con.execute(
        f"SELECT {DEAL_COLUMNS} FROM arms_deals WHERE {where} ORDER BY id", params or []
    )
    columns = [d[0] for d in cursor.description or []]
    deals = []
    for row in cursor.fetchall():
        values = dict(zip(columns, row, strict=True))
        values["financiers"] = list(values["financiers"])
        values["via"] = list(values["via"])
        values["delivery_years"] = sorted(values["delivery_years"])
        deals.append(Deal(**values))
    return deals


def fetch_deals_by_id(case: Case, ids: list[int]) -> list[Deal]:
    """Deals by id; the ids go in as a table (DuckDB would inspect every list parameter)."""
    case.con.register("wanted_deal_ids", pa.table({"id": pa.array(ids, pa.int64())}))
    try:
        return fetch_deals(case, "id IN (SELECT id FROM wanted_deal_ids)")
    finally:
        case.con.unregister("wanted_deal_ids")


EVENT_COLUMNS = """id, event, party, party_kind, party_name, counterparty, counterparty_kind,
    counterparty_name, system, system_key, system_name, category, quantity, date,
    date_precision, date_text, citation, url, note, source_id, locator"""


@dataclass(frozen=True)
class Event:
    id: int
    event: str
    party: str
    party_kind: str
    party_name: str
    counterparty: str | None
    counterparty_kind: str | None
    counterparty_name: str | None
    system: str
    system_key: str
    system_name: str
    category: str | None
    quantity: int | None
    date: Day
    date_precision: str
    date_text: str
    citation: str | None
    url: str | None
    note: str | None
    source_id: int
    locator: str

    def evidence(self, what: str) -> Evidence:
        return Evidence("arms_events", str(self.id), self.source_id, self.locator, what)

    def period_end(self) -> Day:
        """The last day of the period the date names (a month, a year; a quarter when it is
        approximate)."""
        day = self.date
        if self.date_precision == "day":
            return day
        if self.date_precision == "month":
            following = Day(day.year + day.month // 12, day.month % 12 + 1, 1)
            return Day.fromordinal(following.toordinal() - 1)
        if self.date_precision == "year":
            return Day(day.year, 12, 31)
        three_months = Day(day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1, 1)
        return Day.fromordinal(three_months.toordinal() - 1)

    def label(self) -> str:
        quantity = f"{self.quantity} " if self.quantity is not None else ""
        to = f" → {name(self.counterparty)}" if self.counterparty else ""
        return (
            f"{name(self.party)}{to}: {self.event.replace('_', ' ')} {quantity}{self.system}"
            f" ({self.date_text})"
        )


def fetch_events(case: Case, where: str, params: list[Any] | None = None) -> list[Event]:
    rows = case.con.execute(
        f"SELECT {EVENT_COLUMNS} FROM arms_events WHERE {where} ORDER BY date, id", params or []
    ).fetchall()
    return [Event(*row) for row in rows]


@dataclass
class Context:
    case: Case
    settings: ArmsSettings
    as_of: int  # the analysis stands at 1 January of this year

    @property
    def as_of_date(self) -> date:
        return date(self.as_of, 1, 1)

    def protected(self, party: str | None) -> bool:
        return party in self.settings.protected

    def watched(self, party: str | None) -> bool:
        return party in self.settings.watched


def analysis_year(case: Case, settings: ArmsSettings) -> int | None:
    """`as_of` from the settings, else the year after the last one the deals and the analyst's
    events reach; None when the case holds neither."""
    if settings.as_of is not None:
        return settings.as_of
    row = case.con.execute(
        """SELECT greatest(
            (SELECT max(greatest(order_year, list_max(delivery_years))) FROM arms_deals),
            (SELECT max(year(date)) FROM arms_events))"""
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0]) + 1


@dataclass
class Draft:
    """A finding being put together; indicators may add factors (flights) before it is final."""

    id: str
    indicator: str
    title: str
    summary: str
    factors: list[dict[str, Any]]
    risks: list[dict[str, str]]
    evidence: list[Evidence]
    details: dict[str, Any]
    first: datetime | None
    last: datetime | None
    deliveries: list[tuple[str, str]] = field(default_factory=list)  # rows flights may back

    @property
    def score(self) -> float:
        return round(min(1.0, sum(float(f["weight"]) for f in self.factors if f["applies"])), 3)

    def finding(self) -> Finding:
        seen: set[tuple[str, str]] = set()
        rows = []
        for row in self.evidence:
            if (row.record, row.id) not in seen:
                seen.add((row.record, row.id))
                rows.append(row)
        return Finding(
            id=self.id,
            kind=KIND,
            title=self.title,
            summary=self.summary,
            score=self.score,
            factors=self.factors,
            details={
                "indicator": self.indicator,
                **self.details,
                "risks": self.risks,
                "evidence": [row.as_json() for row in rows],
            },
            first_seen=self.first,
            last_seen=self.last,
            evidence=[(row.record, row.id, "supports") for row in rows],
        )
