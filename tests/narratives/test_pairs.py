import numpy as np

from hybridwatch.narratives.pairs import within


def unit(*rows: list[float]) -> np.ndarray:
    m = np.asarray(rows, np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_pairs_respect_window_actor_and_threshold() -> None:
    times = np.array([0.0, 50.0, 90.0, 500.0])
    vectors = unit([1, 0], [1, 0.01], [1, 0], [1, 0])
    actors = ["a", "b", "a", "c"]
    found = within(times, vectors, actors, window_s=100.0, threshold=0.9)
    assert sorted((p.a, p.b) for p in found) == [(0, 1), (1, 2)]  # 0-2 same actor; 3 too late
    assert all(p.similarity > 0.99 for p in found)


def test_pairs_across_bins_and_blocks() -> None:
    n = 5000
    times = np.arange(n, dtype=np.float64)
    vectors = unit(*([[1.0, 0.0]] * n))
    actors = [str(i % 2) for i in range(n)]
    found = within(times, vectors, actors, window_s=1.0, threshold=0.9)
    assert len(found) == n - 1  # every neighbour, none twice, none beyond the window


def test_partner_mask_keeps_pairs_touching_it() -> None:
    times = np.array([0.0, 1.0, 2.0])
    vectors = unit([1, 0], [1, 0], [1, 0])
    found = within(times, vectors, ["a", "b", "c"], 10.0, 0.9, partners=np.array([1, 0, 0], bool))
    assert sorted((p.a, p.b) for p in found) == [(0, 1), (0, 2)]
