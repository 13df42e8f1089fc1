"""The `hybridwatch` command: a thin face over the package's functions."""

from __future__ import annotations

import logging
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from hybridwatch import __version__, runtime
from hybridwatch.cli import (
    aircraft,
    analysis,
    arms,
    case,
    claims,
    demo,
    documents,
    entities,
    export,
    flights,
    ingest,
    narratives,
    report,
    simulate,
)
from hybridwatch.cli.common import print_error
from hybridwatch.errors import HybridwatchError, UsageError


class _Group(TyperGroup):
    """Turns expected errors into one line on stderr and the documented exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HybridwatchError as exc:
            print_error(exc)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None


app = typer.Typer(
    cls=_Group,
    name="hybridwatch",
    help="OSINT workbench: flights, arms, narratives and documents as checkable evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hybridwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Log to stderr (-vv: debug).")
    ] = 0,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s", force=True
    )
    runtime.small_pages()


case.register(app)
ingest.register(app)
app.add_typer(aircraft.app, name="aircraft")
app.add_typer(flights.app, name="flights")
app.add_typer(arms.app, name="arms")
app.add_typer(narratives.app, name="narratives")
analysis.register(app)
simulate.register(app)
documents.register(app)
app.add_typer(documents.app, name="docs")
app.add_typer(claims.app, name="claims")
app.add_typer(entities.app, name="entities")
export.register(app)
demo.register(app)
report.register(app)


def main() -> None:
    app()
