"""Process-level settings for the heavy steps."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused for the duration.

    Readers and the narrative analysis build millions of small lists and tuples that live until
    their batch is stored; every collection walks all of them again (a tenth of a statements
    ingest, measured). Reference counting still frees them; the collector resumes after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def small_pages() -> None:
    """numpy's large arrays on ordinary 4 KiB pages rather than transparent huge pages.

    numpy asks the kernel for huge pages on every allocation of 4 MiB or more. The analysis
    makes many short-lived arrays of that size, and on the 2-core VMs we measure on, the first
    touches of fresh huge pages (2 MiB zeroed at a time, memory compacted to find them) took
    erratic system time: the narratives benchmark's embedding step took 1.41-1.63 s with them
    and 1.16-1.18 s without, 4 runs each (bench/README.md). The setting is the process's: the
    CLI makes it as it starts, and so does the benchmark's worker. A NUMPY_MADVISE_HUGEPAGE set
    in the environment is left as the user set it.
    """
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    from numpy._core import multiarray

    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is not None:  # else another numpy: its default stays
        switch(False)
