"""Claims of analysts' documents checked against the case's independent data.

Each stored claim (`document_claims`) is offered to the checkers in turn; the first that
recognises what the claim asserts checks it:

- `fulfilment`: a share of promised items that arrived ("only 30 percent of the shells Bulgaria
  promised reached Ukraine") against the ledger's pledged/ordered and delivered quantities;
- `airlift`: flights between two places ("six round flights between Burgas and Baku from
  mid-February to mid-March") against the airlift findings and the flights themselves;
- `ledger`: a number of a weapon system between parties ("16 Zuzana 2 howitzers earmarked for
  Ukraine") against the arms register and the analyst's ledger;
- `alignment`: two governments saying the same thing ("Baku and Moscow's reactions were
  strikingly similar") against narrative alignment findings and frame counts.

A verdict is `supported`, `partly supported`, `contradicted` or `no data`, with what the claim
says, what the data shows, what differs, and the records behind it. Claims no checker
recognises are not checked (`claims check --all` lists them).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from hybridwatch.arms import countries, systems
from hybridwatch.case import Case
from hybridwatch.documents.dates import context_year_of, find_dates
from hybridwatch.narratives import framing
from hybridwatch.reference.airports import Airport, airports

VERDICTS = ("supported", "partly supported", "contradicted", "no data")
# A period stated as "mid-February" is approximate: data this many days either side still counts.
PERIOD_SLACK = timedelta(days=7)
# A claimed share and the ledger's agree within this many percentage points.
SHARE_TOLERANCE = 0.10
# Below this many statements per side in the period, silence on a narrative is no evidence.
MIN_STATEMENTS_TO_CONTRADICT = 5

_FLIGHT_WORDS = re.compile(
    r"\b(?:flights?|flew|round[- ]?trips?|rotations?|sorties|airlift\w*|shuttl\w+)\b", re.I
)
_ROUND = re.compile(r"\bround\b|\breturn\b", re.I)
_COUNTED_FLIGHTS = re.compile(r"flights?|trips?|rotations?|sorties", re.I)
_PROMISE = re.compile(
    r"\b(?:earmark\w*|pledg\w*|promis\w*|commit\w*|order\w*|contract\w*|plan\w*|agree\w*|"
    r"will\s+deliver|to\s+deliver|sign\w*)\b",
    re.I,
)
_DELIVERY = re.compile(
    r"\b(?:deliver\w*|arriv\w*|reach\w*|receiv\w*|transferr\w*|suppli\w*|handed)\b", re.I
)
_DELAY = re.compile(r"\b(?:lag\w*|delay\w*|behind|slow\w*|late|overdue|stall\w*)\b", re.I)
# An alignment claim says that speakers say alike things: a word of likeness and one of speech.
_ALIKE = re.compile(
    r"\b(?:similar\w*|same|echo\w*|mirror\w*|align\w*|identical|parallel\w*|unison|shar\w+)\b",
    re.I,
)
_SPEECH = re.compile(
    r"\b(?:statements?|narratives?|rhetoric|fram\w+|reactions?|sa(?:y|id|ys)|voices?|messag\w+|"
    r"comments?|propaganda|accus\w+|echo\w*|talking\s+points?)\b",
    re.I,
)
_AT_LEAST = ("over", "more than", "at least", "upwards of", "in excess of", "+")
_ABOUT = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "circa")
_AT_MOST = ("up to", "at most", "fewer than", "less than", "under")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None
    item: str | None
    qualifier: str | None
    start: int


@dataclass
class Claim:
    document_id: int
    start: int
    end: int
    text: str
    hedges: list[str]
    attributed_to: str | None
    footnotes: list[int]
    entities: dict[str, tuple[str, str]]  # entity id → (name, type)
    quantities: list[Quantity]
    context_year: int | None
    document_title: str | None

    @property
    def id(self) -> str:
        return f"{self.document_id}:{self.start}"

    def countries(self) -> set[str]:
        """States the claim names, directly, by demonym, or through a capital ("Baku")."""
        found = set()
        for name, kind in self.entities.values():
            code = metonyms().get(name.casefold())
            if kind == "country" or code is None:
                party = countries.resolve(name)
                code = party.code if party and party.kind == "state" else code
            if code:
                found.add(code)
        return found

    def names(self, *kinds: str) -> list[str]:
        return sorted(name for name, kind in self.entities.values() if kind in kinds)


@dataclass
class Verdict:
    claim: Claim
    check: str
    verdict: str
    claimed: str
    observed: str
    differences: list[str] = field(default_factory=list)
    evidence: list[tuple[str, str, str]] = field(default_factory=list)  # (record, id, role)

    def as_json(self) -> dict[str, Any]:
        c = self.claim
        return {
            "claim": {
                "id": c.id,
                "document_id": c.document_id,
                "document": c.document_title,
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "hedges": c.hedges,
                "attributed_to": c.attributed_to,
                "footnotes": c.footnotes,
            },
            "check": self.check,
            "verdict": self.verdict,
            "claimed": self.claimed,
            "observed": self.observed,
            "differences": self.differences,
            "evidence": [{"record": r, "id": i, "role": role} for r, i, role in self.evidence],
        }


@cache
def metonyms() -> dict[str, str]:
    """Capital or seat of government (folded) → the State it stands for."""
    text = resources.files("hybridwatch.evidence").joinpath("data/metonyms.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["name"].casefold(): row["country"] for row in rows}


def load_claims(case: Case) -> list[Claim]:
    """Every stored claim with the entities and quantities inside it, in document order."""
    con = case.con
    names: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for source, eid, name, kind in con.execute(
        "SELECT DISTINCT source_id, entity_id, name, type FROM document_entities"
    ).fetchall():
        names[source][eid] = (name, kind)
    quantities: dict[int, list[tuple[int, int, Quantity]]] = defaultdict(list)
    for source, value, unit, item, qualifier, start, end in con.execute(
        """SELECT source_id, value, unit, item, qualifier, char_start, char_end
           FROM document_quantities WHERE value IS NOT NULL ORDER BY char_start"""
    ).fetchall():
        quantities[source].append((start, end, Quantity(value, unit, item, qualifier, start)))
    years: dict[int, tuple[int | None, str | None]] = {}
    for source, published, text, title in con.execute(
        "SELECT source_id, published, text, title FROM documents"
    ).fetchall():
        year = int(published[:4]) if published and published[:4].isdigit() else None
        years[source] = (year or context_year_of(text), title)
    claims = []
    for source, start, end, text, hedges, attributed, footnotes, entity_ids in con.execute(
        """SELECT source_id, char_start, char_end, text, hedges, attributed_to, footnotes,
                  entities
           FROM document_claims ORDER BY source_id, char_start"""
    ).fetchall():
        year, title = years.get(source, (None, None))
        claims.append(
            Claim(
                document_id=source,
                start=start,
                end=end,
                text=text,
                hedges=list(hedges),
                attributed_to=attributed,
                footnotes=list(footnotes),
                entities={e: names[source][e] for e in entity_ids if e in names[source]},
                quantities=[q for s, e, q in quantities[source] if s >= start and e <= end],
                context_year=year,
                document_title=title,
            )
        )
    return claims


def check(case: Case, include_unchecked: bool = False) -> list[dict[str, Any]]:
    """Verdicts for every checkable claim (with `include_unchecked`, the rest with none)."""
    out = []
    for claim in load_claims(case):
        verdict = check_claim(case, claim)
        if verdict is not None:
            out.append(verdict.as_json())
        elif include_unchecked:
            out.append({**Verdict(claim, "", "", "", "").as_json(), "check": None, "verdict": None})
    return out


def check_claim(case: Case, claim: Claim) -> Verdict | None:
    for checker in CHECKERS:
        verdict = checker(case, claim)
        if verdict is not None:
            return verdict
    return None


# --- periods and numbers --------------------------------------------------------------------


def _period(claim: Claim) -> tuple[datetime, datetime] | None:
    """The time the claim is about: its first date mention, widened to whole days."""
    for mention in find_dates(claim.text, claim.context_year):
        first = date.fromisoformat(mention.date)
        last = date.fromisoformat(mention.end_date) if mention.end_date else _period_end(mention)
        return datetime.combine(first, datetime.min.time()), datetime.combine(
            last, datetime.max.time()
        )
    return None


def _period_end(mention: Any) -> date:
    first = date.fromisoformat(mention.date)
    if mention.precision == "year":
        return date(first.year, 12, 31)
    if mention.precision in ("month", "approximate"):
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


def _describe_period(period: tuple[datetime, datetime] | None) -> str:
    if period is None:
        return ""
    return f" from {period[0]:%Y-%m-%d} to {period[1]:%Y-%m-%d}"


def _agrees(claimed: Quantity, recorded: float) -> bool:
    """Whether a recorded number is what the claim's number, with its qualifier, allows.

    "over 70" is read loosely as "70 or more": analysts write "over 70" for a reported "70+".
    """
    qualifier = (claimed.qualifier or "").casefold()
    if any(q in qualifier for q in _AT_LEAST):
        return recorded >= claimed.value
    if any(q in qualifier for q in _AT_MOST):
        return recorded <= claimed.value
    if any(q in qualifier for q in _ABOUT):
        return abs(recorded - claimed.value) <= 0.1 * claimed.value
    return recorded == claimed.value


def _number(q: Quantity) -> str:
    """The claimed number as the claim bounds it ("over 70"); other qualifiers ("confirmed")
    do not change what the number allows."""
    value = f"{q.value:g}"
    bound = (q.qualifier or "").casefold()
    known = any(word in bound for word in (*_AT_LEAST, *_AT_MOST, *_ABOUT))
    qualifier = f"{q.qualifier} " if known else ""
    return f"{qualifier}{value}{'%' if q.unit == 'percent' else ''}"


# --- flights ----------------------------------------------------------------------------------


@cache
def _airports_by_city() -> dict[str, list[Airport]]:
    """City (folded) → its airports with an IATA code (scheduled or commercial service)."""
    found: dict[str, list[Airport]] = defaultdict(list)
    for a in airports():
        if a.has_iata and a.city:
            found[a.city.casefold()].append(a)
    return found


def _places_to_airports(claim: Claim) -> list[tuple[str, set[str]]]:
    """The claim's places that have airports, in order of mention: (name, ICAO codes)."""
    out = []
    for name in claim.names("place", "organization"):
        codes = {a.icao for a in _airports_by_city().get(name.casefold(), [])}
        if re.fullmatch(r"[A-Z]{4}", name):
            codes.add(name)
        if codes:
            out.append((name, codes))
    out.sort(key=lambda place: claim.text.find(place[0]))
    return out


