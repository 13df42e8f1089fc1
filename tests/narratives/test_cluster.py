import numpy as np

from hybridwatch.narratives import cluster
from hybridwatch.narratives.tokens import Tokens


def noisy(center: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    rows = center + 0.05 * rng.standard_normal((n, len(center)))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_groups_are_found_and_grow_incrementally() -> None:
    rng = np.random.default_rng(1)
    centers = np.eye(8)[:3]
    first = np.vstack([noisy(c, 10, rng) for c in centers])
    grown = cluster.grow(first, cluster.empty(len(first), 8), threshold=0.9)
    assert sorted(grown.sizes.tolist()) == [10, 10, 10]
    later = np.vstack([first, noisy(centers[1], 5, rng), noisy(np.eye(8)[5], 4, rng)])
    start = cluster.Clusters(
        np.concatenate([grown.labels, np.full(9, -1)]),
        grown.sums,
        grown.sizes,
        np.concatenate([grown.similarity, np.zeros(9, np.float32)]),
    )
    again = cluster.grow(later, start, threshold=0.9)
    assert np.array_equal(again.labels[:30], grown.labels)  # placed statements keep their group
    assert set(again.labels[30:35].tolist()) == {int(grown.labels[10])}
    assert len(set(again.labels[35:].tolist())) == 1 and again.labels[35] == 3


def test_term_weights_prefer_distinctive_words() -> None:
    texts = [
        "Skripal poisoning staged by British intelligence",
        "British intelligence staged the Skripal affair",
        "British weather turns rainy",
        "British football results",
        "Markets closed higher on Friday",
        "Rain expected over the weekend",
        "Local elections drew a large turnout",
        "British rail fares rise again",
    ]
    top = cluster.TermWeights(Tokens.of(texts)).top([0, 1], n=3)
    assert "skripal" in top and "british" not in top


def test_many_narratives_grow_past_the_open_limit() -> None:
    rng = np.random.default_rng(2)
    centers = np.eye(64)
    rows = np.vstack([noisy(centers[i % 64], 1, rng) for i in range(3000)])
    grown = cluster.grow(rows, cluster.empty(len(rows), 64), threshold=0.9, max_open=16)
    # every row placed, each in a group of its own centre's rows only
    assert (grown.labels >= 0).all()
    for k in np.unique(grown.labels):
        members = np.nonzero(grown.labels == k)[0]
        assert len({int(m) % 64 for m in members}) == 1
    assert grown.sizes.sum() == len(rows)


def test_a_statement_without_words_is_a_narrative_of_its_own() -> None:
    # the lexical vector of a text with no words ("Да.", an emoji) is all zeros
    rows = np.vstack([np.eye(8)[0], np.zeros(8), np.eye(8)[0], np.zeros(8)]).astype(np.float32)
    grown = cluster.grow(rows, cluster.empty(len(rows), 8), threshold=0.5)
    assert grown.labels[0] == grown.labels[2]
    assert len({int(grown.labels[1]), int(grown.labels[3]), int(grown.labels[0])}) == 3
