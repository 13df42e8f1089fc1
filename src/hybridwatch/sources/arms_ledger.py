"""The analyst's own arms ledger, CSV or YAML, to `arms_events`: one lifecycle event per row.

Columns (CSV header) or keys (YAML mappings): `event` (pledged, ordered, financed, produced,
shipped, delivered, seen_in_use, lost; "seen in use" is accepted), `party`, `counterparty`,
`system`, `quantity`, `date`, `precision` (day, month, year, approximate; inferred from the
date's form when absent: "2024-03-15", "2024-03", "2024", "mid-2024"), `source`, `url`, `note`.
`event`, `party`, `system` and `date` are required. `party` gives and `counterparty` receives
(donor, supplier, financier, producer, shipper → recipient); for seen_in_use and lost, `party`
holds the item and `counterparty` is where it came from.

YAML: a list of mappings, or a mapping whose `events` key holds that list. Values are read as
written (a date stays "2024-03", never a YAML date). A row with a bad value is rejected with its
line; a column or key that is not one of the above spoils the file (CSV) or its row (YAML), so
that a misspelt `quantitiy` cannot silently drop a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from hybridwatch.arms import countries, dates, systems
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.base import Chunk, ChunkBuilder, CsvWithHeader, Reader, Rejection, register

EVENTS = pa.schema(
    [
        ("event", pa.string()),
        ("party", pa.string()),
        ("party_kind", pa.string()),
        ("party_name", pa.string()),
        ("counterparty", pa.string()),
        ("counterparty_kind", pa.string()),
        ("counterparty_name", pa.string()),
        ("system", pa.string()),
        ("system_key", pa.string()),
        ("system_name", pa.string()),
        ("category", pa.string()),
        ("quantity", pa.int32()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("citation", pa.string()),
        ("url", pa.string()),
        ("note", pa.string()),
        ("locator", pa.string()),
    ]
)
# An analyst's compilation of other sources: grade it (`--grade`) once its sources are known.
LEDGER_GRADE = Grade("C", 3)

EVENT_NAMES = (
    "pledged",
    "ordered",
    "financed",
    "produced",
    "shipped",
    "delivered",
    "seen_in_use",
    "lost",
)
COLUMNS = (
    "event",
    "party",
    "counterparty",
    "system",
    "quantity",
    "date",
    "precision",
    "source",
    "url",
    "note",
)
REQUIRED = ("event", "party", "system", "date")
_QUANTITY = re.compile(r"\d{1,7}")


def _event_row(rows: ChunkBuilder, where: str, values: dict[str, str | None]) -> str | None:
    """Add one event; the reason it cannot be added otherwise."""

    def text(name: str) -> str:
        return " ".join((values.get(name) or "").split())

    missing = [name for name in REQUIRED if not text(name)]
    if missing:
        return f"no {', '.join(missing)}"
    event = re.sub(r"[\s-]+", "_", text("event").casefold())
    if event not in EVENT_NAMES:
        return f"event {text('event')!r} is not one of {', '.join(EVENT_NAMES)}"
    quantity = None
    if text("quantity"):
        if not _QUANTITY.fullmatch(text("quantity")):
            return f"quantity {text('quantity')!r} is not a whole number"
        quantity = int(text("quantity"))
    try:
        when = dates.with_precision(dates.parse_date(text("date")), text("precision") or None)
    except ValueError as exc:
        return str(exc)
    party = countries.party(text("party"))
    counterparty = countries.party(text("counterparty")) if text("counterparty") else None
    system = systems.canonical(text("system"))
    rows.add(
        event,
        party.code,
        party.kind,
        text("party"),
        counterparty.code if counterparty else None,
        counterparty.kind if counterparty else None,
        text("counterparty") or None,
        system,
        systems.fold(system),
        text("system"),
        systems.category_of_system(system),
        quantity,
        when.date,
        when.precision,
        when.text,
        text("source") or None,
        text("url") or None,
        text("note") or None,
        where,
    )
    return None


@register
class LedgerCsvReader(Reader):
    """The analyst's ledger as CSV with a header row (UTF-8)."""

    kind = "transfers"
    format = "ledger-csv"
    table = "arms_events"
    schema = EVENTS
    default_grade = LEDGER_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
        try:
            fields = next(csv.reader(io.StringIO(first)), [])
        except csv.Error:  # binary content (a workbook, an archive) is no CSV ledger
            return False
        return {"event", "party", "system"} <= {name.strip().casefold() for name in fields}

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = ChunkBuilder(EVENTS)
        with path.open("rb") as raw:
            table = CsvWithHeader(path, raw, REQUIRED)
            unknown = [name for name in table.header if name and name not in COLUMNS]
            if unknown:
                raise InputError(
                    path,
                    f"unknown column(s) {', '.join(unknown)}; known: {', '.join(COLUMNS)}",
                    "line 1",
                )
            for where, fields in table.rows():
                if isinstance(fields, Rejection):
                    rows.reject(fields.where, fields.reason)
                    continue
                values: dict[str, str | None] = dict(zip(table.header, fields, strict=True))
                problem = _event_row(rows, where, values)
                if problem:
                    rows.reject(where, problem)
                if rows.full:
                    yield rows.take(raw.tell())
            yield rows.take(raw.tell())


_YAML_EVENT = re.compile(rb"^\s*(?:-\s*)?event\s*:", re.MULTILINE)


@register
class LedgerYamlReader(Reader):
    """The analyst's ledger as YAML: a list of events, or `events:` holding one."""

    kind = "transfers"
    format = "ledger-yaml"
    table = "arms_events"
    schema = EVENTS
    default_grade = LEDGER_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in (".yaml", ".yml") or bool(_YAML_EVENT.search(head))

    def read(self, path: Path) -> Iterator[Chunk]:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not UTF-8 text ({exc.reason})") from exc
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise InputError(path, f"not valid YAML ({problem})", where) from exc
        items = self._items(path, root)
        rows = ChunkBuilder(EVENTS)
        for node in items:
            where = f"line {node.start_mark.line + 1}"
            values, problem = self._values(node)
            if problem is None:
                problem = _event_row(rows, where, values)
            if problem:
                rows.reject(where, problem)
        yield rows.take(len(data))

    @staticmethod
    def _items(path: Path, root: Any) -> list[Any]:
        if isinstance(root, yaml.MappingNode):
            for key, value in root.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "events":
                    root = value
                    break
        if not isinstance(root, yaml.SequenceNode):
            raise InputError(path, "expected a list of events, or `events:` holding one")
        return list(root.value)

    @staticmethod
    def _values(node: Any) -> tuple[dict[str, str | None], str | None]:
        """A YAML event's values as written, or why it is not an event."""
        if not isinstance(node, yaml.MappingNode):
            return {}, "an event must be a mapping of event, party, system, date, …"
        values: dict[str, str | None] = {}
        for key, value in node.value:
            name = str(key.value).strip().casefold() if isinstance(key, yaml.ScalarNode) else ""
            if name not in COLUMNS:
                return {}, f"unknown key {key.value!r}; known: {', '.join(COLUMNS)}"
            if not isinstance(value, yaml.ScalarNode):
                return {}, f"{name} must be a single value"
            is_null = value.tag == "tag:yaml.org,2002:null"
            values[name] = None if is_null else str(value.value)
        return values, None