@dataclass(frozen=True)
class _Fleet:
    """The aircraft a claim is about, as far as it says: types, States, military or not."""

    types: tuple[str, ...]
    states: tuple[str, ...]
    military: bool

    def describe(self) -> str:
        parts = [*self.states, *self.types] + (["military"] if self.military else [])
        return " ".join(parts) or "any aircraft"


_MILITARY = re.compile(r"\b(?:air\s*force|armed\s+forces|military|army|navy)\b", re.I)


def _fleet(claim: Claim) -> _Fleet:
    types = tuple(sorted({re.sub(r"[^A-Z0-9]", "", n.upper()) for n in claim.names("aircraft")}))
    return _Fleet(types, tuple(sorted(claim.countries())), bool(_MILITARY.search(claim.text)))


def check_airlift(case: Case, claim: Claim) -> Verdict | None:
    places = _places_to_airports(claim)
    if len(places) < 2 or not _FLIGHT_WORDS.search(claim.text):
        return None
    (name_a, codes_a), (name_b, codes_b) = places[0], places[1]
    counted = [q for q in claim.quantities if q.item and _COUNTED_FLIGHTS.search(q.item)]
    wanted = counted[0] if counted else None
    round_trips = wanted is None or bool(_ROUND.search(f"{wanted.qualifier} {wanted.item}"))
    period = _period(claim)
    window = None if period is None else (period[0] - PERIOD_SLACK, period[1] + PERIOD_SLACK)
    fleet = _fleet(claim)
    every = _legs(case, codes_a, codes_b, window)
    legs = [leg for leg in every if leg.flown_by(fleet)]
    there = [leg for leg in legs if leg.departure in codes_a]
    back = [leg for leg in legs if leg.departure in codes_b]
    observed = min(len(there), len(back)) if round_trips else len(legs)
    unit = "round trips" if round_trips else "flights"
    claimed = f"{_number(wanted) if wanted else 'flights'} {unit if wanted else ''}".strip()
    claimed = f"{claimed} {name_a}–{name_b} by {fleet.describe()}{_describe_period(period)}"
    evidence = [("flights", leg.id, "supports") for leg in legs]
    evidence += [("findings", f, "supports") for f in _airlift_findings(case, legs)]
    codes = f"{'/'.join(sorted(codes_a))}–{'/'.join(sorted(codes_b))}"
    seen = f"{observed} {unit} {codes} by {fleet.describe()} observed{_describe_period(period)}"
    if legs:
        seen += f" ({len(there)} legs {name_a}→{name_b}, {len(back)} back)"
    differences = []
    others = len(every) - len(legs)
    if others:
        differences.append(f"{others} other flights on the pair are not by {fleet.describe()}")
    if wanted is None:
        verdict = "supported" if observed else None
    elif observed and _agrees(wanted, observed):
        verdict = "supported"
    elif observed:
        verdict = "partly supported"
        differences.insert(0, f"{observed} {unit} observed where {_number(wanted)} are claimed")
    else:
        verdict = None
    if verdict is None:
        covered = _flights_in(case, window)
        if covered:
            verdict = "contradicted"
            seen = (
                f"no {unit} {codes} by {fleet.describe()} observed{_describe_period(period)},"
                f" though the case holds {covered:,} flights in that time"
            )
            evidence = [("flights", leg.id, "contradicts") for leg in every]
        else:
            verdict = "no data"
            seen = f"the case holds no flights{_describe_period(period)}"
    return Verdict(claim, "airlift", verdict, claimed, seen, differences, evidence)


