"""Narratives: statements grouped by what they say, grown incrementally.

Statements are taken in time order, in batches. A statement joins the narrative whose centre
(the normalised mean of its members) is nearest, when at least `threshold` close; the rest of
a batch seed new narratives among themselves, greedily (the earliest unplaced statement takes
every unplaced one close enough to it). Narratives already stored keep their ids and members;
a later run only places the statements that arrived since.

A statement that nobody echoes stays a narrative of one. So that the comparison stays linear in
the corpus, only the `max_open` narratives that grew most recently can take new statements; a
statement closest to one dormant for longer starts a narrative of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hybridwatch.narratives.embed import normalised, sorted_distinct
from hybridwatch.narratives.tokens import Tokens

BATCH = 2048
MAX_OPEN = 8192


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
    max_open: int = MAX_OPEN,
) -> Clusters:
    """Place every row with label -1, in row order (time order), into `clusters`."""
    labels = clusters.labels.copy()
    similarity = clusters.similarity.copy()
    count = len(clusters.sizes)
    # grown by doubling: appending a batch's new narratives must not copy all the others
    capacity = max(2 * count, 1024)
    sums = np.zeros((capacity, vectors.shape[1]), np.float32)
    sums[:count] = clusters.sums
    sizes = np.zeros(capacity, np.int64)
    sizes[:count] = clusters.sizes
    last = np.zeros(capacity, np.int64)  # the batch a narrative last grew in
    pending = np.nonzero(labels < 0)[0]
    for batch, start in enumerate(range(0, len(pending), BATCH), start=1):
        rows = pending[start : start + BATCH]
        x = vectors[rows]
        active = np.arange(count)
        if count > max_open:
            active = np.argpartition(-last[:count], max_open)[:max_open]
        placed = np.zeros(len(rows), bool)
        if len(active):
            sims = x @ normalised(sums[active]).T
            best = sims.argmax(axis=1)
            score = sims[np.arange(len(rows)), best]
            placed = score >= threshold
            chosen = active[best[placed]]
            labels[rows[placed]] = chosen
            similarity[rows[placed]] = score[placed]
            np.add.at(sums, chosen, x[placed])
            np.add.at(sizes, chosen, 1)
            last[chosen] = batch
        left = np.nonzero(~placed)[0]
        if len(left):
            new_sums, new_sizes, own, own_sim = _seed(x[left], threshold)
            if count + len(new_sizes) > capacity:
                capacity = max(2 * capacity, count + len(new_sizes))
                sums, sizes, last = (_grown(a, capacity) for a in (sums, sizes, last))
            labels[rows[left]] = own + count
            similarity[rows[left]] = own_sim
            sums[count : count + len(new_sizes)] = new_sums
            sizes[count : count + len(new_sizes)] = new_sizes
            last[count : count + len(new_sizes)] = batch
            count += len(new_sizes)
    return Clusters(labels, sums[:count].copy(), sizes[:count].copy(), similarity)


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    bigger = np.zeros((capacity, *array.shape[1:]), array.dtype)
    bigger[: len(array)] = array
    return bigger


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
        own[i], own_sim[i] = count, sims[i, i]  # a text without words has a zero vector
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
    """Distinctive words of groups of a corpus's texts: frequent in the group, rare in the
    corpus (its texts cut by `Tokens.of`)."""

    def __init__(self, tokens: Tokens) -> None:
        self.total = max(tokens.texts, 1)
        words = tokens.words(_words)
        doc, word, names = words.doc, words.word, words.names
        # words numbered in their sort order: equal scores then rank by the word itself
        order = sorted(range(len(names)), key=names.__getitem__)
        self.names = [names[i] for i in order]
        rank = np.empty(len(names), np.int64)
        rank[order] = np.arange(len(names))
        # each text's distinct words, texts in order
        pairs = sorted_distinct(doc * max(len(names), 1) + rank[word])
        self._doc, self._word = np.divmod(pairs, max(len(names), 1))
        self._starts = np.searchsorted(self._doc, np.arange(tokens.texts + 1))
        self.df = np.bincount(self._word, minlength=len(names))

    def top(self, rows: Sequence[int], n: int = 5) -> list[str]:
        """The `n` most distinctive words of the texts at `rows`."""
        words, counts = np.unique(
            np.concatenate(
                [self._word[self._starts[r] : self._starts[r + 1]] for r in rows]
                or [np.zeros(0, np.int64)]
            ),
            return_counts=True,
        )
        score = counts * np.log(self.total / self.df[words])
        best = np.lexsort((words, -score))[:n]
        return [self.names[i] for i in words[best].tolist()]
