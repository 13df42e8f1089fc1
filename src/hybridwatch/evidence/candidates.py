"""What every stream says about entities: members (stream-level identities), the property
values their rows state, and the relations between them.

Each stream is read with a few aggregating queries, so a register of 29,000 deals costs a few
hundred grouped rows, not 29,000 Python objects:

- flights: each aircraft that flew (`aircraft:<icao24>`) with its registry rows, its operator
  (`operator:<folded name>`), its country of registration, and the airports at its ends
  (`airport:<ICAO>`, named from airportsdata);
- the arms ledger: parties (States as `country:<ISO>`, everyone else as `org:<folded name>`),
  systems (`system:<key>`), who supplies, finances, routes, receives, uses and makes what;
- statements: actors who spoke (`actor:<id>`: officials are persons, the rest organisations)
  and the State they speak for or are based in;
- documents: every entity a document names (`doc:<source id>:<entity id>`), countries and
  systems tied to their key, places to the State they stand for (evidence/data/metonyms.csv);
- findings: the entities their evidence rows are about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from hybridwatch.arms import countries, systems
from hybridwatch.evidence.claims import metonyms
from hybridwatch.evidence.matching import fold, slug
from hybridwatch.narratives.actors import UNRESOLVED
from hybridwatch.reference.airports import airport

TYPES = ("country", "organization", "person", "aircraft", "airport", "system", "place")
# How strong a member's key is, strongest first: the entity takes its id and name from its
# strongest member (then the most rows, then the key). Codes and curated ids are authorities:
# two different ones are two different things.
CODE, CURATED, NAMED, MENTIONED = range(4)
_RANKS = {
    "country": CODE,
    "aircraft": CODE,
    "airport": CODE,
    "system": CODE,
    "actor": CURATED,
    "org": NAMED,
    "operator": NAMED,
}
# a speaker the actor list does not know (hybridwatch.narratives.actors.UNRESOLVED): only a name
_UNRESOLVED = f"actor:{UNRESOLVED}"
_ISO = re.compile(r"[A-Z]{2}")


def rank(member: str) -> int:
    """How strong a member key is, from the key alone: `country:AZ` 0 … `doc:4:…` 3."""
    if member.startswith(_UNRESOLVED):
        return NAMED
    return _RANKS.get(member.split(":", 1)[0], MENTIONED)


_STATES = ("state", "former_state", "unrecognised_state")
# Actor kinds that speak for their State; the others are only based in it.
_VOICES = ("government", "official", "state media")
_DOCUMENT_TYPES = {
    "country": "country",
    "place": "place",
    "organization": "organization",
    "person": "person",
    "equipment": "system",
    "aircraft": "system",  # a type ("Il-76MD"): individual aircraft come from flights
}


@dataclass
class Member:
    key: str
    type: str
    name: str
    id_part: str  # what the id of an entity anchored on this member ends with
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    weight: int = 0  # rows naming it

    @property
    def rank(self) -> int:
        return rank(self.key)

    @property
    def claims(self) -> dict[str, str]:
        """What must agree for this member to join another automatically: its key where that
        is a code or a curated id, and the country it states."""
        found = {self.key.split(":", 1)[0]: self.key} if self.rank <= CURATED else {}
        if self.country and self.type != "country":
            found["country"] = self.country
        return found


# (member, prop, value, record, record id, source id, locator, rows)
Statement = tuple[str, str, str, str, str | None, int | None, str | None, int]
# (source, target, relation, record, record id, source id, weight): member keys, or the
# document:/finding: node a mentions/involves link starts at
Link = tuple[str, str, str, str, str | None, int | None, int]


@dataclass
class Candidates:
    members: dict[str, Member] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    same: list[tuple[str, str]] = field(default_factory=list)  # one key names both
    _parties: dict[str, str | None] = field(default_factory=dict)

    def add(self, member: Member) -> str:
        """The member, or the one already known by its key, now also named by this one."""
        known = self.members.setdefault(member.key, member)
        if known is not member:
            known.weight += member.weight
            known.aliases |= member.aliases | ({member.name} - {known.name})
            known.country = known.country or member.country
        return known.key

    def state(self, code: str, written: str | None = None) -> str:
        """A State by its code, named as hybridwatch.arms.countries names it — from the name
        a ledger wrote where there is one: "SU" alone is pycountry's "USSR, Union of Soviet
        Socialist Republics", and "CS" its Serbia and Montenegro, not SIPRI's Czechoslovakia."""
        party = countries.resolve(written) if written else None
        if party is None or party.code != code:
            party = countries.resolve(code)
        name = party.name if party else code
        iso = code if _ISO.fullmatch(code) else None
        return self.add(Member(f"country:{code}", "country", name, iso or slug(code), iso))

    def system(self, key: str, name: str) -> str:
        return self.add(Member(f"system:{key}", "system", name, key))

    def party(self, code: str, kind: str | None = None, written: str | None = None) -> str | None:
        """The member a ledger party is: a State by its code, anyone else by its folded name;
        None for SIPRI's "unknown supplier(s)"."""
        if code not in self._parties:
            if kind is None:
                resolved = countries.resolve(code)
                kind = resolved.kind if resolved else "other"
            if kind in _STATES:
                self._parties[code] = self.state(code, written)
            elif kind == "unknown":
                self._parties[code] = None
            else:
                member = Member(f"org:{fold(code)}", "organization", code, slug(code))
                self._parties[code] = self.add(member)
        return self._parties[code]

    def say(self, member: str, prop: str, value: Any, *provenance: Any) -> None:
        if value is not None and value != "":
            self.statements.append((member, prop, str(value), *provenance))

    def link(self, source: str | None, target: str | None, relation: str, *rest: Any) -> None:
        if source and target and source != target:
            self.links.append((source, target, relation, *rest))


