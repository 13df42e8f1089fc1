"""Statement corpora with planted coordination: data, determinism, counts, lags, languages,
planted pairs, decoys, background diversity, writers."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hybridwatch.simulate import statements as sim
from hybridwatch.simulate.statements import (
    CSV_HEADER,
    DAY_S,
    PEER_CSV_HEADER,
    Corpus,
    Statement,
    families,
    make_corpus,
    truth_json,
    write_csv,
    write_peer_csv,
    write_truth,
)


@pytest.fixture(scope="module")
def accounts() -> Corpus:
    return make_corpus(7, 20_000, 400, 40, "accounts", window_s=600, lag_range_s=(60, 1800))


@pytest.fixture(scope="module")
def state() -> Corpus:
    return make_corpus(7, 8_000, 200, 20, "state")


def by_id(corpus: Corpus) -> dict[str, Statement]:
    return {s.id: s for s in corpus.statements}


# --- data ----------------------------------------------------------------------------------


def test_message_families() -> None:
    fams = families()
    assert len(fams) == 40
    assert len({f.id for f in fams}) == 40
    assert sum(1 for f in fams if {"az", "tr"} & set(f.translations)) >= 10
    for f in fams:
        assert {"fr", "ru"} <= set(f.translations) <= {"fr", "ru", "az", "tr"}
        assert 2 <= len(f.paraphrases) <= 3
        assert len(set(f.english())) == len(f.english())  # paraphrases differ from the original
        assert len(f.keywords) >= 2
        assert all(text.strip() == text and text for text in f.translations.values())


def test_background_templates_resolve() -> None:
    background = sim._background()
    for language in background.languages.values():
        grammar = language.grammar
        templates = (*language.bodies, *language.openers, *language.closers, *language.comments)
        for template in templates:
            missing = set(grammar.slot_names(template)) - set(grammar.slots) - {"time"}
            assert not missing, (language.code, missing)
    for template in background.loose:
        names = set(background.english.slot_names(template))
        assert not names - set(background.english.slots) - {"time", "kw", "kw2", "topic"}
    assert set(background.prefixes) >= {"en", "fr", "ru", "az", "tr"}


def test_template_syntax() -> None:
    import random

    grammar = sim._Grammar({"x": ["a{y}"], "y": ["b", "c"]})
    rng = random.Random(1)
    texts = {grammar.render(sim._parse("[one|two|] {x} {n:3-4} {d:1-2}"), rng) for _ in range(200)}
    assert any(t.startswith("one ab ") for t in texts) and any(t.startswith(" ac ") for t in texts)
    assert all(t.split()[-2] in ("3", "4") for t in texts)
    with pytest.raises(ValueError, match="unclosed"):
        sim._parse("[a|b")
    with pytest.raises(ValueError, match="unbalanced"):
        sim._parse("a]")


# --- determinism and counts ----------------------------------------------------------------


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    paths = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        corpus = make_corpus(seed, 3_000, 100, 10)
        write_csv(corpus, tmp_path / f"{name}.csv")
        write_truth(corpus, tmp_path / f"{name}.json")
        paths.append(tmp_path / name)
    a, b, c = (
        (p.with_suffix(".csv").read_bytes(), p.with_suffix(".json").read_bytes()) for p in paths
    )
    assert a == b
    assert a[0] != c[0] and a[1] != c[1]


def test_counts(accounts: Corpus) -> None:
    statements = accounts.statements
    assert len(statements) == 20_000
    assert len(accounts.actors) == len(set(accounts.actors)) == 400
    assert {s.actor for s in statements} == set(accounts.actors)  # everyone speaks
    assert [s.index for s in statements] == list(range(20_000))
    assert [s.time for s in statements] == sorted(s.time for s in statements)
    roles = Counter(accounts.roles.values())
    assert roles == {"leader": 10, "follower": 40, "decoy": 3, "unrelated": 347}
    assert len(accounts.planted) == 40
    assert len(accounts.decoys) == 3 * 2
    kinds = Counter(s.kind for s in statements)
    assert kinds["leader"] == kinds["follower"] == 40
    assert kinds["decoy"] == 6
    assert kinds["loose"] == round(0.02 * (20_000 - 86))
    assert all(accounts.start <= s.time < accounts.start + accounts.span_s for s in statements)


def test_unrelated_actors_only_post_background(accounts: Corpus) -> None:
    for s in accounts.statements:
        role = accounts.roles[s.actor]
        if role == "unrelated":
            assert s.kind in ("background", "loose")
        if s.kind == "leader":
            assert role == "leader"
        if s.kind == "follower":
            assert role == "follower"
        if s.kind == "decoy":
            assert role == "decoy"
        if s.kind == "loose":
            assert role == "unrelated"


# --- planted truth -------------------------------------------------------------------------


def test_planted_pairs_exist(accounts: Corpus) -> None:
    ids = by_id(accounts)
    texts = {f.id: f for f in families()}
    pairs = {(leader, follower) for leader, follower in accounts.pairs}
    assert len(pairs) == 40
    for echo in accounts.planted:
        said, echoed = ids[echo.leader_id], ids[echo.follower_id]
        assert (said.actor, echoed.actor) == (echo.leader, echo.follower)
        assert (echo.leader, echo.follower) in pairs
        assert said.kind == "leader" and echoed.kind == "follower"
        assert said.family == echoed.family == echo.family
        family = texts[echo.family]
        assert said.text in family.english()
        assert echoed.text != said.text
        assert echo.lag_s == echoed.time - said.time
        if echo.language == "en":
            assert any(echoed.text.endswith(t) for t in family.english() if t != said.text)
        else:
            assert echoed.text.endswith(family.translations[echo.language])
        assert echoed.language == echo.language


def test_lags_in_range(accounts: Corpus) -> None:
    assert all(60 <= echo.lag_s <= 1800 for echo in accounts.planted)
    assert max(echo.lag_s for echo in accounts.planted) > 600  # some beyond the window
    assert all(echo.lag_days is None for echo in accounts.planted)


def test_state_mode(state: Corpus) -> None:
    ids = by_id(state)
    assert state.window_s == 4 * DAY_S
    assert state.lag_range_s == (DAY_S, 3 * DAY_S)
    assert all(echo.lag_days in (1, 2, 3) for echo in state.planted)
    assert all(0 < echo.lag_s < 4 * DAY_S for echo in state.planted)
    day_only = [s for s in state.statements if s.day_only]
    assert day_only and len(day_only) < len(state.statements)
    assert all(s.time % DAY_S == 0 for s in day_only)
    assert all(len(s.datetime_text) == 10 for s in day_only)
    for actor in {s.actor for s in day_only}:  # an actor gives dates only, or times always
        assert all(s.day_only for s in state.statements if s.actor == actor)
    for echo in state.planted:
        said, echoed = ids[echo.leader_id], ids[echo.follower_id]
        assert echoed.time // DAY_S - said.time // DAY_S == echo.lag_days


def test_languages(accounts: Corpus) -> None:
    big = make_corpus(11, 30_000, 1_000, 200, cross_language_share=0.3)
    languages = Counter(echo.language for echo in big.planted)
    assert set(languages) <= {"en", "fr", "ru", "az", "tr"}
    assert 0.2 <= 1 - languages["en"] / 200 <= 0.4
    assert {"fr", "ru"} <= set(languages)
    assert all(echo.leader_language == "en" for echo in big.planted)
    none = make_corpus(11, 5_000, 200, 20, cross_language_share=0.0)
    assert {echo.language for echo in none.planted} == {"en"}
    background = Counter(s.language for s in accounts.statements if s.kind == "background")
    assert set(background) == {"en", "fr", "ru", "az", "tr"}
    assert background["en"] > 0.7 * sum(background.values())


def test_decoys_apart_from_their_family(accounts: Corpus) -> None:
    window = accounts.window_s
    same_family: dict[str, list[Statement]] = {}
    for s in accounts.statements:
        if s.kind in ("leader", "follower", "decoy"):
            same_family.setdefault(str(s.family), []).append(s)
    ids = by_id(accounts)
    for decoy in accounts.decoys:
        statement = ids[decoy.statement_id]
        assert statement.actor == decoy.actor and statement.kind == "decoy"
        assert decoy.gap_s is None or decoy.gap_s > window
        others = [s for s in same_family[decoy.family] if s is not statement]
        assert all(abs(s.time - statement.time) > window for s in others)
    # echoes of one family in different events are never within the window of each other
    pair_of = {}
    for n, echo in enumerate(accounts.planted):
        pair_of[echo.leader_id] = pair_of[echo.follower_id] = n
    for group in same_family.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if pair_of.get(a.id, -1) != pair_of.get(b.id, -2):
                    assert abs(a.time - b.time) > window


def test_background_has_few_exact_duplicates() -> None:
    corpus = make_corpus(5, 100_000, 2_000, 200)
    texts = [s.text for s in corpus.statements if s.kind == "background"]
    assert len(texts) > 95_000
    assert len(set(texts)) / len(texts) > 0.99


# --- writers -------------------------------------------------------------------------------


def test_write_csv(tmp_path: Path, state: Corpus) -> None:
    path = tmp_path / "statements.csv"
    assert write_csv(state, path) == 8_000
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 8_001
    first = state.statements[0]
    assert rows[1] == [first.actor, first.datetime_text, first.text, first.language, first.id]
    for row, statement in zip(rows[1:], state.statements, strict=True):
        if statement.day_only:
            assert datetime.fromisoformat(row[1]).replace(tzinfo=UTC).timestamp() == statement.time
        else:
            assert row[1].endswith("Z")
            assert datetime.fromisoformat(row[1]).timestamp() == statement.time


def test_write_peer_csv(tmp_path: Path, accounts: Corpus) -> None:
    path = tmp_path / "peer.csv"
    write_peer_csv(accounts, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == PEER_CSV_HEADER
    for row, statement in zip(rows[1:], accounts.statements, strict=True):
        assert len(row) == 8
        message_id, user_id, username, repost, reply, message, timestamp, urls = row
        assert (message_id, user_id, username, message) == (
            statement.id,
            statement.actor,
            statement.actor,
            statement.text,
        )
        assert repost == reply == urls == ""
        assert int(timestamp) == statement.time


def test_truth_json(accounts: Corpus) -> None:
    truth = json.loads(json.dumps(truth_json(accounts)))
    assert truth["statements"] == 20_000 and truth["actors"] == 400
    assert truth["window_s"] == 600 and truth["lag_range_s"] == [60, 1800]
    assert len(truth["planted"]) == 40 and len(truth["pairs"]) == 40
    assert set(truth["planted"][0]) == {
        "leader",
        "follower",
        "family",
        "language",
        "leader_language",
        "leader_id",
        "follower_id",
        "lag_s",
        "lag_days",
    }
    assert len(truth["roles"]["decoys"]) == 3 and len(truth["decoys"]) == 6
    assert truth["roles"]["unrelated"] == 347
    assert truth["start"] == "2024-03-01T00:00:00Z"


def test_statements_csv_ingests(tmp_path: Path, state: Corpus) -> None:
    """The CSV is what `hybridwatch ingest statements --format statements-csv` reads."""
    from hybridwatch import case as case_mod
    from hybridwatch.errors import UsageError
    from hybridwatch.ingest import ingest, readers_for

    try:
        readers_for("statements", "statements-csv")
    except UsageError:
        pytest.skip("the statements-csv reader is not registered")
    path = tmp_path / "statements.csv"
    write_csv(state, path)
    with case_mod.init(tmp_path / "case", "test") as case:
        result = ingest(case, "statements", path, fmt="statements-csv")
        assert (result.accepted, result.rejected) == (8_000, 0)
        rows = case.con.execute(
            "SELECT external_id, actor, epoch(published)::BIGINT, day_only, language, text"
            " FROM statements"
        ).fetchall()
    stored = {row[0]: row[1:] for row in rows}
    for s in state.statements:
        assert stored[s.id] == (s.actor, s.time, s.day_only, s.language, s.text)


# --- limits --------------------------------------------------------------------------------


def test_numbers_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="actors are too few"):
        make_corpus(1, 10_000, 50, 40)
    with pytest.raises(ValueError, match="statements are too few"):
        make_corpus(1, 450, 400, 40)
    with pytest.raises(ValueError, match="do not fit"):
        make_corpus(1, 100_000, 2_000, 500, "state", span_days=60)
    with pytest.raises(ValueError, match="mode"):
        make_corpus(1, 1_000, 100, 5, "bots")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="whole days"):
        make_corpus(1, 1_000, 100, 5, "state", lag_range_s=(3600, 7200))
