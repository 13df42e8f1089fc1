"""`hybridwatch arms …`: the arms ledger (`ingest transfers`) and how far promises were kept."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from hybridwatch.arms import query
from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe

app = typer.Typer(
    help="The arms ledger: deals, pledges, deliveries and losses (`ingest transfers FILE...`).",
    no_args_is_help=True,
)

RecipientOption = Annotated[
    str | None,
    typer.Option(help="Only this recipient: ISO code or name (UA, Ukraine, Turkiye, NATO)."),
]


def _number(value: Any, uncertain: bool = False) -> str:
    text = "" if value is None else str(value)
    return f"{text}?" if uncertain and text else text


def _routing(financiers: list[str], via: list[str]) -> str:
    parts = []
    if financiers:
        parts.append("financed by " + ", ".join(financiers))
    if via:
        parts.append("via " + ", ".join(via))
    return safe("; ".join(parts))


@app.command("ledger")
def ledger_command(
    recipient: RecipientOption = None,
    supplier: Annotated[
        str | None, typer.Option(help="Only this supplier: ISO code or name.")
    ] = None,
    system: Annotated[
        str | None,
        typer.Option(help="Only this weapon system: canonical name or alias (Zuzana-2, DITA)."),
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """List deals: parties, financiers, routing, system, ordered and delivered, with provenance."""
    with opened_case(case) as opened:
        deals = query.ledger(opened, recipient=recipient, supplier=supplier, system=system)
    if json:
        print_json(deals)
        return
    if not deals:
        out.print("no deals match (`hybridwatch ingest transfers FILE...` adds them)")
        return
    table = Table("id", "supplier → recipient", "system", "ordered", "delivered")
    table.add_column("financed by / via")
    table.add_column("source: locator")
    for deal in deals:
        flags = set(deal["uncertain"])
        ordered = _number(deal["ordered"], "ordered" in flags) or "not stated"
        year = _number(deal["order_year"], "order_year" in flags)
        years = ", ".join(map(str, deal["delivery_years"]))
        table.add_row(
            str(deal["id"]),
            f"{safe(deal['supplier'])} → {safe(deal['recipient'])}",
            f"{safe(deal['system'])} [dim]({safe(deal['category'])})[/]",
            f"{ordered} in {year}" if year else ordered,
            _number(deal["delivered"], "delivered" in flags) + (f" in {years}" if years else ""),
            _routing(deal["financiers"], deal["via"]),
            f"{deal['source_id']}: {safe(deal['locator'])}",
        )
    out.print(table)
    merged = sum(1 for deal in deals if deal["fragments"])
    note = f" ({merged} put back together from broken lines)" if merged else ""
    out.print(f"{len(deals):,} deal{'s' if len(deals) != 1 else ''}{note}; '?' = uncertain")


def _amount(value: Any, unit: str) -> str:
    """A count as it is; money with thousands separators and its currency."""
    if value is None or unit == query.UNITS:
        return _number(value)
    return f"{value:,.0f} {safe(unit)}"


def _lags(row: dict[str, Any]) -> str:
    if row["basis"] == "aid":
        return ""  # the tracker dates announcements, not deliveries
    if row["basis"] == "ledger":
        lag = row["lag_years"]
        return f"{lag} y" if isinstance(lag, float) else safe(lag)
    parts = []
    for deal in row["deals"]:
        lag = deal["lag_years"]
        shown = f"{lag} y" if isinstance(lag, int) else ("?" if lag is None else lag)
        parts.append(f"{deal['order_year'] or '?'} order: {shown}")
    return safe("; ".join(parts))


@app.command("fulfilment")
def fulfilment_command(
    recipient: RecipientOption = None,
    donor: Annotated[
        str | None,
        typer.Option(help="Only this supplier, financier or donor: ISO code or name."),
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Delivered against pledged or ordered per supplier/donor, recipient and system, with the
    lag from order to first delivery and Oryx losses that prove deliveries; and, from the Kiel
    tracker, military aid delivered against promised in money per donor (unit: its currency)."""
    with opened_case(case) as opened:
        rows = query.fulfilment(opened, recipient=recipient, donor=donor)
    if json:
        print_json(rows)
        return
    if not rows:
        out.print("nothing to compare (`hybridwatch ingest transfers FILE...` adds deals)")
        return
    table = Table("basis", "supplier → recipient", "system", "promised", "delivered", "seen lost")
    table.add_column("lag to first delivery")
    for row in rows:
        ratio = row["ratio"]
        unit = row["unit"]
        delivered = _amount(row["delivered"], unit) + ("" if ratio is None else f" ({ratio:.0%})")
        system = safe(row["system"]) if row["system"] else "military aid"
        if row["basis"] == "aid" and row["promise_basis"]:
            system += f" [dim]({row['promise_basis']}s)[/]"
        table.add_row(
            row["basis"],
            f"{safe(row['supplier'])} → {safe(row['recipient'])}",
            system,
            _amount(row["pledged_or_ordered"], unit) or "not stated",
            delivered,
            _number(row["seen_lost"]),
            _lags(row),
        )
    out.print(table)