def collect(con: duckdb.DuckDBPyConnection) -> Candidates:
    found = Candidates()
    _flights(con, found)
    _ledger(con, found)
    _actors(con, found)
    _documents(con, found)
    _findings(con, found)
    return found


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def _flights(con: duckdb.DuckDBPyConnection, found: Candidates) -> None:
    for icao24, registration, country, flights in _rows(
        con,
        """SELECT icao24, mode(registration), mode(country), count(*) FROM flights
           GROUP BY icao24 ORDER BY icao24""",
    ):
        name = registration or icao24
        found.add(Member(f"aircraft:{icao24}", "aircraft", name, icao24, country, weight=flights))
    # What the derived flights state (identity from registries, address block, callsign)
    for icao24, prop, value, first, source, count in _rows(
        con,
        """SELECT icao24, prop, value, min(id), arg_min(source_ids[1], id), count(*) FROM (
               SELECT icao24, id, source_ids, 'icao24' AS prop, icao24 AS value FROM flights
               UNION ALL SELECT icao24, id, source_ids, 'registration', registration FROM flights
               UNION ALL SELECT icao24, id, source_ids, 'typecode', typecode FROM flights
               UNION ALL SELECT icao24, id, source_ids, 'operator', operator FROM flights
               UNION ALL SELECT icao24, id, source_ids, 'country', country FROM flights
               UNION ALL SELECT icao24, id, source_ids, 'military', military::VARCHAR
                   FROM flights
               UNION ALL SELECT icao24, id, source_ids, 'callsign', unnest(callsigns)
                   FROM flights
           ) WHERE value IS NOT NULL GROUP BY ALL ORDER BY ALL""",
    ):
        aircraft = f"aircraft:{icao24}"
        found.say(aircraft, prop, value, "flights", first, source, None, count)
        if prop == "country":
            found.link(
                aircraft, found.state(value), "registered_in", "flights", first, source, count
            )
        elif prop == "operator":
            member = Member(f"operator:{fold(value)}", "organization", value, slug(value))
            operator = found.add(member)
            found.say(operator, "name", value, "flights", first, source, None, count)
            found.link(aircraft, operator, "operated_by", "flights", first, source, count)
    # What the registries state about the aircraft that flew, with their locators
    registry = _union(
        f"SELECT icao24, '{prop}' AS prop, {column} AS value, source_id, locator FROM aircraft"
        for prop, column in (
            ("registration", "registration"),
            ("typecode", "typecode"),
            ("model", "description"),
            ("operator", "operator"),
            ("military", "military::VARCHAR"),
        )
    )
    for icao24, prop, value, source, locator, count in _rows(
        con,
        f"""SELECT icao24, prop, value, source_id, min(locator), count(*) FROM ({registry})
            WHERE value IS NOT NULL AND icao24 IN (SELECT icao24 FROM flights)
            GROUP BY ALL ORDER BY ALL""",
    ):
        found.say(f"aircraft:{icao24}", prop, value, "aircraft", icao24, source, locator, count)
    _airports(con, found)


