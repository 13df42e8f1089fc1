"""Reading the CSV tables shipped in `arms/data/`."""

from __future__ import annotations

import csv
from importlib import resources


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of `data/<name>`; lines starting with `#` carry provenance and are skipped."""
    text = resources.files("hybridwatch.arms").joinpath("data", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]
