"""Pause the cyclic garbage collector while a parse builds a large acyclic structure.

Parsing a long body creates hundreds of thousands of frozen blocks, tokens and tuples
that live on. Python's cyclic collector runs every few hundred allocations and, as
they pile up, traverses all of them again and again: on a megabyte of one-word
paragraphs that is over a third of `check`'s time. What a parse builds holds no
reference cycles, so nothing is lost by pausing the collector for its duration;
reference counting still frees everything at once, and the collector resumes after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def allocating() -> Iterator[None]:
    """Pause the cyclic garbage collector in this block (re-entrant; restored after)."""
    if not gc.isenabled():
        yield  # paused already (an outer block, or the caller's choice)
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
