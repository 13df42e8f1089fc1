"""The narrative tables of `case.toml`: `[narratives]` settings, `[actors.<id>]`, `[frames.<name>]`.

```toml
[narratives]
embedder = "e5-small"          # or "lexical"
[actors.big]                   # add an actor, or replace a bundled one with the same id
name = "Baku Initiative Group"
country = "AZ"
kind = "proxy"
aliases = ["BIG", "Bakı Təşəbbüs Qrupu"]
[frames.colonialism]           # add a frame, or replace a bundled one
patterns = ["colonial", "колониал"]
```
Anything malformed is a one-line `InputError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from hybridwatch.errors import InputError
from hybridwatch.narratives.actors import KINDS, Actor
from hybridwatch.narratives.embed import E5, EMBEDDERS


@dataclass(frozen=True)
class Thresholds:
    """Cosine similarities, per embedder (calibrated in docs/narratives.md)."""

    narrative: float  # a statement joins a narrative this close to its centre
    echo: float  # two statements say the same thing (alignment pairs)
    coordination: float  # near-identical or closely paraphrased


THRESHOLDS = {
    "e5-small": Thresholds(narrative=0.88, echo=0.90, coordination=0.91),
    # lexical: word overlap, so only near-verbatim copies; at 0.40 template posts with other
    # facts aligned by the million (bench/narratives.py --million)
    "lexical": Thresholds(narrative=0.30, echo=0.60, coordination=0.60),
}


@dataclass(frozen=True)
class NarrativeSettings:
    embedder: str = E5
    # overrides of THRESHOLDS[embedder]; None keeps the calibrated value
    narrative_similarity: float | None = None
    echo_similarity: float | None = None
    coordination_similarity: float | None = None
    state_window_days: float = 3.0  # echoes between state actors: within days
    account_window_minutes: float = 60.0  # between accounts: within minutes
    max_lag_days: int = 7  # lagged correlation of daily volumes: lags tried each way
    min_narrative_size: int = 3  # smaller clusters are kept but not listed as narratives
    actors: tuple[Actor, ...] = ()
    frames: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def thresholds(self, embedder: str) -> Thresholds:
        base = THRESHOLDS[embedder]
        return Thresholds(
            narrative=self.narrative_similarity or base.narrative,
            echo=self.echo_similarity or base.echo,
            coordination=self.coordination_similarity or base.coordination,
        )


_NUMBERS = {
    "narrative_similarity": (0.0, 1.0),
    "echo_similarity": (0.0, 1.0),
    "coordination_similarity": (0.0, 1.0),
    "state_window_days": (0.0, 365.0),
    "account_window_minutes": (0.0, 10_080.0),
    "max_lag_days": (0.0, 90.0),
    "min_narrative_size": (1.0, 1_000_000.0),
}


def _strings(path: Path, value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{where} must be a list of strings")
    return tuple(value)


def _actor(path: Path, actor_id: str, table: object) -> Actor:
    where = f"actors.{actor_id}"
    if not isinstance(table, dict) or not isinstance(table.get("name"), str):
        raise InputError(path, f'[{where}] needs at least name = "…"')
    kind = table.get("kind", "unknown")
    if kind not in KINDS:
        raise InputError(path, f"{where}.kind must be one of {', '.join(KINDS)}, not {kind!r}")
    country = table.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 2):
        raise InputError(path, f"{where}.country must be an ISO 3166 alpha-2 code such as AZ")
    return Actor(
        actor_id,
        table["name"],
        country.upper() if country else None,
        kind,
        _strings(path, table.get("aliases", []), f"{where}.aliases"),
        _strings(path, table.get("handles", []), f"{where}.handles"),
    )


def parse_narratives(path: Path, data: dict[str, Any]) -> NarrativeSettings:
    """`[narratives]`, `[actors.*]` and `[frames.*]` of a parsed case.toml, defaults filled in."""
    table = data.get("narratives", {})
    if not isinstance(table, dict):
        raise InputError(path, "[narratives] must be a table")
    known = {f.name for f in fields(NarrativeSettings)} - {"actors", "frames"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(path, f"narratives.{unknown[0]} is not a setting hybridwatch knows")
    values: dict[str, Any] = {}
    embedder = table.get("embedder", E5)
    if embedder not in EMBEDDERS:
        raise InputError(path, f"narratives.embedder must be one of {', '.join(EMBEDDERS)}")
    values["embedder"] = embedder
    for key, (low, high) in _NUMBERS.items():
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(path, f"narratives.{key} must be a number")
        if not low <= value <= high:
            raise InputError(path, f"narratives.{key} must be between {low:g} and {high:g}")
        values[key] = int(value) if key in ("max_lag_days", "min_narrative_size") else value
    actors = data.get("actors", {})
    if not isinstance(actors, dict):
        raise InputError(path, "[actors] must hold tables such as [actors.ru-mfa]")
    frames = data.get("frames", {})
    if not isinstance(frames, dict):
        raise InputError(path, "[frames] must hold tables such as [frames.colonialism]")
    parsed_frames = {}
    for name, frame in frames.items():
        if not isinstance(frame, dict):
            raise InputError(path, f"[frames.{name}] must be a table with patterns = [...]")
        parsed_frames[name] = _strings(path, frame.get("patterns"), f"frames.{name}.patterns")
    return NarrativeSettings(
        **values,
        actors=tuple(_actor(path, key, value) for key, value in actors.items()),
        frames=parsed_frames,
    )
