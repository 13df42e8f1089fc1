"""`hybridwatch export`: the evidence graph for other tools — FollowTheMoney, CSV, GraphML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import duckdb
import typer

from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.errors import HybridwatchError, UsageError
from hybridwatch.evidence import export as export_mod
from hybridwatch.evidence import ftm

FORMATS = ("ftm", "ftm-statements", "csv", "graphml")


def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="ftm (FollowTheMoney entities, JSON lines), ftm-statements (FtM statements "
            "with the row behind each value, JSON lines), csv (a folder of tables), graphml.",
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (csv: a folder).")],
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Export the entities, their statements and links, and the findings (run `analyze`
    first)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    written: dict[str, object] = {"format": fmt, "path": str(output)}
    with opened_case(case) as opened:
        try:
            if fmt == "csv":
                written["files"] = [str(p) for p in export_mod.write_csv(opened, output)]
            else:
                with output.open("w", encoding="utf-8", newline="\n") as stream:
                    if fmt == "graphml":
                        stream.write(export_mod.graph(opened))
                    else:
                        write = ftm.write_entities if fmt == "ftm" else ftm.write_statements
                        written["lines"] = write(opened, stream)
        except (OSError, duckdb.IOException) as exc:
            raise HybridwatchError(f"{output}: cannot write: {exc}") from exc
    if json:
        print_json(written)
    else:
        lines = f" ({written['lines']} lines)" if "lines" in written else ""
        out.print(f"wrote {safe(output)}{lines}")


def register(app: typer.Typer) -> None:
    app.command()(export)
