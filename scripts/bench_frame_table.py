"""Measure how long a 300,000-row frame takes to appear in FrameTable, DataTable and
textual-fastdatatable (when installed), headless. Prints one line per widget.

    python scripts/bench_frame_table.py [--rows 300000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time

import polars as pl
from textual.app import App, ComposeResult
from textual.widget import Widget


def make_frame(rows: int) -> pl.DataFrame:
    """A sentences-like frame: ids, numbers and a text column."""
    words = ["reset", "missile", "defense", "Assad", "sanctions", "Kremlin", "Obama", "Putin"]
    return pl.DataFrame(
        {
            "article_id": [f"{i // 30:05d}" for i in range(rows)],
            "sentence_id": [i % 30 for i in range(rows)],
            "start": [i * 80 for i in range(rows)],
            "score": [(i * 7919 % 1000) / 10 for i in range(rows)],
            "text": [" ".join(words[(i + k) % 8] for k in range(12)) for i in range(rows)],
        }
    )


async def measure(name: str, make: callable, frame: pl.DataFrame) -> None:
    class BenchApp(App):
        def compose(self) -> ComposeResult:
            yield Widget(id="placeholder")

    app = BenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        started = time.perf_counter()
        widget = make(frame)
        await app.mount(widget)
        await pilot.pause()
        shown = time.perf_counter() - started
        started = time.perf_counter()
        widget.focus()
        for _ in range(200):
            await pilot.press("down")
        await pilot.press("end")
        await pilot.pause()
        scrolled = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name:22} first screen {shown:7.2f} s   200 keys + end {scrolled:6.2f} s   "
        f"peak RSS so far {rss:6.0f} MB"
    )


def frame_table(frame: pl.DataFrame) -> Widget:
    from workbench.tui.widgets.frame_table import FrameTable

    return FrameTable(frame)


def fast_data_table(frame: pl.DataFrame) -> Widget:
    from textual_fastdatatable import DataTable
    from textual_fastdatatable.backend import PolarsBackend

    return DataTable(backend=PolarsBackend.from_dataframe(frame))


def data_table(frame: pl.DataFrame) -> Widget:
    from textual.widgets import DataTable

    table = DataTable()
    table.add_columns(*frame.columns)
    table.add_rows(frame.iter_rows())
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--widgets", default="frame_table,fast_data_table,data_table")
    args = parser.parse_args()
    frame = make_frame(args.rows)
    makers = {
        "frame_table": frame_table,
        "fast_data_table": fast_data_table,
        "data_table": data_table,
    }
    for name in args.widgets.split(","):
        try:
            asyncio.run(measure(name, makers[name], frame))
        except ImportError as error:
            print(f"{name:22} not available: {error}")


if __name__ == "__main__":
    main()
