"""Matrix products with one thread, so that a table is the same on every engine.

A product summed by several threads rounds differently from one summed by one: a nearest
neighbour or a gate at its edge then flips, and a table computed in-process differs from the
one Dask's workers compute (its nanny starts them with one BLAS and OpenMP thread). The
searches by meaning run under ``one_thread`` on every engine; where the cores are used at
once, it is by several such products side by side (``side_by_side``), never by one product
cut across threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from functools import cache
from typing import TypeVar

from threadpoolctl import ThreadpoolController

T = TypeVar("T")


@cache
def _controller() -> ThreadpoolController:
    """The BLAS and OpenMP libraries of this process, found once (finding them reads the
    process's memory map: a millisecond, too much for every product of a search)."""
    import faiss  # noqa: F401  (loads its BLAS and OpenMP: they are limited too)
    import numpy  # noqa: F401

    return ThreadpoolController()


def one_thread() -> AbstractContextManager:
    """Limit BLAS and OpenMP (faiss) to one thread inside a ``with`` block.

    OpenMP's limit holds for the thread that enters the block: a thread of ``side_by_side``
    enters its own."""
    return _controller().limit(limits=1)


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def side_by_side(work: Callable[[T], None], shares: Sequence[T]) -> None:
    """``work(share)`` for every share, one thread each (BLAS and OpenMP at one thread
    inside every one of them); the calls must write disjoint outputs."""

    def run(share: T) -> None:
        with one_thread():
            work(share)

    if len(shares) <= 1:
        for share in shares:
            run(share)
        return
    with one_thread(), ThreadPoolExecutor(max_workers=len(shares)) as pool:
        for future in [pool.submit(run, share) for share in shares]:
            future.result()


def at_once(*calls: Callable[[], object] | None) -> list:
    """The results of ``calls``, run in threads of their own at once (None: skipped, its
    result None); BLAS and OpenMP at one thread in each. For steps that each leave a core
    idle at times (Python between native calls); the first error is raised."""
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        call = calls[index]
        if call is not None:
            results[index] = call()

    side_by_side(run, [index for index, call in enumerate(calls) if call is not None])
    return results
