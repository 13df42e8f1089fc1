"""docs/cli.md is generated from the commands' help and must match it."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from hybridwatch.cli import app
from hybridwatch.cli.docs import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run `make docs` to regenerate docs/cli.md"


def _leaf_commands(group: typer.Typer) -> list[list[str]]:
    command = typer.main.get_command(group)
    paths: list[list[str]] = []

    def walk(cmd: object, prefix: list[str]) -> None:
        subcommands = getattr(cmd, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*prefix, name])
        else:
            paths.append(prefix)

    walk(command, [])
    return paths


def test_every_option_in_help_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    runner = CliRunner()
    for path in _leaf_commands(app):
        help_text = runner.invoke(app, [*path, "--help"], terminal_width=200).stdout
        section = doc.split(f"## `hybridwatch {' '.join(path)}`", 1)
        assert len(section) == 2, f"no section for {' '.join(path)}"
        body = section[1].split("\n## ", 1)[0]
        for flag in set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", help_text)):
            assert flag in body, f"{' '.join(path)}: {flag} is in --help but not in docs/cli.md"
