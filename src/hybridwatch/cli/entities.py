"""`hybridwatch entities …`: the evidence graph — entities resolved across streams, and the
analyst's merges and splits."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.evidence import entities as entities_mod

app = typer.Typer(
    help="Entities resolved across flights, the arms ledger, statements and documents "
    "(built by `analyze`).",
    no_args_is_help=True,
)
NoteOption = Annotated[str | None, typer.Option("--note", help="Why (kept with the decision).")]
NOT_RESOLVED = "no entities yet: ingest data, then `hybridwatch analyze`"


@app.command("list")
def list_command(
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Only this type: country, organization, person, aircraft, airport, system, place.",
        ),
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Entities by type and name, with their members and links counted."""
    with opened_case(case) as opened:
        found = entities_mod.list_entities(opened, type_)
    if json:
        print_json(found)
        return
    if not found:
        out.print(NOT_RESOLVED if type_ is None else f"no entities of type {safe(type_)}")
        return
    table = Table("id", "type", "name", "country", "members", "links", "aliases")
    for e in found:
        aliases = ", ".join(e["aliases"][:3]) + (" …" if len(e["aliases"]) > 3 else "")
        table.add_row(
            safe(e["id"]),
            e["type"],
            safe(e["name"]),
            safe(e["country"]),
            str(e["members"]),
            str(e["links"]),
            safe(aliases),
        )
    out.print(table)


@app.command("show")
def show_command(
    entity: Annotated[str, typer.Argument(metavar="ID", help="Entity id or member key.")],
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """One entity: its members and why each is there, every property value with the stored
    rows that state it, and its links."""
    with opened_case(case) as opened:
        found = entities_mod.entity(opened, entity)
    if json:
        print_json(found)
        return
    country = f" ({safe(found['country'])})" if found["country"] else ""
    out.print(f"[bold]{safe(found['name'])}[/]{country}  {safe(found['id'])}, {found['type']}")
    out.print("members:")
    for m in found["members"]:
        out.print(f"  {safe(m['member'])}  [dim]{safe(m['how'])}[/]")
    out.print("statements:")
    for prop, values in found["statements"].items():
        for v in values:
            out.print(f"  {safe(prop)}: {safe(v['value'])}  [dim]{_where(v)}[/]")
    out.print("links:")
    for link in found["links"]:
        arrow = "→" if link["direction"] == "out" else "←"
        name = f" {safe(link['other_name'])}" if link["other_name"] else ""
        out.print(
            f"  {arrow} {safe(link['relation'])} {safe(link['other'])}{name}"
            f"  [dim]{_where(link)}, {link['weight']}×[/]"
        )


def _where(row: dict[str, Any]) -> str:
    """Where a value or link was stated: table, row id, source with its grade, locator."""
    parts = [f"{row['record']} {row['record_id']}" if row["record_id"] else row["record"]]
    if row["source_id"] is not None:
        parts.append(
            f"source {row['source_id']}" + (f" {row['grade']}" if row.get("grade") else "")
        )
    if row.get("locator"):
        parts.append(row["locator"])
    return safe(", ".join(parts))


@app.command("merge")
def merge_command(
    a: Annotated[str, typer.Argument(metavar="A", help="Entity id or member key.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Entity id or member key.")],
    note: NoteOption = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Make A and B one entity, now and whenever `analyze` resolves entities again."""
    with opened_case(case) as opened:
        result = entities_mod.merge(opened, a, b, note)
    if json:
        print_json(result)
        return
    if not result["changed"]:
        out.print(f"already one entity: {safe(result['entity'])} (nothing recorded)")
        return
    before = " + ".join(result["before"])
    out.print(f"merged {safe(before)} → {safe(result['entity'])} (decision {result['decision']})")
    out.print(f"  members: {safe(', '.join(result['members']))}")


@app.command("split")
def split_command(
    entity: Annotated[str, typer.Argument(metavar="ENTITY", help="Entity id or member key.")],
    member: Annotated[str, typer.Argument(metavar="MEMBER", help="The member to take out.")],
    note: NoteOption = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Take MEMBER out of ENTITY into an entity of its own, now and whenever `analyze` resolves
    entities again."""
    with opened_case(case) as opened:
        result = entities_mod.split(opened, entity, member, note)
    if json:
        print_json(result)
        return
    out.print(
        f"split {safe(member)} out of {safe(result['before'][0])} → {safe(result['entity'])}"
        f" (decision {result['decision']})"
    )
    out.print(f"  {safe(result['rest'])} keeps: {safe(', '.join(result['members']))}")
