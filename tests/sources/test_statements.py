"""Statements: the generic CSV and JSONL formats, small EUvsDisinfo and Telegram files written
here, damaged input, idempotence, and `hybridwatch ingest statements` from the CLI."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest
from hybridwatch.sources.euvsdisinfo import outlets_of, title_and_summary, us_date
from hybridwatch.sources.statements import Invalid, clean, iso_when, language_code
from hybridwatch.sources.telegram import channel_actor
from tests.cli.test_cli import run, run_json


def rows(case: Case) -> list[dict[str, Any]]:
    cursor = case.con.execute("SELECT * FROM statements ORDER BY id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- helpers ------------------------------------------------------------------------------------


def test_iso_when_dates_and_datetimes() -> None:
    assert iso_when("2024-05-20") == (datetime(2024, 5, 20), True)
    assert iso_when("2024-05-20T14:30:00+03:00") == (datetime(2024, 5, 20, 11, 30), False)
    assert iso_when("2024-05-20T23:30:00-02:00") == (datetime(2024, 5, 21, 1, 30), False)
    assert iso_when("2024-05-20T14:30Z") == (datetime(2024, 5, 20, 14, 30), False)
    assert iso_when(" 2024-05-20 14:30:05.250 ") == (
        datetime(2024, 5, 20, 14, 30, 5, 250000),
        False,
    )
    for bad in ("20 May 2024", "2024-13-01", "yesterday"):
        with pytest.raises(Invalid, match="not an ISO 8601"):
            iso_when(bad)
    with pytest.raises(Invalid, match="no date"):
        iso_when("  ")


def test_language_codes() -> None:
    assert [language_code(n) for n in ("Russian", "english", "rus", "ru", "en-US", "pt_BR")] == [
        "ru",
        "en",
        "ru",
        "ru",
        "en",
        "pt",
    ]
    assert [language_code(n) for n in ("Greek", "Swahili", "Catalan", "Moldavian")] == [
        "el",
        "sw",
        "ca",
        "ro",
    ]
    # countries, languages without a two-letter code, nothing
    assert [language_code(n) for n in ("Moldova", "Spain", "Montenegrin", "", None)] == [None] * 5


def test_clean_normalises_text() -> None:
    assert clean("  Cafe\u0301 \n\n said\u00a0\tthis  ") == "Café said this"
    assert clean(None) == ""


def test_euvsdisinfo_helpers() -> None:
    assert outlets_of("A+B+A+Show more") == (["A", "B", "A"], ["A", "B"], True)
    assert outlets_of("TASS\r\nKP.ru") == (["TASS", "KP.ru"], ["TASS", "KP.ru"], False)
    assert outlets_of("") == ([], [], False)
    assert us_date("10/03/17") == datetime(2017, 10, 3)
    assert us_date("2/9/2016") == datetime(2016, 2, 9)
    with pytest.raises(Invalid, match="no calendar date"):
        us_date("02/30/17")
    with pytest.raises(Invalid, match="not MM/DD/YY"):
        us_date("2017-10-03")
    assert title_and_summary("A claim", "The summary.") == "A claim. The summary."
    assert title_and_summary("A claim.", "The summary.") == "A claim. The summary."
    assert title_and_summary("A claim?", " The\nsummary.") == "A claim? The summary."
    assert title_and_summary("“A claim.”", "The summary.") == "“A claim.” The summary."
    assert title_and_summary("A claim", "") == "A claim"


def test_channel_actor_from_file_names() -> None:
    assert channel_actor(Path("russia-mfa-telegram-index-2024.json")) == "Russian MFA (Telegram)"
    assert channel_actor(Path("russia_mfa.csv.gz")) == "Russian MFA (Telegram)"
    assert channel_actor(Path("rybar-telegram-2024.csv")) == "rybar (Telegram)"
    assert channel_actor(Path("mod-russia-en-2024-01.csv")) == "mod russia en (Telegram)"
    assert channel_actor(Path("2024.json")) == "2024 (Telegram)"


# --- the generic formats ------------------------------------------------------------------------

GENERIC_CSV = (
    "Actor,Date,Text,Language,URL,Platform,Title,ID,Keywords,Reach\n"
    'Maria Zakharova,2024-05-20,"We call on Paris to show restraint.\n\nThe people decide.",'
    "Russian,https://mid.ru/1,web,New Caledonia,mz-1,France; New Caledonia ;,12000\n"
    "Sergey Lavrov,2024-05-21T10:15:00+03:00,Another statement,en,,,,,,\n"
    ",2024-05-21,No actor,,,,,,,\n"
    "Sergey Lavrov,21/05/2024,Bad date,,,,,,,\n"
    "Sergey Lavrov,2024-05-22,   ,,,,,,,\n"
    "Sergey Lavrov,2024-05-22,too few fields\n"
    "Sergey Lavrov,2024-05-23,Unknown language,Klingon,,,,,,\n"
)


def test_generic_csv(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "statements.csv", GENERIC_CSV)
    assert choose_reader("statements", path).format == "statements-csv"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (3, 4)
    assert result.rejections == [
        "line 6: no actor",
        "line 7: date '21/05/2024' is not an ISO 8601 date or datetime",
        "line 8: no text",
        "line 9: expected 10 fields, found 3",
    ]
    first, second, third = rows(case)
    assert first == first | {
        "actor": "Maria Zakharova",
        "published": datetime(2024, 5, 20),
        "day_only": True,
        "text": "We call on Paris to show restraint. The people decide.",
        "title": "New Caledonia",
        "language": "ru",
        "url": "https://mid.ru/1",
        "platform": "web",
        "external_id": "mz-1",
        "truncated": False,
        "keywords": ["France", "New Caledonia"],
        "locator": "line 2",
    }
    assert json.loads(first["extra"]) == {"Reach": "12000"}
    assert second["published"] == datetime(2024, 5, 21, 7, 15)
    assert not second["day_only"]
    assert (second["language"], second["url"], second["keywords"], second["extra"]) == (
        "en",
        None,
        [],
        None,
    )
    assert (second["locator"], third["locator"]) == ("line 5", "line 10")  # line 2 spans 2-4
    assert third["language"] is None
    assert json.loads(third["extra"]) == {"language": "Klingon"}


def test_generic_csv_datetime_column_and_gzip(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "s.csv.gz"
    path.write_bytes(
        gzip.compress(b"datetime,actor,text\n2024-01-02T03:04:05Z,A,Said it\n2024-01-03,B,Too\n")
    )
    assert choose_reader("statements", path).format == "statements-csv"
    assert ingest(case, "statements", path).accepted == 2
    assert [(r["published"], r["day_only"]) for r in rows(case)] == [
        (datetime(2024, 1, 2, 3, 4, 5), False),
        (datetime(2024, 1, 3), True),
    ]


def test_generic_csv_wrong_columns(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "speaker,date,text\nA,2024-01-01,x\n")
    with pytest.raises(InputError, match="missing column"):
        ingest(case, "statements", path, fmt="statements-csv")
    path = write(tmp_path, "t.csv", "actor,when,text\nA,2024-01-01,x\n")
    with pytest.raises(InputError, match="missing column date or datetime"):
        ingest(case, "statements", path, fmt="statements-csv")
    path = write(tmp_path, "u.csv", 'actor,date,text\nA,2024-01-01,"never closed\n')
    with pytest.raises(InputError, match=r"line 2: malformed CSV \(unexpected end of data\)"):
        ingest(case, "statements", path, fmt="statements-csv")
    path = tmp_path / "latin.csv"
    path.write_bytes("actor,date,text\nA,2024-01-01,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        ingest(case, "statements", path)
    assert case.con.execute("SELECT count(*) FROM statements").fetchone() == (0,)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


GENERIC_JSONL = "\n".join(
    [
        json.dumps(
            {
                "Actor": "Maria Zakharova",
                "datetime": "2024-05-20T14:30:00+03:00",
                "text": "  We  call\non Paris. ",
                "keywords": ["France", "France", " New Caledonia "],
                "id": 17,
                "views": 5370,
                "tags": {"a": 1},
            },
            ensure_ascii=False,
        ),
        "",
        json.dumps({"actor": "A", "date": "2024-05-21", "text": "Split", "keywords": "x; y"}),
        '["not", "an", "object"]',
        json.dumps({"actor": "A", "date": "2024-05-21", "text": ["a", "list"]}),
        json.dumps({"actor": "A", "text": "No date"}),
        json.dumps({"actor": "A", "date": "2024-05-21", "text": "kw", "keywords": [1, 2]}),
        '{"actor": "A", "date": "2024-05-21", "text": "cut',
    ]
)


def test_generic_jsonl(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "statements.jsonl", GENERIC_JSONL)
    assert choose_reader("statements", path).format == "statements-jsonl"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (2, 5)
    assert result.rejections == [
        "line 4: not a JSON object",
        "line 5: text must be text, not list",
        "line 6: no date",
        "line 7: keywords must be a list of strings",
        "line 8: not valid JSON at column 46 (Unterminated string starting at)",
    ]
    first, second = rows(case)
    assert first == first | {
        "actor": "Maria Zakharova",
        "published": datetime(2024, 5, 20, 11, 30),
        "day_only": False,
        "text": "We call on Paris.",
        "external_id": "17",
        "keywords": ["France", "New Caledonia"],
        "locator": "line 1",
    }
    assert json.loads(first["extra"]) == {"views": 5370, "tags": {"a": 1}}
    assert (second["keywords"], second["locator"]) == (["x", "y"], "line 3")


def test_file_without_any_valid_row_is_refused(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "s.jsonl", '{"actor": "A", "date": "soon", "text": "x"}\n')
    with pytest.raises(
        InputError,
        match=r"no valid rows \(1 rejected; first problem: line 1: date 'soon' is not an ISO",
    ):
        ingest(case, "statements", path)
    assert case.con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_same_file_twice_is_a_no_op(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "statements.csv", GENERIC_CSV)
    first = ingest(case, "statements", path)
    again = ingest(case, "statements", path)
    assert again.already_ingested and again.source_id == first.source_id
    assert (again.accepted, again.rejected) == (3, 4)
    copy = write(tmp_path, "copy.csv", GENERIC_CSV)  # same bytes under another name
    assert ingest(case, "statements", copy).already_ingested
    assert case.con.execute("SELECT count(*) FROM statements").fetchone() == (3,)


# --- small EUvsDisinfo and Telegram files -------------------------------------------------------

POSTS = (
    "date,id,title,countries,keywords,languages,outlets\n"
    "2021-02-18,https://euvsdisinfo.eu/report/a/,Claim A,Russia+Germany,Navalny+Putin,"
    "Russian+German,TASS - Russian+RT+TASS - Russian+Show more\n"
    "2021-02-17,https://euvsdisinfo.eu/report/b/,Claim B,,,Klingon,\n"
    "17/02/2021,https://euvsdisinfo.eu/report/c/,Claim C,,,,RT\n"
    '2021-02-16,https://euvsdisinfo.eu/report/d/,"",,,,RT\n'
)


def test_small_euvsdisinfo_posts(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "posts.csv", POSTS)
    assert choose_reader("statements", path).format == "euvsdisinfo-posts"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejected) == (3, 2)
    assert result.rejections == [
        "line 4: date '17/02/2021' is not an ISO 8601 date or datetime",
        "line 5: no title",
    ]
    tass, rt, nobody = rows(case)
    assert (tass["actor"], tass["locator"], rt["actor"], rt["locator"]) == (
        "TASS - Russian",
        "line 2, outlet 1",
        "RT",
        "line 2, outlet 2",
    )
    assert json.loads(tass["extra"]) == {
        "countries": ["Russia", "Germany"],
        "languages": ["Russian", "German"],
        "outlets": ["TASS - Russian", "RT", "TASS - Russian"],
        "outlets_cut": True,
    }
    assert (nobody["actor"], nobody["language"], nobody["locator"]) == (
        "EUvsDisinfo (outlet not given)",
        None,
        "line 3",
    )


def test_small_euvsdisinfo_cases(case: Case, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cases.csv",
        '"issue","date","outlet","language","origin","reported by","keywords","source","title",'
        '"summary","disproof"\n'
        '1,02/29/16,"Sputnik","Russian","EU","Team","A, B","https://x/1","Leap day claim",'
        '"It is\nso.","No."\n'
        '1,02/30/16,"Sputnik","Russian","EU","Team","","https://x/2","Bad day","",""\n',
    )
    assert choose_reader("statements", path).format == "euvsdisinfo-cases"
    result = ingest(case, "statements", path)
    assert (result.accepted, result.rejections) == (
        1,
        ["line 4: date '02/30/16' is no calendar date"],
    )
    [row] = rows(case)
    assert (row["published"], row["text"], row["keywords"]) == (
        datetime(2016, 2, 29),
        "Leap day claim. It is so.",
        ["A", "B"],
    )


def test_small_telegram_files(case: Case, tmp_path: Path) -> None:
    csv_path = write(
        tmp_path,
        "rybar-telegram-2024.csv",
        "message_id,date,text,urls,has_photo,views,forwards\n"
        '1,2024-01-01T10:00:00+03:00,"Что это такое? Это не то, что вы думаете, и он это знает.",'
        "https://t.me/x|,False,1.2K,7\n"
        "2,2024-01-01T11:00:00+00:00,,,True,5,\n"
        "3,not a date,x,,,,\n",
    )
    assert choose_reader("statements", csv_path).format == "telegram-csv"
    result = ingest(case, "statements", csv_path)
    assert (result.accepted, result.rejections) == (
        1,
        ["line 3: no text", "line 4: date 'not a date' is not an ISO 8601 date or datetime"],
    )
    [row] = rows(case)
    assert (row["actor"], row["published"], row["language"], row["external_id"]) == (
        "rybar (Telegram)",
        datetime(2024, 1, 1, 7),
        "ru",
        "1",
    )
    assert json.loads(row["extra"]) == {
        "urls": ["https://t.me/x"],
        "has_photo": False,
        "views": "1.2K",
        "forwards": "7",
    }
    index = write(
        tmp_path,
        "russia-mfa-telegram-index-2021.json",
        json.dumps(
            [
                {"t": "x" * 120, "d": "2021-03-01", "s": "x" * 60, "cat": "Sports"},
                {"t": "happy holidays!", "d": "2021-12-25", "s": "happy", "cat": "Sports", "n": 1},
                "not an object",
                {"t": "no date", "s": "", "cat": "Sports"},
                {"t": "bad date", "d": "2021-02-30", "cat": "Sports"},
                {"t": "  ", "d": "2021-03-01", "cat": "Sports"},
            ]
        ),
    )
    assert choose_reader("statements", index).format == "telegram-index-json"
    result = ingest(case, "statements", index)
    assert (result.accepted, result.rejections) == (
        2,
        [
            "item[2]: not a JSON object",
            "item[3]: no text (t) or date (d)",
            "item[4]: date '2021-02-30' is not an ISO 8601 date or datetime",
            "item[5]: no text",
        ],
    )
    cut, whole = rows(case)[1:]
    assert (cut["truncated"], whole["truncated"], whole["day_only"]) == (True, False, True)
    assert (whole["actor"], whole["keywords"], whole["locator"]) == (
        "Russian MFA (Telegram)",
        ["Sports"],
        "item[1]",
    )
    assert json.loads(whole["extra"]) == {"n": 1}


def test_truncated_index_json_is_refused(case: Case, tmp_path: Path) -> None:
    path = write(
        tmp_path, "russia-mfa-index.json", '[{"t": "a", "d": "2021-01-01", "cat": "x"}, {"t'
    )
    with pytest.raises(InputError, match=r"line 1 column \d+: not valid JSON"):
        ingest(case, "statements", path)
    path = write(tmp_path, "russia-mfa-dict.json", '{"t": "a", "cat": "x"}')
    with pytest.raises(InputError, match="expected a JSON list"):
        ingest(case, "statements", path, fmt="telegram-index-json")
    assert case.con.execute("SELECT count(*) FROM statements").fetchone() == (0,)


def test_unknown_layout_needs_a_format(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, "other.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="give --format"):
        ingest(case, "statements", path)


# --- the CLI ------------------------------------------------------------------------------------


def test_cli_ingest_statements(tmp_path: Path) -> None:
    case_dir = tmp_path / "c"
    run("init", str(case_dir), "--name", "statements")
    csv_path = write(tmp_path, "statements.csv", GENERIC_CSV)
    jsonl_path = write(tmp_path, "statements.jsonl", GENERIC_JSONL)
    results = run_json("ingest", "statements", str(csv_path), str(jsonl_path), "-C", str(case_dir))
    assert [(r["format"], r["accepted"], r["rejected"]) for r in results] == [
        ("statements-csv", 3, 4),
        ("statements-jsonl", 2, 5),
    ]
    again = run("ingest", "statements", str(csv_path), "-C", str(case_dir)).stdout
    assert "already ingested" in again
    broken = write(tmp_path, "index.json", "[")
    out = run(
        "ingest",
        "statements",
        str(broken),
        "-f",
        "telegram-index-json",
        "-C",
        str(case_dir),
        code=1,
    )
    assert "not valid JSON" in out.output
    assert "statements" in run("ingest", "--help").stdout


def test_text_cleaned_in_arrow_as_in_python() -> None:
    from hybridwatch.sources.statements import clean, clean_column

    # every character alone, between words, doubled and at the edges; decomposed accents
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = [f"{c}{c}a{c}b {c}e\u0301{c}" for c in characters] + ["", "   ", "x", "a  b", "a b "]
    texts += [f"a{c}b" for c in characters]  # one character alone between words
    cleaned = clean_column(texts).to_pylist()
    wrong = [t for t, got in zip(texts, cleaned, strict=True) if got != clean(t)]
    assert not wrong, f"{len(wrong)} texts cleaned otherwise, e.g. {wrong[:3]!r}"


# --- the generic CSV read at once by Arrow ------------------------------------------------------

PLAIN_CSV = (
    "Actor,Datetime,Text,Language,ID,Reach\n"
    'Maria Zakharova,2024-05-20T10:15:00Z,"Paris, show restraint ""now"".",Russian,a1,12\n'
    "Sergey Lavrov,2024-05-21,Another  statement,en,a2,\n"
    ",2024-05-21T10:00:00Z,No actor,,a3,\n"
    "Sergey Lavrov,2024-02-30,Thirtieth of February,,a4,\n"
    "Sergey Lavrov,0000-01-01,Year nought,,a5,\n"
    "Sergey Lavrov,2024-05-21T23:59:60Z,A leap second,,a6,\n"
    "Sergey Lavrov,2024-05-21T12:00:00+03:00,An offset,Klingon,a7,5\n"
    "Sergey Lavrov,2024-05-21T12:00:00.250Z,A fraction,fr,a8,\n"
    "Sergey Lavrov, 2024-05-22 ,Padded date,,a9,\n"
    ",,,,,\n"
    "Sergey Lavrov,2024-05-23,Cafe\u0301 and cafés,tr,a10,\n"
    '"Sergey Lavrov",2024-05-24,"",ru,a11,\n'
)


@pytest.mark.parametrize(
    "text",
    [
        'actor,date,text\nA,2024-05-20,"x"y\n',  # the csv module refuses text after a quote
        'actor,date,text\nA,2024-05-20,"two\nlines"\n',
        "actor,date,text\n\nA,2024-05-20,blank line before\n",
        "actor,date,text\rA,2024-05-20,bare carriage return\r",
        "actor,date,text\nA,2024-05-20,too,many\n",
        "actor,date,text\nA,2024-05-20,a NUL \x00\n",
        'actor,date,text\nA,2024-05-20,one " quote\n',
    ],
)
def test_files_arrow_would_read_otherwise_go_record_by_record(tmp_path: Path, text: str) -> None:
    from hybridwatch.sources.statements import _single_line_records

    path = tmp_path / "s.csv"
    path.write_bytes(text.encode())
    assert _single_line_records(path, 3) is None


def test_arrow_and_record_by_record_store_the_same(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hybridwatch.case import init
    from hybridwatch.sources import statements

    for line_end in ("\n", "\r\n"):
        path = write(tmp_path, f"plain{len(line_end)}.csv", PLAIN_CSV.replace("\n", line_end))
        assert statements._single_line_records(path, 6) is not None
        fast = ingest(case, "statements", path)
        other = init(tmp_path / f"slow{len(line_end)}", "slow")
        with monkeypatch.context() as patch:
            patch.setattr(statements, "_single_line_records", lambda *_: None)
            slow = ingest(other, "statements", path)
        assert (fast.accepted, fast.rejected) == (slow.accepted, slow.rejected) == (6, 5)
        assert fast.rejections == slow.rejections
        assert fast.rejections[:3] == [
            "line 4: no actor",
            "line 5: datetime '2024-02-30' is not an ISO 8601 date or datetime",
            "line 6: datetime '0000-01-01' is not an ISO 8601 date or datetime",
        ]
        query = (
            "SELECT * EXCLUDE (id, source_id) FROM statements WHERE source_id = ? ORDER BY locator"
        )
        fast_rows = case.con.execute(query, [fast.source_id]).fetchall()
        assert fast_rows == other.con.execute(query, [slow.source_id]).fetchall()
        other.close()
