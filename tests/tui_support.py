"""Helpers shared by the interface tests: run async tests, wait for the screen to settle."""

from __future__ import annotations

import asyncio
import functools


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
