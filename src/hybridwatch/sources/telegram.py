"""Telegram channel exports, to `statements`: one statement per message.

`telegram-csv`: a channel scraped to CSV, columns `message_id,date,text,urls,has_photo,views`
(`date` ISO 8601 with offset; `urls` separated by '|'; texts with line breaks, quoted). An
optional `channel` column names the speaker per message; other columns go to `extra`.

`telegram-index-json`: a channel index, a JSON list of `{"t": text, "d": "YYYY-MM-DD",
"s": snippet, "cat": category}` in which the text is lower-cased and cut at 120 characters: such
a statement is `truncated` (a text shorter than 120 characters is whole), `day_only`, with the
category as its keyword. Locators are the item's 0-based index, `item[2092]`.

Neither export names its channel, so the actor comes from the file name: a stem starting with
`russia-mfa` (`russia-mfa-telegram-index-2024.json`) is "Russian MFA (Telegram)", the Russian
Foreign Ministry's English-language channel; any other stem gives the words before `telegram`,
or before the first word that starts with a digit (a date), and " (Telegram)":
`rybar-telegram-2024.csv` → "rybar (Telegram)". The message URL is not in either export and is
left NULL rather than guessed. `language` is "en" or "ru" where the text's function words make it
clear, otherwise NULL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hybridwatch.errors import InputError
from hybridwatch.sources.base import Chunk, Reader, open_maybe_gzip, register
from hybridwatch.sources.statements import (
    KIND,
    STATEMENT_GRADE,
    STATEMENTS,
    TABLE,
    CsvRecords,
    Invalid,
    StatementRows,
    clean,
    csv_header,
    detected_language,
    iso_when,
)

PLATFORM = "telegram"
INDEX_CUT = 120  # characters the index keeps of a message
CSV_COLUMNS = ("message_id", "date", "text", "urls", "has_photo", "views", "channel")
INDEX_KEYS = ("t", "d", "s", "cat")
MAX_INDEX_BYTES = 200 * 1024 * 1024
_SUFFIXES = (".gz", ".csv", ".json", ".jsonl")


def channel_actor(path: Path) -> str:
    """The speaker of a channel export, from its file name (see the module's docstring)."""
    stem = path.name.lower()
    for suffix in _SUFFIXES:
        stem = stem.removesuffix(suffix)
    words = [word for word in re.split(r"[-_.\s]+", stem) if word]
    if words[:2] == ["russia", "mfa"]:
        return "Russian MFA (Telegram)"
    if "telegram" in words:
        words = words[: words.index("telegram")]
    else:
        dated = [i for i, word in enumerate(words) if word[0].isdigit()]
        words = words[: dated[0]] if dated else words
    return f"{' '.join(words) or stem} (Telegram)"


def _flag(text: str) -> bool | str | None:
    value = text.strip()
    if value.casefold() in ("true", "1", "yes"):
        return True
    if value.casefold() in ("false", "0", "no"):
        return False
    return value or None


@register
class TelegramCsvReader(Reader):
    """A Telegram channel scraped to CSV: message_id, date, text, urls, has_photo, views."""

    kind = KIND
    format = "telegram-csv"
    table = TABLE
    schema = STATEMENTS
    default_grade = STATEMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return {"message_id", "date", "text"} <= csv_header(head)

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = StatementRows()
        actor = channel_actor(path)
        with path.open("rb") as raw:
            table = CsvRecords(path, raw, ("message_id", "date", "text"))
            others = {
                given: name
                for given, name in zip(table.given, table.header, strict=True)
                if name not in CSV_COLUMNS
            }
            for where, values in table.rows(rows):
                try:
                    published, day_only = iso_when(values["date"])
                except Invalid as exc:
                    rows.reject(where, str(exc))
                    continue
                text = clean(values["text"])
                extra: dict[str, Any] = {
                    "urls": [url for url in values.get("urls", "").split("|") if url.strip()]
                    or None,
                    "has_photo": _flag(values.get("has_photo", "")),
                    "views": clean(values.get("views")) or None,
                }
                extra |= {given: values[name] for given, name in others.items() if values[name]}
                rows.statement(
                    where,
                    actor=clean(values.get("channel")) or actor,
                    published=published,
                    day_only=day_only,
                    text=text,
                    language=detected_language(text) if text else None,
                    platform=PLATFORM,
                    external_id=values["message_id"],
                    extra=extra,
                )
                if rows.full:
                    yield rows.take(raw.tell())
            yield rows.take(raw.tell())


@register
class TelegramIndexReader(Reader):
    """A channel index: JSON list of {t: text cut at 120 characters, d: date, s, cat}."""

    kind = KIND
    format = "telegram-index-json"
    table = TABLE
    schema = STATEMENTS
    default_grade = STATEMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return (
            start.startswith(b"[")
            and bool(re.search(rb'"t"\s*:', start))
            and bool(re.search(rb'"cat"\s*:', start))
        )

    def read(self, path: Path) -> Iterator[Chunk]:
        with path.open("rb") as raw:
            try:
                data = open_maybe_gzip(raw).read(MAX_INDEX_BYTES + 1)
            except (OSError, EOFError) as exc:
                raise InputError(path, f"damaged or truncated compressed data ({exc})") from exc
        if len(data) > MAX_INDEX_BYTES:
            raise InputError(path, f"over the {MAX_INDEX_BYTES:,}-byte limit for an index")
        try:
            items = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                path, f"not valid JSON ({exc.msg})", f"line {exc.lineno} column {exc.colno}"
            ) from exc
        if not isinstance(items, list):
            raise InputError(path, "expected a JSON list of {t, d, s, cat} items")
        actor = channel_actor(path)
        rows = StatementRows()
        for index, item in enumerate(items):
            where = f"item[{index}]"
            if not isinstance(item, dict):
                rows.reject(where, "not a JSON object")
                continue
            text, day, category = item.get("t"), item.get("d"), item.get("cat")
            if not isinstance(text, str) or not isinstance(day, str):
                rows.reject(where, "no text (t) or date (d)")
                continue
            try:
                published, day_only = iso_when(day)
            except Invalid as exc:
                rows.reject(where, str(exc))
                continue
            cleaned = clean(text)
            rows.statement(
                where,
                actor=actor,
                published=published,
                day_only=day_only,
                text=cleaned,
                language=detected_language(cleaned) if cleaned else None,
                platform=PLATFORM,
                truncated=len(text) >= INDEX_CUT,
                keywords=[category] if isinstance(category, str) else [],
                extra={key: value for key, value in item.items() if key not in INDEX_KEYS},
            )
            if rows.full:
                yield rows.take(len(data))
        yield rows.take(len(data))
