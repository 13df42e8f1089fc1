"""The evidence graph as FollowTheMoney (FtM 4) entities, written by our own code: no
followthemoney import at run time (the tests validate the output with it).

The mapping (why each: docs/evidence.md, "Exports"):

- country → `PublicBody` (classification "State", `jurisdiction`, `country`): FtM has no
  State, and only a LegalEntity can be a party to `Representation` or operate an aircraft;
- organization → `PublicBody` for governments, state media and international organisations,
  else `Organization`; person → `Person`;
- aircraft → `Airplane` (`registrationNumber`, `icaoCode` = ICAO type designator, `model`,
  `country` of registration, `operator`); airport and place → `Address`; system → `Asset`;
- document → `Document`; finding → `Note` (`entity`: what it involves);
- speaks_for → `Representation`; mentions → `Documentation`; operated_by, registered_in,
  located_in and based_in → the `operator` or `country` property; every other relation →
  `UnknownLink` with the relation as `role`.

Ids are our ids made safe for FtM (`hw-country-az`). `write_statements` writes the same
entities as FtM statements (JSON lines, `followthemoney.statement` format), one per value and
stored row, with the row in `origin` and its source's ingestion time as `first_seen`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import pycountry

from hybridwatch.case import Case

_PUBLIC_KINDS = {"government", "state media", "international_organisation"}
_LEGAL = {"country", "organization", "person"}  # FtM LegalEntity: may represent, operate
_SCHEMATA = {
    "country": "PublicBody",
    "organization": "Organization",
    "person": "Person",
    "aircraft": "Airplane",
    "airport": "Address",
    "place": "Address",
    "system": "Asset",
}
# our statement property → FtM property, per entity type (name and alias are for all)
_PROPS: dict[str, dict[str, str]] = {
    "country": {"code": "country"},
    "organization": {"kind": "classification", "country": "country"},
    "person": {"kind": "classification", "country": "country"},
    "aircraft": {
        "registration": "registrationNumber",
        "typecode": "icaoCode",
        "model": "model",
        "country": "country",
        "military": "keywords",
    },
    "airport": {
        "icao": "alias",
        "iata": "alias",
        "city": "city",
        "country": "country",
        "latitude": "latitude",
        "longitude": "longitude",
    },
    "place": {},
    "system": {"category": "keywords"},
}
_COUNTRY_PROPS = {"country", "jurisdiction"}
# relations stated as a property of the source entity: (property, what the target gives)
_AS_PROPERTY = {
    "operated_by": ("operator", "id"),
    "registered_in": ("country", "country"),
    "located_in": ("country", "country"),
    "based_in": ("country", "country"),
}
# codes beyond current ISO 3166-1 as FtM's country type spells them: former States (ISO
# 3166-3) and Kosovo's user-assigned code
_BEYOND_ISO = {"SU": "suhh", "CS": "cshh", "YU": "yucs", "DD": "dd", "XK": "xk"}
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Origin:
    """The stored row a value comes from."""

    record: str
    record_id: str | None
    source_id: int | None
    locator: str | None = None
    seen: datetime | None = None  # when its source was ingested

    def text(self) -> str:
        where = f"{self.record}:{self.record_id}" if self.record_id else self.record
        more = [f"source {self.source_id}"] if self.source_id is not None else []
        more += [self.locator] if self.locator else []
        return f"{where} ({', '.join(more)})" if more else where


@dataclass
class FtmEntity:
    id: str
    schema: str
    values: dict[str, dict[str, list[Origin]]] = field(default_factory=dict)

    def add(self, prop: str, value: object, origin: Origin | None = None) -> None:
        if value is None or value == "":
            return
        origins = self.values.setdefault(prop, {}).setdefault(str(value), [])
        if origin is not None and all(o.text() != origin.text() for o in origins):
            origins.append(origin)  # one row stating a value twice (a flight's country) is one

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "schema": self.schema,
            "properties": {prop: list(values) for prop, values in self.values.items()},
        }


class _Ids:
    """Our ids made FtM-safe (letters, digits, dashes, dots), readable and unique: a clash
    after folding gets a hash of the original."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._taken: set[str] = set()

    def __call__(self, ours: str) -> str:
        if ours not in self._ids:
            made = "hw-" + (re.sub(r"[^a-z0-9]+", "-", ours.lower()).strip("-") or "x")
            if made in self._taken:
                made += "-" + hashlib.sha1(ours.encode()).hexdigest()[:10]
            self._taken.add(made)
            self._ids[ours] = made
        return self._ids[ours]