@dataclass(frozen=True)
class _Leg:
    id: str
    departure: str
    typecode: str | None
    country: str | None
    military: bool | None

    def flown_by(self, fleet: _Fleet) -> bool:
        code = (self.typecode or "").upper()
        if fleet.types and not any(t.startswith(code) or code.startswith(t) for t in fleet.types):
            return False
        if fleet.states and self.country not in fleet.states:
            return False
        return not fleet.military or bool(self.military)


def _legs(
    case: Case, codes_a: set[str], codes_b: set[str], window: tuple[datetime, datetime] | None
) -> list[_Leg]:
    """Flights between the two sets of airports, either way, in time order."""
    where = "" if window is None else "AND departure_time BETWEEN ? AND ?"
    params: list[Any] = [sorted(codes_a), sorted(codes_b)] + (list(window) if window else [])
    rows = case.con.execute(
        f"""WITH a AS (SELECT unnest(?) AS code), b AS (SELECT unnest(?) AS code)
            SELECT id, departure_airport, typecode, country, military FROM flights
            WHERE ((departure_airport IN (FROM a) AND arrival_airport IN (FROM b))
                OR (departure_airport IN (FROM b) AND arrival_airport IN (FROM a))) {where}
            ORDER BY departure_time""",
        params,
    ).fetchall()
    return [_Leg(*row) for row in rows]


