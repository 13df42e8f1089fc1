"""Canonical actors: who speaks, from which country, as what kind of voice.

Sources name speakers in many ways ("TASS - Russian", "60 minut @Rossiya 1 - YouTube",
"Russian MFA (Telegram)", "@MFA_Russia"). Each is resolved to one canonical actor from the
bundled list (`data/actors.csv`: public facts about ministries, officials and state outlets)
and the case's own `[actors.<id>]` tables in case.toml, which add actors or replace bundled ones.
A speaker matching none stays an actor of its own ("unresolved:<name>", kind unknown), so no
statement is dropped and the analyst sees what to map.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

KINDS = (
    "government",
    "official",
    "state media",
    "proxy",
    "independent media",
    "account",
    "unknown",
)
# Kinds whose echoes are measured in minutes, not days (coordination windows).
FAST_KINDS = frozenset({"account"})
UNRESOLVED = "unresolved:"


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    country: str | None
    kind: str
    aliases: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()


def fold(name: str) -> str:
    """Case, accents and punctuation folded away: "Rossía-24 " → "rossia 24"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w@./]+", " ", text).split())


def bundled() -> list[Actor]:
    text = resources.files("hybridwatch.narratives").joinpath("data/actors.csv").read_text("utf-8")
    return [
        Actor(
            row["id"],
            row["name"],
            row["country"] or None,
            row["kind"],
            tuple(a for a in row["aliases"].split("|") if a),
            tuple(h for h in row["handles"].split("|") if h),
        )
        for row in csv.DictReader(text.splitlines())
    ]


def _candidates(speaker: str) -> list[str]:
    """The speaker string and the parts of it that may name the outlet.

    EUvsDisinfo writes "programme @channel - platform" and "outlet - language": the channel after
    `@` and the part before ` - ` are tried as well as the whole.
    """
    parts = [speaker]
    if "@" in speaker[1:]:
        parts.append(speaker.rsplit("@", 1)[1])
    parts += [p.split(" - ")[0] for p in list(parts) if " - " in p]
    return [fold(p) for p in parts if fold(p)]


class ActorIndex:
    """Resolves speakers to actors: exact alias or handle first, then an alias as whole words
    inside the speaker's name (the longest alias wins)."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {}
        for actor in actors:
            self.actors[actor.id] = actor
        self._exact: dict[str, tuple[str, str]] = {}
        words: list[tuple[str, str]] = []
        for actor in self.actors.values():
            for handle in actor.handles:
                self._exact.setdefault(fold(handle), (actor.id, "handle"))
            for alias in (actor.name, *actor.aliases):
                key = fold(alias)
                self._exact.setdefault(key, (actor.id, "alias"))
                if len(key) >= 2:
                    words.append((key, actor.id))
        words.sort(key=lambda pair: -len(pair[0]))
        # folded aliases are words joined by single spaces: an alias is inside a name when its
        # words run together in the name's; each keeps its rank (the longest first)
        self._ranked: dict[str, tuple[int, str]] = {}
        for rank, (key, actor_id) in enumerate(words):
            self._ranked.setdefault(key, (rank, actor_id))
        self._longest = max((key.count(" ") + 1 for key in self._ranked), default=0)
        self._cache: dict[str, tuple[Actor, str]] = {}

    def resolve(self, speaker: str) -> tuple[Actor, str]:
        """(actor, how): how is "handle", "alias" or "unresolved"."""
        if speaker in self._cache:
            return self._cache[speaker]
        found = self._resolve(speaker)
        self._cache[speaker] = found
        return found

    def _resolve(self, speaker: str) -> tuple[Actor, str]:
        candidates = _candidates(speaker)
        for key in candidates:
            if key in self._exact:
                actor_id, how = self._exact[key]
                return self.actors[actor_id], how
        for key in candidates:
            words = key.split(" ")
            found = [
                self._ranked[run]
                for start in range(len(words))
                for end in range(start + 1, min(start + self._longest, len(words)) + 1)
                if (run := " ".join(words[start:end])) in self._ranked
            ]
            if found:
                return self.actors[min(found)[1]], "alias"
        name = " ".join(speaker.split())
        key = candidates[0] if candidates else fold(name)
        return Actor(f"{UNRESOLVED}{key}", name, None, "unknown"), "unresolved"


def merged(case_actors: Iterable[Actor]) -> list[Actor]:
    """The bundled actors with the case's added, a case entry replacing a bundled one by id."""
    by_id = {actor.id: actor for actor in bundled()}
    for actor in case_actors:
        by_id[actor.id] = actor
    return list(by_id.values())
