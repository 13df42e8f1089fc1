"""`hybridwatch analyze` and `hybridwatch findings`."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.progress import TaskID

from hybridwatch import findings as findings_mod
from hybridwatch.analyze import analyze as run_analysis
from hybridwatch.cli.common import (
    CaseOption,
    JsonOption,
    opened_case,
    out,
    print_json,
    print_scored,
    safe,
    step_bar,
)
from hybridwatch.evidence import claims, corroboration


def analyze(case: CaseOption = None, json: JsonOption = False) -> None:
    """Run every detector (airlifts, arms indicators, narratives) and store the findings."""
    with opened_case(case) as opened, step_bar(enabled=sys.stderr.isatty()) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        result = run_analysis(opened, progress)
        stored = findings_mod.list_findings(opened)
    if json:
        print_json({"counts": result.counts, "findings": stored})
        return
    for kind, count in result.counts.items():
        out.print(f"{kind}: {count} finding{'s' if count != 1 else ''}")
    print_findings(stored[:10])


def findings(
    kind: Annotated[str | None, typer.Option(help="Only findings of this kind.")] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """List stored findings of every kind, best first (run `analyze` first), each with its
    likelihood in ICD 203 words and, apart, the confidence its sources allow."""
    with opened_case(case) as opened:
        stored = findings_mod.list_findings(opened, kind)
        estimated = corroboration.estimates(opened, stored, claims.check(opened))
    for row in stored:
        row["likelihood"] = estimated[row["id"]].as_json()
    if json:
        print_json(stored)
    else:
        print_findings(stored)


def print_findings(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("No findings.")
    for row in rows:
        print_scored(row["score"], f"[{row['kind']}] {row['summary']}", row["factors"])
        if "likelihood" in row:
            estimate = row["likelihood"]
            low, high = estimate["range"]
            out.print(
                f"    [dim]{estimate['likelihood']} ({low:.0%}–{high:.0%}); confidence"
                f" {estimate['confidence']}: {safe(estimate['confidence_reason'])}[/]"
            )


def register(app: typer.Typer) -> None:
    app.command()(analyze)
    app.command()(findings)