def _country(code: str | None) -> str | None:
    """An FtM country value: a current ISO 3166 alpha-2 code in lower case, or FtM's code for
    a former State or Kosovo; None for the others (South Yemen, Biafra …)."""
    if not code:
        return None
    if code in _BEYOND_ISO:
        return _BEYOND_ISO[code]
    return code.lower() if pycountry.countries.get(alpha_2=code) is not None else None


def _language(code: str | None) -> str | None:
    found = pycountry.languages.get(alpha_2=code) if code and len(code) == 2 else None
    return str(found.alpha_3) if found is not None else None


def _rows(case: Case, sql: str) -> list[tuple[Any, ...]]:
    return case.con.execute(sql).fetchall()


def entities(case: Case) -> list[FtmEntity]:
    """Every entity, document, finding and relation as FtM entities, in a stable order."""
    ids = _Ids()
    seen = {sid: when for sid, when in _rows(case, "SELECT id, ingested_at FROM sources")}
    said: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for eid, *rest in _rows(
        case,
        """SELECT entity_id, prop, value, record, record_id, source_id, locator
           FROM entity_statements ORDER BY ALL""",
    ):
        said[eid].append(tuple(rest))
    out: dict[str, FtmEntity] = {}
    types: dict[str, str] = {}
    codes: dict[str, str | None] = {}
    for eid, kind, name, country, aliases in _rows(
        case, "SELECT id, type, name, country, aliases FROM entities ORDER BY id"
    ):
        types[eid], codes[eid] = kind, _country(country)
        out[eid] = _entity(ids(eid), kind, name, country, aliases, said[eid], seen)
    for sid, title, author, language, published, path in _rows(
        case,
        """SELECT d.source_id, d.title, d.author, d.language, d.published, s.path
           FROM documents d JOIN sources s ON s.id = d.source_id ORDER BY d.source_id""",
    ):
        doc = out[f"document:{sid}"] = FtmEntity(ids(f"document:{sid}"), "Document")
        origin = Origin("documents", str(sid), sid, "document", seen.get(sid))
        doc.add("fileName", Path(path).name, origin)
        doc.add("title", title, origin)
        doc.add("author", author, origin)
        doc.add("language", _language(language), origin)
        if published and _ISO_DATE.fullmatch(published):
            doc.add("publishedAt", published, origin)
    for fid, kind, title, summary in _rows(
        case, "SELECT id, kind, title, summary FROM findings ORDER BY id"
    ):
        note = out[f"finding:{fid}"] = FtmEntity(ids(f"finding:{fid}"), "Note")
        origin = Origin("findings", fid, None)
        note.add("name", title, origin)
        note.add("description", summary, origin)
        note.add("keywords", kind, origin)
    links: dict[tuple[str, str, str], list[Origin]] = defaultdict(list)
    weights: dict[tuple[str, str, str], int] = defaultdict(int)
    for source, target, relation, record, rid, sid, weight in _rows(
        case,
        """SELECT source, target, relation, record, record_id, source_id, weight
           FROM entity_links ORDER BY ALL""",
    ):
        if source in out and target in out:
            links[(source, relation, target)].append(Origin(record, rid, sid, None, seen.get(sid)))
            weights[(source, relation, target)] += weight
    relations = []
    for (source, relation, target), origins in links.items():
        weight = weights[(source, relation, target)]
        made = _link(out, ids, types, codes, source, relation, target, origins, weight)
        if made is not None:
            relations.append(made)
    return [*out.values(), *relations]


