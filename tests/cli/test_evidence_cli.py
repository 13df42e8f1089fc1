"""`claims check`, `findings` with likelihood, `sources --suggest` and `report` on the demo case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hybridwatch.cli import app
from hybridwatch.evidence import wording

runner = CliRunner()


@pytest.fixture
def demo_case(demo_dir: Path) -> Path:
    return demo_dir


def _json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_claims_check_json(demo_case: Path) -> None:
    verdicts = _json("claims", "check", "-C", str(demo_case))
    assert {v["verdict"] for v in verdicts} == {"supported", "partly supported", "no data"}
    every = _json("claims", "check", "--all", "-C", str(demo_case))
    assert len(every) > len(verdicts)
    assert any(v["verdict"] is None for v in every)


def test_findings_carry_likelihood_and_confidence(demo_case: Path) -> None:
    found = _json("findings", "-C", str(demo_case))
    words = {word for word, _, _ in wording.LIKELIHOOD}
    assert found and all(f["likelihood"]["likelihood"] in words for f in found)
    assert all(f["likelihood"]["confidence"] in wording.CONFIDENCE for f in found)
    airlift = next(f for f in found if f["kind"] == "airlift")
    # the analyst note's claim cites the airlift: one independent source more than its own
    assert "1 independent source agrees" in airlift["likelihood"]["confidence_reason"]


def test_sources_suggest_credibility_from_the_claims(demo_case: Path) -> None:
    rows = {r["id"]: r for r in _json("sources", "--suggest", "-C", str(demo_case))}
    note = next(r for r in rows.values() if r["kind"] == "documents")
    assert note["suggested_credibility"]["credibility"] == 2  # 4 supported, 1 partly
    ledger = next(r for r in rows.values() if r["kind"] == "transfers")
    assert ledger["suggested_credibility"]["credibility"] == 1
    plain = _json("sources", "-C", str(demo_case))
    assert all("suggested_credibility" not in r for r in plain)


def test_report_json_and_usage_errors(demo_case: Path, tmp_path: Path) -> None:
    written = _json("report", "-o", str(tmp_path / "r.html"), "-C", str(demo_case))
    assert Path(written["html"]).is_file() and written["pdf"] is None
    assert written["claims"] == 6 and written["records"] > 20
    missing = runner.invoke(app, ["report", "-C", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
