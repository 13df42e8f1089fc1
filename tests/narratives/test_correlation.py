import numpy as np

from hybridwatch.narratives.analysis import _lagged_correlation


def reference(a: np.ndarray, b: np.ndarray, max_lag: int) -> tuple[float | None, int | None]:
    best: tuple[float | None, int | None] = (None, None)
    for lag in range(0, min(max_lag, len(a) - 3) + 1):
        x, y = a[: len(a) - lag], b[lag:]
        if x.std() == 0 or y.std() == 0:
            continue
        r = round(float(np.corrcoef(x, y)[0, 1]), 3)
        if best[0] is None or r > best[0]:
            best = (r, lag)
    return best


def test_b_following_a_two_days_later_peaks_at_lag_two() -> None:
    a = np.array([0, 3, 0, 0, 5, 0, 1, 0, 0, 4, 0, 0], float)
    b = np.roll(a, 2)
    assert _lagged_correlation(a, b, 7) == (1.0, 2)


def test_matches_pearson_lag_by_lag() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        n = int(rng.integers(3, 30))
        a, b = rng.poisson(1.0, n).astype(float), rng.poisson(1.0, n).astype(float)
        got, want = _lagged_correlation(a, b, 7), reference(a, b, 7)
        assert got[1] == want[1] and (got[0] is None or abs(got[0] - want[0]) < 1e-3)


def test_constant_series_have_no_correlation() -> None:
    assert _lagged_correlation(np.ones(10), np.arange(10.0), 3) == (None, None)
    assert _lagged_correlation(np.ones(2), np.ones(2), 3) == (None, None)
