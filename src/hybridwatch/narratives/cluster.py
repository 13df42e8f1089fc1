"""Narratives: statements grouped by what they say, grown incrementally.

Statements are taken in time order, in batches. A statement joins the narrative whose centre
(the normalised mean of its members) is nearest, when at least `threshold` close; the rest of
a batch seed new narratives among themselves, greedily (the earliest unplaced statement takes
every unplaced one close enough to it). Narratives already stored keep their ids and members;
a later run only places the statements that arrived since.

A statement that nobody echoes stays a narrative of one. So that the comparison stays linear in
the corpus, only the `open_seeds` most recent of those can still attract others.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np

from hybridwatch.narratives.embed import normalised

BATCH = 2048


@dataclass
class Clusters:
    labels: np.ndarray  # narrative index per row; -1 for rows not placed
    sums: np.ndarray  # (k, dim) sum of member vectors
    sizes: np.ndarray  # (k,) int64
    similarity: np.ndarray  # per row: similarity to the centre it joined

    @property
    def centroids(self) -> np.ndarray:
        return normalised(self.sums)


def grow(
    vectors: np.ndarray,
    clusters: Clusters,
    threshold: float,
    open_seeds: int = 8192,
) -> Clusters:
    """Place every row with label -1, in row order (time order), into `clusters`."""
    labels = clusters.labels.copy()
    sizes = clusters.sizes.astype(np.int64).copy()
    sums_all = clusters.sums.copy()
    similarity = clusters.similarity.copy()
    pending = np.nonzero(labels < 0)[0]
    for start in range(0, len(pending), BATCH):
        rows = pending[start : start + BATCH]
        x = vectors[rows]
        seeds = np.nonzero(sizes == 1)[0][-open_seeds:]
        active = np.union1d(np.nonzero(sizes > 1)[0], seeds)
        placed = np.zeros(len(rows), bool)
        if len(active):
            sims = x @ normalised(sums_all[active]).T
            best = sims.argmax(axis=1)
            score = sims[np.arange(len(rows)), best]
            placed = score >= threshold
            chosen = active[best[placed]]
            labels[rows[placed]] = chosen
            similarity[rows[placed]] = score[placed]
            np.add.at(sums_all, chosen, x[placed])
            np.add.at(sizes, chosen, 1)
        left = np.nonzero(~placed)[0]
        if len(left):
            new_sums, new_sizes, own, own_sim = _seed(x[left], threshold)
            first = len(sizes)
            labels[rows[left]] = own + first
            similarity[rows[left]] = own_sim
            sums_all = np.vstack([sums_all, new_sums])
            sizes = np.concatenate([sizes, new_sizes])
    return Clusters(labels, sums_all, sizes, similarity)


def _seed(x: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Greedy grouping of one batch's unplaced rows: (sums, sizes, label per row, similarity)."""
    sims = x @ x.T
    own = np.full(len(x), -1, np.int64)
    own_sim = np.zeros(len(x), np.float32)
    count = 0
    for i in range(len(x)):
        if own[i] >= 0:
            continue
        members = np.nonzero((own < 0) & (sims[i] >= threshold))[0]
        members = members[members >= i]
        own[members] = count
        own_sim[members] = sims[i, members]
        count += 1
    sums = np.zeros((count, x.shape[1]), np.float32)
    np.add.at(sums, own, x)
    return sums, np.bincount(own, minlength=count).astype(np.int64), own, own_sim


def empty(rows: int, dim: int) -> Clusters:
    return Clusters(
        np.full(rows, -1, np.int64),
        np.zeros((0, dim), np.float32),
        np.zeros(0, np.int64),
        np.zeros(rows, np.float32),
    )


# --- labels ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_COMMON = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "been",
        "were",
        "will",
        "would",
        "there",
        "their",
        "which",
        "about",
        "after",
        "before",
        "said",
        "says",
        "also",
        "into",
        "more",
        "than",
        "them",
        "they",
        "what",
        "when",
        "where",
        "while",
        "other",
        "over",
        "such",
        "only",
        "against",
        "because",
        "could",
        "should",
        "being",
        "these",
        "those",
        "very",
        "during",
        "under",
        "between",
        "within",
    ]
)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text.casefold())
    return [w for w in _WORD.findall(folded) if w not in _COMMON]


class TermWeights:
    """Distinctive words of a group of texts: frequent in it, rare in the corpus."""

    def __init__(self, texts: list[str]) -> None:
        self.total = max(len(texts), 1)
        self.df: Counter[str] = Counter()
        for text in texts:
            self.df.update(set(_words(text)))

    def top(self, texts: list[str], n: int = 5) -> list[str]:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(set(_words(text)))
        scored = {
            w: c * np.log(self.total / self.df[w]) for w, c in counts.items() if self.df[w] > 0
        }
        return [w for w, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