def _airports(con: duckdb.DuckDBPyConnection, found: Candidates) -> None:
    for icao24, code, relation, first, source, count in _rows(
        con,
        """SELECT icao24, code, relation, min(id), arg_min(source_ids[1], id), count(*) FROM (
               SELECT icao24, id, source_ids, departure_airport AS code,
                      'flew_from' AS relation FROM flights
               UNION ALL SELECT icao24, id, source_ids, arrival_airport, 'flew_to' FROM flights
           ) WHERE code IS NOT NULL GROUP BY ALL ORDER BY ALL""",
    ):
        known = airport(code)
        key = f"airport:{code}"
        if key not in found.members and known is not None:
            reference = ("reference", f"airportsdata {code}", None, None, 1)
            stated = {
                "name": known.name,
                "city": known.city,
                "iata": known.iata,
                "latitude": known.lat,
                "longitude": known.lon,
                "country": known.country,
            }
            for prop, value in stated.items():
                found.say(key, prop, value, *reference)
            found.link(key, found.state(known.country), "located_in", *reference[:-2], 1)
        name, country = (known.name, known.country) if known else (code, None)
        found.add(Member(key, "airport", name, code, country, weight=count))
        found.say(key, "icao", code, "flights", first, source, None, count)
        found.link(f"aircraft:{icao24}", key, relation, "flights", first, source, count)


