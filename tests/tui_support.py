"""Helpers shared by the interface tests: run async tests, run an app, wait for it to settle."""

from __future__ import annotations

import asyncio
import functools
from contextlib import asynccontextmanager


def sync(test):
    """Run an async test function with asyncio (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


async def settle(app, pilot) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def running(app, size: tuple[int, int] = (100, 30)):
    """Run ``app`` headless at ``size`` and let its start-up work settle; yields the pilot."""
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield pilot
