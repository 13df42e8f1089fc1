"""Case commands: init, status, sources, grade."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from hybridwatch import case as case_mod
from hybridwatch import provenance
from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.evidence import claims, corroboration
from hybridwatch.grading import Grade


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new case.", file_okay=False)],
    name: Annotated[str | None, typer.Option(help="Case name (default: the folder name).")] = None,
    json: JsonOption = False,
) -> None:
    """Create a case: DIR/case.toml (settings, watchlists) and DIR/case.duckdb (the store)."""
    with case_mod.init(directory, name) as new:
        info = provenance.status(new)
    if json:
        print_json(info)
    else:
        out.print(
            f"Created case [bold]{safe(info['case']['name'])}[/] in {safe(info['case']['path'])}"
        )


def status(case: CaseOption = None, json: JsonOption = False) -> None:
    """Schema version, rows per table and sources of the case."""
    with opened_case(case) as opened:
        info = provenance.status(opened)
    if json:
        print_json(info)
        return
    out.print(
        f"Case [bold]{safe(info['case']['name'])}[/] at {safe(info['case']['path'])}"
        f" (schema version {info['schema_version']})"
    )
    table = Table("table", "rows", title="Tables")
    for name, count in info["tables"].items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    _print_sources(info["sources"])


def sources(
    suggest: Annotated[
        bool,
        typer.Option(
            "--suggest",
            help="Also suggest each source's credibility (1–6) from the claims checks.",
        ),
    ] = False,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """List ingested sources with their grades and row counts."""
    with opened_case(case) as opened:
        rows = provenance.list_sources(opened)
        if suggest:
            found = corroboration.suggested_credibility(opened, claims.check(opened))
            by_source = {s.source_id: s.as_json() for s in found}
            for row in rows:
                row["suggested_credibility"] = by_source.get(row["id"])
    if json:
        print_json(rows)
    else:
        _print_sources(rows)


def grade(
    source_id: Annotated[int, typer.Argument(help="Source id (see `hybridwatch sources`).")],
    value: Annotated[str, typer.Argument(metavar="GRADE", help="Admiralty grade, e.g. B2.")],
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Set a source's Admiralty grade: reliability A–F and credibility 1–6 (e.g. B2)."""
    parsed = Grade.parse(value)
    with opened_case(case) as opened:
        row = provenance.set_grade(opened, source_id, parsed)
    if json:
        print_json(row)
    else:
        out.print(f"Source {source_id} graded {parsed} ({parsed.describe()})")


def _print_sources(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("No sources yet: add data with `hybridwatch ingest KIND PATH`.")
        return
    table = Table("id", "kind", "format", "grade", "accepted", "rejected", "ingested", "path")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["kind"],
            r["format"],
            r["grade"],
            f"{r['rows_accepted']:,}",
            f"{r['rows_rejected']:,}",
            r["ingested_at"][:19],
            safe(r["path"]),
        )
    out.print(table)
    for r in rows:
        if r.get("suggested_credibility"):
            s = r["suggested_credibility"]
            out.print(
                f"source {r['id']}: credibility {s['credibility']} suggested ({s['meaning']}):"
                f" {safe(s['reason'])} — `hybridwatch grade {r['id']} {r['reliability']}"
                f"{s['credibility']}` to take it"
            )


def register(app: typer.Typer) -> None:
    for command in (init, status, sources, grade):
        app.command()(command)
