"""Statements readers on the real narrative files (EUvsDisinfo, the Russian MFA's Telegram)."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hybridwatch.case import Case
from hybridwatch.ingest import choose_reader, ingest

POSTS = "narratives/euvsdisinfo-posts-2015-2021.csv"
CASES = "narratives/euvsdisinfo-cases-2015-2017.csv"
TELEGRAM = "narratives/russia-mfa-telegram-2025-12-to-2026-03.csv"
INDEX = "narratives/russia-mfa-telegram-index-{}.json"


def _rows(case: Case, where: str, *params: object) -> list[dict[str, Any]]:
    cursor = case.con.execute(f"SELECT * FROM statements WHERE {where} ORDER BY id", list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _case_outlet_pairs(path: Path) -> int:
    """(case, outlet) pairs counted straight from the CSV: outlets are '+'-separated (a few by
    line breaks), the scrape's "Show more" button is no outlet, and a case naming no outlet
    still makes one statement."""
    pairs = 0
    with path.open(encoding="utf-8", newline="") as stream:
        for record in csv.DictReader(stream):
            parts = {" ".join(p.split()) for p in re.split(r"\+|\r?\n", record["outlets"])}
            pairs += max(1, len(parts - {"", "Show more"}))
    return pairs


def test_real_euvsdisinfo_posts_one_statement_per_case_and_outlet(
    case: Case, shared_data: Path
) -> None:
    path = shared_data / POSTS
    assert choose_reader("statements", path).format == "euvsdisinfo-posts"
    result = ingest(case, "statements", path)
    expected = _case_outlet_pairs(path)
    assert expected == 18_878
    assert (result.format, result.accepted, result.rejected) == ("euvsdisinfo-posts", expected, 0)
    assert result.notes == {
        "cases whose outlet list ends in 'Show more' (dropped: not an outlet)": 216,
        "outlets named twice in one case, stored once": 1_040,
        "cases naming no outlet (actor 'EUvsDisinfo (outlet not given)')": 229,
    }
    url = "https://euvsdisinfo.eu/report/german-special-services-helped-navalny/"
    [first] = _rows(case, "external_id = ?", url)
    assert first["actor"] == "TASS - Russian"
    assert first["published"] == datetime(2021, 2, 18)
    assert first["day_only"] and not first["truncated"]
    assert first["text"] == first["title"] == "German special services helped Navalny"
    assert (first["url"], first["platform"], first["language"]) == (url, "euvsdisinfo", "ru")
    assert first["keywords"] == ["Alexei Navalny", "Vladimir Putin"]
    assert json.loads(first["extra"]) == {
        "countries": ["Russia", "Germany"],
        "languages": ["Russian"],
        "outlets": ["TASS - Russian"],
    }
    assert first["locator"] == "line 2"
    youtube = _rows(case, "actor = 'Rossia 24 - YouTube' AND published = '2021-02-18'")
    assert len(youtube) == 2
    # a case on 14 outlets and the "Show more" button: 14 statements, the list marked as cut
    cut = _rows(case, "external_id LIKE '%ostrovets-power-station%'")
    assert len(cut) == 28
    assert [r["locator"] for r in cut[:2]] == ["line 31, outlet 1", "line 31, outlet 2"]
    assert json.loads(cut[0]["extra"])["outlets_cut"] is True
    assert "Show more" not in {r["actor"] for r in cut}
    assert cut[0]["language"] == "ar"
    # outlets separated by a line break inside the quoted field
    kp = _rows(case, "locator LIKE 'line 3426,%'")
    assert [r["actor"] for r in kp] == ["TASS", "KP.ru"]
    assert case.con.execute(
        "SELECT count(*) FROM statements WHERE actor = 'EUvsDisinfo (outlet not given)'"
    ).fetchone() == (229,)


def test_real_euvsdisinfo_cases(case: Case, shared_data: Path) -> None:
    path = shared_data / CASES
    assert choose_reader("statements", path).format == "euvsdisinfo-cases"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (3_071, 0)
    first, second = _rows(case, "locator IN ('line 2', 'line 3')")
    assert first["actor"] == "TV Zvezda"
    assert first["published"] == datetime(2017, 10, 3)
    assert first["day_only"]
    assert first["title"] == "Explosions in Vinnitsa were organized by Ukrainian soldiers"
    assert first["text"].startswith(
        "Explosions in Vinnitsa were organized by Ukrainian soldiers. The recent explosions"
    )
    assert first["url"] == "https://tvzvezda.ru/news/vstrane_i_mire/content/201710030853-nx7c.htm"
    assert (first["language"], first["platform"]) == ("ru", "euvsdisinfo")
    assert first["keywords"] == ["TV Zvezda", "Military"]
    extra = json.loads(first["extra"])
    assert (extra["issue"], extra["origin"], extra["reported_by"]) == (
        "82",
        "Ukraine",
        "Promote Ukraine NGO",
    )
    assert extra["disproof"].startswith("TV Zvezda is a regular mouthpiece")
    # "Moldova" is a country, not a language: no code, the name kept in extra
    assert second["language"] is None and json.loads(second["extra"])["language"] == "Moldova"
    # records with line breaks in quoted fields: each located by the line it starts on
    starts = [r["locator"] for r in _rows(case, "TRUE")][:6]
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        expected = []
        for _ in range(6):
            start = reader.line_num + 1
            next(reader)
            expected.append(f"line {start}")
    assert starts == expected == ["line 2", "line 3", "line 5", "line 6", "line 12", "line 13"]
    # no doubled full stop where the title ends a sentence already
    assert case.con.execute(
        "SELECT count(*) FILTER (WHERE starts_with(text, title || '. ')),"
        " count(*) FILTER (WHERE title LIKE '%.' AND starts_with(text, title || ' ')),"
        " count(*) FILTER (WHERE starts_with(text, title || '.. '))"
        " FROM statements WHERE length(text) > length(title)"
    ).fetchone() == (187, 2_858, 0)


def test_real_telegram_csv(case: Case, shared_data: Path) -> None:
    path = shared_data / TELEGRAM
    assert choose_reader("statements", path).format == "telegram-csv"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (505, 0)
    [first] = _rows(case, "external_id = '28614'")
    assert first["actor"] == "Russian MFA (Telegram)"
    assert first["published"] == datetime(2026, 3, 9, 8, 4, 57)
    assert not first["day_only"] and not first["truncated"]
    assert first["text"].startswith("#KievRegimeCrimes 📑 A Report on the crimes of the Kiev")
    assert "\n" not in first["text"] and "  " not in first["text"]
    assert (first["platform"], first["language"], first["url"]) == ("telegram", "en", None)
    assert first["locator"] == "line 2"
    extra = json.loads(first["extra"])
    assert extra["has_photo"] is True and extra["views"] == "5.37K"
    assert extra["urls"][2] == "https://t.me/miroshnik_r"
    [second] = _rows(case, "external_id = '28619'")
    assert second["locator"] == "line 20"  # the first record spans lines 2-19
    assert case.con.execute(
        "SELECT count(DISTINCT actor), min(published), max(published) FROM statements"
    ).fetchone() == (1, datetime(2025, 12, 19, 15, 6, 58), datetime(2026, 3, 10, 8, 19, 13))


@pytest.mark.parametrize(("year", "count"), [(2022, 2_217), (2023, 3_133), (2024, 3_179)])
def test_real_telegram_index(case: Case, shared_data: Path, year: int, count: int) -> None:
    path = shared_data / INDEX.format(year)
    assert choose_reader("statements", path).format == "telegram-index-json"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (count, 0)
    assert case.con.execute(
        "SELECT count(*) FILTER (WHERE NOT day_only), count(DISTINCT actor),"
        " count(*) FILTER (WHERE external_id IS NOT NULL), min(year(published)),"
        " max(year(published)) FROM statements"
    ).fetchone() == (0, 1, 0, year, year)
    items = json.loads(path.read_text(encoding="utf-8"))
    whole = sum(1 for item in items if len(item["t"]) < 120)
    assert case.con.execute(
        "SELECT count(*) FILTER (WHERE NOT truncated) FROM statements"
    ).fetchone() == (whole,)


def test_real_index_has_the_new_caledonia_comment(case: Case, shared_data: Path) -> None:
    ingest(case, "statements", shared_data / INDEX.format(2024))
    [comment] = _rows(case, "text LIKE '%zakharova on riots in new caledonia%'")
    assert comment["published"] == datetime(2024, 5, 20)
    assert comment["day_only"] and comment["truncated"]
    assert comment["actor"] == "Russian MFA (Telegram)"
    assert comment["text"] == (
        "⚡️ comment by foreign ministry spokeswoman maria zakharova on riots in new caledonia"
        " on may 13, thousands of peopl"
    )
    assert comment["keywords"] == ["Politics & Government"]
    assert (comment["platform"], comment["language"], comment["external_id"]) == (
        "telegram",
        "en",
        None,
    )
    assert comment["extra"] is None
    assert comment["locator"] == "item[2092]"


def test_real_files_twice_are_no_ops(case: Case, shared_data: Path) -> None:
    paths = [shared_data / p for p in (CASES, TELEGRAM, INDEX.format(2022))]
    first = [ingest(case, "statements", p) for p in paths]
    again = [ingest(case, "statements", p) for p in paths]
    assert all(r.already_ingested for r in again)
    assert [r.source_id for r in again] == [r.source_id for r in first]
    assert case.con.execute("SELECT count(*) FROM statements").fetchone() == (3_071 + 505 + 2_217,)
