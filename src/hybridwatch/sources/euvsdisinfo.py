"""EUvsDisinfo's database of pro-Kremlin disinformation cases, to `statements`.

`euvsdisinfo-posts`: the scraped posts table (github.com/cknabs/EUvsDisinfo, 2015–2021), columns
`date,id,title,countries,keywords,languages,outlets`, lists separated by '+' (a few outlet
lists by line breaks). One statement per case and outlet that carried it: `actor` is the outlet
as EUvsDisinfo names it ("TASS - Russian", "Rossia 24 - YouTube"), or "EUvsDisinfo (outlet not
given)" for a case that names none; `text` and `title` are the case's title (EUvsDisinfo's
summary of the claim); `external_id` and `url` the case's page. The scrape ends long outlet lists
with the page's "Show more" button: it is no outlet and is dropped (`extra.outlets_cut` says the
list is incomplete); an outlet named twice in one case (two of its publications) speaks once,
and `extra.outlets` keeps the list as given.

`euvsdisinfo-cases`: the older cases export (2015–2017), columns `issue,date,outlet,language,
origin,reported by,keywords,source,title,summary,disproof`, dates MM/DD/YY, fields with line
breaks. One statement per case: `actor` the outlet, `text` the title and summary joined as one
paragraph, `url` the source, keywords separated by ','.

`language` is the (first) language named, as ISO 639-1 where it has a code; the names as given
stay in `extra`. The locator of a row is the line its CSV record starts on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from hybridwatch.grading import Grade
from hybridwatch.sources.base import Chunk, Reader, register
from hybridwatch.sources.statements import (
    KIND,
    STATEMENTS,
    TABLE,
    CsvRecords,
    Invalid,
    StatementRows,
    clean,
    csv_header,
    iso_when,
    language_code,
)

# EUvsDisinfo: the EEAS East StratCom Task Force's curated, sourced and checked case database.
EUVSDISINFO_GRADE = Grade("B", 2)
PLATFORM = "euvsdisinfo"
NO_OUTLET = "EUvsDisinfo (outlet not given)"
SHOW_MORE = "show more"  # the scraped page's button at the end of a cut outlet list

POSTS_COLUMNS = ("date", "id", "title", "countries", "keywords", "languages", "outlets")
CASES_COLUMNS = (
    "issue",
    "date",
    "outlet",
    "language",
    "origin",
    "reported by",
    "keywords",
    "source",
    "title",
    "summary",
    "disproof",
)
_LIST_SEPARATOR = re.compile(r"\+|\r\n|\r|\n")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")


def split_list(text: str) -> list[str]:
    """The items of a '+'-separated list (line breaks separate too), cleaned, empties dropped."""
    return [item for item in (clean(part) for part in _LIST_SEPARATOR.split(text)) if item]


def outlets_of(text: str) -> tuple[list[str], list[str], bool]:
    """(the outlets of a case as listed, "Show more" dropped; the same, each once; whether the
    list was cut at "Show more")."""
    listed = split_list(text)
    named = [outlet for outlet in listed if outlet.casefold() != SHOW_MORE]
    return named, list(dict.fromkeys(named)), len(named) < len(listed)


def us_date(text: str) -> datetime:
    """A MM/DD/YY (or MM/DD/YYYY) date; two-digit years are 20YY."""
    match = _US_DATE.fullmatch(text.strip())
    if not match:
        raise Invalid(f"date {text.strip()!r} is not MM/DD/YY")
    month, day, year = (int(part) for part in match.groups())
    try:
        return datetime(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        raise Invalid(f"date {text.strip()!r} is no calendar date") from None


def title_and_summary(title: str, summary: str) -> str:
    """One paragraph: the title, its full stop (unless it ends a sentence already), the summary."""
    head, tail = clean(title), clean(summary)
    if not tail:
        return head
    if not head:
        return tail
    return f"{head} {tail}" if _ENDS_SENTENCE.search(head) else f"{head}. {tail}"


@register
class EuvsdisinfoPostsReader(Reader):
    """EUvsDisinfo posts (2015–2021 scrape): one statement per case and outlet."""

    kind = KIND
    format = "euvsdisinfo-posts"
    table = TABLE
    schema = STATEMENTS
    default_grade = EUVSDISINFO_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return {"id", "title", "countries", "outlets"} <= csv_header(head)

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = StatementRows()
        cut = repeated = no_outlet = 0
        with path.open("rb") as raw:
            table = CsvRecords(path, raw, ("date", "id", "title", "outlets"))
            for where, values in table.rows(rows):
                try:
                    published, day_only = iso_when(values["date"])
                except Invalid as exc:
                    rows.reject(where, str(exc))
                    continue
                if not clean(values["title"]):
                    rows.reject(where, "no title")
                    continue
                named, outlets, was_cut = outlets_of(values["outlets"])
                cut += was_cut
                repeated += len(named) - len(outlets)
                languages = split_list(values.get("languages", ""))
                extra = {
                    "countries": split_list(values.get("countries", "")),
                    "languages": languages,
                    "outlets": named,
                    "outlets_cut": True if was_cut else None,
                }
                if not outlets:
                    no_outlet += 1
                speakers = outlets or [NO_OUTLET]
                for number, outlet in enumerate(speakers, 1):
                    rows.statement(
                        f"{where}, outlet {number}" if len(speakers) > 1 else where,
                        actor=outlet,
                        published=published,
                        day_only=day_only,
                        text=values["title"],
                        title=values["title"],
                        language=language_code(languages[0]) if languages else None,
                        url=values["id"],
                        platform=PLATFORM,
                        external_id=values["id"],
                        keywords=split_list(values.get("keywords", "")),
                        extra=extra,
                    )
                if rows.full:
                    yield rows.take(raw.tell())
            last = rows.take(raw.tell())
            last.notes["cases whose outlet list ends in 'Show more' (dropped: not an outlet)"] = cut
            last.notes["outlets named twice in one case, stored once"] = repeated
            last.notes[f"cases naming no outlet (actor {NO_OUTLET!r})"] = no_outlet
            yield last


@register
class EuvsdisinfoCasesReader(Reader):
    """EUvsDisinfo cases export (2015–2017): one statement per case."""

    kind = KIND
    format = "euvsdisinfo-cases"
    table = TABLE
    schema = STATEMENTS
    default_grade = EUVSDISINFO_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return {"issue", "outlet", "disproof"} <= csv_header(head)

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = StatementRows()
        with path.open("rb") as raw:
            table = CsvRecords(path, raw, ("date", "outlet", "title"))
            for where, values in table.rows(rows):
                try:
                    published = us_date(values["date"])
                except Invalid as exc:
                    rows.reject(where, str(exc))
                    continue
                if not clean(values["title"]):
                    rows.reject(where, "no title")
                    continue
                language = values.get("language", "")
                rows.statement(
                    where,
                    actor=clean(values["outlet"]) or NO_OUTLET,
                    published=published,
                    day_only=True,
                    text=title_and_summary(values["title"], values.get("summary", "")),
                    title=values["title"],
                    language=language_code(language),
                    url=values.get("source"),
                    platform=PLATFORM,
                    keywords=values.get("keywords", "").split(","),
                    extra={
                        "issue": clean(values.get("issue")) or None,
                        "language": clean(language) or None,
                        "origin": clean(values.get("origin")) or None,
                        "reported_by": clean(values.get("reported by")) or None,
                        "disproof": clean(values.get("disproof")) or None,
                    },
                )
                if rows.full:
                    yield rows.take(raw.tell())
            yield rows.take(raw.tell())
