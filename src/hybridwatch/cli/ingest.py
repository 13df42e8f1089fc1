"""`hybridwatch ingest KIND PATH...`"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress

from hybridwatch import ingest as ingestion
from hybridwatch.cli.common import (
    CaseOption,
    JsonOption,
    opened_case,
    out,
    print_error,
    print_json,
    progress_bar,
)
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade

SHOWN_REJECTIONS = 5


def ingest(
    kind: Annotated[
        str,
        typer.Argument(help="Kind of data: aircraft, flights, documents, statements or transfers."),
    ],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Format (default: detected from content)."),
    ] = None,
    grade: Annotated[
        str | None,
        typer.Option(help="Admiralty grade for these sources, e.g. B2 (default: per format)."),
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Ingest files, each as one all-or-nothing transaction; already-ingested files are skipped."""
    parsed_grade = Grade.parse(grade) if grade else None
    ingestion.readers_for(kind, fmt)  # a usage error before any file is touched
    results: list[dict[str, Any]] = []
    failed = False
    with opened_case(case) as opened:
        for path in paths:
            try:
                with progress_bar(enabled=sys.stderr.isatty()) as bar:
                    result = ingestion.ingest(
                        opened, kind, path, fmt=fmt, grade=parsed_grade, progress=track(bar, path)
                    )
            except InputError as exc:
                failed = True
                results.append({"path": str(path), "error": str(exc)})
                print_error(exc)
                continue
            results.append(dataclasses.asdict(result) | {"rows_per_second": result.rows_per_second})
            if not json:
                _report(result)
    if json:
        print_json(results)
    if failed:
        raise typer.Exit(1)


def track(bar: Progress, path: Path) -> ingestion.ProgressCallback:
    """A progress callback that shows bytes read, rows stored and rows/s for one file."""
    total = path.stat().st_size if path.is_file() else None
    task = bar.add_task(path.name, total=total, rows=0, rate=0.0)

    def update(position: int, accepted: int, rejected: int) -> None:
        elapsed = bar.tasks[task].elapsed or 0.0
        rate = accepted / elapsed if elapsed else 0.0
        bar.update(task, completed=position, rows=accepted, rate=rate)

    return update


def _report(result: ingestion.IngestResult) -> None:
    if result.already_ingested:
        out.print(
            f"= {result.path}: already ingested as source {result.source_id}"
            f" ({result.accepted:,} rows); nothing to do"
        )
        return
    out.print(
        f"[green]✓[/] {result.path}: {result.accepted:,} rows stored, {result.rejected:,} rejected"
        f" — source {result.source_id}, {result.kind}/{result.format}, grade {result.grade},"
        f" {result.seconds:.1f} s ({result.rows_per_second:,.0f} rows/s)"
    )
    for note, count in result.notes.items():
        out.print(f"  {count:,} {note}", markup=False)
    for message in result.rejections[:SHOWN_REJECTIONS]:
        out.print(f"  rejected {message}", markup=False)
    if result.rejected > SHOWN_REJECTIONS:
        out.print(
            f"  … and {result.rejected - SHOWN_REJECTIONS:,} more"
            f" (`hybridwatch sources --json` keeps the first {ingestion.KEPT_REJECTIONS})"
        )


def register(app: typer.Typer) -> None:
    app.command()(ingest)
