"""Holding Python's cyclic garbage collector while building many objects.

Parsing a 30 MB file or indexing 100,000 touches creates over a million
dicts, strings and tuples and no reference cycles, so the collector has
nothing to find; yet each of its runs walks the young objects, and a full run
every record of a large network (measured: parsing several times slower, an
index build a third slower). Reference counting still frees everything
meanwhile; held, the collector runs at most once, afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector for the block.

    With `freeze`, what was built (with everything else alive) then goes to
    the collector's permanent generation (`gc.freeze`) instead of being
    scanned: for the records of a big database, which live as long as the
    store. Scanning them is what a collection would otherwise cost, once right
    after building them and again at every full collection, which then holds
    the GIL for a tenth of a second or more with 100,000 touches and freezes
    the app's screen. Frozen objects are still freed as soon as nothing refers
    to them (records form no cycles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
