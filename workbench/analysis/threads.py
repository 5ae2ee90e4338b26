"""Matrix products with one thread, so that a table is the same on every engine.

A product summed by several threads rounds differently from one summed by one: a nearest
neighbour or a gate at its edge then flips, and a table computed in-process differs from the
one Dask's workers compute (its nanny starts them with one BLAS and OpenMP thread). The
searches by meaning run under ``one_thread`` on every engine; their tasks are many and small
enough that the second core is better used by the engine's second worker.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from threadpoolctl import threadpool_limits


def one_thread() -> AbstractContextManager:
    """Limit BLAS and OpenMP (faiss) to one thread inside a ``with`` block (import the library
    first: only libraries loaded already are limited)."""
    return threadpool_limits(limits=1)