# Party columns of the ledger tables: (table, code, kind or NULL, name as written or NULL, where)
_PARTIES = (
    ("arms_deals", "supplier", "supplier_kind", "supplier_name", ""),
    ("arms_deals", "recipient", "recipient_kind", "recipient_name", ""),
    ("arms_deals", "unnest(financiers)", "NULL", "NULL", ""),
    ("arms_deals", "unnest(via)", "NULL", "NULL", ""),
    ("arms_events", "party", "party_kind", "party_name", ""),
    ("arms_events", "counterparty", "counterparty_kind", "counterparty_name", "counterparty"),
    ("arms_losses", "country", "NULL", "country_name", ""),
    ("arms_losses", "origin", "NULL", "origin_name", "origin"),
    ("arms_aid", "donor", "donor_kind", "donor_name", ""),
    ("arms_aid", "recipient", "recipient_kind", "recipient_name", ""),
)
# Systems: (table, name as written, category or NULL, where)
_SYSTEMS = (
    ("arms_deals", "designation", "category", ""),
    ("arms_events", "system_name", "category", ""),
    ("arms_losses", "system_name", "NULL", ""),
    ("arms_aid", "item", "category", "system_key"),
)
# The analyst's lifecycle events: giving ones (pledged … delivered) go from the party to the
# counterparty; for seen_in_use and lost the party holds the item and the counterparty is where
# it came from.
_GIVING = "event NOT IN ('seen_in_use', 'lost')"
_HOLDING = "event IN ('seen_in_use', 'lost')"
_COUNTERPARTY = "counterparty IS NOT NULL AND "
# Relations the ledger states, party → party or party → system:
# (table, source, target, relation, target is a system, where)
_RELATIONS = (
    ("arms_deals", "supplier", "recipient", "'supplies'", False, ""),
    ("arms_deals", "unnest(financiers)", "recipient", "'finances'", False, ""),
    ("arms_deals", "unnest(via)", "recipient", "'transits'", False, ""),
    ("arms_deals", "supplier", "system_key", "'supplies_system'", True, ""),
    ("arms_deals", "recipient", "system_key", "'receives_system'", True, ""),
    (
        "arms_events",
        "party",
        "counterparty",
        "CASE event WHEN 'financed' THEN 'finances' ELSE 'supplies' END",
        False,
        _COUNTERPARTY + _GIVING,
    ),
    (
        "arms_events",
        "party",
        "system_key",
        "'supplies_system'",
        True,
        _GIVING + " AND event <> 'financed'",
    ),
    (
        "arms_events",
        "counterparty",
        "system_key",
        "'receives_system'",
        True,
        _COUNTERPARTY + _GIVING,
    ),
    ("arms_events", "party", "system_key", "'uses_system'", True, _HOLDING),
    ("arms_events", "counterparty", "party", "'supplies'", False, _COUNTERPARTY + _HOLDING),
    ("arms_losses", "country", "system_key", "'uses_system'", True, ""),
    ("arms_losses", "origin", "system_key", "'makes_system'", True, "origin"),
    ("arms_aid", "donor", "recipient", "'supplies'", False, ""),
    ("arms_aid", "donor", "system_key", "'supplies_system'", True, "system_key"),
    ("arms_aid", "recipient", "system_key", "'receives_system'", True, "system_key"),
)


def _union(selects: Iterable[str]) -> str:
    return "\n UNION ALL ".join(selects)


def _where(condition: str) -> str:
    if condition and " " not in condition:  # a column: rows where it is stated
        return f" WHERE {condition} IS NOT NULL"
    return f" WHERE {condition}" if condition else ""


def _ledger(con: duckdb.DuckDBPyConnection, found: Candidates) -> None:
    parties = _union(
        f"SELECT {code} AS code, {kind} AS kind, {name} AS name, '{table}' AS record, id,"
        f" source_id, locator FROM {table}{_where(where)}"
        for table, code, kind, name, where in _PARTIES
    )
    for code, kind, name, record, first, locator, source, count in _rows(
        con,
        f"""SELECT code, kind, name, record, min(id), arg_min(locator, id), source_id, count(*)
            FROM ({parties}) GROUP BY ALL ORDER BY ALL""",
    ):
        member = found.party(code, kind, name)
        if member is None:
            continue
        found.members[member].weight += count
        provenance = (record, str(first), source, locator, count)
        if name is None:
            found.say(member, "code", code, *provenance)
        else:
            found.say(member, "name", name, *provenance)
        if kind is not None and kind not in _STATES:
            found.say(member, "kind", kind, *provenance)
    named = _union(
        f"SELECT system_key, system, {name} AS written, {category} AS category,"
        f" '{table}' AS record, id, source_id, locator FROM {table}{_where(where)}"
        for table, name, category, where in _SYSTEMS
    )
    for key, name, written, category, record, first, locator, source, count in _rows(
        con,
        f"""SELECT system_key, system, written, category, record, min(id), arg_min(locator, id),
                   source_id, count(*)
            FROM ({named}) GROUP BY ALL ORDER BY ALL""",
    ):
        member = found.system(key, name)
        found.members[member].weight += count
        provenance = (record, str(first), source, locator, count)
        found.say(member, "name", name, *provenance)
        if written and written != name:
            found.say(member, "alias", written, *provenance)
        found.say(member, "category", category, *provenance)
    relations = _union(
        f"SELECT {source} AS source, {target} AS target, {relation} AS relation,"
        f" {is_system} AS to_system, '{table}' AS record, id, source_id FROM {table}"
        f"{_where(where)}"
        for table, source, target, relation, is_system, where in _RELATIONS
    )
    for source, target, relation, to_system, record, first, source_id, count in _rows(
        con,
        f"""SELECT source, target, relation, to_system, record, min(id), source_id, count(*)
            FROM ({relations}) GROUP BY ALL ORDER BY ALL""",
    ):
        end = f"system:{target}" if to_system else found.party(target)
        found.link(found.party(source), end, relation, record, str(first), source_id, count)


