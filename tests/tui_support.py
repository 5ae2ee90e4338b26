"""Helpers shared by the interface tests: run async tests, run an app, wait for it to settle."""

from __future__ import annotations

import asyncio
import functools
import threading
from contextlib import asynccontextmanager

HOLD_AT_MOST_S = 30.0  # a held call goes on after this, should a test fail before releasing it


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


async def open_compare(app, pilot, ids=("003", "004"), *, focus=None, lower=0):
    """Open Compare on ``ids`` (``focus``: a sentence asked for), then lower the minimum score
    ``lower`` steps, with no pair in focus after (the tests step from there: Compare itself
    keeps the pair in focus through a realignment); returns the screen once everything is
    loaded."""
    from workbench.tui.screens.compare import CompareScreen

    await settle(app, pilot)
    app.open_compare(list(ids), focus=focus)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    for _ in range(lower):
        await pilot.press("minus")
        await settle(app, pilot)
    if lower and focus is None:
        screen.model.pair_index = None
        screen._restyle()
        await settle(app, pilot)
    return screen


@asynccontextmanager
async def running(app, size: tuple[int, int] = (100, 30)):
    """Run ``app`` headless at ``size`` and let its start-up work settle; yields the pilot."""
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield pilot


def hold(monkeypatch, target, method: str, *names: str) -> threading.Event:
    """Make ``target.method`` wait, in the worker that calls it, until the event returned is
    set (only the calls whose first argument is one of ``names``, when given): the interface as
    it is while that data loads."""
    release = threading.Event()
    original = getattr(target, method)

    def held(*args, **kwargs):
        if not names or (args and args[0] in names):
            release.wait(HOLD_AT_MOST_S)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, method, held)
    return release


def record_notifications(app) -> list[tuple[str, str, str]]:
    """(title, message, severity) of every notification the app shows from now on."""
    shown: list[tuple[str, str, str]] = []
    notify = app.notify

    def recording(message: str, **options) -> None:
        shown.append((options.get("title", ""), message, options.get("severity", "")))
        notify(message, **options)

    app.notify = recording
    return shown


def frame_table_app(frame):
    """An app showing only a FrameTable of ``frame`` (a DataFrame or a LazyFrame)."""
    from textual.app import App

    from workbench.tui.widgets.frame_table import FrameTable

    class TableApp(App):
        def compose(self):
            yield FrameTable(frame)

    return TableApp()


def frame_table_text(app) -> str:
    """What the app's FrameTable shows, line by line."""
    from workbench.tui.widgets.frame_table import FrameTable

    table = app.query_one(FrameTable)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def stored_key(workspace, pair):
    """The key the label store names a pair shown in Compare by."""
    from workbench.store.labels import PairKey, sentence_fingerprint

    norms = {}
    for article, sentence in (
        (pair.ref_id, pair.ref_sentence),
        (pair.other_id, pair.other_sentence),
    ):
        rows = workspace.article_sentences(article)
        norms[article] = rows.filter(rows["sentence_id"] == sentence)["norm"][0]
    return PairKey.of(
        pair.ref_id,
        sentence_fingerprint(norms[pair.ref_id]),
        pair.other_id,
        sentence_fingerprint(norms[pair.other_id]),
    )


def stored(workspace, pair) -> str | None:
    """The label the store holds for a pair shown in Compare."""
    key = stored_key(workspace, pair)
    found = workspace.labels.get(key)
    return found.label if found is not None else None
