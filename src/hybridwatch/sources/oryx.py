"""Oryx's visually confirmed equipment losses in the Russia–Ukraine war, to `arms_losses`.

The event files (`oryx-event_destroyed.csv`, `_damaged`, `_captured`, `_abandoned`) have one
row per lost item: `country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID`.
`country` is whose loss it is and `origin` where the item was made, so a Ukrainian loss of a
Slovak-made Zuzana 2 proves that at least one Zuzana 2 reached Ukraine. `system` starts with
Oryx's number for the item within its list ("3 155mm ShKH Zuzana 2"), kept apart in `item`.

`oryx-totals_by_type.csv` is refused with a one-line error: it is a summary of the same events
by equipment type (counts per status, not items), with neither origin nor system, so it proves
no delivery, and storing it beside the events would count every loss twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa

from hybridwatch.arms import countries, systems
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.base import Chunk, ChunkBuilder, CsvWithHeader, Reader, Rejection, register

LOSSES = pa.schema(
    [
        ("country", pa.string()),
        ("country_name", pa.string()),
        ("origin", pa.string()),
        ("origin_name", pa.string()),
        ("system", pa.string()),
        ("system_key", pa.string()),
        ("system_name", pa.string()),
        ("item", pa.int32()),
        ("status", pa.string()),
        ("url", pa.string()),
        ("date_recorded", pa.date32()),
        ("oryx_sys_id", pa.int32()),
        ("oryx_image_id", pa.int32()),
        ("oryx_status_id", pa.int32()),
        ("oryx_mat_id", pa.string()),
        ("locator", pa.string()),
    ]
)
# Every entry is backed by a photograph or video that anyone can check.
ORYX_GRADE = Grade("B", 2)

REQUIRED = ("country", "origin", "system", "status", "url", "date_recorded")
STATUSES = ("destroyed", "damaged", "abandoned", "captured")
TOTALS_HEADER = b"country,equipment_type"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ID = re.compile(r"\d{1,9}")


def _header(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip().lower()


@register
class OryxReader(Reader):
    """Oryx loss events (one row per item lost); refuses the totals-by-type summary."""

    kind = "transfers"
    format = "oryx"
    table = "arms_losses"
    schema = LOSSES
    default_grade = ORYX_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        header = _header(head)
        return header.startswith(b"country,origin,system,status") or header.startswith(
            TOTALS_HEADER
        )

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = ChunkBuilder(LOSSES)
        with path.open("rb") as raw:
            if _header(raw.read(4096)).startswith(TOTALS_HEADER):
                raise InputError(
                    path,
                    "this is Oryx's totals by type, a summary of the event files (counts, no"
                    " origin or system): ingest the oryx-event_*.csv files instead",
                    "line 1",
                )
            raw.seek(0)
            table = CsvWithHeader(path, raw, REQUIRED)
            for where, fields in table.rows():
                if isinstance(fields, Rejection):
                    rows.reject(fields.where, fields.reason)
                    continue
                values = dict(zip(table.header, fields, strict=True))
                problem = self._add(rows, where, values)
                if problem:
                    rows.reject(where, problem)
                if rows.full:
                    yield rows.take(raw.tell())
            yield rows.take(raw.tell())

    @staticmethod
    def _add(rows: ChunkBuilder, where: str, values: dict[str, str]) -> str | None:
        country_text = values["country"].strip()
        country = countries.resolve(country_text)
        if country is None or not country.is_country:
            return f"country {country_text!r} (whose loss) is not a known country"
        status = values["status"].strip().casefold()
        if status not in STATUSES:
            return f"status {values['status']!r} is not one of {', '.join(STATUSES)}"
        written = " ".join(values["system"].split())
        if not written:
            return "no system"
        recorded = None
        if text := values["date_recorded"].strip():
            found = _DATE.fullmatch(text)
            try:
                recorded = date(*map(int, found.groups())) if found else None
            except ValueError:
                recorded = None
            if recorded is None:
                return f"date_recorded {text!r} is not a YYYY-MM-DD date"
        ids: list[int | None] = []
        for name in ("sysid", "imageid", "statusid"):
            value = values.get(name, "").strip()
            if value and not _ID.fullmatch(value):
                return f"{name} {value!r} is not a number"
            ids.append(int(value) if value else None)
        origin_text = values["origin"].strip()
        origin = countries.resolve(origin_text)  # unresolved ("People") stays NULL, name kept
        item, name = systems.oryx_item(written)
        system = systems.canonical(name)
        rows.add(
            country.code,
            country_text,
            origin.code if origin is not None else None,
            origin_text,
            system,
            systems.fold(system),
            written,
            item,
            status,
            values["url"].strip() or None,
            recorded,
            *ids,
            values.get("matid", "").strip() or None,
            where,
        )
        return None
