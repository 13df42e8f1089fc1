"""`coordinated_pairs`: near-verbatim copies by other accounts within the window, nothing else."""

import csv
from pathlib import Path

from hybridwatch import case as cases
from hybridwatch.ingest import ingest
from hybridwatch.narratives.coordination import coordinated_pairs

CLAIM = "Secret laboratories near the border are producing dangerous pathogens, insiders say."
OTHER = [
    "Heavy rain is expected across the northern regions with strong winds on day {d}.",
    "The city football team won {d} points in the regional league this season.",
    "A new bakery opened on the main square, offering {d} kinds of bread.",
]


def test_copies_within_the_window_are_paired(tmp_path: Path) -> None:
    rows = [
        ("@leader", "2024-05-02T10:00:00Z", CLAIM, "a"),
        ("@copier", "2024-05-02T10:07:00Z", CLAIM.replace("insiders say", "say insiders"), "b"),
        ("@late", "2024-05-02T12:00:00Z", CLAIM, "c"),  # two hours on: outside 10 minutes
        ("@leader", "2024-05-02T10:03:00Z", CLAIM, "d"),  # the same account: not a pair
    ]
    for d in range(1, 20):
        for k, text in enumerate(OTHER):
            rows.append((f"@local{k}", f"2024-05-{d:02d}T0{k}:30:00Z", text.format(d=d), None))
    path = tmp_path / "statements.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["actor", "datetime", "text", "id"])
        writer.writerows(rows)
    cases.init(tmp_path / "case", "t").close()
    toml = tmp_path / "case" / "case.toml"
    toml.write_text(toml.read_text().replace('"e5-small"', '"lexical"'), "utf-8")
    case = cases.open_case(tmp_path / "case")
    try:
        ingest(case, "statements", path, fmt="statements-csv")
        found = coordinated_pairs(case, window_s=600)
        external = dict(case.con.execute("SELECT id, external_id FROM statements").fetchall())
    finally:
        case.close()
    got = {(external[p.a_id], external[p.b_id], p.actor_a, p.actor_b, p.lag_s) for p in found}
    assert got == {
        ("a", "b", "@leader", "@copier", 420.0),
        ("d", "b", "@leader", "@copier", 240.0),
    }
    assert all(0.6 <= p.similarity <= 1.0 for p in found)
