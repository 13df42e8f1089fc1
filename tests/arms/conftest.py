"""A case holding the real SIPRI register and every Oryx event file, built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch.case import Case
from hybridwatch.ingest import IngestResult, ingest
from tests.conftest import SHARED_DATA

REGISTER = "arms/sipri-trade-register-2025-03-13.csv"
ORYX_EVENTS = ("abandoned", "captured", "damaged", "destroyed")


@pytest.fixture(scope="session")
def real_arms(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Case, list[IngestResult]]]:
    """(case, ingest results: the register first, then the Oryx event files)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (only on the project's machines)")
    folder = tmp_path_factory.mktemp("arms") / "case"
    with case_mod.init(folder, "real arms") as opened:
        results = [ingest(opened, "transfers", SHARED_DATA / REGISTER)]
        for name in ORYX_EVENTS:
            results.append(ingest(opened, "transfers", SHARED_DATA / f"arms/oryx-event_{name}.csv"))
        yield opened, results


@pytest.fixture
def real_case(real_arms: tuple[Case, list[IngestResult]]) -> Case:
    return real_arms[0]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path