def _airlift_findings(case: Case, legs: list[_Leg]) -> list[str]:
    """The airlift findings any of these flights is evidence of."""
    rows = case.con.execute(
        """SELECT DISTINCT f.id FROM findings f JOIN finding_evidence e ON e.finding_id = f.id
           WHERE f.kind = 'airlift' AND e.record = 'flights'
             AND e.record_id IN (SELECT unnest(?))""",
        [[leg.id for leg in legs]],
    ).fetchall()
    return sorted(fid for (fid,) in rows)


def _flights_in(case: Case, window: tuple[datetime, datetime] | None) -> int:
    if window is None:
        row = case.con.execute("SELECT count(*) FROM flights").fetchone()
    else:
        row = case.con.execute(
            "SELECT count(*) FROM flights WHERE first_seen <= ? AND last_seen >= ?",
            [window[1], window[0]],
        ).fetchone()
    return int(row[0]) if row else 0


# --- the arms ledger --------------------------------------------------------------------------


def _systems(claim: Claim) -> list[tuple[str, str]]:
    """(canonical name, key) of the weapon systems the claim names."""
    found = {}
    for name in claim.names("equipment"):
        canonical = systems.canonical(name)
        found[systems.key(canonical)] = canonical
    return sorted((name, key) for key, name in found.items())


def _parties(claim: Claim) -> tuple[set[str], set[str]]:
    """(State codes, organisation names folded) the claim names."""
    return claim.countries(), {n.casefold() for n in claim.names("organization")}


@dataclass(frozen=True)
class _Row:
    record: str
    id: str
    stage: str  # promised | delivered
    giver: str
    receiver: str | None
    quantity: int | None
    label: str


