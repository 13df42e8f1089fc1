"""Reading the CSV tables shipped in `reference/data/`."""

from __future__ import annotations

import csv
import re
from importlib import resources

_HEX6 = re.compile(r"[0-9A-Fa-f]{6}")


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of `data/<name>`; lines starting with `#` carry provenance and are skipped."""
    data = resources.files("hybridwatch.reference").joinpath("data")
    text = data.joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]


def parse_address(icao24: str) -> int | None:
    """A 24-bit address as an integer; None for anything that is not six hex digits.

    Decoders mark non-ICAO (TIS-B, anonymous) addresses with a leading `~`: those are not
    allocated to any State, so they fall out here as well.
    """
    text = icao24.strip()
    # fullmatch, not int(): int() also takes "+12345", "0x1234" and "12_345".
    return int(text, 16) if _HEX6.fullmatch(text) else None
