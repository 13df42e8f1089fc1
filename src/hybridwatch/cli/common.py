"""What every command shares: case option, JSON output, consoles, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from hybridwatch.case import Case, locate, open_case

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

CaseOption = Annotated[
    Path | None,
    typer.Option(
        "--case",
        "-C",
        help="Case folder (default: $HYBRIDWATCH_CASE, else the current folder if a case).",
        file_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print only JSON on stdout.")]


@contextmanager
def opened_case(case_dir: Path | None) -> Iterator[Case]:
    case = open_case(locate(case_dir))
    try:
        yield case
    finally:
        case.close()


def print_json(data: Any) -> None:
    # written as it is encoded: a 100 MB document's extraction is ~750 MB of JSON
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def progress_bar(enabled: bool = True) -> Progress:
    """A progress bar on stderr showing bytes read, rows stored and rows per second."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:>12,} rows  {task.fields[rate]:>10,.0f} rows/s"),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled,
        transient=True,
    )


def step_bar(enabled: bool = True) -> Progress:
    """A progress bar on stderr for a step counted in items (statements embedded, …)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not enabled,
        transient=True,
    )


def print_error(exc: Exception) -> None:
    """One line on stderr; source text in the message is never read as markup."""
    err.print(Text.assemble(("error: ", "bold red"), str(exc)), soft_wrap=True)


def safe(value: object) -> str:
    """Source content made inert for Rich markup (never interpret `[…]` from data)."""
    return escape("" if value is None else str(value))


def print_scored(score: float, summary: str, factors: list[dict[str, Any]]) -> None:
    """A scored finding and every factor behind its score, applied (+) or not (·)."""
    out.print(f"[bold]{score:.2f}[/]  {safe(summary)}")
    for factor in factors:
        mark = "+" if factor["applies"] else "·"
        out.print(
            f"    {mark} {factor['factor']} ({factor['weight']:.2f}): {safe(factor['explanation'])}"
        )
