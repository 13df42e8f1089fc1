"""Statement pairs that say the same thing within a time window, by different actors.

Rows are cut into consecutive time bins as wide as the window, so a pair within the window
lies in one bin or in two neighbouring ones: each bin is compared with itself and the next,
in blocks, as matrix products. The cost grows with the statements per window, not with the
square of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

BLOCK = 2048


@dataclass(frozen=True)
class Pair:
    a: int  # row of the earlier statement
    b: int  # row of the later one
    similarity: float


def _blocks(lo: int, hi: int) -> Iterator[tuple[int, int]]:
    for start in range(lo, hi, BLOCK):
        yield start, min(start + BLOCK, hi)


def within(
    times: np.ndarray,
    vectors: np.ndarray,
    actors: Sequence[str],
    window_s: float,
    threshold: float,
    rows: np.ndarray | None = None,
    partners: np.ndarray | None = None,
) -> list[Pair]:
    """Pairs (a before b, `times` ascending) of different actors, at most `window_s` apart, with
    cosine similarity ≥ `threshold`.

    `rows` restricts which statements are looked at (default all); `partners`, a boolean mask
    over the rows, keeps only pairs with at least one partner in it.
    """
    order = np.arange(len(times)) if rows is None else np.asarray(rows)
    if not len(order) or window_s <= 0:
        return []
    t = times[order]
    actor_codes = np.unique(np.asarray(actors, dtype=object)[order], return_inverse=True)[1]
    keep = None if partners is None else partners[order]
    bins = np.floor((t - t[0]) / window_s).astype(np.int64)
    edges = np.searchsorted(bins, np.arange(bins[-1] + 2))
    found: list[Pair] = []
    for b in range(len(edges) - 1):
        lo, mid = edges[b], edges[b + 1]
        if lo == mid:
            continue
        hi = edges[b + 2] if b + 2 < len(edges) else mid
        for r0, r1 in _blocks(lo, mid):
            for c0, c1 in _blocks(r0, hi):
                sims = vectors[order[r0:r1]] @ vectors[order[c0:c1]].T
                i, j = np.nonzero(sims >= threshold)
                i, j = i + r0, j + c0
                ok = (j > i) & (t[j] - t[i] <= window_s) & (actor_codes[i] != actor_codes[j])
                if keep is not None:
                    ok &= keep[i] | keep[j]
                for x, y in zip(i[ok], j[ok], strict=True):
                    found.append(Pair(int(order[x]), int(order[y]), float(sims[x - r0, y - c0])))
    return found