def _ledger_rows(case: Case, key: str | None, category: tuple[str, str] | None) -> list[_Row]:
    """Register deals (ordered and delivered numbers) and ledger events for one system key, or
    for a kind of item when the claim names no system ("artillery shells"): its category, or a
    system name that says what it is where the category is unknown."""
    out: list[_Row] = []
    if key:
        filter_sql, params = "system_key = ?", [key]
    else:
        name, pattern = category or ("", "")
        filter_sql = "(category = ? OR regexp_matches(system, ?, 'i'))"
        params = [name, pattern]
    for did, supplier, sname, recipient, ordered, delivered, system in case.con.execute(
        f"""SELECT id, supplier, supplier_name, recipient, ordered, delivered, system
            FROM arms_deals WHERE {filter_sql}""",
        params,
    ).fetchall():
        label = f"{sname} → {recipient}: {system}"
        out.append(_Row("arms_deals", str(did), "promised", supplier, recipient, ordered, label))
        if delivered is not None:
            out.append(
                _Row("arms_deals", str(did), "delivered", supplier, recipient, delivered, label)
            )
    for eid, event, party, pname, other, qty, system in case.con.execute(
        f"""SELECT id, event, party, party_name, counterparty, quantity, system
            FROM arms_events WHERE {filter_sql}""",
        params,
    ).fetchall():
        stage = {
            "pledged": "promised",
            "ordered": "promised",
            "delivered": "delivered",
            "shipped": "delivered",
        }.get(event)
        if stage:
            label = f"{event}: {pname} → {other or '?'}: {system}"
            out.append(_Row("arms_events", str(eid), stage, party, other, qty, label))
    return out


def _involved(row: _Row, states: set[str], orgs: set[str]) -> bool:
    """The row's receiver is a State the claim names, and so is its giver unless the claim names
    no other State: "DITA for Azerbaijan from a Czech producer" is not Czechia's DITA for Ukraine,
    while "Excalibur Army's DITA for Azerbaijan" is the ledger's Czechia → Azerbaijan."""
    if row.receiver not in states:
        return False
    return not (states - {row.receiver}) or row.giver in states or row.giver.casefold() in orgs


def check_ledger(case: Case, claim: Claim) -> Verdict | None:
    found = _systems(claim)
    counts = [q for q in claim.quantities if q.unit != "percent"]
    if not found or not counts:
        return None
    name, key = found[0]
    wanted = min(counts, key=lambda q: abs(q.start - claim.text.find(name) - claim.start))
    states, orgs = _parties(claim)
    delivered = _DELIVERY.search(claim.text) and not _PROMISE.search(claim.text)
    stage = "delivered" if delivered else "promised"
    rows = [r for r in _ledger_rows(case, key, None) if r.stage == stage]
    rows = [r for r in rows if _involved(r, states, orgs)]
    parties = ", ".join(sorted(states | {n.title() for n in orgs})) or "any party"
    claimed = f"{_number(wanted)} {name} {stage} ({parties})"
    if not rows:
        return Verdict(
            claim,
            "ledger",
            "no data",
            claimed,
            f"the ledger has no {name} {stage} involving {parties}",
        )
    matching = [r for r in rows if r.quantity is not None and _agrees(wanted, r.quantity)]
    chosen = matching or rows
    evidence = sorted({(r.record, r.id, "supports" if matching else "contradicts") for r in chosen})
    recorded = sorted(
        {f"{r.label}: {r.quantity if r.quantity is not None else '?'}" for r in chosen}
    )
    differences: list[str] = []
    if matching:
        verdict = "supported"
    elif any(r.quantity is not None for r in rows):
        verdict = "partly supported"
        numbers = sorted({r.quantity for r in rows if r.quantity is not None})
        differences.append(
            f"the ledger records {', '.join(map(str, numbers))} where {_number(wanted)} is claimed"
        )
    else:
        verdict = "partly supported"
        differences.append("the ledger records the deal but no quantity")
    if _DELAY.search(claim.text):
        late = _lag_findings(case, {(r.record, r.id) for r in rows})
        evidence += [("findings", f, "supports") for f in late]
        if not late:
            differences.append("no lag finding covers these deals")
            verdict = "partly supported" if verdict == "supported" else verdict
    return Verdict(claim, "ledger", verdict, claimed, "; ".join(recorded), differences, evidence)


