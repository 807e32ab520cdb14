"""Pausing Python's cyclic garbage collector while many objects are made that stay alive.

Loading a board, copying one, reading its sketch, drawing its overview and laying out a
brief each make hundreds of thousands of objects of which none can be garbage yet; every
collection those allocations set off would only walk them again.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside the block; after it, collection as it was before.

    Where collection was already off (the window keeps it off and collects on its own
    timer, see ``ui/common/collector.py``), it stays off.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
