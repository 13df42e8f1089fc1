"""Frames counted per actor and month: how often each actor casts events a given way.

A frame is a list of patterns matched at the start of a word, case and accents ignored, in any
language ("colonial" matches "colonialism", "neo-colonial" and "colonial-era"); a statement
counts once per frame however many of its patterns it holds. The bundled lexicon is
`data/frames.toml`; case.toml's `[frames.<name>]` adds frames or replaces bundled ones.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hybridwatch.case import Case


@dataclass(frozen=True)
class Frame:
    name: str
    description: str
    patterns: tuple[str, ...]


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def bundled() -> list[Frame]:
    text = resources.files("hybridwatch.narratives").joinpath("data/frames.toml").read_text("utf-8")
    return [
        Frame(name, table.get("description", ""), tuple(table["patterns"]))
        for name, table in tomllib.loads(text)["frames"].items()
    ]


def frames(case_frames: dict[str, tuple[str, ...]]) -> list[Frame]:
    by_name = {f.name: f for f in bundled()}
    for name, patterns in case_frames.items():
        by_name[name] = Frame(name, "from case.toml", patterns)
    return list(by_name.values())


def matcher(frame: Frame) -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(fold(p)) for p in sorted(frame.patterns, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})")


def counts(case: Case) -> list[dict[str, Any]]:
    """Per frame, actor and month: statements using the frame, of how many by that actor."""
    chosen = frames(case.settings.narratives.frames)
    rows = case.con.execute(
        """
        SELECT coalesce(sa.actor_id, s.actor), strftime(s.published, '%Y-%m'), s.text
        FROM statements AS s LEFT JOIN statement_actors AS sa ON sa.statement_id = s.id
        """
    ).fetchall()
    compiled = [(f, matcher(f)) for f in chosen]
    total: Counter[tuple[str, str]] = Counter()
    framed: Counter[tuple[str, str, str]] = Counter()
    for actor, month, text in rows:
        total[(actor, month)] += 1
        folded = fold(text)
        for frame, pattern in compiled:
            if pattern.search(folded):
                framed[(frame.name, actor, month)] += 1
    return [
        {
            "frame": name,
            "actor": actor,
            "month": month,
            "statements": n,
            "of": total[(actor, month)],
            "share": round(n / total[(actor, month)], 3),
        }
        for (name, actor, month), n in sorted(framed.items())
    ]