def _lag_findings(case: Case, refs: set[tuple[str, str]]) -> list[str]:
    rows = case.con.execute(
        """SELECT DISTINCT f.id, e.record, e.record_id FROM findings f
           JOIN finding_evidence e ON e.finding_id = f.id WHERE f.kind = 'arms'"""
    ).fetchall()
    return sorted({fid for fid, record, rid in rows if (record, rid) in refs})


# (category, what names items of it): the ammunition first, as "artillery shells" are shells.
_ITEM_CATEGORIES = (
    ("ammunition", r"shell|ammunition|munition|rounds|projectile|cartridge"),
    ("artillery", r"howitzer|artillery|gun|mortar"),
    ("armoured vehicle", r"tank|vehicle|APC|IFV"),
    ("missile", r"missile"),
    ("aircraft", r"aircraft|jet|fighter|helicopter"),
)


def _item_category(*texts: str) -> tuple[str, str] | None:
    """The first category any text names, looking at the texts in order."""
    for text in texts:
        for name, pattern in _ITEM_CATEGORIES:
            if re.search(pattern, text, re.I):
                return name, pattern
    return None


def check_fulfilment(case: Case, claim: Claim) -> Verdict | None:
    shares = [q for q in claim.quantities if q.unit == "percent"]
    if not shares or not _PROMISE.search(claim.text) or not _DELIVERY.search(claim.text):
        return None
    wanted = shares[0]
    states, orgs = _parties(claim)
    found = _systems(claim)
    category = _item_category(wanted.item or "", claim.text)
    if not found and category is None:
        return None
    key = found[0][1] if found else None
    what = found[0][0] if found else f"{category[0] if category else 'items'}"
    rows = _ledger_rows(case, key, category)
    rows = [r for r in rows if _involved(r, states, orgs)]
    parties = ", ".join(sorted(states)) or "any party"
    claimed = f"{_number(wanted)} of {what} promised ({parties}) delivered"
    evidence = sorted({(r.record, r.id, "supports") for r in rows})
    promised = [r for r in rows if r.stage == "promised"]
    delivered = [r for r in rows if r.stage == "delivered"]
    if not rows:
        return Verdict(
            claim,
            "fulfilment",
            "no data",
            claimed,
            f"the ledger records no {what} between {parties}",
        )
    if not promised or any(r.quantity is None for r in promised + delivered):
        seen = (
            f"the ledger records {len(promised)} promise(s) and {len(delivered)} delivery(ies)"
            f" of {what} between {parties}, without the quantities a share needs"
        )
        return Verdict(claim, "fulfilment", "no data", claimed, seen, [], evidence)
    total = sum(r.quantity or 0 for r in promised)
    done = sum(r.quantity or 0 for r in delivered)
    share = done / total if total else 0.0
    seen = f"{done:,} of {total:,} delivered ({share:.0%})"
    claimed_share = wanted.value / 100
    if abs(share - claimed_share) <= SHARE_TOLERANCE:
        return Verdict(claim, "fulfilment", "supported", claimed, seen, [], evidence)
    difference = f"the ledger gives {share:.0%} where {_number(wanted)} is claimed"
    roles = [(r, i, "contradicts") for r, i, _ in evidence]
    return Verdict(claim, "fulfilment", "contradicted", claimed, seen, [difference], roles)


# --- narratives -------------------------------------------------------------------------------


def _claimed_frames(case: Case, claim: Claim) -> list[str]:
    folded = framing.fold(claim.text)
    chosen = framing.frames(case.settings.narratives.frames)
    return [f.name for f in chosen if framing.matcher(f).search(folded)]