def _entity(
    fid: str,
    kind: str,
    name: str,
    country: str | None,
    aliases: list[str],
    said: list[tuple[Any, ...]],
    seen: dict[int, datetime],
) -> FtmEntity:
    props = _PROPS[kind]
    public = kind == "organization" and any(
        prop == "kind" and value in _PUBLIC_KINDS for prop, value, *_ in said
    )
    made = FtmEntity(fid, "PublicBody" if public else _SCHEMATA[kind])
    made.add("name", name)
    for alias in aliases:
        made.add("alias", alias)
    if kind == "country":
        made.add("classification", "State")
        made.add("jurisdiction", _country(country))
    if kind in ("country", "place"):
        made.add("country", _country(country))
    for prop, value, record, rid, sid, locator in said:
        origin = Origin(record, rid, sid, locator, seen.get(sid))
        if prop in ("name", "alias"):
            made.add("name" if value == name else "alias", value, origin)
        elif prop == "icao24":
            made.add("description", f"ICAO 24-bit address {value}", origin)
        elif prop in props:
            target = props[prop]
            if prop == "military":
                value = "military" if value == "true" else None
            elif target in _COUNTRY_PROPS:
                value = _country(value)
            made.add(target, value, origin)
    return made


def _link(
    out: dict[str, FtmEntity],
    ids: _Ids,
    types: dict[str, str],
    codes: dict[str, str | None],
    source: str,
    relation: str,
    target: str,
    origins: list[Origin],
    weight: int,
) -> FtmEntity | None:
    """A relation as a property of its source (returns None) or as an interest entity."""
    legal_ends = types.get(source) in _LEGAL and types.get(target) in _LEGAL
    if relation in _AS_PROPERTY and (relation != "operated_by" or types.get(target) in _LEGAL):
        prop, gives = _AS_PROPERTY[relation]
        value = out[target].id if gives == "id" else codes.get(target)
        for origin in origins:
            out[source].add(prop, value, origin)
        return None
    if relation == "involves":
        for origin in origins:
            out[source].add("entity", out[target].id, origin)
        return None
    digest = hashlib.sha1(f"{source}|{relation}|{target}".encode()).hexdigest()[:20]
    if relation == "mentions":
        made = FtmEntity(ids(f"link:{digest}"), "Documentation")
        ends = ("document", "entity")
    elif relation == "speaks_for" and legal_ends:
        made = FtmEntity(ids(f"link:{digest}"), "Representation")
        ends = ("agent", "client")
    else:
        made = FtmEntity(ids(f"link:{digest}"), "UnknownLink")
        ends = ("subject", "object")
    made.add(ends[0], out[source].id)
    made.add(ends[1], out[target].id)
    made.add("role", relation.replace("_", " "))
    made.add("summary", f"{weight} row{'s' if weight != 1 else ''} state it")
    for origin in origins:
        made.add("recordId", origin.text(), origin)
    return made


def write_entities(case: Case, out: TextIO) -> int:
    """FtM entities as JSON lines; how many."""
    found = entities(case)
    for made in found:
        out.write(json.dumps(made.as_json(), ensure_ascii=False, sort_keys=True) + "\n")
    return len(found)


def _statements(made: FtmEntity, dataset: str) -> Iterator[dict[str, Any]]:
    yield _statement(made, "id", made.id, dataset, None)
    for prop, values in made.values.items():
        for value, origins in values.items():
            for origin in origins if origins else (None,):
                yield _statement(made, prop, value, dataset, origin)


def _statement(
    made: FtmEntity, prop: str, value: str, dataset: str, origin: Origin | None
) -> dict[str, Any]:
    where = origin.text() if origin else "hybridwatch"
    seen = origin.seen.isoformat(timespec="seconds") if origin and origin.seen else None
    key = f"{dataset}.{made.id}.{prop}.{value}.{where}"
    return {
        "canonical_id": made.id,
        "entity_id": made.id,
        "prop": prop,
        "schema": made.schema,
        "value": value,
        "dataset": dataset,
        "lang": None,
        "original_value": None,
        "first_seen": seen,
        "last_seen": seen,
        "external": False,
        "origin": where,
        "id": hashlib.sha1(key.encode()).hexdigest(),
    }


def write_statements(case: Case, out: TextIO) -> int:
    """The same entities as FtM statements (JSON lines), one per value and stored row; how
    many."""
    dataset = "hybridwatch_" + (re.sub(r"[^a-z0-9]+", "_", case.name.lower()).strip("_") or "case")
    count = 0
    for made in entities(case):
        for statement in _statements(made, dataset):
            out.write(json.dumps(statement, ensure_ascii=False) + "\n")
            count += 1
    return count
