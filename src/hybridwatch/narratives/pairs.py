"""Statement pairs that say the same thing within a time window, by different actors.

Rows are cut into consecutive time bins as wide as the window, so a pair within the window
lies in one bin or in two neighbouring ones: each bin is compared with itself and the next,
in blocks, as matrix products. The cost grows with the statements per window, not with the
square of the corpus. Pairs stay columns (rows a, rows b, similarities) from end to end: a
million statements can yield millions of pairs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

BLOCK = 2048


@dataclass(frozen=True)
class Pairs:
    a: np.ndarray  # int64: row of the earlier statement
    b: np.ndarray  # int64: row of the later one
    similarity: np.ndarray  # float32

    def __len__(self) -> int:
        return len(self.a)

    def take(self, keep: np.ndarray) -> Pairs:
        return Pairs(self.a[keep], self.b[keep], self.similarity[keep])

    @staticmethod
    def concat(parts: Sequence[Pairs]) -> Pairs:
        if not parts:
            return Pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
        return Pairs(
            np.concatenate([p.a for p in parts]),
            np.concatenate([p.b for p in parts]),
            np.concatenate([p.similarity for p in parts]),
        )


def _blocks(lo: int, hi: int) -> Iterator[tuple[int, int]]:
    for start in range(lo, hi, BLOCK):
        yield start, min(start + BLOCK, hi)


def within(
    times: np.ndarray,
    vectors: np.ndarray,
    actors: np.ndarray,
    window_s: float,
    threshold: float,
    rows: np.ndarray | None = None,
    partners: np.ndarray | None = None,
) -> Pairs:
    """Pairs (a before b, `times` ascending) of different actors, at most `window_s` apart, with
    cosine similarity ≥ `threshold`.

    `actors`: an integer code per row. `rows` restricts which statements are looked at (default
    all); `partners`, a boolean mask over the rows, keeps only pairs with at least one in it.
    """
    order = np.arange(len(times)) if rows is None else np.asarray(rows)
    if not len(order) or window_s <= 0:
        return Pairs.concat([])
    # rows in order, once: the products then read slices, not copies gathered per block
    v = vectors if rows is None else vectors[order]
    t = times[order]
    codes = actors[order]
    keep = None if partners is None else partners[order]
    bins = np.floor((t - t[0]) / window_s).astype(np.int64)
    edges = np.searchsorted(bins, np.arange(bins[-1] + 2))
    found: list[Pairs] = []
    for b in range(len(edges) - 1):
        lo, mid = edges[b], edges[b + 1]
        if lo == mid:
            continue
        hi = edges[b + 2] if b + 2 < len(edges) else mid
        for r0, r1 in _blocks(lo, mid):
            for c0, c1 in _blocks(r0, hi):
                sims = v[r0:r1] @ v[c0:c1].T
                close = sims >= threshold
                if c0 == r0:
                    np.fill_diagonal(close, False)  # each statement with itself
                if not close.any():  # most bins: no pair at all
                    continue
                i, j = np.nonzero(close)
                score = sims[i, j]
                i, j = i + r0, j + c0
                ok = (j > i) & (t[j] - t[i] <= window_s) & (codes[i] != codes[j])
                if keep is not None:
                    ok &= keep[i] | keep[j]
                if ok.any():
                    found.append(Pairs(order[i[ok]], order[j[ok]], score[ok].astype(np.float32)))
    return Pairs.concat(found)


def grouped(keys: np.ndarray, similarity: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Per distinct key, in ascending order: (key, indices of its pairs, most similar first)."""
    if not len(keys):
        return
    order = np.lexsort((-similarity, keys))
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(order)]
    for start, end in zip(starts, ends, strict=True):
        yield int(sorted_keys[start]), order[start:end]
