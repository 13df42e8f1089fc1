from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch import demo
from hybridwatch.case import Case

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real data folder beside the project; tests using it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (only on the project's machines)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case, built and analysed once per test session (simulation, ingest, embedding:
    seconds each time): read it, never change it."""
    root = tmp_path_factory.mktemp("demo") / "case"
    demo.build(root)
    return root


@pytest.fixture
def demo_copy(demo_dir: Path, tmp_path: Path) -> Path:
    """A copy of the demo case a test may change."""
    return Path(shutil.copytree(demo_dir, tmp_path / "case"))


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    with case_mod.init(tmp_path / "case", "test case") as opened:
        yield opened


def write_shard(folder: Path, prefix: str, entries: dict[str, object]) -> Path:
    """A tar1090-db shard: gzip JSON keyed by the address digits after `prefix`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prefix}.js"
    path.write_bytes(gzip.compress(json.dumps(entries).encode()))
    return path


@pytest.fixture
def small_registry(tmp_path: Path) -> Path:
    """A tar1090-db folder with two shards, a `children` key, and one military aircraft."""
    root = tmp_path / "tar1090-db"
    write_shard(
        root / "db",
        "6",
        {
            "00881": ["4K-78129", "IL76", "10", "ILYUSHIN Il-76/82"],
            "0084d": ["4K-AZ77", "A320", "00", "AIRBUS A-320"],
        },
    )
    write_shard(
        root / "db",
        "A",
        {"children": ["A0"], "E0676": ["00-0171", "C17", "10", "Boeing C-17A Globemaster III"]},
    )
    write_shard(root / "db", "A0", {"0001": ["N1", "C172", None, None]})
    (root / "db" / "operators.js").write_bytes(
        gzip.compress(b'{"AHY": {"n": "Azerbaijan Airlines", "c": "Azerbaijan", "r": "AZAL"}}')
    )
    return root
