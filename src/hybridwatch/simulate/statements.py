"""Seeded statement corpora with planted coordination: known truth for testing narrative detection.

    corpus = make_corpus(seed=1, statements=100_000, actors=2_000, planted_pairs=200)
    write_csv(corpus, Path("statements.csv"))  # hybridwatch's statements-csv
    write_peer_csv(corpus, Path("peer.csv"))   # coordination_network_toolkit's CSV input
    write_truth(corpus, Path("truth.json"))    # what was planted (`truth_json(corpus)`)

What is in a corpus:

- **Echoes** (the planted truth). A *leader* actor posts a statement of a message family
  (data/message_families.json: one English original, English paraphrases, translations of the
  original); after a lag its *follower* posts the same claim in other words: another English
  variant, or (share `cross_language_share`) a translation into French, Russian, Azerbaijani or
  Turkish. Followers sometimes put a short lead-in before it ("Must read:", "Важно:"). Each
  planted pair is one leader and one follower (a leader has about `followers_per_leader`
  followers); each pair echoes `echoes_per_pair` times.
- **Decoys**: actors who post family statements (an English variant or a translation) alone, in
  a stretch of time where no other statement of that family falls within `window_s`. A correct
  detector links them to nobody.
- **Background**: everyday statements (weather, sport, local economy, culture, transport,
  science, food, …) from templates with alternatives and slots (data/background.json), mostly
  English, some French, Russian, Azerbaijani and Turkish, posted by every actor; and a share
  (`loose_share`) of *loose* statements that mention a family's topic and keywords without its
  claim ("Heated debate about NATO at dinner…"), half of them posted close in time to an echo
  of that family: the near misses. Unrelated actors only ever post background.

Modes: `"accounts"` (social-media accounts: lags of 1–30 minutes by default, times to the
second, over 30 days) and `"state"` (state outlets and officials: lags of 1–3 calendar days,
over a year; `day_only_share` of the actors give only the date, stored at midnight UTC).

Each family's events sit in their own time slots, spaced so that statements of one family from
different events are always more than `window_s` apart: within the window, the only
same-family statements are the planted leader/follower pairs (and loose near misses, which
share the topic, not the claim). Every random choice comes from one `random.Random(seed)`: the
same arguments always give the same corpus, byte for byte in every writer.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
import random
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "CSV_HEADER",
    "MODES",
    "PEER_CSV_HEADER",
    "Corpus",
    "Decoy",
    "Family",
    "PlantedEcho",
    "Statement",
    "families",
    "make_corpus",
    "truth_json",
    "write_csv",
    "write_peer_csv",
    "write_truth",
]

Mode = Literal["accounts", "state"]
MODES: tuple[Mode, ...] = ("accounts", "state")
DAY_S = 86_400
DEFAULT_START = datetime(2024, 3, 1, tzinfo=UTC)
CSV_HEADER = ("actor", "datetime", "text", "language", "id")
# coordination_network_toolkit reads its CSV by position after skipping the header row
# (preprocess.preprocess_csv_files): 8 columns, timestamp in seconds, urls space-separated.
PEER_CSV_HEADER = (
    "message_id",
    "user_id",
    "username",
    "repost_id",
    "reply_id",
    "message",
    "timestamp",
    "urls",
)
ECHO_PREFIX_SHARE = 0.25
COMMENT_SHARE = 0.75  # background posts with a personal aside after the news item


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One claim in several wordings: `variants("en")` is the original then the paraphrases."""

    id: str
    topic: str
    keywords: tuple[str, ...]
    original: str
    paraphrases: tuple[str, ...]
    translations: dict[str, str]

    def english(self) -> tuple[str, ...]:
        return (self.original, *self.paraphrases)

    @property
    def languages(self) -> tuple[str, ...]:
        return ("en", *sorted(self.translations))


def _data(name: str) -> Any:
    text = resources.files("hybridwatch.simulate").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


