from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hybridwatch import demo


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case, built and analysed once (entities resolved); read it, never change it."""
    root = tmp_path_factory.mktemp("evidence-demo") / "case"
    demo.build(root)
    return root


@pytest.fixture
def demo_copy(demo_dir: Path, tmp_path: Path) -> Path:
    """A copy of the demo case a test may change."""
    return Path(shutil.copytree(demo_dir, tmp_path / "case"))