def _actors(con: duckdb.DuckDBPyConnection, found: Candidates) -> None:
    """Actors who spoke in the case (the bundled list names many more)."""
    for actor_id, name, country, kind, aliases, count in _rows(
        con,
        """SELECT a.id, a.name, a.country, a.kind, a.aliases, count(*)
           FROM actors a JOIN statement_actors sa ON sa.actor_id = a.id
           GROUP BY ALL ORDER BY a.id""",
    ):
        key = f"actor:{actor_id}"
        member = Member(
            key,
            "person" if kind == "official" else "organization",
            name,
            slug(name) if rank(key) == NAMED else actor_id,
            country,
            set(aliases),
            count,
        )
        key = found.add(member)
        provenance = ("actors", actor_id, None, None, 1)
        found.say(key, "name", name, *provenance)
        for alias in aliases:
            found.say(key, "alias", alias, *provenance)
        found.say(key, "kind", kind, *provenance)
        if country:
            relation = "speaks_for" if kind in _VOICES else "based_in"
            found.say(key, "country", country, *provenance)
            found.link(key, found.state(country), relation, *provenance[:-2], 1)
    # the speaker as each source writes it
    for actor_id, written, first, source, locator, count in _rows(
        con,
        """SELECT sa.actor_id, s.actor, min(s.id), s.source_id, arg_min(s.locator, s.id),
                  count(*)
           FROM statements s JOIN statement_actors sa ON sa.statement_id = s.id
           GROUP BY ALL ORDER BY ALL""",
    ):
        found.say(
            f"actor:{actor_id}", "alias", written, "statements", str(first), source, locator, count
        )


def _documents(con: duckdb.DuckDBPyConnection, found: Candidates) -> None:
    capitals = metonyms()
    # one row per document entity and surface form, with its first mention
    surfaces: dict[tuple[int, str], list[tuple[str, int, str, int]]] = {}
    for source, entity_id, surface, start, locator, count in _rows(
        con,
        """SELECT e.source_id, e.entity_id,
                  substring(d.text, e.char_start + 1, e.char_end - e.char_start) AS surface,
                  min(e.char_start), arg_min(e.locator, e.char_start), count(*)
           FROM document_entities e JOIN documents d ON d.source_id = e.source_id
           GROUP BY ALL ORDER BY ALL""",
    ):
        surfaces.setdefault((source, entity_id), []).append((surface, start, locator, count))
    for source, entity_id, name, kind, count, start, locator in _rows(
        con,
        """SELECT source_id, entity_id, any_value(name), any_value(type), count(*),
                  min(char_start), arg_min(locator, char_start)
           FROM document_entities GROUP BY source_id, entity_id ORDER BY source_id, entity_id""",
    ):
        kind = _DOCUMENT_TYPES.get(kind)
        if kind is None:
            continue
        key = f"doc:{source}:{entity_id}"
        resolved = countries.resolve(name) if kind in ("country", "place") else None
        same = None
        if resolved is not None and resolved.kind in _STATES:
            kind, same = "country", found.state(resolved.code, name)  # "Denmark" read as a place
        elif kind == "system":
            same = found.system(systems.key(name), systems.canonical(name))
        country = capitals.get(name.casefold()) if kind == "place" else None
        forms = surfaces.get((source, entity_id), [])
        aliases = {surface for surface, *_ in forms} - {name}
        part = entity_id.split(":", 1)[-1]
        found.add(Member(key, kind, name, part, country, aliases, count))
        if same:
            found.same.append((key, same))
        found.say(
            key, "name", name, "document_entities", f"{source}:{start}", source, locator, count
        )
        for surface, first, where, times in forms:
            if surface in aliases:
                found.say(
                    key,
                    "alias",
                    surface,
                    "document_entities",
                    f"{source}:{first}",
                    source,
                    where,
                    times,
                )
        found.link(f"document:{source}", key, "mentions", "documents", str(source), source, count)
        if country:
            found.link(
                key,
                found.state(country),
                "capital_of",
                "reference",
                f"metonyms.csv {name}",
                None,
                1,
            )
    _airports_serve_places(found)


