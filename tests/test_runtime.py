import gc

import pytest

from hybridwatch.runtime import gc_paused


def test_collector_paused_and_resumed_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_small_pages_turns_numpy_huge_pages_off_unless_the_user_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from numpy._core.multiarray import _set_madvise_hugepage

    from hybridwatch.runtime import small_pages

    before = _set_madvise_hugepage(True)
    try:
        monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
        small_pages()
        assert _set_madvise_hugepage(True) is False  # it was off
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
        small_pages()
        assert _set_madvise_hugepage(True) is True  # left as the user set it
    finally:
        _set_madvise_hugepage(before)