@cache
def families() -> tuple[Family, ...]:
    """The message families of data/message_families.json."""
    return tuple(
        Family(
            id=f["id"],
            topic=f["topic"],
            keywords=tuple(f["keywords"]),
            original=f["original"],
            paraphrases=tuple(f["paraphrases"]),
            translations=dict(f["translations"]),
        )
        for f in _data("message_families.json")["families"]
    )


# --- templates -----------------------------------------------------------------------------
# "[a|b|]" picks one alternative (possibly empty); "{name}" a value of slot `name` (values are
# templates too); "{n:3-40}" an integer, "{d:0.5-9.9}" a number with one decimal; "{time}" HH:MM.


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str


@dataclass(frozen=True, slots=True)
class _Number:
    low: float
    high: float
    decimals: int


@dataclass(frozen=True, slots=True)
class _Alt:
    options: tuple[tuple[_Node, ...], ...]


_Node = str | _Slot | _Number | _Alt
_TOKEN = re.compile(r"\{(\w+)(?::(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?))?\}|[\[\]|]")


def _parse(text: str) -> tuple[_Node, ...]:
    levels: list[list[list[_Node]]] = [[[]]]  # per open bracket: its alternatives so far
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            levels[-1][-1].append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token == "[":
            levels.append([[]])
        elif token == "|" and len(levels) > 1:
            levels[-1].append([])
        elif token == "]" and len(levels) > 1:
            options = levels.pop()
            levels[-1][-1].append(_Alt(tuple(tuple(o) for o in options)))
        elif token in "[]|":
            raise ValueError(f"unbalanced '{token}' in template {text!r}")
        else:
            name, low, high = match.groups()
            if low is None:
                levels[-1][-1].append(_Slot(name))
            else:
                levels[-1][-1].append(_Number(float(low), float(high), 1 if name == "d" else 0))
    if pos < len(text):
        levels[-1][-1].append(text[pos:])
    if len(levels) != 1:
        raise ValueError(f"unclosed '[' in template {text!r}")
    return tuple(levels[0][0])


class _Grammar:
    """Slot values of one language (falling back to `base`, English) and a renderer."""

    def __init__(self, slots: dict[str, list[str]], base: _Grammar | None = None) -> None:
        self.slots: dict[str, tuple[tuple[_Node, ...], ...]] = dict(base.slots) if base else {}
        for name, values in slots.items():
            self.slots[name] = tuple(_parse(v) for v in values)

    def render(
        self, template: tuple[_Node, ...], rng: random.Random, fixed: dict[str, str] | None = None
    ) -> str:
        out: list[str] = []
        self._render(template, rng, out, fixed)
        return "".join(out)

    def _render(
        self,
        nodes: tuple[_Node, ...],
        rng: random.Random,
        out: list[str],
        fixed: dict[str, str] | None,
    ) -> None:
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, _Alt):
                options = node.options
                self._render(options[int(rng.random() * len(options))], rng, out, fixed)
            elif isinstance(node, _Slot):
                name = node.name
                if fixed is not None and name in fixed:
                    out.append(fixed[name])
                elif name == "time":
                    out.append(f"{int(rng.random() * 24):02d}:{int(rng.random() * 12) * 5:02d}")
                else:
                    values = self.slots[name]
                    self._render(values[int(rng.random() * len(values))], rng, out, fixed)
            elif node.decimals:
                out.append(f"{node.low + rng.random() * (node.high - node.low):.1f}")
            else:
                out.append(str(int(node.low + rng.random() * (node.high - node.low + 1))))

    def slot_names(self, nodes: tuple[_Node, ...]) -> Iterator[str]:
        """Every slot a template uses, slot values included (for checking the data)."""
        for node in nodes:
            if isinstance(node, _Alt):
                for option in node.options:
                    yield from self.slot_names(option)
            elif isinstance(node, _Slot):
                yield node.name
                for value in self.slots.get(node.name, ()):
                    yield from self.slot_names(value)