def _airports_serve_places(found: Candidates) -> None:
    """An airport serves the place a document names when that place is the airport's city."""
    places: dict[str, list[str]] = {}
    for member in found.members.values():
        if member.type == "place":
            places.setdefault(fold(member.name), []).append(member.key)
    for member in list(found.members.values()):
        known = airport(member.id_part) if member.type == "airport" else None
        if known is None:
            continue
        for place in places.get(fold(known.city), []):
            found.link(
                member.key, place, "serves", "reference", f"airportsdata {known.icao}", None, 1
            )


# Evidence rows → what they are about: (finding, member key or NULL, party code or NULL)
_INVOLVED = """
SELECT finding_id, member, party, count(*) FROM (
    SELECT fe.finding_id, 'aircraft:' || f.icao24 AS member, NULL AS party
    FROM finding_evidence fe JOIN flights f ON fe.record = 'flights' AND f.id = fe.record_id
    UNION ALL SELECT fe.finding_id, 'airport:' || unnest([f.departure_airport,
                     f.arrival_airport]), NULL
    FROM finding_evidence fe JOIN flights f ON fe.record = 'flights' AND f.id = fe.record_id
    UNION ALL SELECT fe.finding_id, 'actor:' || sa.actor_id, NULL
    FROM finding_evidence fe JOIN statement_actors sa
        ON fe.record = 'statements' AND sa.statement_id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, NULL, unnest([d.supplier, d.recipient])
    FROM finding_evidence fe JOIN arms_deals d
        ON fe.record = 'arms_deals' AND d.id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, 'system:' || d.system_key, NULL
    FROM finding_evidence fe JOIN arms_deals d
        ON fe.record = 'arms_deals' AND d.id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, NULL, unnest([e.party, e.counterparty])
    FROM finding_evidence fe JOIN arms_events e
        ON fe.record = 'arms_events' AND e.id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, 'system:' || e.system_key, NULL
    FROM finding_evidence fe JOIN arms_events e
        ON fe.record = 'arms_events' AND e.id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, NULL, unnest([l.country, l.origin])
    FROM finding_evidence fe JOIN arms_losses l
        ON fe.record = 'arms_losses' AND l.id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, 'system:' || l.system_key, NULL
    FROM finding_evidence fe JOIN arms_losses l
        ON fe.record = 'arms_losses' AND l.id = TRY_CAST(fe.record_id AS BIGINT)
    UNION ALL SELECT fe.finding_id, 'doc:' || c.source_id || ':' || unnest(c.entities), NULL
    FROM finding_evidence fe JOIN document_claims c
        ON fe.record = 'document_claims'
        AND c.source_id = TRY_CAST(split_part(fe.record_id, ':', 1) AS INTEGER)
        AND c.char_start = TRY_CAST(split_part(fe.record_id, ':', 2) AS INTEGER)
) WHERE member IS NOT NULL OR party IS NOT NULL
GROUP BY ALL ORDER BY ALL
"""


def _findings(con: duckdb.DuckDBPyConnection, found: Candidates) -> None:
    for finding, member, party, count in _rows(con, _INVOLVED):
        target = found.party(party) if party is not None else member
        if target in found.members:
            found.link(f"finding:{finding}", target, "involves", "findings", finding, None, count)
