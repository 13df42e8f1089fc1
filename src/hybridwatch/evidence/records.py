"""Stored records as a reader sees them: what a finding's or a verdict's evidence points at.

An evidence reference is `(record, record_id)`: the table and the row's id there. `describe`
turns references into `Record`s — a one-line label, a date, the sources (and locator) the row
came from — so the CLI, the claims check and the report show the same thing for the same row.
Document claims have no id column: theirs is `<document id>:<char start>`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hybridwatch.case import Case


@dataclass(frozen=True)
class Record:
    record: str
    id: str
    label: str
    when: datetime | date | None
    source_ids: tuple[int, ...]
    locator: str | None = None
    text: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        """The id of this record's entry in the report (letters, digits and dashes only)."""
        safe = "".join(c if c.isalnum() else "-" for c in self.id)
        return f"rec-{self.record}-{safe}"

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "id": self.id,
            "label": self.label,
            "date": None if self.when is None else self.when.isoformat(),
            "source_ids": list(self.source_ids),
            "locator": self.locator,
            "text": self.text,
            "url": self.url,
        }


def _flights(case: Case, ids: list[str]) -> list[Record]:
    rows = case.con.execute(
        """SELECT id, coalesce(registration, icao24), typecode, departure_airport,
                  arrival_airport, first_seen, source_ids
           FROM flights WHERE id IN (SELECT unnest(?))""",
        [ids],
    ).fetchall()
    return [
        Record(
            "flights",
            fid,
            f"{who}{' ' + typecode if typecode else ''} {dep or '?'}→{arr or '?'}"
            f" {first:%Y-%m-%d %H:%M}Z",
            first,
            tuple(sources or ()),
        )
        for fid, who, typecode, dep, arr, first, sources in rows
    ]


def _statements(case: Case, ids: list[str]) -> list[Record]:
    rows = case.con.execute(
        """SELECT s.id, coalesce(a.name, s.actor), s.published, s.text, s.url, s.language,
                  s.source_id, s.locator
           FROM statements s
           LEFT JOIN statement_actors sa ON sa.statement_id = s.id
           LEFT JOIN actors a ON a.id = sa.actor_id
           WHERE s.id IN (SELECT unnest(?)::BIGINT)""",
        [ids],
    ).fetchall()
    return [
        Record(
            "statements",
            str(sid),
            f"{actor}, {published:%Y-%m-%d}",
            published,
            (source,),
            locator,
            text,
            url,
            {"language": language, "actor": actor},
        )
        for sid, actor, published, text, url, language, source, locator in rows
    ]


def _deals(case: Case, ids: list[str]) -> list[Record]:
    rows = case.con.execute(
        """SELECT id, supplier_name, recipient_name, ordered, system, order_year, delivered,
                  source_id, locator, comments
           FROM arms_deals WHERE id IN (SELECT unnest(?)::BIGINT)""",
        [ids],
    ).fetchall()
    out = []
    for did, supplier, recipient, ordered, system, year, delivered, source, loc, note in rows:
        count = "?" if ordered is None else str(ordered)
        done = "" if delivered is None else f", {delivered} delivered"
        label = f"{supplier} → {recipient}: {count} {system} ordered {year or '?'}{done}"
        when = date(year, 1, 1) if year else None
        out.append(Record("arms_deals", str(did), label, when, (source,), loc, note))
    return out


def _events(case: Case, ids: list[str]) -> list[Record]:
    rows = case.con.execute(
        """SELECT id, event, party_name, counterparty_name, quantity, system, date, date_text,
                  source_id, locator, citation, url, note
           FROM arms_events WHERE id IN (SELECT unnest(?)::BIGINT)""",
        [ids],
    ).fetchall()
    out = []
    for eid, event, party, other, qty, system, day, day_text, source, loc, cite, url, note in rows:
        to = f" → {other}" if other else ""
        count = f"{qty} " if qty is not None else ""
        label = f"{event}: {party}{to}, {count}{system} ({day_text})"
        text = " — ".join(part for part in (note, cite) if part) or None
        out.append(Record("arms_events", str(eid), label, day, (source,), loc, text, url))
    return out


def _losses(case: Case, ids: list[str]) -> list[Record]:
    rows = case.con.execute(
        """SELECT id, country_name, system_name, status, date_recorded, source_id, locator, url
           FROM arms_losses WHERE id IN (SELECT unnest(?)::BIGINT)""",
        [ids],
    ).fetchall()
    return [
        Record(
            "arms_losses",
            str(lid),
            f"{country} lost {system} ({status})",
            day,
            (src,),
            loc,
            url=url,
        )
        for lid, country, system, status, day, src, loc, url in rows
    ]


def _claims(case: Case, ids: list[str]) -> list[Record]:
    keys = [tuple(int(part) for part in i.split(":", 1)) for i in ids if ":" in i]
    if not keys:
        return []
    rows = case.con.execute(
        """SELECT c.source_id, c.char_start, c.text, c.locator, d.title
           FROM document_claims c JOIN documents d ON d.source_id = c.source_id
           WHERE (c.source_id, c.char_start) IN (SELECT (s, p) FROM
                 (SELECT unnest(?) AS s, unnest(?) AS p))""",
        [[k[0] for k in keys], [k[1] for k in keys]],
    ).fetchall()
    return [
        Record(
            "document_claims",
            f"{src}:{start}",
            f"{title or 'document ' + str(src)}",
            None,
            (src,),
            loc,
            text,
        )
        for src, start, text, loc, title in rows
    ]


def _findings(case: Case, ids: list[str]) -> list[Record]:
    rows = case.con.execute(
        "SELECT id, title, first_seen, summary FROM findings WHERE id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    return [
        Record("findings", fid, title, first, (), None, summary)
        for fid, title, first, summary in rows
    ]


_READERS = {
    "flights": _flights,
    "statements": _statements,
    "arms_deals": _deals,
    "arms_events": _events,
    "arms_losses": _losses,
    "document_claims": _claims,
    "findings": _findings,
}


def describe(case: Case, refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Record]:
    """The records behind `refs`, keyed by `(record, id)`; a reference to a table this module
    does not know, or to a row that is gone, is left out (the caller shows it as missing)."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for record, rid in refs:
        wanted[record].append(rid)
    found: dict[tuple[str, str], Record] = {}
    for record, ids in wanted.items():
        reader = _READERS.get(record)
        if reader is None:
            continue
        for row in reader(case, sorted(set(ids))):
            found.setdefault((row.record, row.id), row)
    return found