@dataclass
class _Language:
    code: str
    weight: float
    grammar: _Grammar
    openers: tuple[tuple[_Node, ...], ...]
    closers: tuple[tuple[_Node, ...], ...]
    comments: tuple[tuple[_Node, ...], ...]  # personal asides, appended to half the posts
    bodies: tuple[tuple[_Node, ...], ...]  # every topic's templates


class _Background:
    """Everyday statements, loose family-topic statements and echo lead-ins."""

    def __init__(self) -> None:
        data = _data("background.json")
        english = _Grammar(data["languages"]["en"]["slots"])
        self.languages: dict[str, _Language] = {}
        for code, spec in data["languages"].items():
            grammar = english if code == "en" else _Grammar(spec["slots"], english)
            self.languages[code] = _Language(
                code=code,
                weight=float(spec["weight"]),
                grammar=grammar,
                openers=tuple(_parse(t) for t in spec["openers"]),
                closers=tuple(_parse(t) for t in spec["closers"]),
                comments=tuple(_parse(t) for t in spec.get("comments", ())),
                bodies=tuple(_parse(t) for ts in spec["topics"].values() for t in ts),
            )
        self.english = english
        self.loose = tuple(_parse(t) for t in data["loose"]["templates"])
        self.prefixes: dict[str, tuple[str, ...]] = {
            code: tuple(values) for code, values in data["echo_prefixes"].items()
        }

    def text(self, language: str, rng: random.Random) -> str:
        spec = self.languages[language]
        render = spec.grammar.render
        bodies = spec.bodies
        parts = [render(bodies[int(rng.random() * len(bodies))], rng)]
        if rng.random() < 0.1:  # two unrelated items in one post
            parts.append(render(bodies[int(rng.random() * len(bodies))], rng))
        if spec.comments and rng.random() < COMMENT_SHARE:
            parts.append(render(spec.comments[int(rng.random() * len(spec.comments))], rng))
        if rng.random() < 0.25:
            parts.insert(0, render(spec.openers[int(rng.random() * len(spec.openers))], rng))
        if rng.random() < 0.3:
            parts.append(render(spec.closers[int(rng.random() * len(spec.closers))], rng))
        return " ".join(parts)

    def loose_text(self, family: Family, rng: random.Random) -> str:
        first, second = rng.sample(family.keywords, 2)
        fixed = {"kw": first, "kw2": second, "topic": family.topic}
        template = self.loose[int(rng.random() * len(self.loose))]
        text = self.english.render(template, rng, fixed)
        comments = self.languages["en"].comments
        if rng.random() < COMMENT_SHARE:
            text += " " + self.english.render(comments[int(rng.random() * len(comments))], rng)
        return text


@cache
def _background() -> _Background:
    return _Background()


# --- the corpus ----------------------------------------------------------------------------


@dataclass(slots=True)
class Statement:
    actor: str
    time: int  # unix seconds, UTC; midnight when `day_only`
    text: str
    language: str
    kind: str  # background | loose | leader | follower | decoy
    family: str | None = None
    day_only: bool = False
    index: int = -1  # position in `Corpus.statements` (time order); the id derives from it

    @property
    def id(self) -> str:
        return f"s{self.index:07d}"

    @property
    def datetime_text(self) -> str:
        """ISO 8601 UTC: "2024-05-20T10:15:00Z", or "2024-05-20" when only the day is known."""
        if self.day_only:
            return time.strftime("%Y-%m-%d", time.gmtime(self.time))
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.time))


@dataclass(frozen=True)
class PlantedEcho:
    """One planted echo: `follower` repeated `leader`'s claim `lag_s` seconds later."""

    leader: str
    follower: str
    family: str
    language: str  # the follower's
    leader_language: str
    leader_id: str
    follower_id: str
    lag_s: int  # between the stored times (midnight for a day-only actor)
    lag_days: int | None  # calendar days, in mode "state"


