import numpy as np

from hybridwatch.narratives.pairs import grouped, within


def unit(*rows: list[float]) -> np.ndarray:
    m = np.asarray(rows, np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_pairs_respect_window_actor_and_threshold() -> None:
    times = np.array([0.0, 50.0, 90.0, 500.0])
    vectors = unit([1, 0], [1, 0.01], [1, 0], [1, 0])
    actors = np.array([0, 1, 0, 2])
    found = within(times, vectors, actors, window_s=100.0, threshold=0.9)
    assert sorted(zip(found.a.tolist(), found.b.tolist(), strict=True)) == [
        (0, 1),
        (1, 2),
    ]  # 0-2: one actor
    assert (found.similarity > 0.99).all()


def test_pairs_across_bins_and_blocks() -> None:
    n = 5000
    times = np.arange(n, dtype=np.float64)
    vectors = unit(*([[1.0, 0.0]] * n))
    actors = np.arange(n) % 2
    found = within(times, vectors, actors, window_s=1.0, threshold=0.9)
    assert len(found) == n - 1  # every neighbour, none twice, none beyond the window


def test_partner_mask_keeps_pairs_touching_it() -> None:
    times = np.array([0.0, 1.0, 2.0])
    vectors = unit([1, 0], [1, 0], [1, 0])
    found = within(times, vectors, np.arange(3), 10.0, 0.9, partners=np.array([1, 0, 0], bool))
    assert sorted(zip(found.a.tolist(), found.b.tolist(), strict=True)) == [(0, 1), (0, 2)]


def test_grouped_orders_by_key_then_similarity() -> None:
    keys = np.array([5, 2, 5, 2, 5])
    sims = np.array([0.1, 0.9, 0.7, 0.3, 0.5], np.float32)
    assert [(k, i.tolist()) for k, i in grouped(keys, sims)] == [(2, [1, 3]), (5, [2, 4, 0])]
