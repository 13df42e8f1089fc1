"""Narratives on the real corpora (EUvsDisinfo 2015-2021, the Russian MFA's 2024 channel index)
with the lexical embedder: the large narratives are the campaigns analysts know.

The default embedder (e5-small) is checked on the same data by hand (docs/narratives.md): it
needs minutes to embed these 22,000 statements on two cores, the lexical one seconds."""

from __future__ import annotations

from pathlib import Path

from hybridwatch import case as cases
from hybridwatch.ingest import ingest
from hybridwatch.narratives import analysis

FILES = (
    "narratives/euvsdisinfo-posts-2015-2021.csv",
    "narratives/russia-mfa-telegram-index-2024.json",
)


def test_large_lexical_narratives_are_known_campaigns(shared_data: Path, tmp_path: Path) -> None:
    cases.init(tmp_path / "case", "real").close()
    toml = tmp_path / "case" / "case.toml"
    toml.write_text(toml.read_text("utf-8").replace('"e5-small"', '"lexical"'), "utf-8")
    case = cases.open_case(tmp_path / "case")
    try:
        for name in FILES:
            ingest(case, "statements", shared_data / name)
        result = analysis.run(case, case.settings.narratives)
        large = case.con.execute(
            "SELECT terms, label FROM narratives WHERE size >= 50 ORDER BY size DESC"
        ).fetchall()
        caledonia = case.con.execute(
            """
            SELECT DISTINCT m.narrative_id FROM statements s
            JOIN narrative_members m ON m.statement_id = s.id
            WHERE s.published >= '2024-05-01' AND s.published < '2024-06-01'
              AND lower(s.text) LIKE '%new caledonia%'
            """
        ).fetchall()
    finally:
        case.close()
    assert result.narratives and len(large) >= 20
    terms = {term for row_terms, _ in large for term in row_terms}
    # Skripal, Navalny, NATO as a threat: each among the narratives of 50 statements or more
    assert {"skripal", "navalny", "nato"} <= terms, [label for _, label in large[:20]]
    assert len(caledonia) == 1  # the MFA's May 2024 New Caledonia comment: one narrative
