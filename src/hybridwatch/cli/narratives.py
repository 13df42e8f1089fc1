"""`hybridwatch narratives …`: narratives, alignment between actors, search, coordination graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.errors import UsageError
from hybridwatch.narratives import framing, query

app = typer.Typer(
    help="Narratives in statements (`ingest statements FILE...`, then `analyze`).",
    no_args_is_help=True,
)

NOT_ANALYZED = (
    "no narratives yet: `hybridwatch ingest statements FILE...`, then `hybridwatch analyze`"
)


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return safe(flat if len(flat) <= width else flat[: width - 1] + "…")


@app.command("list")
def list_command(case: CaseOption = None, json: JsonOption = False) -> None:
    """Narratives, largest first: label, size, actors, first and last seen, example statements."""
    with opened_case(case) as opened:
        found = query.narratives(opened)
    if json:
        print_json(found)
        return
    if not found:
        out.print(NOT_ANALYZED)
        return
    table = Table("id", "size", "label", "actors", "first", "last")
    for n in found:
        actors = ", ".join(n["actors"][:4]) + (" …" if len(n["actors"]) > 4 else "")
        table.add_row(
            str(n["id"]),
            str(n["size"]),
            _short(n["label"]),
            safe(actors),
            (n["first"] or "")[:10],
            (n["last"] or "")[:10],
        )
    out.print(table)


@app.command("align")
def align_command(
    actors: Annotated[
        str | None,
        typer.Option(help="Only these actors, comma-separated ids or names (ru-mfa,az-mfa)."),
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Pairs of actors sharing a narrative: who was first, by how many days, and the statement
    pairs behind it."""
    names = [a.strip() for a in actors.split(",") if a.strip()] if actors else None
    with opened_case(case) as opened:
        found = query.alignments(opened, names)
    if json:
        print_json(found)
        return
    if not found:
        out.print("no alignment found" + ("" if names else f" ({NOT_ANALYZED})"))
        return
    for al in found:
        corr = (
            f", daily volumes r={al['correlation']:.2f} at {al['correlation_lag_days']} d"
            if al["correlation"] is not None
            else ""
        )
        out.print(
            f"[bold]{safe(al['actor_a'])} → {safe(al['actor_b'])}[/] narrative {al['narrative']}:"
            f" {al['lag_days']:g} days later, similarity {al['similarity']:.2f}{corr}"
        )
        for p in al["pairs"][:3]:
            out.print(f"  {p['a']['date'][:10]} {_short(p['a']['text'], 70)}")
            out.print(
                f"  {p['b']['date'][:10]} {_short(p['b']['text'], 70)}  ({p['similarity']:.2f})"
            )


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="What to look for, in any language.")],
    limit: Annotated[int, typer.Option(help="How many statements.")] = 10,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Statements closest in meaning to TEXT, with their narrative."""
    with opened_case(case) as opened:
        found = query.search(opened, text, limit)
    if json:
        print_json(found)
        return
    table = Table("similarity", "date", "actor", "statement", "narrative")
    for s in found:
        table.add_row(
            f"{s['similarity']:.2f}",
            s["date"][:10],
            safe(s["actor"]),
            _short(s["text"], 70),
            str(s["narrative"] or ""),
        )
    out.print(table)


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml")] = "graphml",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    case: CaseOption = None,
) -> None:
    """The coordination network (actors, edges weighted by coordinated statement pairs)."""
    if fmt != "graphml":
        raise UsageError(f"--format must be graphml, not {fmt!r}")
    with opened_case(case) as opened:
        document = query.coordination_graphml(opened)
    if output is None:
        typer.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")
        out.print(f"wrote {output}")


@app.command("frames")
def frames_command(
    frame: Annotated[str | None, typer.Option(help="Only this frame, e.g. colonialism.")] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Frames (colonialism, "Kiev regime", …) counted per actor and month."""
    with opened_case(case) as opened:
        found = [c for c in framing.counts(opened) if frame is None or c["frame"] == frame]
    if json:
        print_json(found)
        return
    table = Table("frame", "actor", "month", "statements", "share")
    for c in found:
        table.add_row(
            safe(c["frame"]),
            safe(c["actor"]),
            c["month"],
            f"{c['statements']} of {c['of']}",
            f"{c['share']:.0%}",
        )
    out.print(table)