def check_alignment(case: Case, claim: Claim) -> Verdict | None:
    states = sorted(claim.countries())
    if len(states) < 2 or not (_ALIKE.search(claim.text) and _SPEECH.search(claim.text)):
        return None
    actors = dict(case.con.execute("SELECT id, country FROM actors").fetchall())
    frames = _claimed_frames(case, claim)
    period = _period(claim)
    pairs = []
    for fid, details, first, last in case.con.execute(
        """SELECT id, details, first_seen, last_seen FROM findings
           WHERE kind = 'narrative' AND id LIKE 'narrative:align:%' ORDER BY score DESC"""
    ).fetchall():
        d = json.loads(details)
        sides = {actors.get(d.get("actor_a")), actors.get(d.get("actor_b"))}
        if len(sides & set(states)) < 2:
            continue
        if period and (last < period[0] - PERIOD_SLACK or first > period[1] + PERIOD_SLACK):
            continue
        pairs.append((fid, d))
    used = _frame_users(case, frames, set(states), period)
    who = " and ".join(states)
    claimed = (
        f"two of {', '.join(states)} say the same" if len(states) > 2 else f"{who} say the same"
    )
    claimed += f" (frame: {', '.join(frames)})" if frames else ""
    claimed += _describe_period(period)
    evidence = [("findings", fid, "supports") for fid, _ in pairs]
    for _, d in pairs[:3]:
        for p in d.get("pairs", [])[:2]:
            evidence += [
                ("statements", str(p["a"]["id"]), "supports"),
                ("statements", str(p["b"]["id"]), "supports"),
            ]
    evidence = list(dict.fromkeys(evidence))  # one statement may back several pairs
    framed = {code for code, n in used.items() if n}
    frame_note = ""
    if frames:
        frame_note = "; frame used by " + (", ".join(sorted(framed)) or "neither")
    if pairs:
        between = Counter(
            f"{actors.get(d['actor_a'])} → {actors.get(d['actor_b'])}" for _, d in pairs
        )
        lags = sorted({f"{d['actor_a']} → {d['actor_b']} ({d['lag_days']:+g} d)" for _, d in pairs})
        seen = (
            f"{', '.join(f'{n} alignment(s) {k}' for k, n in between.most_common())}:"
            f" {'; '.join(lags[:4])}{'; …' if len(lags) > 4 else ''}{frame_note}"
        )
        if frames and len(framed) < 2:
            return Verdict(
                claim,
                "alignment",
                "partly supported",
                claimed,
                seen,
                [f"the {', '.join(frames)} frame is not used by both"],
                evidence,
            )
        return Verdict(claim, "alignment", "supported", claimed, seen, [], evidence)
    spoken = _statements_per_country(case, set(states), period)
    seen = (
        f"no statement pair echoes between {who}"
        f" ({', '.join(f'{c}: {spoken.get(c, 0)} statements' for c in states)}){frame_note}"
    )
    if frames and len(framed) >= 2:
        return Verdict(
            claim,
            "alignment",
            "partly supported",
            claimed,
            seen,
            ["both use the frame, but no statement echoes the other's"],
        )
    if all(spoken.get(c, 0) >= MIN_STATEMENTS_TO_CONTRADICT for c in states):
        return Verdict(claim, "alignment", "contradicted", claimed, seen)
    return Verdict(claim, "alignment", "no data", claimed, seen)


def _frame_users(
    case: Case, frames: list[str], states: set[str], period: tuple[datetime, datetime] | None
) -> Counter[str]:
    """Statements per State (of its actors) using any of `frames` within the period."""
    used: Counter[str] = Counter()
    if not frames:
        return used
    chosen = [f for f in framing.frames(case.settings.narratives.frames) if f.name in frames]
    patterns = [framing.matcher(f) for f in chosen]
    for country, text in _statements(case, states, period):
        if any(p.search(framing.fold(text)) for p in patterns):
            used[country] += 1
    return used


def _statements_per_country(
    case: Case, states: set[str], period: tuple[datetime, datetime] | None
) -> Counter[str]:
    return Counter(country for country, _ in _statements(case, states, period))


def _statements(
    case: Case, states: set[str], period: tuple[datetime, datetime] | None
) -> list[tuple[str, str]]:
    where = ""
    params: list[Any] = [sorted(states)]
    if period:
        where = "AND s.published BETWEEN ? AND ?"
        params += [period[0] - PERIOD_SLACK, period[1] + PERIOD_SLACK]
    rows = case.con.execute(
        f"""SELECT a.country, s.text FROM statements s
            JOIN statement_actors sa ON sa.statement_id = s.id
            JOIN actors a ON a.id = sa.actor_id
            WHERE a.country IN (SELECT unnest(?)) {where}""",
        params,
    ).fetchall()
    return [(c, t) for c, t in rows]


CHECKERS: tuple[Callable[[Case, Claim], Verdict | None], ...] = (
    check_fulfilment,
    check_airlift,
    check_ledger,
    check_alignment,
)