@dataclass(frozen=True)
class Decoy:
    """A family statement alone in time: no other statement of its family within the window."""

    actor: str
    family: str
    language: str
    statement_id: str
    nearest_id: str | None  # the closest other statement of the family
    gap_s: int | None


@dataclass
class Corpus:
    seed: int
    mode: Mode
    window_s: int
    lag_range_s: tuple[int, int]
    start: int  # unix seconds
    span_s: int
    cross_language_share: float
    statements: list[Statement]
    actors: list[str]
    roles: dict[str, str]  # actor → leader | follower | decoy | unrelated
    planted: list[PlantedEcho]
    decoys: list[Decoy]
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (leader, follower)
    seconds: float = 0.0

    def actors_with(self, role: str) -> list[str]:
        return [actor for actor in self.actors if self.roles[actor] == role]


def make_corpus(
    seed: int = 0,
    statements: int = 100_000,
    actors: int = 2_000,
    planted_pairs: int = 200,
    mode: Mode = "accounts",
    *,
    window_s: int | None = None,
    lag_range_s: tuple[int, int] | None = None,
    cross_language_share: float = 0.3,
    echoes_per_pair: int = 1,
    followers_per_leader: int = 4,
    decoy_actors: int | None = None,
    decoy_statements: int = 2,
    loose_share: float = 0.02,
    day_only_share: float = 0.3,
    span_days: float | None = None,
    start: datetime = DEFAULT_START,
) -> Corpus:
    """`statements` statements by `actors` actors, `planted_pairs` of them leader → follower.

    `window_s`: the coordination window the corpus is made for; decoys and echoes of the same
    family in different events are kept more than this apart (default: the longest lag; in
    mode "state" one day more, as times of day spread over the calendar days). `lag_range_s`:
    follower lags (default 60–1800 s; mode "state": 1–3 days, drawn as whole calendar days).
    `decoy_actors` default: max(3, planted_pairs // 20), each posting `decoy_statements`.
    Raises ValueError when the numbers do not fit (too few actors or statements, or more
    events than the time span has room for).
    """
    started = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not 0.0 <= cross_language_share <= 1.0 or not 0.0 <= loose_share < 1.0:
        raise ValueError("cross_language_share and loose_share are shares (0 to 1)")
    rng = random.Random(seed)
    fams = families()
    background = _background()

    if mode == "accounts":
        low, high = lag_range_s or (60, 1800)
        event_span = high
        margin = 3600
        default_span = 30.0
    else:
        low, high = lag_range_s or (DAY_S, 3 * DAY_S)
        if low < DAY_S or low % DAY_S or high % DAY_S:
            raise ValueError("in mode 'state' lags are whole days (multiples of 86400 s, >= 1)")
        event_span = high + DAY_S  # calendar days, each time of day
        margin = DAY_S
        default_span = 365.0
    if not 0 < low <= high:
        raise ValueError(f"bad lag range {low}-{high} s")
    window = int(window_s if window_s is not None else event_span)
    span = int((span_days if span_days is not None else default_span) * DAY_S)
    start_s = int(start.timestamp())
    if mode == "state":
        start_s -= start_s % DAY_S

    # roles
    n_leaders = max(1, math.ceil(planted_pairs / followers_per_leader)) if planted_pairs else 0
    n_decoys = max(3, planted_pairs // 20) if decoy_actors is None else decoy_actors
    if n_leaders + planted_pairs + n_decoys > actors:
        raise ValueError(
            f"{actors} actors are too few for {n_leaders} leaders, {planted_pairs} followers"
            f" and {n_decoys} decoys"
        )
    names = _actor_names(actors, mode, rng)
    shuffled = names[:]
    rng.shuffle(shuffled)
    leaders = shuffled[:n_leaders]
    followers = shuffled[n_leaders : n_leaders + planted_pairs]
    decoys = shuffled[n_leaders + planted_pairs : n_leaders + planted_pairs + n_decoys]
    roles = dict.fromkeys(names, "unrelated")
    roles.update(dict.fromkeys(leaders, "leader"))
    roles.update(dict.fromkeys(followers, "follower"))
    roles.update(dict.fromkeys(decoys, "decoy"))
    unrelated = [a for a in names if roles[a] == "unrelated"]
    pairs = [(leaders[i % n_leaders], follower) for i, follower in enumerate(followers)]
    day_only = (
        {a for a in names if rng.random() < day_only_share} if mode == "state" else set[str]()
    )
    home = _home_languages(names, background, rng)

    # time slots per family: events (echoes and decoys) each get a slot of their own
    n_events = planted_pairs * echoes_per_pair + n_decoys * decoy_statements
    slot = event_span + 3 * window + margin
    per_family = span // slot
    if n_events > per_family * len(fams):
        raise ValueError(
            f"{n_events} echo and decoy events do not fit: {len(fams)} families x {per_family}"
            f" slots of {slot} s in {span} s; lengthen span_days or shorten the window"
        )
    free = [rng.sample(range(per_family), per_family) for _ in fams]
    order = list(range(len(fams)))
    rng.shuffle(order)
    next_family = 0

    def take_slot() -> tuple[Family, int]:
        """A family (round robin over a shuffled order, skipping full ones) and a slot start."""
        nonlocal next_family
        while True:
            f = order[next_family % len(order)]
            next_family += 1
            if free[f]:
                return fams[f], start_s + free[f].pop() * slot

    def stamp(actor: str, t: int) -> tuple[int, bool]:
        if actor in day_only:
            return t - (t - start_s) % DAY_S, True
        return t, False

    out: list[Statement] = []
    echoes: list[tuple[Statement, Statement, str]] = []  # leader, follower, leader's actor
    events: dict[str, list[int]] = {}  # family → first times of its events
    for leader, follower in pairs:
        for _ in range(echoes_per_pair):
            family, slot_start = take_slot()
            t0 = slot_start + window + margin // 2 + int(rng.random() * window)
            english = family.english()
            pick = 0 if rng.random() < 0.6 else 1 + int(rng.random() * len(family.paraphrases))
            lt, l_day = stamp(leader, t0)
            said = Statement(leader, lt, english[pick], "en", "leader", family.id, l_day)
            others = [lang for lang in family.languages if lang != "en"]
            if others and rng.random() < cross_language_share:
                language = others[int(rng.random() * len(others))]
                text = family.translations[language]
            else:
                language = "en"
                rest = [i for i in range(len(english)) if i != pick]
                text = english[rest[int(rng.random() * len(rest))]]
            if rng.random() < ECHO_PREFIX_SHARE:
                prefixes = background.prefixes[language]
                text = f"{prefixes[int(rng.random() * len(prefixes))]} {text}"
            if mode == "accounts":
                t1 = t0 + low + int(rng.random() * (high - low + 1))
            else:
                days = low // DAY_S + int(rng.random() * ((high - low) // DAY_S + 1))
                t1 = t0 - (t0 - start_s) % DAY_S + days * DAY_S + int(rng.random() * DAY_S)
            ft, f_day = stamp(follower, t1)
            echoed = Statement(follower, ft, text, language, "follower", family.id, f_day)
            out += (said, echoed)
            echoes.append((said, echoed, leader))
            events.setdefault(family.id, []).append(min(lt, ft))
    lone: list[Statement] = []
    for actor in decoys:
        for _ in range(decoy_statements):
            family, slot_start = take_slot()
            t = slot_start + window + margin // 2 + int(rng.random() * window)
            variants = [(text, "en") for text in family.english()]
            variants += [(text, lang) for lang, text in family.translations.items()]
            text, language = variants[int(rng.random() * len(variants))]
            when, only_day = stamp(actor, t)
            lone.append(Statement(actor, when, text, language, "decoy", family.id, only_day))
            events.setdefault(family.id, []).append(when)
    out += lone

    # background: loose family-topic statements by unrelated actors, then everyday ones
    n_loose = round(loose_share * max(0, statements - len(out)))
    n_everyday = statements - len(out) - n_loose
    if n_everyday < actors:
        raise ValueError(
            f"{statements} statements are too few: {len(out)} echoes and decoys, {n_loose}"
            f" loose statements and at least one statement for each of {actors} actors"
        )
    posters = unrelated or names
    by_id = {f.id: f for f in fams}
    family_ids = sorted(events) or [f.id for f in fams]
    for _ in range(n_loose):
        actor = posters[int(rng.random() * len(posters))]
        family = by_id[family_ids[int(rng.random() * len(family_ids))]]
        times = events.get(family.id)
        if times and rng.random() < 0.5:  # a near miss: close to an event of its family
            t = times[int(rng.random() * len(times))] - window
            t += int(rng.random() * (event_span + 2 * window))
            t = min(max(t, start_s), start_s + span - 1)
        else:
            t = start_s + int(rng.random() * span)
        when, only_day = stamp(actor, t)
        text = background.loose_text(family, rng)
        out.append(Statement(actor, when, text, "en", "loose", family.id, only_day))
    weights = [rng.lognormvariate(0.0, 1.0) for _ in names]
    cumulative = [0.0] * len(weights)
    total = 0.0
    for i, w in enumerate(weights):
        total += w
        cumulative[i] = total
    speakers = names + [
        names[bisect.bisect_right(cumulative, rng.random() * total)]
        for _ in range(n_everyday - actors)
    ]
    for actor in speakers:
        language = home[actor] if rng.random() < 0.9 else "en"
        when, only_day = stamp(actor, start_s + int(rng.random() * span))
        text = background.text(language, rng)
        out.append(Statement(actor, when, text, language, "background", None, only_day))

    out.sort(key=lambda s: (s.time, s.actor, s.text))
    for index, statement in enumerate(out):
        statement.index = index
    planted = [
        PlantedEcho(
            leader=leader,
            follower=echoed.actor,
            family=str(said.family),
            language=echoed.language,
            leader_language=said.language,
            leader_id=said.id,
            follower_id=echoed.id,
            lag_s=echoed.time - said.time,
            lag_days=(echoed.time // DAY_S - said.time // DAY_S) if mode == "state" else None,
        )
        for said, echoed, leader in echoes
    ]
    family_statements: dict[str, list[Statement]] = {}
    for statement in out:
        if statement.kind in ("leader", "follower", "decoy"):
            family_statements.setdefault(str(statement.family), []).append(statement)
    found = [_decoy(statement, family_statements[str(statement.family)]) for statement in lone]
    return Corpus(
        seed=seed,
        mode=mode,
        window_s=window,
        lag_range_s=(low, high),
        start=start_s,
        span_s=span,
        cross_language_share=cross_language_share,
        statements=out,
        actors=names,
        roles=roles,
        planted=planted,
        decoys=found,
        pairs=pairs,
        seconds=time.perf_counter() - started,
    )


def _decoy(statement: Statement, same_family: Sequence[Statement]) -> Decoy:
    others = [s for s in same_family if s is not statement]
    nearest = min(others, key=lambda s: abs(s.time - statement.time), default=None)
    return Decoy(
        actor=statement.actor,
        family=str(statement.family),
        language=statement.language,
        statement_id=statement.id,
        nearest_id=nearest.id if nearest else None,
        gap_s=abs(nearest.time - statement.time) if nearest else None,
    )


def _home_languages(
    names: list[str], background: _Background, rng: random.Random
) -> dict[str, str]:
    codes = list(background.languages)
    weights = [background.languages[c].weight for c in codes]
    return {name: rng.choices(codes, weights)[0] for name in names}


_HANDLES = (
    "{adj}_{noun}{n:1-99}",
    "{first}{last}{n:1-9999}",
    "{noun}.{city}",
    "the_{adj}_{noun}",
    "{city}_{noun}_{n:1-99}",
    "{first}_{city}",
    "{adj}{pnoun}",
    "{last}.{noun}{n:1-999}",
)
_OUTLETS = (
    "Ministry of Foreign Affairs of {country}",
    "Embassy of {country} in {city}",
    "Consulate of {country} in {city}",
    "[{city}|{country}|{adj}] [Daily|Herald|Today|Observer|Times|Post|Gazette|Courier|Voice"
    "|Review|Monitor|Tribune|Express|Insider|News Agency|Radio|TV|Chronicle|Telegraph|24]",
    "{first} {last}, [spokesperson|ambassador|deputy minister|press secretary|consul]",
    "{country} [Defence Ministry|Interior Ministry|Security Council|Presidential Office]",
)


def _actor_names(count: int, mode: Mode, rng: random.Random) -> list[str]:
    """`count` distinct actor names: account handles, or outlets and officials."""
    grammar = _background().english
    templates = [_parse(t) for t in (_HANDLES if mode == "accounts" else _OUTLETS)]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        for _ in range(20):  # a few tries for a new name, then a number to make it new
            name = grammar.render(templates[int(rng.random() * len(templates))], rng)
            if mode == "accounts":
                name = name.lower().replace(" ", "_").replace("'", "")
            if name not in seen:
                break
        number = 2
        while name in seen:
            name, number = f"{name} ({number})", number + 1
        seen.add(name)
        names.append(name)
    return names


# --- writers -------------------------------------------------------------------------------


def write_csv(corpus: Corpus, path: Path) -> int:
    """hybridwatch's statements-csv: actor,datetime,text,language,id. Returns rows written."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(
            (s.actor, s.datetime_text, s.text, s.language, s.id) for s in corpus.statements
        )
    return len(corpus.statements)


def write_peer_csv(corpus: Corpus, path: Path) -> int:
    """coordination_network_toolkit's CSV (`compute_networks DB preprocess --format csv`):
    the actor is both user_id and username, no reposts, replies or URLs. Returns rows written."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PEER_CSV_HEADER)
        writer.writerows(
            (s.id, s.actor, s.actor, "", "", s.text, s.time, "") for s in corpus.statements
        )
    return len(corpus.statements)


def truth_json(corpus: Corpus) -> dict[str, Any]:
    """What was planted, as plain JSON data."""

    def iso(t: int) -> str:
        return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    kinds = Counter(s.kind for s in corpus.statements)
    return {
        "generator": "hybridwatch.simulate.statements",
        "seed": corpus.seed,
        "mode": corpus.mode,
        "window_s": corpus.window_s,
        "lag_range_s": list(corpus.lag_range_s),
        "start": iso(corpus.start),
        "end": iso(corpus.start + corpus.span_s),
        "statements": len(corpus.statements),
        "actors": len(corpus.actors),
        "cross_language_share": corpus.cross_language_share,
        "kinds": dict(sorted(kinds.items())),
        "roles": {
            "leaders": corpus.actors_with("leader"),
            "followers": corpus.actors_with("follower"),
            "decoys": corpus.actors_with("decoy"),
            "unrelated": len(corpus.actors_with("unrelated")),
        },
        "pairs": [list(pair) for pair in corpus.pairs],
        "planted": [asdict(p) for p in corpus.planted],
        "decoys": [asdict(d) for d in corpus.decoys],
    }


def write_truth(corpus: Corpus, path: Path) -> None:
    path.write_text(json.dumps(truth_json(corpus), ensure_ascii=False, indent=1) + "\n", "utf-8")
