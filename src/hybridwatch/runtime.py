"""Process-level settings for the heavy steps."""

from __future__ import annotations

import gc
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
