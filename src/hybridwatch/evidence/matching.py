"""Name matching for entity resolution: fingerprints, fuzzy pairs, and groups that refuse to
join two things known to be different.

A fingerprint is a name with case, accents and punctuation gone and its words sorted, so word
order and spelling of the punctuation do not matter ("Azerbaijan's Air-Force" and "air force
azerbaijans" agree). No word is dropped: "Ministry of Defence" and "Defence" stay apart.

Fuzzy matching (`fuzzy_pairs`) compares fingerprints with rapidfuzz's `token_sort_ratio` within
blocks of the same first letter, and accepts a pair only when every word of each name has a
close word in the other: "Ministry of Internal Affairs of Ukraine" and "Ministry of External
Affairs of Ukraine" score 95 but "internal" has no partner, so they stay two ministries. Short
words (acronyms: "ELF", "EPLF") and numbers ("Vesti.ru", "Vesti7.ru") must agree exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

FUZZY_THRESHOLD = 93  # token_sort_ratio of the fingerprints
WORD_THRESHOLD = 80  # ratio of a word and its partner: "azerbaijan"/"azerbaijani", not "internal"
WORD_MIN_CHARS = 5  # shorter words are acronyms ("ELF", "EPLF"): only an equal word pairs them
FUZZY_MIN_CHARS = 5  # shorter names are abbreviations and codes: exact fingerprints only

_PUNCTUATION = re.compile(r"[\W_]+")
_NUMBERS = re.compile(r"\d+")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Case, accents and punctuation gone, word order kept: "Excalibur-Army a.s." → "excalibur
    army a s"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def fingerprint(name: str) -> str:
    """The folded name's distinct words, sorted: "The Kremlin's" → "kremlin s the"."""
    return " ".join(sorted(set(fold(name).split())))


def slug(text: str) -> str:
    """The folded name as an id part: "Excalibur Army" → "excalibur-army"."""
    return fold(text).replace(" ", "-") or "unnamed"


def _close(word: str, other: str) -> bool:
    if word == other:
        return True
    if min(len(word), len(other)) < WORD_MIN_CHARS or word[0] != other[0]:
        return False
    same_numbers = _NUMBERS.findall(word) == _NUMBERS.findall(other)
    return same_numbers and fuzz.ratio(word, other) >= WORD_THRESHOLD


def _words_pair(a: str, b: str) -> bool:
    """Every word of each fingerprint has a partner in the other: equal, or both at least
    WORD_MIN_CHARS long with the same first letter, the same numbers ("vesti" is not "vesti7")
    and a ratio of at least WORD_THRESHOLD."""
    left, right = a.split(), b.split()
    return all(any(_close(w, o) for o in right) for w in left) and all(
        any(_close(w, o) for o in left) for w in right
    )


def fuzzy_pairs(names: Sequence[str]) -> list[tuple[int, int, int]]:
    """(i, j, score) for fingerprints that match fuzzily but not exactly, i < j."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        if len(name) >= FUZZY_MIN_CHARS:
            blocks[name[0]].append(i)
    found = []
    for members in blocks.values():
        if len(members) < 2:
            continue
        block = [names[i] for i in members]
        scores = process.cdist(
            block,
            block,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=FUZZY_THRESHOLD,
            dtype=np.uint8,
            workers=-1,
        )
        for a, b in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
            left, right = block[a], block[b]
            if left != right and _words_pair(left, right):
                found.append((members[a], members[b], int(scores[a, b])))
    return found


class Groups:
    """Union-find over member keys that refuses a union joining two different values of one
    authority — two ISO codes, two aircraft addresses, two curated actor ids, two countries
    stated for the members — unless forced (the analyst's merge). `detach` takes a member out
    into a group of its own and leaves the rest of its group together (decisions come after
    the automatic matching, and an analyst's merge is forced, so a detached member's claims are
    not needed any more)."""

    def __init__(self, authorities: dict[str, dict[str, str]]) -> None:
        # Members point at nodes; a detached member gets a fresh node, so the nodes it held
        # together stay joined without it.
        self._node = {key: key for key in authorities}
        self._parent = {key: key for key in authorities}
        self._claims = {key: dict(claims) for key, claims in authorities.items()}

    def _find(self, node: str) -> str:
        root = node
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[node] != root:
            self._parent[node], node = root, self._parent[node]
        return root

    def group(self, member: str) -> str:
        return self._find(self._node[member])

    def union(self, a: str, b: str, *, forced: bool = False) -> bool:
        """Join the groups of `a` and `b`; False (and nothing joined) when they conflict."""
        ra, rb = self.group(a), self.group(b)
        if ra == rb:
            return True
        left, right = self._claims[ra], self._claims[rb]
        if not forced and any(right.get(k, v) != v for k, v in left.items()):
            return False
        if len(left) < len(right):
            ra, rb, left, right = rb, ra, right, left
        self._parent[rb] = ra
        for k, v in right.items():
            left.setdefault(k, v)
        return True

    def detach(self, member: str) -> None:
        fresh = f"\0split:{member}:{len(self._parent)}"
        self._parent[fresh] = fresh
        self._claims[fresh] = {}
        self._node[member] = fresh

    def groups(self, members: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for member in members:
            found[self.group(member)].append(member)
        return found
